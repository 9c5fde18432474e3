import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { Agent } from '../../test/agent.ts';
import { createOrganisation, createUser, signIn } from '../../test/factories.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import type { App } from './http/typed-app.ts';
import { describeErrorForLog, scrubText } from './log-redaction.ts';

/** A fictional person whose details must never reach a log line. */
const person = {
  name: '記録 秘子',
  kana: 'きろく ひめこ',
  birthDate: '1971-02-03',
  phone: '090-9876-5432',
  usesWelfareServices: true,
  teamRole: 'planning_consultation',
};
const GUEST_TOKEN = 'Zq7-Secret_Token_1234x';
/** Everything of the above that could leak, in the forms the database holds too (kana without spaces). */
const secrets = [
  person.name,
  '記録',
  '秘子',
  person.kana,
  'きろくひめこ',
  person.birthDate,
  person.phone,
  GUEST_TOKEN,
];

let t: TestApp;
let logged: App;
let lines: string[];
let staff: Agent;

beforeEach(async () => {
  t = await createTestApp();
  lines = [];
  // The same app as in production, logging everything (trace) into the test's hands.
  logged = await buildApp(
    { ...t.deps, config: { ...t.deps.config, logLevel: 'trace' } },
    { logger: true, logStream: { write: (line) => void lines.push(line) } },
  );
  await logged.ready();
  const org = await createOrganisation(t.database.db);
  staff = await signIn(logged, await createUser(t.database.db, { organisationId: org }), t.clock);
});
afterEach(async () => {
  await logged.close();
  await t.close();
});

function expectNoSecrets(text: string): void {
  for (const secret of secrets) expect(text, `the log holds ${secret}`).not.toContain(secret);
}

const entries = (): Record<string, unknown>[] =>
  lines.map((line): Record<string, unknown> => JSON.parse(line));

describe('logs carry no personal data', () => {
  it('logs a failed validation, a duplicate and a search by route and status, without the body or the query', async () => {
    const invalid = await staff.post('/api/persons', { ...person, usesWelfareServices: 'はい' });
    expect(invalid.statusCode).toBe(400);
    // A unique index on the name makes the second registration a real duplicate-key error (23505).
    await sql`create unique index log_probe_unique_name on persons (name)`.execute(t.database.db);
    expect((await staff.post('/api/persons', person)).statusCode).toBe(201);
    const duplicate = await staff.post('/api/persons', person);
    expect(duplicate.statusCode).toBe(409);
    expect((await staff.get(`/api/persons?q=${encodeURIComponent(person.name)}`)).statusCode).toBe(200);

    expectNoSecrets(lines.join(''));
    const completed = entries().filter((e) => e.msg === 'request completed');
    expect(completed.map((e) => e.res)).toEqual(
      expect.arrayContaining([{ statusCode: 400 }, { statusCode: 409 }, { statusCode: 201 }]),
    );
    const incoming = entries().filter((e) => e.msg === 'incoming request');
    expect(incoming.map((e) => e.req)).toContainEqual({ method: 'POST', url: '/api/persons' });
    expect(incoming.map((e) => e.req)).toContainEqual({ method: 'GET', url: '/api/persons' });
  });

  it('logs a database failure (500) with its code and constraint, without the row, the statement or its parameters', async () => {
    // A required column the service does not fill: PostgreSQL refuses the row (23502) and its
    // detail lists every value of it; PGlite also attaches the statement's parameters.
    await sql`alter table persons add column log_probe text not null default 'x'`.execute(t.database.db);
    await sql`alter table persons alter column log_probe drop default`.execute(t.database.db);
    const failed = await staff.post('/api/persons', person);
    expect(failed.statusCode).toBe(500);

    expectNoSecrets(lines.join(''));
    const logged500 = entries().find((e) => e.msg === 'unhandled error');
    expect(logged500?.err).toMatchObject({ code: '23502', column: 'log_probe', table: 'persons' });
    expect(logged500?.err).not.toHaveProperty('detail');
    expect(logged500?.err).not.toHaveProperty('params');
    expect(logged500?.err).not.toHaveProperty('query');
    expect(logged500?.reqId).toBe(failed.json<{ requestId: string }>().requestId);
  });

  it('never writes a guest link’s token, however the path is spelled', async () => {
    const guest = new Agent(logged);
    expect((await guest.get(`/api/guest/${GUEST_TOKEN}`)).statusCode).toBe(404);
    expect((await guest.post(`/api/guest/${GUEST_TOKEN}/open`, { pin: '123456' })).statusCode).toBe(404);
    expect((await guest.get(`/api/gu%65st/${GUEST_TOKEN}?from=qr`)).statusCode).toBe(404);
    // The client's page of a short link (/r/<token>) is a path no API route matches.
    await guest.get(`/r/${GUEST_TOKEN}`);

    expectNoSecrets(lines.join(''));
    const requests = entries()
      .filter((e) => e.msg === 'incoming request')
      .map((e) => e.req);
    expect(requests).toEqual(
      expect.arrayContaining([
        { method: 'GET', url: '/api/guest/:token' },
        { method: 'POST', url: '/api/guest/:token/open' },
        { method: 'GET', url: '/r/[redacted]' },
      ]),
    );
  });

  it('logs a background failure of the database without the value it quotes', async () => {
    const error = await sql`select ${person.birthDate.replace('-03', '-30')}::date`
      .execute(t.database.db)
      .then(
        () => null,
        (e: unknown) => e,
      );
    logged.log.error({ err: error }, 'background job failed');
    // Without a message of its own, a line takes the error's: scrubbed as well.
    logged.log.error(error);
    logged.log.warn({ error }, 'will retry');
    const scrubbed = 'date/time field value out of range: "[redacted]"';
    const [entry] = entries().filter((e) => e.msg === 'background job failed');
    expect(entry?.err).toMatchObject({ code: '22008', message: scrubbed });
    expect(entries().at(-2)).toMatchObject({ msg: scrubbed, err: { code: '22008' } });
    expect(entries().at(-1)).toMatchObject({
      msg: 'will retry',
      error: { code: '22008', message: scrubbed },
    });
    expect(lines.join('')).not.toContain('1971-02-30');
  });
});

describe('describeErrorForLog', () => {
  it('keeps type, code and frames and drops detail, parameters and quoted values, in causes too', () => {
    const db = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: '23505',
      constraint: 'users_email_key',
      detail: 'Key (email)=(hanako@example.jp) already exists.',
      params: ['hanako@example.jp', '架空 花子'],
      query: 'insert into users …',
    });
    const described = describeErrorForLog(new Error('could not add staff', { cause: db }));
    expect(described).toMatchObject({ type: 'Error', message: 'could not add staff' });
    expect(described.cause).toMatchObject({
      code: '23505',
      constraint: 'users_email_key',
      message: 'duplicate key value violates unique constraint "[redacted]"',
    });
    expect(JSON.stringify(described)).not.toMatch(/hanako|花子|insert into/);
    expect(described.stack).toMatch(/^Error: could not add staff\n\s+at /);
  });

  it('cuts tokens of guest links and query strings out of free text', () => {
    expect(scrubText(`Reply was already sent "/api/guest/${GUEST_TOKEN}/open" (POST)`)).toBe(
      'Reply was already sent "/api/guest/[redacted]/open" (POST)',
    );
    expect(scrubText(`GET /api/persons?q=${encodeURIComponent(person.name)}&limit=5 done`)).toBe(
      'GET /api/persons?[redacted] done',
    );
    expect(scrubText(`see /r/${GUEST_TOKEN}`)).toBe('see /r/[redacted]');
  });
});
