import { sql, type Kysely } from 'kysely';
import type { InformationCategory } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { currentMembership } from '../../platform/access/person-access.ts';
import type { CaseRow } from './escalations.repository.ts';

/**
 * What the case page reads beyond the routing: the words that opened the case, the sender's
 * organisation (its phone and kind), the emergency exception recorded with it and whom it was
 * shown to, and the organisation that leads the person's team (told of the exception).
 */

/** The words that opened a case: the message's current text (none once withdrawn), or the consultation's 相談内容. */
export async function wordsOf(
  db: Kysely<Tables>,
  c: Pick<CaseRow, 'sourceKind' | 'sourceId'>,
): Promise<{ body: string | null; withdrawn: boolean } | null> {
  if (c.sourceKind === 'message') {
    const m = await db
      .selectFrom('messages')
      .select(['body', 'status'])
      .where('id', '=', c.sourceId)
      .executeTakeFirst();
    if (!m) return null;
    return m.status === 'withdrawn' ? { body: null, withdrawn: true } : { body: m.body, withdrawn: false };
  }
  const consultation = await db
    .selectFrom('emergencyConsultations')
    .select('asked')
    .where('id', '=', c.sourceId)
    .executeTakeFirst();
  return consultation ? { body: consultation.asked, withdrawn: false } : null;
}

/** Whom a case is about, by name: read only once the policy let the reader see the person's identity. */
export function personIdentity(db: Kysely<Tables>, personId: string) {
  return db
    .selectFrom('persons')
    .select(['name', 'kanaDisplay'])
    .where('id', '=', personId)
    .executeTakeFirst();
}

/** An organisation's name, phone and kind (the sender's: its phone is dialable on the case page). */
export function organisationCard(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('organisations')
    .select(['name', 'phone', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertDisclosure(
  db: Kysely<Tables>,
  d: {
    caseId: string;
    personId: string;
    category: InformationCategory;
    article: string;
    senderKind: 'private' | 'public';
    reason: string;
    startsAt: Date;
    endsAt: Date;
    recordedByUserId: string;
    recordedByOrganisationId: string;
  },
): Promise<string> {
  const row = await db
    .insertInto('urgentDisclosures')
    .values({ ...d, protectsLifeOrBody: true, consentDifficult: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The emergency exception recorded with a case, with the sending organisation's name. */
export function disclosureOf(db: Kysely<Tables>, caseId: string) {
  return db
    .selectFrom('urgentDisclosures as d')
    .innerJoin('organisations as o', 'o.id', 'd.recordedByOrganisationId')
    .select([
      'd.id',
      'd.article',
      'd.senderKind',
      'd.protectsLifeOrBody',
      'd.consentDifficult',
      'd.reason',
      'd.startsAt',
      'd.endsAt',
      'o.name as recordedByOrganisationName',
    ])
    .where('d.caseId', '=', caseId)
    .executeTakeFirst();
}

/** Who was told: the first time a responder is shown the message on the exception's basis. */
export async function noteDisclosedTo(
  db: Kysely<Tables>,
  r: { disclosureId: string; personId: string; userId: string; organisationId: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('urgentDisclosureRecipients')
    .values({
      disclosureId: r.disclosureId,
      personId: r.personId,
      userId: r.userId,
      organisationId: r.organisationId,
      firstShownAt: r.at,
    })
    .onConflict((oc) => oc.columns(['disclosureId', 'userId']).doNothing())
    .execute();
}

/**
 * The staff to tell for the organisations leading the person's team: their named lead members,
 * or all active staff of a lead organisation that names none.
 */
export async function teamLeadStaff(db: Kysely<Tables>, personId: string, today: string): Promise<string[]> {
  const rows = await sql<{ userId: string }>`
    with leads as (
      select tm.organisation_id, tm.user_id from team_members tm
      where tm.person_id = ${personId}::uuid and tm.is_lead and ${currentMembership('tm', today)})
    select l.user_id from leads l join users u on u.id = l.user_id where u.disabled_at is null
    union
    select m.user_id from leads l join memberships m on m.organisation_id = l.organisation_id
      join users u on u.id = m.user_id
    where u.disabled_at is null
      and not exists (select 1 from leads n where n.organisation_id = l.organisation_id and n.user_id is not null)`.execute(
    db,
  );
  return rows.rows.map((r) => r.userId);
}
