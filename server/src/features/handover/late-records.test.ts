import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../../test/escalation-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { at, buildUrgentNight, type UrgentNight } from '../../../test/urgent-night.ts';

/**
 * Late records still reach the 申し送り (issue 16, item 6), through the real queue on the injected
 * clock: a call at 2:00 written up at 9:30, after the team lead's 9:00 handover was gathered (its
 * job key taken for ever), goes into an addendum delivered at once and notified as such; written
 * up after closing, it waits for the next opening's handover.
 */
let t: TestApp;
let night: UrgentNight;

interface Summary {
  id: string;
  openingAt: string;
  addendumOf: string | null;
  entries: number;
}

/** A normal call about 渚 あかり the 拠点 took at `receivedAt`, recorded now. */
async function recordCall(receivedAt: string, outcome: string) {
  const recorded = await (
    await night.agent(night.users.onDuty)
  ).post('/api/consultations', {
    receivedAt: at(`${receivedAt}:00`),
    channel: 'phone',
    callerRelationship: 'person',
    personId: night.personId,
    asked: '眠れないと本人から電話。',
    done: '話を聴き、朝まで様子を見ることにした。',
    outcome,
    priority: 'normal',
    followUpNeeded: false,
  });
  expect(recorded.statusCode, recorded.body).toBe(201);
  return recorded.json().id as string;
}

const handoversOfLead = async () =>
  (await (await night.agent(night.users.lead)).get('/api/handovers')).json().handovers as Summary[];

const notificationsOfLead = async () =>
  (
    (await (await night.agent(night.users.lead)).get('/api/notifications')).json().notifications as {
      kind: string;
      subjectId: string;
      message: string;
    }[]
  ).filter((n) => n.kind.startsWith('handover'));

beforeAll(async () => {
  t = await createTestApp();
  night = await buildUrgentNight(t);
});

afterAll(async () => t?.close());

describe('a record written up after its opening’s handover was gathered', () => {
  let original: Summary;

  it('is not in the 9:00 handover, which held what was known by then', async () => {
    t.clock.set(at('2026-12-10T01:05'));
    await recordCall('2026-12-10T01:00', '落ち着いた。');
    t.clock.set(at('2026-12-10T09:00'));
    await runDueJobs(t);
    const list = await handoversOfLead();
    expect(list).toMatchObject([{ addendumOf: null, entries: 1 }]);
    original = list[0]!;
    expect(original.openingAt).toBe(new Date(at('2026-12-10T09:00')).toISOString());
    expect((await notificationsOfLead()).map((n) => n.kind)).toEqual(['handover']);
  });

  it('goes into an addendum of it, delivered at once and notified as an addendum', async () => {
    t.clock.set(at('2026-12-10T09:30'));
    const late = await recordCall('2026-12-10T02:00', '朝まで眠れた。');
    await runDueJobs(t);
    const list = await handoversOfLead();
    expect(list).toHaveLength(2);
    const addendum = list.find((h) => h.addendumOf !== null)!;
    expect(addendum).toMatchObject({ addendumOf: original.id, openingAt: original.openingAt, entries: 1 });
    expect(list.find((h) => h.id === original.id)?.entries).toBe(1);
    const lead = await night.agent(night.users.lead);
    const shown = (await lead.get(`/api/handovers/${addendum.id}`)).json();
    expect(shown).toMatchObject({
      addendumOf: original.id,
      entries: [{ kind: 'consultation', consultationId: late, consultationOutcome: '朝まで眠れた。' }],
    });
    const told = await notificationsOfLead();
    expect(told.map((n) => n.kind)).toEqual(['handover_addendum', 'handover']);
    expect(told[0]).toMatchObject({ subjectId: addendum.id });
    expect(told[0]!.message).toContain('申し送りの追加');
  });

  it('makes a second addendum for a second late record, not a job dropped by its key', async () => {
    t.clock.set(at('2026-12-10T10:15'));
    await recordCall('2026-12-10T03:00', '再び電話なし。');
    await runDueJobs(t);
    const addenda = (await handoversOfLead()).filter((h) => h.addendumOf === original.id);
    expect(addenda.map((h) => h.entries)).toEqual([1, 1]);
    expect((await notificationsOfLead()).filter((n) => n.kind === 'handover_addendum')).toHaveLength(2);
  });

  it('written up after closing, waits for the next opening’s handover instead', async () => {
    t.clock.set(at('2026-12-10T18:00'));
    const evening = await recordCall('2026-12-10T04:00', '明け方に一度電話。');
    await runDueJobs(t);
    expect(await handoversOfLead()).toHaveLength(3);
    t.clock.set(at('2026-12-11T09:00'));
    await runDueJobs(t);
    const list = await handoversOfLead();
    const friday = list.find((h) => h.openingAt === new Date(at('2026-12-11T09:00')).toISOString())!;
    expect(friday).toMatchObject({ addendumOf: null });
    const shown = (await (await night.agent(night.users.lead)).get(`/api/handovers/${friday.id}`)).json();
    expect(shown.entries.map((e: { consultationId: string | null }) => e.consultationId)).toContain(evening);
  });
});
