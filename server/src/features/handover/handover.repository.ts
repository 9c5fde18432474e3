import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { HandoverEntryKind, UrgentCaseStatus } from '../../db/tables-off-hours.ts';
import type { MessagePriority } from '@tsunagu/contract';
import { currentMembership } from '../../platform/access/person-access.ts';

/**
 * The organisations each person's off-hours events are handed over to: the organisations
 * leading the person's team, and the municipal office (障害福祉担当課) of their responsible
 * municipality. One query for any number of persons.
 */
export async function handoverRecipients(
  db: Kysely<Tables>,
  personIds: readonly string[],
  today: string,
): Promise<Map<string, { organisationId: string; reason: 'team_lead' | 'municipality' }[]>> {
  const out = new Map<string, { organisationId: string; reason: 'team_lead' | 'municipality' }[]>(
    personIds.map((id) => [id, []]),
  );
  if (personIds.length === 0) return out;
  const rows = await sql<{ personId: string; organisationId: string; reason: 'team_lead' | 'municipality' }>`
    select distinct tm.person_id, tm.organisation_id, 'team_lead' as reason from team_members tm
    where tm.person_id = any(${sql.val([...new Set(personIds)])}::uuid[]) and tm.is_lead and ${currentMembership('tm', today)}
    union
    select distinct p.id, o.id, 'municipality' from persons p
      join organisation_regions r on r.region_id = p.responsible_municipality_id
      join organisations o on o.id = r.organisation_id and o.kind = 'municipal_disability_welfare_division'
    where p.id = any(${sql.val([...new Set(personIds)])}::uuid[])`.execute(db);
  // An organisation that is both lead and municipality is told once, as the lead.
  const sorted = rows.rows.sort((a, b) => (a.reason === b.reason ? 0 : a.reason === 'team_lead' ? -1 : 1));
  for (const r of sorted) {
    const list = out.get(r.personId)!;
    if (!list.some((x) => x.organisationId === r.organisationId))
      list.push({ organisationId: r.organisationId, reason: r.reason });
  }
  return out;
}

/** A waiting handover entry, before it is gathered. */
export interface NewHandoverEntry {
  organisationId: string;
  reason: 'team_lead' | 'municipality';
  kind: HandoverEntryKind;
  occurredAt: Date;
  personId: string | null;
  caseId: string | null;
  stepId: string | null;
  consultationId: string | null;
  dedupeKey: string;
}

/** Inserts waiting entries in one statement; one already noted (same organisation and key) is kept as it was. */
export async function insertEntries(db: Kysely<Tables>, entries: readonly NewHandoverEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('handoverEntries')
    .values([...entries])
    .onConflict((oc) => oc.columns(['organisationId', 'dedupeKey']).doNothing())
    .execute();
}

/** Gathers the organisation's waiting entries (those before the opening) into its handover for that opening. */
export async function gather(
  db: Kysely<Tables>,
  organisationId: string,
  openingAt: Date,
  now: Date,
): Promise<{ handoverId: string; entries: number; created: boolean }> {
  const inserted = await db
    .insertInto('handovers')
    .values({ organisationId, openingAt, createdAt: now })
    .onConflict((oc) =>
      oc.columns(['organisationId', 'openingAt']).where('addendumOf', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  const handoverId =
    inserted?.id ??
    (
      await db
        .selectFrom('handovers')
        .select('id')
        .where('organisationId', '=', organisationId)
        .where('openingAt', '=', openingAt)
        .where('addendumOf', 'is', null)
        .executeTakeFirstOrThrow()
    ).id;
  const attached = await db
    .updateTable('handoverEntries')
    .set({ handoverId })
    .where('organisationId', '=', organisationId)
    .where('handoverId', 'is', null)
    .where('occurredAt', '<=', openingAt)
    .executeTakeFirst();
  const entries = await db
    .selectFrom('handoverEntries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('handoverId', '=', handoverId)
    .executeTakeFirstOrThrow();
  void attached;
  return { handoverId, entries: Number(entries.n), created: inserted !== undefined };
}

/**
 * Gathers entries noted after the opening's handover was gathered into an addendum of it (申し送り
 * の追加). Locks that handover, so two late records do not make two addenda of the same entries.
 * Null when the opening has no handover yet (its own gathering is still to run and takes them).
 */
export async function gatherAddendum(
  db: Kysely<Tables>,
  organisationId: string,
  openingAt: Date,
  now: Date,
): Promise<{ handoverId: string | null; entries: number } | null> {
  const original = await db
    .selectFrom('handovers')
    .select('id')
    .where('organisationId', '=', organisationId)
    .where('openingAt', '=', openingAt)
    .where('addendumOf', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!original) return null;
  const pending = await db
    .selectFrom('handoverEntries')
    .select('id')
    .where('organisationId', '=', organisationId)
    .where('handoverId', 'is', null)
    .where('occurredAt', '<=', openingAt)
    .execute();
  if (pending.length === 0) return { handoverId: null, entries: 0 };
  const { id } = await db
    .insertInto('handovers')
    .values({ organisationId, openingAt, addendumOf: original.id, createdAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('handoverEntries')
    .set({ handoverId: id })
    .where(
      'id',
      'in',
      pending.map((p) => p.id),
    )
    .execute();
  return { handoverId: id, entries: pending.length };
}

export function listHandovers(db: Kysely<Tables>, organisationId: string, limit: number) {
  return db
    .selectFrom('handovers as h')
    .leftJoin('users as u', 'u.id', 'h.confirmedByUserId')
    .select([
      'h.id',
      'h.openingAt',
      'h.addendumOf',
      'h.createdAt',
      'h.confirmedAt',
      'u.displayName as confirmedByName',
      (eb) =>
        eb
          .selectFrom('handoverEntries as e')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('e.handoverId', '=', 'h.id')
          .as('entries'),
    ])
    .where('h.organisationId', '=', organisationId)
    .orderBy(sql`h.confirmed_at is null`, 'desc')
    .orderBy('h.openingAt', 'desc')
    .orderBy('h.createdAt', 'desc')
    .limit(limit)
    .execute();
}

export function findHandover(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('handovers as h')
    .leftJoin('users as u', 'u.id', 'h.confirmedByUserId')
    .select([
      'h.id',
      'h.organisationId',
      'h.openingAt',
      'h.addendumOf',
      'h.createdAt',
      'h.confirmedAt',
      'u.displayName as confirmedByName',
    ])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

/** The entries of a handover, with what each refers to (the service asks the policy what the reader sees). */
export async function entriesOf(db: Kysely<Tables>, handoverId: string) {
  const rows = await sql<{
    id: string;
    reason: 'team_lead' | 'municipality';
    kind: HandoverEntryKind;
    occurredAt: Date;
    personId: string | null;
    personName: string | null;
    caseId: string | null;
    consultationId: string | null;
    priority: MessagePriority | null;
    caseStatus: UrgentCaseStatus | null;
    openedByOrganisationName: string | null;
    acknowledgedByName: string | null;
    acknowledgedByOrganisationName: string | null;
    acknowledgedAt: Date | null;
    stepLabel: string | null;
    stepRecipients: string[] | null;
    consultationOrganisationId: string | null;
    consultationFollowUpOrganisationId: string | null;
    consultationOrganisationName: string | null;
    consultationOutcome: string | null;
    consultationFollowUp: boolean | null;
  }>`select e.id, e.reason, e.kind, e.occurred_at, e.person_id, p.name as person_name, e.case_id, e.consultation_id,
      coalesce(c.priority, ec.priority) as priority, c.status as case_status, oo.name as opened_by_organisation_name,
      au.display_name as acknowledged_by_name, ao.name as acknowledged_by_organisation_name, c.acknowledged_at,
      st.label as step_label,
      case when st.id is null then null else array(select u.display_name from unnest(st.recipient_user_ids) r(id)
         join users u on u.id = r.id order by u.display_name) end as step_recipients,
      ec.organisation_id as consultation_organisation_id,
      ec.follow_up_organisation_id as consultation_follow_up_organisation_id,
      co.name as consultation_organisation_name, ec.outcome as consultation_outcome,
      ec.follow_up_needed as consultation_follow_up
    from handover_entries e
    left join persons p on p.id = e.person_id
    left join urgent_cases c on c.id = e.case_id
    left join urgent_steps st on st.id = e.step_id
    left join organisations oo on oo.id = c.opened_by_organisation_id
    left join users au on au.id = c.acknowledged_by_user_id
    left join organisations ao on ao.id = c.acknowledged_by_organisation_id
    left join emergency_consultations ec on ec.id = e.consultation_id
    left join organisations co on co.id = ec.organisation_id
    where e.handover_id = ${handoverId}::uuid
    -- Events of one instant read in the order they happen: opened, asked, answered.
    order by e.occurred_at, array_position(array['case_opened', 'consultation', 'step_fired', 'step_unreached', 'case_acknowledged',
      'case_exhausted'], e.kind), st.position, e.id`.execute(db);
  return rows.rows;
}

export async function confirm(db: Kysely<Tables>, id: string, userId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('handovers')
    .set({ confirmedAt: now, confirmedByUserId: userId })
    .where('id', '=', id)
    .where('confirmedAt', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}
