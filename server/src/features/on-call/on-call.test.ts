import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
  type TestUser,
} from '../../../test/factories.ts';
import { configureOrganisation, weekdayHours } from '../../../test/on-call-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { onCallAt } from './on-call.ts';

let t: TestApp;
let regions: Awaited<ReturnType<typeof createRegionTree>>;
let kyoten: string;
let clinic: string;
let kyotenAdmin: Agent;
let coordinatorA: TestUser;
let coordinatorB: TestUser;
let coordinatorC: TestUser;
let nurse: TestUser;

/** Tokyo wall-clock time → ISO instant. */
const at = (local: string) => new Date(`${local}+09:00`).toISOString();

/** Friday night 17:15 → Saturday 8:30, the 拠点 covering the municipality. */
const friday = () => ({
  organisationId: kyoten,
  startsAt: at('2026-11-27T17:15'),
  endsAt: at('2026-11-28T08:30'),
  primaryUserId: coordinatorA.id,
  backupUserId: coordinatorB.id,
  regionIds: [regions.municipality],
  contactPhone: '090-0000-0001',
});

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00'); // Wednesday
  const db = t.database.db;
  regions = await createRegionTree(db);
  const office = await createOrganisation(db, { kind: 'municipal_disability_welfare_division' });
  await configureOrganisation(db, office, { hours: weekdayHours(), regionIds: [regions.municipality] });
  kyoten = await createOrganisation(db, { kind: 'community_life_support_base', name: '拠点つなぎ' });
  clinic = await createOrganisation(db, { kind: 'clinic', sector: 'medical' });
  await configureOrganisation(db, kyoten, { regionIds: [regions.municipality] });
  await configureOrganisation(db, clinic, { regionIds: [regions.daily] });
  kyotenAdmin = await signIn(
    t.app,
    await createUser(db, { organisationId: kyoten, role: 'org_admin', profession: 'base_coordinator' }),
    t.clock,
  );
  coordinatorA = await createUser(db, {
    organisationId: kyoten,
    profession: 'base_coordinator',
    displayName: '拠木 A',
  });
  coordinatorB = await createUser(db, {
    organisationId: kyoten,
    profession: 'base_coordinator',
    displayName: '拠木 B',
  });
  coordinatorC = await createUser(db, {
    organisationId: kyoten,
    profession: 'base_coordinator',
    displayName: '拠木 C',
  });
  nurse = await createUser(db, { organisationId: clinic, profession: 'nurse' });
});
afterEach(async () => t.close());

describe('当番表 (on-call rota)', () => {
  it('lets the organisation admin create a week of night shifts that others then read', async () => {
    const created = await kyotenAdmin.post('/api/on-call/shifts', {
      ...friday(),
      repeatDays: 3,
      note: '夜間',
    });
    expect(created.statusCode).toBe(201);
    const shifts = created.json().shifts;
    expect(shifts.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      at('2026-11-27T17:15'),
      at('2026-11-28T17:15'),
      at('2026-11-29T17:15'),
    ]);
    expect(shifts[0]).toMatchObject({
      organisationName: '拠点つなぎ',
      primary: { userId: coordinatorA.id, displayName: '拠木 A', isReachable: true },
      backup: { userId: coordinatorB.id, isReachable: true },
      contactPhone: '090-0000-0001',
      abilities: { manage: true, requestSwap: false },
    });
    expect(await auditRows(t.database.db, 'oncall.create_shift')).toHaveLength(3);

    // A clinic nurse in a 日常生活圏域 of the municipality reads who is on call there.
    t.clock.set('2026-11-27T23:00:00+09:00');
    const reader = await signIn(t.app, nurse, t.clock);
    const now = (await reader.get('/api/on-call/now')).json();
    expect(now.regions).toEqual([
      expect.objectContaining({
        regionId: regions.daily,
        coveredVia: regions.municipality,
        current: expect.objectContaining({
          id: shifts[0].id,
          abilities: { manage: false, requestSwap: false },
        }),
        next: expect.objectContaining({ id: shifts[1].id }),
      }),
    ]);
    const list = await reader.get(
      `/api/on-call/shifts?from=${encodeURIComponent(at('2026-11-28T00:00'))}&to=${encodeURIComponent(at('2026-11-29T00:00'))}&regionId=${regions.daily}`,
    );
    expect(list.json().shifts.map((s: { id: string }) => s.id)).toEqual([shifts[0].id, shifts[1].id]);
    const detail = (await reader.get(`/api/on-call/shifts/${shifts[0].id}`)).json();
    expect(detail.history).toEqual([expect.objectContaining({ kind: 'created', changes: {} })]);
  });

  it('refuses a shift that ends before it starts, a backup equal to the primary, staff of another organisation or an overlap, naming the field', async () => {
    const post = (body: object) => kyotenAdmin.post('/api/on-call/shifts', { ...friday(), ...body });
    const expectRefusal = async (body: object, status: number, code: string, field: string) => {
      const r = await post(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json(), JSON.stringify(body)).toMatchObject({ code, field });
      expect(r.json().message).toMatch(/[ぁ-ん]/);
    };
    await expectRefusal({ endsAt: at('2026-11-27T17:00') }, 400, 'END_BEFORE_START', 'endsAt');
    await expectRefusal({ endsAt: at('2026-12-05T17:15') }, 400, 'SHIFT_TOO_LONG', 'endsAt');
    await expectRefusal({ backupUserId: coordinatorA.id }, 400, 'BACKUP_IS_PRIMARY', 'backupUserId');
    await expectRefusal({ primaryUserId: nurse.id }, 400, 'NOT_STAFF_OF_ORGANISATION', 'primaryUserId');
    await expectRefusal({ backupUserId: nurse.id }, 400, 'NOT_STAFF_OF_ORGANISATION', 'backupUserId');
    await expectRefusal(
      { regionIds: [regions.municipality, '00000000-0000-4000-8000-000000000003'] },
      400,
      'UNKNOWN_REGION',
      'regionIds.1',
    );
    await expectRefusal({ regionIds: [] }, 400, 'VALIDATION_FAILED', 'regionIds');
    await expectRefusal({ startsAt: 'Friday evening' }, 400, 'VALIDATION_FAILED', 'startsAt');
    await expectRefusal(
      { endsAt: at('2026-11-28T18:00'), repeatDays: 2 },
      400,
      'OVERLAPPING_SHIFT',
      'repeatDays',
    );
    expect((await post({})).statusCode).toBe(201);
    // The same organisation over a part of the same area at an overlapping time.
    await expectRefusal(
      { startsAt: at('2026-11-28T06:00'), endsAt: at('2026-11-28T12:00'), regionIds: [regions.daily] },
      409,
      'OVERLAPPING_SHIFT',
      'startsAt',
    );
    // Another organisation may overlap: layered coverage (拠点, then 保健所) is the point.
    const hokenjo = await createOrganisation(t.database.db, { kind: 'public_health_center' });
    const hokenjoAdmin = await createUser(t.database.db, { organisationId: hokenjo, role: 'org_admin' });
    const other = await signIn(t.app, hokenjoAdmin, t.clock);
    const layered = await other.post('/api/on-call/shifts', {
      ...friday(),
      organisationId: hokenjo,
      primaryUserId: hokenjoAdmin.id,
      backupUserId: null,
      regionIds: [regions.area],
    });
    expect(layered.statusCode).toBe(201);
    const listed = await kyotenAdmin.get(
      `/api/on-call/shifts?from=${encodeURIComponent(at('2026-11-27T00:00'))}&to=${encodeURIComponent(at('2026-12-01T00:00'))}`,
    );
    expect(listed.json().shifts).toHaveLength(2);
    const backwardsWindow = await kyotenAdmin.get(
      `/api/on-call/shifts?from=${encodeURIComponent(at('2026-11-27T00:00'))}&to=${encodeURIComponent(at('2026-11-26T00:00'))}`,
    );
    expect(backwardsWindow.json()).toMatchObject({ code: 'END_BEFORE_START', field: 'to' });
  });

  it('keeps the rota to its organisation: staff cannot edit it, nor an admin of another (403 audited, 404 audited)', async () => {
    const shift = (await kyotenAdmin.post('/api/on-call/shifts', friday())).json().shifts[0];
    const staff = await signIn(t.app, coordinatorC, t.clock);
    expect((await staff.post('/api/on-call/shifts', friday())).statusCode).toBe(403);
    expect((await staff.patch(`/api/on-call/shifts/${shift.id}`, { note: 'x' })).statusCode).toBe(403);
    const clinicAdmin = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: clinic, role: 'org_admin' }),
      t.clock,
    );
    expect((await clinicAdmin.delete(`/api/on-call/shifts/${shift.id}`)).statusCode).toBe(403);
    expect(
      (
        await clinicAdmin.post('/api/on-call/shifts', {
          ...friday(),
          primaryUserId: nurse.id,
          backupUserId: null,
        })
      ).statusCode,
    ).toBe(403);
    const denials = await auditRows(t.database.db, 'oncall.manage');
    expect(denials.map((d) => [d.outcome, d.targetType, d.targetId])).toEqual([
      ['denied', 'organisation', kyoten],
      ['denied', 'on_call_shift', shift.id],
      ['denied', 'on_call_shift', shift.id],
      ['denied', 'organisation', kyoten],
    ]);
    const unknown = '00000000-0000-4000-8000-000000000004';
    expect((await kyotenAdmin.patch(`/api/on-call/shifts/${unknown}`, { note: 'x' })).statusCode).toBe(404);
    expect((await kyotenAdmin.get(`/api/on-call/shifts/${unknown}`)).statusCode).toBe(404);
    const failed = (await auditRows(t.database.db, 'oncall.manage')).filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.targetId)).toEqual([unknown]);
    // The shift is unchanged.
    expect((await kyotenAdmin.get(`/api/on-call/shifts/${shift.id}`)).json().shift.note).toBeNull();
  });

  it('says with the list of an organisation’s shifts whether the caller may add shifts to it', async () => {
    const window = `from=${encodeURIComponent(at('2026-11-27T00:00'))}&to=${encodeURIComponent(at('2026-11-30T00:00'))}`;
    const abilities = async (agent: Agent, query: string) =>
      (await agent.get(`/api/on-call/shifts?${window}${query}`)).json().abilities;
    expect(await abilities(kyotenAdmin, `&organisationId=${kyoten}`)).toEqual({ create: true });
    expect(await abilities(kyotenAdmin, `&organisationId=${clinic}`)).toEqual({ create: false });
    // Without an organisation there is nothing to add to.
    expect(await abilities(kyotenAdmin, '')).toEqual({ create: false });
    const staff = await signIn(t.app, coordinatorC, t.clock);
    expect(await abilities(staff, `&organisationId=${kyoten}`)).toEqual({ create: false });
  });

  it('swaps on request and acceptance by the colleague, keeping the history, and refuses the wrong people', async () => {
    const shift = (await kyotenAdmin.post('/api/on-call/shifts', friday())).json().shifts[0];
    const a = await signIn(t.app, coordinatorA, t.clock);
    const b = await signIn(t.app, coordinatorB, t.clock);
    const c = await signIn(t.app, coordinatorC, t.clock);
    expect((await a.get(`/api/on-call/shifts/${shift.id}`)).json().shift.abilities.requestSwap).toBe(true);

    const wrongRole = await a.post(`/api/on-call/shifts/${shift.id}/swap-requests`, {
      role: 'backup',
      toUserId: coordinatorC.id,
    });
    expect(wrongRole.json()).toMatchObject({ code: 'NOT_YOUR_ROLE', field: 'role' });
    const toBackup = await a.post(`/api/on-call/shifts/${shift.id}/swap-requests`, {
      role: 'primary',
      toUserId: coordinatorB.id,
    });
    expect(toBackup.json()).toMatchObject({ code: 'BACKUP_IS_PRIMARY', field: 'toUserId' });
    const outsider = await a.post(`/api/on-call/shifts/${shift.id}/swap-requests`, {
      role: 'primary',
      toUserId: nurse.id,
    });
    expect(outsider.json()).toMatchObject({ code: 'NOT_STAFF_OF_ORGANISATION', field: 'toUserId' });
    expect(
      (
        await c.post(`/api/on-call/shifts/${shift.id}/swap-requests`, {
          role: 'primary',
          toUserId: coordinatorC.id,
        })
      ).statusCode,
    ).toBe(403);

    const requested = await a.post(`/api/on-call/shifts/${shift.id}/swap-requests`, {
      role: 'primary',
      toUserId: coordinatorC.id,
      message: '家族の用事のため',
    });
    expect(requested.statusCode).toBe(201);
    const request = requested.json();
    expect(request).toMatchObject({ status: 'pending', abilities: { respond: false, withdraw: true } });
    const again = await a.post(`/api/on-call/shifts/${shift.id}/swap-requests`, {
      role: 'primary',
      toUserId: coordinatorC.id,
    });
    expect(again.json()).toMatchObject({ code: 'SWAP_PENDING', field: 'role' });

    // C is told, and sees it among their requests; B sees the request on the shift but not the message.
    const inbox = (await c.get('/api/on-call/swap-requests')).json().swapRequests;
    expect(inbox).toEqual([
      expect.objectContaining({
        id: request.id,
        message: '家族の用事のため',
        abilities: { respond: true, withdraw: false },
      }),
    ]);
    const told = (await c.get('/api/notifications')).json().notifications[0];
    expect(told).toMatchObject({ kind: 'on_call_swap_request', subjectId: shift.id });
    expect(told.message).toMatch(
      /^拠木 Aさんから、2026年11月27日（金） \d{1,2}:\d{2}からの当番の交代の依頼があります。$/,
    );
    expect((await b.get(`/api/on-call/shifts/${shift.id}`)).json().swapRequests[0].message).toBeNull();
    expect((await b.post(`/api/on-call/swap-requests/${request.id}/accept`)).statusCode).toBe(403);

    const accepted = await c.post(`/api/on-call/swap-requests/${request.id}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    expect((await c.post(`/api/on-call/swap-requests/${request.id}/decline`)).json()).toMatchObject({
      code: 'SWAP_NOT_PENDING',
    });
    const detail = (await c.get(`/api/on-call/shifts/${shift.id}`)).json();
    expect(detail.shift.primary.userId).toBe(coordinatorC.id);
    expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'swapped']);
    expect(detail.history[1].changes.primary).toEqual([
      { userId: coordinatorA.id, displayName: '拠木 A' },
      { userId: coordinatorC.id, displayName: '拠木 C' },
    ]);
    expect(
      (await onCallAt(t.database.db, regions.daily, new Date(at('2026-11-27T20:00'))))?.primary?.userId,
    ).toBe(coordinatorC.id);
    expect((await auditRows(t.database.db, 'oncall.swap_request')).map((r) => r.outcome)).toEqual([
      'denied',
      'allowed',
    ]);
    expect(await auditRows(t.database.db, 'oncall.swap_accept')).toHaveLength(1);
    expect((await auditRows(t.database.db, 'oncall.swap_respond')).map((r) => r.outcome)).toEqual(['denied']);
  });

  it('declines and withdraws, and an admin reassigning a role overtakes a pending request', async () => {
    const shift = (await kyotenAdmin.post('/api/on-call/shifts', friday())).json().shifts[0];
    const b = await signIn(t.app, coordinatorB, t.clock);
    const c = await signIn(t.app, coordinatorC, t.clock);
    const ask = async () =>
      (
        await b.post(`/api/on-call/shifts/${shift.id}/swap-requests`, {
          role: 'backup',
          toUserId: coordinatorC.id,
        })
      ).json();
    const first = await ask();
    expect((await c.post(`/api/on-call/swap-requests/${first.id}/decline`)).json()).toMatchObject({
      status: 'declined',
    });
    const second = await ask();
    expect((await b.post(`/api/on-call/swap-requests/${second.id}/withdraw`)).json()).toMatchObject({
      status: 'withdrawn',
    });
    const third = await ask();
    const reassigned = await kyotenAdmin.patch(`/api/on-call/shifts/${shift.id}`, {
      backupUserId: coordinatorC.id,
    });
    expect(reassigned.statusCode).toBe(200);
    expect(reassigned.json().history.at(-1)).toMatchObject({ kind: 'reassigned' });
    expect(reassigned.json().swapRequests.find((r: { id: string }) => r.id === third.id).status).toBe(
      'cancelled',
    );
    expect((await c.post(`/api/on-call/swap-requests/${third.id}/accept`)).statusCode).toBe(409);
    // After the shift has ended, nothing changes it any more.
    t.clock.set('2026-11-28T09:00:00+09:00');
    const late = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: kyoten, role: 'org_admin' }),
      t.clock,
    );
    expect((await late.patch(`/api/on-call/shifts/${shift.id}`, { note: 'x' })).json()).toMatchObject({
      code: 'SHIFT_ENDED',
    });
  });

  it('lists in the coverage check the window nobody covers, and a cancelled shift opens a gap', async () => {
    const [night] = (await kyotenAdmin.post('/api/on-call/shifts', friday())).json().shifts;
    // Saturday: 8:30 to 20:00 deliberately left uncovered; 20:00 to Monday 8:30 covered.
    await kyotenAdmin.post('/api/on-call/shifts', {
      ...friday(),
      startsAt: at('2026-11-28T20:00'),
      endsAt: at('2026-11-29T20:00'),
    });
    await kyotenAdmin.post('/api/on-call/shifts', {
      ...friday(),
      startsAt: at('2026-11-29T20:00'),
      endsAt: at('2026-11-30T08:30'),
    });
    const window = `from=${encodeURIComponent(at('2026-11-27T08:30'))}&to=${encodeURIComponent(at('2026-11-30T17:15'))}`;
    const coverage = (
      await kyotenAdmin.get(`/api/on-call/coverage?regionId=${regions.municipality}&${window}`)
    ).json();
    expect(coverage.regionIds.sort()).toEqual([regions.municipality, regions.daily].sort());
    // The same window for the municipality and for its 日常生活圏域 (ordered by region id).
    expect(coverage.gaps).toEqual(
      [regions.daily, regions.municipality]
        .sort()
        .map((regionId) => ({ regionId, from: at('2026-11-28T08:30'), to: at('2026-11-28T20:00') })),
    );

    const cancelled = await kyotenAdmin.delete(`/api/on-call/shifts/${night.id}`);
    expect(cancelled.json().shift.cancelledAt).not.toBeNull();
    expect(cancelled.json().history.at(-1).kind).toBe('cancelled');
    const after = (await kyotenAdmin.get(`/api/on-call/coverage?regionId=${regions.daily}&${window}`)).json();
    expect(after.gaps.map((g: { from: string; to: string }) => [g.from, g.to])).toEqual([
      [at('2026-11-27T17:15'), at('2026-11-28T20:00')],
    ]);
    expect((await kyotenAdmin.delete(`/api/on-call/shifts/${night.id}`)).json()).toMatchObject({
      code: 'SHIFT_CANCELLED',
    });
    expect(
      (
        await kyotenAdmin.get(
          `/api/on-call/coverage?from=${encodeURIComponent(at('2026-11-01T00:00'))}&to=${encodeURIComponent(at('2027-01-15T00:00'))}`,
        )
      ).json(),
    ).toMatchObject({ code: 'RANGE_TOO_LONG', field: 'to' });
  });
});
