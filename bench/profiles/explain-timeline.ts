import pg from 'pg';
import { prepare } from '../prepare.ts';
import { listVisibleItems } from '../../server/src/features/information/information.repository.ts';
import { tokyoDateOf } from '../../server/src/platform/access/person-access.ts';

/**
 * Profile: EXPLAIN (ANALYZE, BUFFERS) of the consent-filtered timeline query on the benchmark's
 * city, exactly as `listVisibleItems` sends it (captured at the driver). Planning and execution
 * times come last. Run: `node bench/profiles/explain-timeline.ts` (after `npm run bench -- --scale city`).
 */
const p = await prepare('postgres', 'city', 1, console.log);
const database = await p.open();
const row = await database.db
  .selectFrom('users as u')
  .innerJoin('memberships as m', 'm.userId', 'u.id')
  .select(['u.id', 'm.organisationId'])
  .where('u.email', '=', p.fixtures.viewerEmail)
  .orderBy('m.organisationId')
  .executeTakeFirstOrThrow();
const now = new Date();
const viewer = { userId: row.id, organisationId: row.organisationId, today: tokyoDateOf(now), now };

let captured: { text: string; values: unknown[] } | null = null;
const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const original = prototype.query;
prototype.query = function (this: unknown, ...args: unknown[]) {
  const [text, values] = args;
  if (!captured && typeof text === 'string' && text.includes('information_items'))
    captured = { text, values: (values as unknown[]) ?? [] };
  return original.apply(this, args);
};
await listVisibleItems(database.db, viewer, p.fixtures.viewerPersonId, {}, 50);
prototype.query = original;
if (!captured) throw new Error('the timeline statement was not captured');
const statement: { text: string; values: unknown[] } = captured;

const client = new pg.Client({ connectionString: p.env.DATABASE_URL });
await client.connect();
let plan = '';
for (let i = 0; i < 3; i++) {
  const r = await client.query<{ 'QUERY PLAN': string }>(
    `explain (analyze, buffers, summary) ${statement.text}`,
    statement.values,
  );
  plan = r.rows.map((x) => x['QUERY PLAN']).join('\n');
}
console.log(plan);
await client.end();
await database.close();
process.exit(0);
