import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../test/escalation-factories.ts';
import { auditRows, createOrganisation, createUser, type TestUser } from '../../../test/factories.ts';
import { configureOrganisation, weekdayHours } from '../../../test/on-call-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { at, buildUrgentNight, type UrgentNight } from '../../../test/urgent-night.ts';

/**
 * What a 申し送り shows each organisation it reaches (issue 17): the team lead, whose consent
 * covers 渚さん and クライシス, reads the night's consultation; the municipality (援護の実施者), which
 * has no consent for her, learns that a call came and who took it — not whom it was about nor what
 * was said. Another organisation cannot open either.
 */
let t: TestApp;
let night: UrgentNight;
let cityUser: TestUser;
let consultationId: string;

const OUTCOME = '話を聴いて落ち着いた。朝に主治医へ連絡。';

beforeAll(async () => {
  t = await createTestApp();
  night = await buildUrgentNight(t);
  const { responsibleMunicipalityId } = await t.database.db
    .selectFrom('persons')
    .select('responsibleMunicipalityId')
    .where('id', '=', night.personId)
    .executeTakeFirstOrThrow();
  const city = await createOrganisation(t.database.db, {
    name: '架空市 障害福祉課',
    kind: 'municipal_disability_welfare_division',
  });
  await configureOrganisation(t.database.db, city, {
    hours: weekdayHours('08:30', '17:15'),
    regionIds: [responsibleMunicipalityId!],
  });
  cityUser = await createUser(t.database.db, { organisationId: city, displayName: '市 ちひろ' });

  t.clock.set(at('2026-12-09T23:05'));
  const recorded = await (
    await night.agent(night.users.onDuty)
  ).post('/api/consultations', {
    receivedAt: at('2026-12-09T23:00:00'),
    channel: 'phone',
    callerRelationship: 'person',
    personId: night.personId,
    asked: '眠れないと本人から電話。',
    done: '話を聴いた。',
    outcome: OUTCOME,
    priority: 'normal',
    followUpNeeded: false,
  });
  expect(recorded.statusCode, recorded.body).toBe(201);
  consultationId = recorded.json().id;
  t.clock.set(at('2026-12-10T09:00'));
  await runDueJobs(t);
});

afterAll(async () => t?.close());

async function handoverOf(user: TestUser) {
  const agent = await night.agent(user);
  const [summary] = (await agent.get('/api/handovers')).json().handovers as { id: string }[];
  expect(summary).toBeDefined();
  const shown = await agent.get(`/api/handovers/${summary!.id}`);
  expect(shown.statusCode, shown.body).toBe(200);
  return shown.json<{ id: string; entries: Record<string, unknown>[] }>();
}

describe('a handover’s entries, as each organisation it reaches may see them', () => {
  it('shows the team lead whom the call was about and what came of it', async () => {
    const handover = await handoverOf(night.users.lead);
    expect(handover.entries).toEqual([
      expect.objectContaining({
        reason: 'team_lead',
        kind: 'consultation',
        consultationId,
        personId: night.personId,
        personName: '渚 あかり',
        personHidden: false,
        consultationOrganisationName: '地域生活支援拠点ともしび',
        consultationOutcome: OUTCOME,
      }),
    ]);
  });

  it('tells the municipality without consent that a call came and who took it, not about whom nor what was said', async () => {
    const handover = await handoverOf(cityUser);
    expect(handover.entries).toEqual([
      expect.objectContaining({
        reason: 'municipality',
        kind: 'consultation',
        personId: null,
        personName: null,
        personHidden: true,
        consultationOrganisationName: '地域生活支援拠点ともしび',
        consultationOutcome: null,
      }),
    ]);
    expect(JSON.stringify(handover)).not.toContain('落ち着いた');
    expect(JSON.stringify(handover)).not.toContain('渚');
    const read = (await auditRows(t.database.db, 'handover.read')).at(-1);
    expect(read).toMatchObject({ targetId: handover.id, details: { persons: [], entries: 1 } });
  });

  it('answers 404 to another organisation, and records the refusal', async () => {
    const theirs = await handoverOf(night.users.lead);
    const refused = await (await night.agent(night.users.outsider)).get(`/api/handovers/${theirs.id}`);
    expect(refused.statusCode).toBe(404);
    expect((await auditRows(t.database.db, 'handover.read')).at(-1)).toMatchObject({
      outcome: 'denied',
      targetId: theirs.id,
    });
    const confirm = await (await night.agent(cityUser)).post(`/api/handovers/${theirs.id}/confirm`, {});
    expect(confirm.statusCode).toBe(404);
  });
});
