import { sql, type Kysely } from 'kysely';
import type { OnCallRole } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';

/** The live shifts a user holds at `now` (primary first), with the regions each covers by name. */
export async function shiftsHeldAt(db: Kysely<Tables>, userId: string, now: Date) {
  const rows = await sql<{
    id: string;
    role: OnCallRole;
    organisationName: string;
    startsAt: Date;
    endsAt: Date;
    contactPhone: string | null;
    regionNames: string[];
  }>`select s.id, case when s.primary_user_id = ${userId}::uuid then 'primary' else 'backup' end as role,
      o.name as organisation_name, s.starts_at, s.ends_at, s.contact_phone,
      array(select r.name from on_call_shift_regions sr join regions r on r.id = sr.region_id
        where sr.shift_id = s.id order by r.name) as region_names
    from on_call_shifts s join organisations o on o.id = s.organisation_id
    where s.cancelled_at is null and s.starts_at <= ${now} and s.ends_at > ${now}
      and (s.primary_user_id = ${userId}::uuid or s.backup_user_id = ${userId}::uuid)
    order by (s.primary_user_id = ${userId}::uuid) desc, s.ends_at`.execute(db);
  return rows.rows;
}
