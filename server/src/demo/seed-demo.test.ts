import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { demoEmail, DEMO_PASSWORD } from './demo-data.ts';
import { demoTotpSecret, seedDemo } from './seed-demo.ts';

/** The demo a new user meets on `npm start`: its plans, rota and last days are there, not empty screens. */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemo(t.database, t.deps.config, t.clock.now())).toBe(true);
});
afterAll(async () => {
  await t?.close();
});

// One sign-in per account: the test clock stands still, and TOTP takes a code once.
const agents = new Map<string, ReturnType<typeof signIn>>();
function demoAgent(local: string) {
  if (!agents.has(local)) agents.set(local, signInDemo(local));
  return agents.get(local)!;
}

async function signInDemo(local: string) {
  const email = demoEmail(local);
  const user = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return signIn(
    t.app,
    { id: user.id, email, password: DEMO_PASSWORD, totpSecret: demoTotpSecret(email) },
    t.clock,
  );
}

describe('the demo', () => {
  it('gives 佐藤 みらい a confirmed crisis plan in her words, which the 拠点 coordinator on the team can open', async () => {
    const kyoten = await demoAgent('kyoten');
    const person = await t.database.db
      .selectFrom('persons')
      .select('id')
      .where('name', '=', '佐藤 みらい')
      .executeTakeFirstOrThrow();
    const crisis = await kyoten.get(`/api/persons/${person.id}/crisis-plan`);
    expect(crisis.statusCode, crisis.body).toBe(200);
    expect(crisis.json().current).toMatchObject({
      version: 1,
      status: 'confirmed',
      content: { kind: 'crisis', crisis: { contacts: [{ name: '佐藤 あおい', relation: '姉' }, {}, {}] } },
    });
    const plans = (await (await demoAgent('soudan')).get(`/api/persons/${person.id}/plans`)).json();
    expect(plans.plans.map((p: { kind: string }) => p.kind).sort()).toEqual(['crisis', 'service_use']);
  });

  it('replays her last days through the services: messages, a 緊急 taken at night, a consultation, and the handover at the next opening', async () => {
    const person = await t.database.db
      .selectFrom('persons')
      .select('id')
      .where('name', '=', '佐藤 みらい')
      .executeTakeFirstOrThrow();
    const soudan = await demoAgent('soudan');
    const timeline = (await soudan.get(`/api/persons/${person.id}/messages`)).json();
    expect(
      timeline.messages.map((m: { priority: string; category: string }) => [m.category, m.priority]),
    ).toEqual(
      expect.arrayContaining([
        ['medication', 'normal'],
        ['daily_living', 'normal'],
        ['crisis', 'emergency'],
      ]),
    );

    // The clinic's 要確認 still waits for the others on the team (the lead acknowledged it).
    const houkan = await demoAgent('houkan');
    const awaiting = (await houkan.get('/api/messages/awaiting-me')).json();
    expect(JSON.stringify(awaiting)).toContain('頓服の飲み方を見直しました');
    expect(JSON.stringify((await soudan.get('/api/messages/awaiting-me')).json())).not.toContain(
      '頓服の飲み方を見直しました',
    );

    // The night's case reached the 拠点 and was taken there; the group home sees who took it.
    const gh = await demoAgent('gh');
    const cases = (await gh.get('/api/urgent-cases')).json().cases;
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      priority: 'emergency',
      status: 'acknowledged',
      person: { name: '佐藤 みらい' },
    });

    const kyoten = await demoAgent('kyoten');
    const consultations = (await kyoten.get('/api/consultations')).json().consultations;
    expect(consultations).toHaveLength(1);
    expect(consultations[0]).toMatchObject({
      callerRelationship: 'person',
      person: { name: '佐藤 みらい' },
      followUp: { needed: true, organisationName: '相談支援事業所ひだまり' },
    });

    // The team lead and the city office each have one handover, gathered at their opening and not
    // yet confirmed, with the case and the consultation in it.
    for (const local of ['soudan', 'gyousei']) {
      const agent = await demoAgent(local);
      const handovers = (await agent.get('/api/handovers')).json().handovers;
      expect(handovers, local).toHaveLength(1);
      expect(handovers[0].confirmedAt).toBeNull();
      expect(new Date(handovers[0].openingAt).getTime()).toBeLessThanOrEqual(t.clock.now().getTime());
      const handover = (await agent.get(`/api/handovers/${handovers[0].id}`)).json();
      expect(handover.entries.map((e: { kind: string }) => e.kind)).toEqual(
        expect.arrayContaining(['case_opened', 'case_acknowledged', 'consultation']),
      );
    }
  });

  it('gives the 拠点 the 連絡網 of its area, so an offline phone has the offices’ numbers and the last one to call', async () => {
    const kyoten = await demoAgent('kyoten');
    const response = await kyoten.get('/api/escalation-chain/phone-numbers');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().chains).toEqual([
      {
        regionId: expect.any(String),
        regionName: '架空中央圏域',
        numbers: [
          {
            label: '基幹相談支援センター',
            organisationName: '架空市基幹相談支援センター',
            phone: '099-000-1001',
          },
          { label: '保健所', organisationName: '架空県架空保健所', phone: '099-000-1031' },
          { label: '精神科救急医療情報センター（架空）', organisationName: null, phone: '099-000-9119' },
        ],
      },
    ]);
  });

  it('has a directory to search: group homes near 南部地区 by distance, open now, those without accounts by FAX', async () => {
    const agent = await demoAgent('soudan');
    const regions = (await agent.get('/api/regions')).json().regions as { id: string; name: string }[];
    const south = regions.find((r) => r.name === '南部地区')!;
    const q = encodeURIComponent('グループホーム');
    const near = (
      await agent.get(`/api/directory?q=${q}&openNow=true&nearRegionId=${south.id}&sort=distance`)
    ).json();
    expect(near.entries.map((e: { name: string }) => e.name).slice(0, 3)).toEqual([
      'グループホームあおば',
      'グループホームみなと',
      'グループホームこもれび',
    ]);
    const inSouth = (await agent.get(`/api/directory?q=${q}&regionId=${south.id}`)).json();
    expect(inSouth.entries.map((e: { name: string }) => e.name).sort()).toEqual(
      ['グループホームあおば', 'グループホームはなみずき', 'グループホームみなと'].sort(),
    );
    const aoba = (await agent.get(`/api/directory/entries/${near.entries[0].id}`)).json();
    expect(aoba).toMatchObject({
      isOnTsunagu: false,
      preferredChannel: 'fax',
      isOpen: true,
      offersTrialStay: true,
    });
  });
});
