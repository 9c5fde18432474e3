import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { at, buildUrgentNight, EX_HUSBAND, type UrgentNight } from '../../../test/urgent-night.ts';

/**
 * 一切伝えてはいけない人 (issue 16, item 4): the warning every reader of the person is given (names
 * only where they may see the person's identity), and the check that a consultation's caller is
 * not such a person — flagged before the record is saved, through the one matching rule (本人照合).
 */
let t: TestApp;
let night: UrgentNight;

const NOTE = 'DVのため、所在も支援の状況も一切伝えない（本人の強い希望）。';

beforeAll(async () => {
  t = await createTestApp();
  night = await buildUrgentNight(t);
  t.clock.set(at('2026-12-10T01:30'));
});

afterAll(async () => t?.close());

describe('the warning', () => {
  it('gives a reader of the person the excluded contact by name and relationship, audited', async () => {
    // The 拠点 may read her name and クライシス but not 家族・環境: the warning is still theirs.
    const warning = await (
      await night.agent(night.users.onDuty)
    ).get(`/api/persons/${night.personId}/do-not-tell`);
    expect(warning.statusCode, warning.body).toBe(200);
    expect(warning.json()).toEqual({
      present: true,
      contacts: [{ name: EX_HUSBAND.name, relationship: 'spouse', note: NOTE }],
    });
    expect((await auditRows(t.database.db, 'person.do_not_tell')).at(-1)).toMatchObject({
      personId: night.personId,
      outcome: 'allowed',
    });
    // The person page says the same, though its contacts stay behind 家族・環境 consent.
    const page = (await (await night.agent(night.users.onDuty)).get(`/api/persons/${night.personId}`)).json();
    expect(page.contacts).toBeNull();
    expect(page.doNotTell).toEqual([{ name: EX_HUSBAND.name, relationship: 'spouse', note: NOTE }]);
  });

  it('answers 404 to a reader who may not see the person, and 400 to an id that is none', async () => {
    const kyoten = await night.agent(night.users.onDuty);
    expect((await kyoten.get(`/api/persons/${night.hiddenPersonId}/do-not-tell`)).statusCode).toBe(404);
    expect(
      (await (await night.agent(night.users.outsider)).get(`/api/persons/${night.personId}/do-not-tell`))
        .statusCode,
    ).toBe(404);
    const bad = await kyoten.get('/api/persons/not-a-uuid/do-not-tell');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'id' });
  });
});

describe('the check before saving', () => {
  const check = async (body: Record<string, unknown>) => {
    const answer = await (
      await night.agent(night.users.onDuty)
    ).post(`/api/persons/${night.personId}/exclusion-check`, body);
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json().matches;
  };

  it('matches by name (however spaced or typed), by name and phone, and by the phone alone', async () => {
    const contact = { name: EX_HUSBAND.name, relationship: 'spouse', note: NOTE };
    expect(await check({ name: '渚 たける' })).toEqual([{ match: 'possible', on: ['name'], contact }]);
    expect(await check({ name: '渚たける', phone: '０９０－１１１１－２２２２' })).toEqual([
      { match: 'same', on: ['name', 'phone'], contact },
    ]);
    expect(await check({ phone: '090 1111 2222' })).toEqual([{ match: 'possible', on: ['phone'], contact }]);
    expect(await check({ name: '佐藤 あおい', phone: '090-0000-2222' })).toEqual([]);
  });

  it('refuses a body it cannot read (400 naming the field), and a reader outside the team (404)', async () => {
    const bad = await (
      await night.agent(night.users.onDuty)
    ).post(`/api/persons/${night.personId}/exclusion-check`, { phone: '電話' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('phone');
    const outsider = await (
      await night.agent(night.users.outsider)
    ).post(`/api/persons/${night.personId}/exclusion-check`, { name: EX_HUSBAND.name });
    expect(outsider.statusCode).toBe(404);
  });
});

describe('a consultation whose caller may be the excluded contact', () => {
  const consultation = (extra: Record<string, unknown>) => ({
    channel: 'phone',
    callerRelationship: 'family',
    personId: night.personId,
    asked: '妻と話したい、居場所を教えてほしいと電話があった。',
    done: '何もお伝えできないと答えた。',
    outcome: '通話を終えた。',
    priority: 'normal',
    followUpNeeded: false,
    ...extra,
  });

  it('is refused until the one recording confirms they saw the warning, then saved with the flag', async () => {
    const kyoten = await night.agent(night.users.onDuty);
    const before = await t.database.db.selectFrom('emergencyConsultations').select('id').execute();
    const refused = await kyoten.post('/api/consultations', consultation({ callerName: '渚 たける' }));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'EXCLUDED_CONTACT_MATCH', field: 'callerName' });
    expect(refused.json().message).toContain('一切伝えてはいけない人');
    const byPhone = await kyoten.post('/api/consultations', consultation({ callerPhone: '090-1111-2222' }));
    expect(byPhone.statusCode).toBe(409);
    expect(byPhone.json()).toMatchObject({ field: 'callerPhone' });
    expect(await t.database.db.selectFrom('emergencyConsultations').select('id').execute()).toHaveLength(
      before.length,
    );

    const saved = await kyoten.post(
      '/api/consultations',
      consultation({ callerName: '渚 たける', excludedContactConfirmed: true }),
    );
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ callerName: '渚 たける', callerMayBeExcluded: true });
    expect((await auditRows(t.database.db, 'consultation.record')).at(-1)?.details).toMatchObject({
      callerMayBeExcluded: true,
    });
  });

  it('saves another caller at once, without the flag', async () => {
    const saved = await (
      await night.agent(night.users.onDuty)
    ).post('/api/consultations', consultation({ callerName: '渚 みのり', callerPhone: '090-3333-4444' }));
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().callerMayBeExcluded).toBe(false);
  });
});
