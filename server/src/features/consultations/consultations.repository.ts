import { sql, type Insertable, type Kysely } from 'kysely';
import type { Consultation } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { ConsultationScope } from '../../platform/access/consultation-policy.ts';
import { canSeePerson, type PersonScope } from '../../platform/access/person-access.ts';

/** A consultation as read, with the names around it; the person's name only where the scope sees them. */
export interface ConsultationRow {
  id: string;
  organisationId: string;
  receivedAt: Date;
  channel: Consultation['channel'];
  callerRelationship: Consultation['callerRelationship'];
  callerName: string | null;
  callerPhone: string | null;
  personId: string | null;
  personName: string | null;
  personDescription: string | null;
  asked: string;
  done: string;
  outcome: string;
  priority: Consultation['priority'];
  followUpNeeded: boolean;
  followUpOrganisationId: string | null;
  followUpNote: string | null;
  urgentCaseId: string | null;
  callerMayBeExcluded: boolean;
  followUpOrganisationName: string | null;
  followUpUserName: string | null;
  receivedByName: string | null;
  organisationName: string;
}

/** The consultations with their names; the person's name decided in SQL by the one consent rule. */
function consultations(db: Kysely<Tables>, scope: PersonScope) {
  return db
    .selectFrom('emergencyConsultations as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisationId')
    .leftJoin('persons as p', 'p.id', 'c.personId')
    .leftJoin('users as ru', 'ru.id', 'c.receivedByUserId')
    .leftJoin('organisations as fo', 'fo.id', 'c.followUpOrganisationId')
    .leftJoin('users as fu', 'fu.id', 'c.followUpUserId')
    .select([
      'c.id',
      'c.organisationId',
      'c.receivedAt',
      'c.channel',
      'c.callerRelationship',
      'c.callerName',
      'c.callerPhone',
      'c.personId',
      sql<string | null>`case when p.id is not null and ${canSeePerson('p', scope)} then p.name end`.as(
        'personName',
      ),
      'c.personDescription',
      'c.asked',
      'c.done',
      'c.outcome',
      'c.priority',
      'c.followUpNeeded',
      'c.followUpOrganisationId',
      'c.followUpNote',
      'c.urgentCaseId',
      'c.callerMayBeExcluded',
      'fo.name as followUpOrganisationName',
      'fu.displayName as followUpUserName',
      'ru.displayName as receivedByName',
      'o.name as organisationName',
    ]);
}

export async function findConsultation(
  db: Kysely<Tables>,
  scope: PersonScope,
  id: string,
): Promise<ConsultationRow | undefined> {
  return consultations(db, scope).where('c.id', '=', id).executeTakeFirst();
}

/** An organisation's log: what it took and what it was asked to follow up, newest first. */
export async function listLog(
  db: Kysely<Tables>,
  scope: PersonScope,
  o: { organisationId: string; from: Date; before: Date; followUpOnly: boolean },
): Promise<ConsultationRow[]> {
  return consultations(db, scope)
    .where((eb) =>
      eb.or([
        eb('c.organisationId', '=', o.organisationId),
        eb('c.followUpOrganisationId', '=', o.organisationId),
      ]),
    )
    .where('c.receivedAt', '>=', o.from)
    .where('c.receivedAt', '<', o.before)
    .$if(o.followUpOnly, (q) => q.where('c.followUpNeeded', '=', true))
    .orderBy('c.receivedAt', 'desc')
    .limit(500)
    .execute();
}

/** The consultations about a person that the policy's scope lets the reader see, newest first. */
export async function listOfPerson(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
  which: ConsultationScope,
): Promise<ConsultationRow[]> {
  const ours = which.all ? null : which.organisationId;
  return consultations(db, scope)
    .where('c.personId', '=', personId)
    .$if(!which.all, (q) =>
      q.where((eb) => eb.or([eb('c.organisationId', '=', ours), eb('c.followUpOrganisationId', '=', ours)])),
    )
    .orderBy('c.receivedAt', 'desc')
    .limit(200)
    .execute();
}

export async function insertConsultation(
  db: Kysely<Tables>,
  values: Insertable<Tables['emergencyConsultations']>,
): Promise<string> {
  const row = await db
    .insertInto('emergencyConsultations')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setUrgentCase(db: Kysely<Tables>, id: string, caseId: string): Promise<void> {
  await db.updateTable('emergencyConsultations').set({ urgentCaseId: caseId }).where('id', '=', id).execute();
}

export async function organisationExists(db: Kysely<Tables>, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

/** Whether the user is a member (of `organisationId`, when given). */
export async function isMember(
  db: Kysely<Tables>,
  userId: string,
  organisationId: string | null,
): Promise<boolean> {
  const member = await db
    .selectFrom('memberships')
    .select('organisationId')
    .where('userId', '=', userId)
    .$if(organisationId !== null, (q) => q.where('organisationId', '=', organisationId!))
    .executeTakeFirst();
  return member !== undefined;
}
