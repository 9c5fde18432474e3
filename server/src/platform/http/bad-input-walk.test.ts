import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostMessageBody } from '@tsunagu/contract';
import type { Agent } from '../../../test/agent.ts';
import { queryText, spoiltBody, spoiltParams, spoiltQuery, type Spoilt } from '../../../test/bad-inputs.ts';
import { createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { registerPerson } from '../../../test/person-factories.ts';
import { validValue, type JsonSchema } from '../../../test/schema-arbitraries.ts';
import { createTestApp } from '../../../test/test-app.ts';
import { testEngine } from '../../../test/test-database.ts';

/**
 * The bad-input walk: every route that takes a body or a query gets well-formed requests with
 * one place spoilt, generated from its own schemas. Whatever is sent, the answer is a 4xx whose
 * 400 names the spoilt field, never a 5xx, and no table gains or loses a row except the audit
 * rows that record a refusal. `npm test` runs a few cases per route at a fixed seed (about a
 * minute on PGlite); `npm run test:pg` runs more, and TSUNAGU_FUZZ_RUNS sets the number.
 */

const RUNS = Number(process.env.TSUNAGU_FUZZ_RUNS ?? (testEngine === 'postgres' ? 60 : 12));

/** Routes that validate their JSON body in the handler, because it may come inside a multipart field. */
const bodyCheckedInHandler: Record<string, JsonSchema> = {
  'POST /api/persons/:id/messages': PostMessageBody,
};

interface WalkedRoute {
  name: string;
  method: string;
  url: string;
  params?: JsonSchema;
  body?: JsonSchema;
  query?: JsonSchema;
  multipart: boolean;
}

const routes: WalkedRoute[] = [];
function collect(route: RouteOptions): void {
  const schema = (route.schema ?? {}) as Record<string, JsonSchema | string[] | undefined>;
  for (const method of [route.method].flat()) {
    if (method === 'HEAD') continue;
    const name = `${method} ${route.url}`;
    const body = (schema.body as JsonSchema | undefined) ?? bodyCheckedInHandler[name];
    const query = schema.querystring as JsonSchema | undefined;
    if (!body && !query) continue;
    const consumes = (schema.consumes as string[] | undefined) ?? [];
    const params = schema.params as JsonSchema | undefined;
    routes.push({
      name,
      method,
      url: route.url,
      params,
      body,
      query,
      multipart: consumes.includes('multipart/form-data'),
    });
  }
}

const t = await createTestApp({ onRoute: collect });
const db = t.database.db;
const agents = new Map<string, Agent>();
let knownIds: string[] = [];
let tables: string[] = [];
let requests = 0;

beforeAll(async () => {
  t.clock.set('2026-12-14T10:00:00+09:00');
  const office = await createOrganisation(db);
  const orgAdminUser = await createUser(db, { organisationId: office, role: 'org_admin' });
  const systemAdminUser = await createUser(db, { isSystemAdmin: true });
  const orgAdmin = await signIn(t.app, orgAdminUser, t.clock);
  const person = await registerPerson(orgAdmin);
  agents.set('organisation admin', orgAdmin);
  agents.set('system admin', await signIn(t.app, systemAdminUser, t.clock));
  knownIds = [office, person.id, orgAdminUser.id, systemAdminUser.id];
  tables = (
    await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(
      db,
    )
  ).rows
    .map((r) => r.name)
    .filter((name) => !['audit_events', 'audit_pending'].includes(name));
});
afterAll(async () => t.close());

/** The row count of every table but the audit log's, in one statement. */
async function rowCounts(): Promise<Record<string, number>> {
  const columns = tables.map(
    (name) => sql`(select count(*)::int from ${sql.table(name)}) as ${sql.ref(name)}`,
  );
  const row = (await sql<Record<string, number>>`select ${sql.join(columns)}`.execute(db)).rows[0];
  return row ?? {};
}

async function lastAuditSeq(): Promise<string> {
  const row = await db
    .selectFrom('auditEvents')
    .select(sql<string>`coalesce(max(seq), 0)::text`.as('seq'))
    .executeTakeFirst();
  return row?.seq ?? '0';
}

interface Attempt {
  /** Who sends it (a name, so that a counterexample prints short). */
  agent: string;
  params: Record<string, string>;
  body: unknown;
  query: string;
  spoilt: Spoilt;
  part: 'body' | 'querystring' | 'params';
  asMultipart: boolean;
}

/** Well-formed path parameters: random UUIDs or the IDs of what exists (so a handler could find something). */
function paramsFor(route: WalkedRoute): fc.Arbitrary<Record<string, string>> {
  const properties = Object.entries(route.params?.properties ?? {});
  const model = properties.map(([name, s]) => [
    name,
    s.format === 'uuid' ? fc.oneof(fc.uuid(), fc.constantFrom(...knownIds)) : validValue(s).map(String),
  ]);
  return fc
    .record(Object.fromEntries(model) as Record<string, fc.Arbitrary<string>>, { noNullPrototype: true })
    .map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, encodeURIComponent(v)])));
}

function attempts(route: WalkedRoute): fc.Arbitrary<Attempt> {
  const validBody = route.body ? validValue(route.body) : fc.constant(undefined);
  const validQuery = route.query
    ? validValue(route.query).map((q) => queryText(q as Record<string, unknown>))
    : fc.constant('');
  const parts: fc.Arbitrary<Pick<Attempt, 'params' | 'body' | 'query' | 'spoilt' | 'part'>>[] = [];
  if (route.body) {
    parts.push(
      fc
        .record({ params: paramsFor(route), spoilt: spoiltBody(route.body), query: validQuery })
        .map((a) => ({ ...a, body: a.spoilt.value, part: 'body' as const })),
    );
  }
  if (route.query) {
    parts.push(
      fc
        .record({ params: paramsFor(route), spoilt: spoiltQuery(route.query), body: validBody })
        .map((a) => ({ ...a, query: String(a.spoilt.value), part: 'querystring' as const })),
    );
  }
  if (route.params) {
    const spoilt = spoiltParams(route.params);
    parts.push(
      fc
        .record({ spoilt, body: validBody, query: validQuery })
        .map((a) => ({ ...a, params: a.spoilt.value as Record<string, string>, part: 'params' as const })),
    );
  }
  return fc
    .record({
      agent: fc.constantFrom(...agents.keys()),
      attempt: fc.oneof(...parts),
      asMultipart: fc.boolean(),
    })
    .map(({ agent, attempt, asMultipart }) => ({
      agent,
      ...attempt,
      asMultipart: asMultipart && route.multipart,
    }));
}

async function send(route: WalkedRoute, a: Attempt) {
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => a.params[name] ?? 'x');
  const url = a.query ? `${path}?${a.query}` : path;
  // Every request from its own address: the rate limits (per address) must not answer before validation.
  const agent = agents.get(a.agent)!;
  agent.ip = `198.51.100.${(requests++ % 250) + 1}`;
  const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  if (a.body === undefined) return agent.request(method, url);
  if (!a.asMultipart) return agent.request(method, url, JSON.stringify(a.body));
  const boundary = 'tsunagu-walk';
  const payload = `--${boundary}\r\ncontent-disposition: form-data; name="message"\r\n\r\n${JSON.stringify(a.body)}\r\n--${boundary}--\r\n`;
  return agent.request(method, url, undefined, {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

const japanese = /[ぁ-んァ-ヶ一-龠]/;

function seedOf(name: string): number {
  let h = 0;
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

describe('the bad-input walk over every route with a body or a query', () => {
  it('found the routes, the handler-validated bodies among them', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const name of Object.keys(bodyCheckedInHandler)) expect(routes.map((r) => r.name)).toContain(name);
  });

  it.for(routes.map((r) => [r.name, r] as const))('%s', async ([, route]) => {
    // Nothing may change, so the counts before this route's first request hold before each of them.
    const countsBefore = await rowCounts();
    await fc.assert(
      fc.asyncProperty(attempts(route), async (a) => {
        const auditBefore = await lastAuditSeq();
        const response = await send(route, a);
        const what = `${a.part} ${a.spoilt.kind} at ${a.spoilt.path.join('.')}: ${response.statusCode} ${response.body.slice(0, 300)}`;
        expect(response.statusCode, what).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, what).toBeLessThan(500);
        const answer = response.json<{ code?: unknown; message?: unknown; field?: unknown }>();
        expect(answer.code, what).toEqual(expect.any(String));
        expect(answer.message, what).toMatch(japanese);
        if (a.part === 'params' && response.statusCode === 414) {
          // The router refuses a path parameter over 100 characters before any validation.
          expect(answer.code, what).toBe('URL_TOO_LONG');
        } else if (answer.code === 'MALFORMED_JSON') {
          expect(a.spoilt.kind, what).toMatch(/__proto__|constructor/);
        } else {
          expect(response.statusCode, what).toBe(400);
          expect(answer.field, what).toBe(a.spoilt.path.join('.'));
        }
        expect(await rowCounts(), what).toEqual(countsBefore);
        const audited = await db
          .selectFrom('auditEvents')
          .select(['action', 'outcome'])
          .where('seq', '>', auditBefore)
          .execute();
        expect(
          audited.filter((r) => r.outcome === 'allowed'),
          what,
        ).toEqual([]);
      }),
      { seed: seedOf(route.name), numRuns: RUNS },
    );
  });

  it('left no prototype polluted', () => {
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
