import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Consent is decided in SQL by one fragment (`liveGrant`, and the team's `currentMembership`) in
 * person-access.ts. A copy elsewhere would drift from it — a rule changed in one place and not
 * the other is a leak — so this test fails on any SQL outside it that spells either out.
 */
const serverSrc = path.resolve(import.meta.dirname, '../..');

/** Files allowed to spell the conditions out, each with why. */
const exempt = new Map<string, string>([
  ['platform/access/person-access.ts', 'the one place'],
  [
    'features/consent/consent.repository.ts',
    'lists grants about to expire (not a decision to show anything)',
  ],
  ['features/due/due.repository.ts', 'lists grants about to expire (not a decision to show anything)'],
  ['synthetic/generate.ts', 'writes synthetic grants'],
]);

const spelledOut = [
  /withdrawn_at\s+is\s+null/i,
  /obtained_on\s*<=/i,
  /expires_on\s+is\s+null\s+or/i,
  /started_on\s*<=/i,
  /ended_on\s+is\s+null\s+or/i,
  /'endedOn',\s*'is',\s*null/,
  /'expiresOn',\s*'is',\s*null/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the one consent predicate', () => {
  it('is spelled out in person-access.ts only', () => {
    const offenders = sources(serverSrc).flatMap((file) => {
      const rel = path.relative(serverSrc, file).split(path.sep).join('/');
      if (exempt.has(rel)) return [];
      const text = readFileSync(file, 'utf8');
      return spelledOut.filter((re) => re.test(text)).map((re) => `${rel}: ${re.source}`);
    });
    expect(offenders).toEqual([]);
  });

  it('would catch a copy (the patterns match the fragment they guard)', () => {
    const fragment = readFileSync(path.join(serverSrc, 'platform/access/person-access.ts'), 'utf8');
    // The fragment is written with column references, so test the SQL (and query-builder calls) a copy would be.
    const copied = `g.withdrawn_at is null and g.obtained_on <= $1::date and (g.expires_on is null or g.expires_on >= $1::date)
      and tm.started_on <= $1::date and (tm.ended_on is null or tm.ended_on > $1::date)
      .where((eb) => eb.or([eb('endedOn', 'is', null), eb('expiresOn', 'is', null)]))`;
    for (const re of spelledOut) expect(re.test(copied)).toBe(true);
    expect(fragment).toContain('export function liveGrant');
    expect(fragment).toContain('export function currentMembership');
  });
});
