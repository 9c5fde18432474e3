import { sql, type Kysely } from 'kysely';
import type {
  ContactDirection,
  ContactMode,
  ContactOrigin,
  InformationCategory,
  ItemKind,
  ItemSource,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { canSeeRecord, type PersonScope } from '../../platform/access/person-access.ts';

// 連絡記録: how and with whom an exchange happened; what was said is the information item of the same lineage.

export interface NewContact {
  itemLineageId: string;
  personId: string;
  mode: ContactMode;
  direction: ContactDirection | null;
  counterpart: string;
  counterpartOrganisationId: string | null;
  occurredAt: Date;
  sheetId: string | null;
  origin: ContactOrigin;
  recordedByUserId: string;
  recordedByOrganisationId: string;
  createdAt: Date;
}

/** A 'liaison_reply' entry is unique per sheet (index contact_log_reply_once_idx): a second one fails. */
export async function insertContact(db: Kysely<Tables>, c: NewContact): Promise<void> {
  await db.insertInto('contactLogEntries').values(c).execute();
}

export interface ContactRow {
  itemId: string;
  personId: string;
  mode: ContactMode;
  direction: ContactDirection | null;
  counterpart: string;
  counterpartOrganisationId: string | null;
  counterpartOrganisationName: string | null;
  occurredAt: Date;
  category: InformationCategory;
  content: string;
  source: ItemSource;
  kind: ItemKind;
  observedOn: string;
  sheetId: string | null;
  origin: ContactOrigin;
  recordedByName: string | null;
  recordedByOrganisationName: string;
  recordedAt: Date;
}

/** A person's contact log, newest first: entries whose current item the scope may see (consent in SQL). */
export async function listContacts(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
  only?: string,
): Promise<ContactRow[]> {
  const result =
    await sql<ContactRow>`select c.item_lineage_id as item_id, c.person_id, c.mode, c.direction, c.counterpart,
      c.counterpart_organisation_id, co.name as counterpart_organisation_name, c.occurred_at, i.category, i.content,
      i.source, i.kind, i.observed_on, c.sheet_id, c.origin, u.display_name as recorded_by_name,
      ro.name as recorded_by_organisation_name, i.recorded_at
    from contact_log_entries c
      join information_items i on i.lineage_id = c.item_lineage_id and i.is_current
      left join organisations co on co.id = c.counterpart_organisation_id
      left join users u on u.id = i.recorded_by_user_id
      join organisations ro on ro.id = i.recorded_by_organisation_id
    where c.person_id = ${personId}::uuid ${only ? sql`and c.item_lineage_id = ${only}::uuid` : sql``}
      and ${canSeeRecord('i.personId', 'i.category', 'i.recordedByOrganisationId', scope)}
    order by c.occurred_at desc limit 200`.execute(db);
  return result.rows;
}
