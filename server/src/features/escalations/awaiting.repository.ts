import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { PlannedStep, UrgentPriority } from '../../db/tables-off-hours.ts';

/**
 * Which cases concern a user (aliased `c`): one of its steps reached them, or they are on duty
 * now at an organisation it was sent to (a step's organisation, or that of a shift a step reached).
 */
export function reachedUser(userId: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from urgent_steps s where s.case_id = c.id and ${userId}::uuid = any(s.recipient_user_ids))`;
}

export function onDutyWhereSent(userId: string, now: Date): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from urgent_steps s join on_call_shifts d on d.cancelled_at is null
      and d.starts_at <= ${now} and d.ends_at > ${now}
      and (d.primary_user_id = ${userId}::uuid or d.backup_user_id = ${userId}::uuid)
      and (d.organisation_id = s.organisation_id
        or d.organisation_id in (select t.organisation_id from on_call_shifts t where t.id = any(s.shift_ids)))
    where s.case_id = c.id)`;
}

/**
 * The cases waiting for a user now: open (or at the end of their chain within the last day), not
 * sent by their organisation, reaching them or sent where they are on duty; with the latest step,
 * so the caller can say when the next one goes. Nothing about the person.
 */
export async function awaitingUser(
  db: Kysely<Tables>,
  o: { userId: string; organisationId: string | null; now: Date; since: Date; exhaustedSince: Date },
) {
  const rows = await sql<{
    id: string;
    priority: UrgentPriority;
    status: 'open' | 'exhausted';
    openedAt: Date;
    regionId: string | null;
    plan: PlannedStep[];
    lastPosition: number | null;
    lastFiredAt: Date | null;
    lastReached: boolean | null;
  }>`select c.id, c.priority, c.status, c.opened_at, c.region_id, c.plan,
      l.position as last_position, l.fired_at as last_fired_at, cardinality(l.recipient_user_ids) > 0 as last_reached
    from urgent_cases c
      left join lateral (select s.position, s.fired_at, s.recipient_user_ids from urgent_steps s
        where s.case_id = c.id order by s.position desc limit 1) l on true
    where c.opened_at >= ${o.since}
      and (c.status = 'open' or (c.status = 'exhausted' and c.updated_at >= ${o.exhaustedSince}))
      and c.opened_by_organisation_id is distinct from ${o.organisationId}::uuid
      and (${reachedUser(o.userId)} or ${onDutyWhereSent(o.userId, o.now)})
    order by c.opened_at desc limit 50`.execute(db);
  return rows.rows;
}
