import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpAgent, startChildServer, type ChildServer } from '../../../test/child-server.ts';
import { openStream } from '../../../test/sse-client.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { demoEmail, DEMO_PASSWORD } from '../../demo/demo-data.ts';
import { demoTotpSecret } from '../../demo/seed-demo.ts';
import { totpCodeAt } from '../../platform/auth/totp.ts';

/** PostgreSQL only: two server processes on one database stay in sync through LISTEN/NOTIFY. */
let database: TestDatabase;
let a: ChildServer;
let b: ChildServer;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url!,
    TSUNAGU_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'tsunagu-two-')),
  };
  a = await startChildServer({ ...env, TSUNAGU_WORKER_ID: 'process-a' }, ['--demo']);
  b = await startChildServer({ ...env, TSUNAGU_WORKER_ID: 'process-b' });
});
afterAll(async () => {
  await a?.kill('SIGTERM');
  await b?.kill('SIGTERM');
  await database?.close();
});

async function signIn(url: string, local: string): Promise<HttpAgent> {
  const agent = new HttpAgent(url);
  expect(
    (await agent.request('POST', '/api/auth/sign-in', { email: demoEmail(local), password: DEMO_PASSWORD }))
      .status,
  ).toBe(200);
  const r = await agent.request('POST', '/api/auth/totp', {
    code: totpCodeAt(demoTotpSecret(demoEmail(local)), new Date()),
  });
  expect(r.status, r.text).toBe(200);
  return agent;
}

const cookieOf = (agent: HttpAgent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('two server processes on one PostgreSQL database', () => {
  it('delivers a message posted through one process to a client of the other within a second, and replays what a reconnecting client missed', async () => {
    const sender = await signIn(a.url, 'soudan');
    const doctor = await signIn(b.url, 'ishi');
    const persons = (await sender.request('GET', '/api/persons?q=' + encodeURIComponent('佐藤'))).json() as {
      persons: { id: string }[];
    };
    const personId = persons.persons[0]!.id;

    const stream = openStream(`${b.url}/api/stream`, cookieOf(doctor));
    await stream.ready;
    const started = Date.now();
    const posted = await sender.request('POST', `/api/persons/${personId}/messages`, {
      category: 'daily_living',
      priority: 'normal',
      body: '別のプロセスから送ったメッセージ',
    });
    expect(posted.status, posted.text).toBe(201);
    const id = (posted.json() as { id: string }).id;
    const event = await stream.waitFor((e) => e.data.subjectId === id, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    stream.close();

    const missed = (
      await sender.request('POST', `/api/persons/${personId}/messages`, {
        category: 'daily_living',
        priority: 'urgent',
        body: '切断中のメッセージ',
      })
    ).json() as { id: string };
    const resumed = openStream(`${b.url}/api/stream`, cookieOf(doctor), event.id);
    const replayed = await resumed.waitFor((e) => e.data.subjectId === missed.id, 2000);
    expect(replayed.data.kind).toBe('message.created');
    resumed.close();

    const timeline = (await doctor.request('GET', `/api/persons/${personId}/messages`)).json() as {
      messages: { id: string }[];
    };
    expect(timeline.messages.map((m) => m.id)).toEqual(expect.arrayContaining([id, missed.id]));
  });
});
