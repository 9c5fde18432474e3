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
import { addToTeam, grantConsent, recordItem, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let lead: Agent;
let leadUser: TestUser;
let personId: string;
let regions: Awaited<ReturnType<typeof createRegionTree>>;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  regions = await createRegionTree(t.database.db);
  const office = await createOrganisation(t.database.db);
  leadUser = await createUser(t.database.db, { organisationId: office });
  lead = await signIn(t.app, leadUser, t.clock);
  personId = (await registerPerson(lead, { responsibleMunicipalityId: regions.municipality })).id;
});
afterEach(async () => t.close());

async function freshnessOf(agent: Agent, id: string): Promise<string> {
  const items = (await agent.get(`/api/persons/${personId}/items`)).json().items as {
    id: string;
    freshness: string;
  }[];
  return items.find((i) => i.id === id)!.freshness;
}

/** Moves the clock in steps shorter than the idle timeout, keeping the session alive (as a working day would). */
async function passDays(days: number) {
  t.clock.advance(days * 86_400_000);
  lead = await signIn(t.app, leadUser, t.clock);
}

describe('information items (情報) and their freshness (鮮度)', () => {
  it('records quality: source, kind, the date it was true, the date written, the recorder', async () => {
    const item = await recordItem(lead, personId, {
      category: 'medication',
      content: '朝食後にリスペリドン1mgを服用。',
      source: 'medical_institution',
      kind: 'objective',
      observedOn: '2026-11-20',
    });
    expect(item).toMatchObject({
      category: 'medication',
      source: 'medical_institution',
      kind: 'objective',
      observedOn: '2026-11-20',
      recordedAt: '2026-11-25T01:00:00.000Z',
      confirmedAt: null,
      freshness: 'fresh',
      reviewDays: 30,
      version: 1,
      abilities: { confirm: true, correct: true },
    });
    expect(item.recordedBy).toMatchObject({ userId: leadUser.id });
    expect((await auditRows(t.database.db, 'item.record')).at(-1)).toMatchObject({
      personId,
      outcome: 'allowed',
    });
  });

  it('moves an item through 新しい → 確認時期 → 古い with the clock, and "still true" resets it', async () => {
    const item = await recordItem(lead, personId, { category: 'medication', observedOn: '2026-11-25' });
    expect(await freshnessOf(lead, item.id)).toBe('fresh');
    await passDays(30);
    expect(await freshnessOf(lead, item.id)).toBe('fresh');
    await passDays(1);
    expect(await freshnessOf(lead, item.id)).toBe('due');
    await passDays(30);
    expect(await freshnessOf(lead, item.id)).toBe('stale');
    expect((await lead.get(`/api/persons/${personId}/items?freshness=stale`)).json().items).toHaveLength(1);

    const confirmed = await lead.post(`/api/items/${item.id}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({
      freshness: 'fresh',
      version: 1,
      confirmedBy: { userId: leadUser.id },
      content: '毎朝、近所の公園を散歩している。',
    });
    expect(confirmed.json().confirmedAt).toBe(t.clock.now().toISOString());
    expect((await auditRows(t.database.db, 'item.confirm')).length).toBe(1);
  });

  it('counts age from the day the information was true, not the day it was typed in', async () => {
    const old = await recordItem(lead, personId, { category: 'medication', observedOn: '2026-09-01' });
    expect(old.freshness).toBe('stale');
  });

  it('takes review intervals from the region when a system admin overrides them', async () => {
    const admin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
    const item = await recordItem(lead, personId, { category: 'housing', observedOn: '2026-10-01' });
    expect(item).toMatchObject({ freshness: 'fresh', reviewDays: 180 });
    const set = await admin.put('/api/freshness-rules', {
      regionId: regions.prefecture,
      category: 'housing',
      reviewDays: 30,
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().rules.find((r: { category: string }) => r.category === 'housing')).toEqual({
      category: 'housing',
      reviewDays: 30,
      isDefault: false,
    });
    expect(await freshnessOf(lead, item.id)).toBe('due');
    await admin.put('/api/freshness-rules', {
      regionId: regions.municipality,
      category: 'housing',
      reviewDays: 365,
    });
    expect(await freshnessOf(lead, item.id)).toBe('fresh');
    expect(
      (await lead.put('/api/freshness-rules', { regionId: null, category: 'housing', reviewDays: 1 }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await admin.put('/api/freshness-rules', { regionId: null, category: 'housing', reviewDays: 0 })
      ).json(),
    ).toMatchObject({ field: 'reviewDays' });
  });

  it('keeps the old version readable with who, when and why after a correction', async () => {
    const item = await recordItem(lead, personId, {
      category: 'daily_living',
      content: '週3回、作業所に通っている。',
    });
    t.clock.advanceMinutes(10);
    const corrected = await lead.post(`/api/items/${item.id}/corrections`, {
      content: '週4回、作業所に通っている。',
      reason: '本人に確認したところ回数が違っていた',
    });
    expect(corrected.statusCode).toBe(201);
    expect(corrected.json()).toMatchObject({
      id: item.id,
      version: 2,
      content: '週4回、作業所に通っている。',
      correctionReason: '本人に確認したところ回数が違っていた',
    });
    const versions = (await lead.get(`/api/items/${item.id}/versions`)).json().versions;
    expect(
      versions.map((v: { version: number; isCurrent: boolean; content: string }) => [
        v.version,
        v.isCurrent,
        v.content,
      ]),
    ).toEqual([
      [1, false, '週3回、作業所に通っている。'],
      [2, true, '週4回、作業所に通っている。'],
    ]);
    expect(versions[0].recordedBy.userId).toBe(leadUser.id);
    expect(versions[1].recordedAt).toBe('2026-11-25T01:10:00.000Z');
    const timeline = (await lead.get(`/api/persons/${personId}/items`)).json().items;
    expect(timeline.map((i: { content: string }) => i.content)).toEqual(['週4回、作業所に通っている。']);
    expect((await lead.post(`/api/items/${item.id}/corrections`, { content: 'x' })).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'reason',
    });
  });

  it('refuses bad input with the field named and saves nothing', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ category: 'gossip' }, 'category'],
      [{ observedOn: '2026-02-30' }, 'observedOn'],
      [{ observedOn: '2027-01-01' }, 'observedOn'],
      [{ content: 'あ'.repeat(4001) }, 'content'],
      [{ content: '' }, 'content'],
      [{ source: 'rumour' }, 'source'],
      [{ category: 'voice', topic: null, kind: 'own_words' }, 'topic'],
      [{ category: 'voice', topic: 'hopes', kind: 'objective' }, 'kind'],
      [{ category: 'medical', kind: 'supporter_understanding' }, 'kind'],
      [{ category: 'medical', topic: 'likes' }, 'topic'],
      [{ extra: 1 }, 'extra'],
    ];
    for (const [patch, field] of bad) {
      const response = await lead.post(`/api/persons/${personId}/items`, {
        category: 'daily_living',
        content: '内容',
        source: 'person',
        kind: 'own_words',
        observedOn: '2026-11-20',
        ...patch,
      });
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().field, JSON.stringify(patch)).toBe(field);
    }
    expect((await lead.get(`/api/persons/${personId}/items`)).json().items).toEqual([]);
    expect((await lead.get(`/api/persons/${personId}/items?before=garbage`)).json()).toMatchObject({
      field: 'before',
    });
  });

  it('pages the timeline newest first and filters by category, source and kind', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advanceMinutes(1);
      await recordItem(lead, personId, {
        category: i % 2 ? 'medical' : 'daily_living',
        content: `記録${i}`,
        source: i % 2 ? 'medical_institution' : 'person',
        kind: i % 2 ? 'objective' : 'own_words',
      });
    }
    const first = (await lead.get(`/api/persons/${personId}/items?limit=2`)).json();
    expect(first.items.map((i: { content: string }) => i.content)).toEqual(['記録4', '記録3']);
    const second = (
      await lead.get(`/api/persons/${personId}/items?limit=2&before=${encodeURIComponent(first.nextBefore)}`)
    ).json();
    expect(second.items.map((i: { content: string }) => i.content)).toEqual(['記録2', '記録1']);
    expect((await lead.get(`/api/persons/${personId}/items?category=medical`)).json().items).toHaveLength(2);
    expect(
      (await lead.get(`/api/persons/${personId}/items?source=person&kind=own_words`)).json().items,
    ).toHaveLength(3);
  });

  it('lets a team member with consent confirm and correct, but not one whose consent does not cover the category', async () => {
    const clinic = await createOrganisation(t.database.db, { name: 'クリニック' });
    await addToTeam(lead, personId, clinic, 'attending_physician');
    await grantConsent(lead, personId, clinic, ['identity', 'daily_living']);
    const nurse = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: clinic, profession: 'nurse' }),
      t.clock,
    );
    const living = await recordItem(lead, personId, { category: 'daily_living' });
    const money = await recordItem(lead, personId, {
      category: 'finances',
      content: '家賃の支払いが遅れがち',
    });
    expect((await nurse.post(`/api/items/${living.id}/confirm`)).statusCode).toBe(200);
    expect((await nurse.post(`/api/items/${money.id}/confirm`)).statusCode).toBe(404);
    const own = await recordItem(nurse, personId, {
      category: 'medical',
      content: '血圧 128/80',
      source: 'medical_institution',
      kind: 'objective',
    });
    expect((await nurse.get(`/api/items/${own.id}/versions`)).statusCode).toBe(200);
  });
});
