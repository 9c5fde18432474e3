import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Membership, SessionStage } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';

/** A session as the request pipeline needs it: the session, its user and their memberships. */
export interface LoadedSession {
  idHash: string;
  stage: SessionStage;
  activeOrganisationId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** An on-call shift's session: not ended for idleness until then (the shift's end). */
  idleExemptUntil: Date | null;
  userId: string;
  email: string;
  displayName: string;
  isSystemAdmin: boolean;
  isDemo: boolean;
  mustChangePassword: boolean;
  disabledAt: Date | null;
  memberships: Membership[];
}

/** The cookie carries 256 random bits; the database keeps only their SHA-256. */
export function newSessionId(): { id: string; idHash: string } {
  const id = randomBytes(32).toString('base64url');
  return { id, idHash: hashSessionId(id) };
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export async function insertSession(
  db: Kysely<Tables>,
  s: {
    userId: string;
    stage: SessionStage;
    activeOrganisationId: string | null;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<string> {
  const { id, idHash } = newSessionId();
  await db
    .insertInto('sessions')
    .values({
      idHash,
      userId: s.userId,
      stage: s.stage,
      activeOrganisationId: s.activeOrganisationId,
      createdAt: s.now,
      lastSeenAt: s.now,
      expiresAt: s.expiresAt,
      ip: s.ip,
      userAgent: s.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return id;
}

/** Gives the session a new id (and stage), so an id seen before a sign-in step is worthless after it. */
export async function rotateSession(
  db: Kysely<Tables>,
  oldIdHash: string,
  change: { stage: SessionStage; now: Date },
): Promise<string> {
  const { id, idHash } = newSessionId();
  await db
    .updateTable('sessions')
    .set({ idHash, stage: change.stage, lastSeenAt: change.now })
    .where('idHash', '=', oldIdHash)
    .execute();
  return id;
}

/** The memberships of the user in `userIdColumn`, in one subquery (organisations by their reading). */
function membershipsOf(userIdColumn: string) {
  return sql<Membership[]>`(select coalesce(json_agg(json_build_object(
      'organisationId', m.organisation_id, 'organisationName', o.name,
      'role', m.role, 'profession', m.profession) order by o.kana, o.id), '[]'::json)
    from memberships m join organisations o on o.id = m.organisation_id
    where m.user_id = ${sql.ref(userIdColumn)})`;
}

/** A user and their memberships by e-mail, to act as them outside any request (the demo's replayed days). */
export async function loadUserByEmail(db: Kysely<Tables>, email: string) {
  return db
    .selectFrom('users as u')
    .where('u.email', '=', email)
    .select(['u.id as userId', 'u.displayName', 'u.isSystemAdmin', membershipsOf('u.id').as('memberships')])
    .executeTakeFirstOrThrow();
}

export async function loadSession(db: Kysely<Tables>, idHash: string): Promise<LoadedSession | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .where('s.idHash', '=', idHash)
    .select([
      's.idHash',
      's.stage',
      's.activeOrganisationId',
      's.createdAt',
      's.lastSeenAt',
      's.expiresAt',
      's.idleExemptUntil',
      'u.id as userId',
      'u.email',
      'u.displayName',
      'u.isSystemAdmin',
      'u.isDemo',
      'u.mustChangePassword',
      'u.disabledAt',
      membershipsOf('u.id').as('memberships'),
    ])
    .executeTakeFirst();
  return row ?? null;
}

export async function touchSession(db: Kysely<Tables>, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ lastSeenAt: now }).where('idHash', '=', idHash).execute();
}

export async function setSessionOrganisation(
  db: Kysely<Tables>,
  idHash: string,
  organisationId: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ activeOrganisationId: organisationId })
    .where('idHash', '=', idHash)
    .execute();
}

export async function deleteSession(db: Kysely<Tables>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
}

/** Ends every session of a user, optionally keeping the one making the request. */
export async function deleteUserSessions(
  db: Kysely<Tables>,
  userId: string,
  exceptIdHash?: string,
): Promise<number> {
  let q = db.deleteFrom('sessions').where('userId', '=', userId);
  if (exceptIdHash) q = q.where('idHash', '<>', exceptIdHash);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Which of these sessions still stand at `now` for the organisation a stream was opened under:
 * not signed out, expired, idle past the limit, disabled, or switched to another organisation.
 * One query for every open stream of a process.
 */
export async function standingSessions(
  db: Kysely<Tables>,
  streams: { idHash: string; organisationId: string | null }[],
  now: Date,
  idleMinutes: number,
): Promise<Set<string>> {
  if (streams.length === 0) return new Set();
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['s.idHash', 's.activeOrganisationId'])
    .where(
      's.idHash',
      'in',
      streams.map((x) => x.idHash),
    )
    .where('s.stage', '=', 'complete')
    .where('u.disabledAt', 'is', null)
    .where('s.expiresAt', '>', now)
    .where((eb) =>
      eb.or([
        eb('s.lastSeenAt', '>=', new Date(now.getTime() - idleMinutes * 60_000)),
        eb('s.idleExemptUntil', '>', now),
      ]),
    )
    .execute();
  const organisation = new Map(rows.map((r) => [r.idHash, r.activeOrganisationId]));
  return new Set(
    streams
      .filter((x) => organisation.has(x.idHash) && organisation.get(x.idHash) === x.organisationId)
      .map((x) => x.idHash),
  );
}

/**
 * 夜間当番のサインイン: where the organisation allows it, a session completed during (or up to an
 * hour before) the user's on-call shift is not ended for idleness and lasts until the shift ends,
 * so a coordinator woken at 3:00 is not asked to sign in again before seeing the crisis plan.
 * Returns the shift's end, or null when no shift applies.
 */
export async function coverOnCallShift(
  db: Kysely<Tables>,
  s: { idHash: string; userId: string; organisationId: string | null; now: Date },
): Promise<Date | null> {
  if (!s.organisationId) return null;
  const shift = await db
    .selectFrom('onCallShifts as sh')
    .innerJoin('organisations as o', 'o.id', 'sh.organisationId')
    .select('sh.endsAt')
    .where('sh.organisationId', '=', s.organisationId)
    .where('o.onCallSessionCoversShift', '=', true)
    .where('sh.cancelledAt', 'is', null)
    .where((eb) => eb.or([eb('sh.primaryUserId', '=', s.userId), eb('sh.backupUserId', '=', s.userId)]))
    .where('sh.startsAt', '<=', new Date(s.now.getTime() + 3_600_000))
    .where('sh.endsAt', '>', s.now)
    .orderBy('sh.endsAt', 'desc')
    .executeTakeFirst();
  if (!shift) return null;
  await db
    .updateTable('sessions')
    .set({ idleExemptUntil: shift.endsAt, expiresAt: sql<Date>`greatest(expires_at, ${shift.endsAt})` })
    .where('idHash', '=', s.idHash)
    .execute();
  return shift.endsAt;
}
