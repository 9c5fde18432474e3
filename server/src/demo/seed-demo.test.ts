import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { demoEmail, DEMO_PASSWORD } from './demo-data.ts';
import { demoTotpSecret, seedDemo } from './seed-demo.ts';

/** The demo a new user meets on `npm start`: its plans and rota are there, not empty screens. */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemo(t.database.db, t.deps.config.encryptionKey, t.clock.now())).toBe(true);
});
afterAll(async () => {
  await t?.close();
});

async function demoAgent(local: string) {
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
});
