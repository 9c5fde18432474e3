import { sql, type Kysely } from 'kysely';
import {
  remitNames,
  serviceTypeNames,
  type DirectoryCategory,
  type EntrySource,
  type HoursText,
  type LiaisonChannel,
  type OrganisationKind,
  type Remit,
  type Sector,
  type ServiceType,
} from '@tsunagu/contract';
import { businessHoursJson, hasAccounts, regionIdsJson } from '../../db/organisation-sql.ts';
import type { Tables } from '../../db/tables.ts';
import { searchKey, searchKeys } from '../../platform/text/search-key.ts';

/**
 * 検索キー of what an entry offers beyond its name: the official names of its services, what its
 * consultation window handles and its notes, each a word of its own (grams never span two).
 */
export function detailKeyOf(f: {
  serviceTypes: readonly ServiceType[];
  remits: readonly Remit[];
  notes: string | null;
}): string {
  return [
    ...f.serviceTypes.map((s) => serviceTypeNames[s]),
    ...f.remits.map((r) => remitNames[r]),
    f.notes ?? '',
  ]
    .map(searchKey)
    .filter((k) => k !== '')
    .join(' ');
}

/** An entry's page, with its regions, weekly hours, how it is reached and who confirmed it. */
export function findEntry(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisationLiaisonSettings as l', 'l.organisationId', 'o.id')
    .leftJoin('users as cu', 'cu.id', 'o.confirmedByUserId')
    .select([
      'o.id',
      'o.name',
      'o.kana',
      'o.kind',
      'o.sector',
      'o.directoryCategory as category',
      'o.serviceTypes',
      'o.remits',
      'o.postalCode',
      'o.address',
      'o.phone',
      'o.fax',
      'o.url',
      'o.latitude',
      'o.longitude',
      'o.capacity',
      'o.accessibility',
      'o.languages',
      'o.referralNote',
      'l.preferredChannel',
      'o.acceptsNewUsers',
      'o.offersTrialStay',
      'o.closesOnHolidays',
      'o.hoursText',
      'o.directoryNotes as notes',
      'o.corporationName',
      'o.officeNumber',
      'o.entrySource',
      'o.confirmedAt',
      'o.confirmedByUserId',
      'cu.displayName as confirmedByName',
      'o.lastImportId',
      hasAccounts.as('isOnTsunagu'),
      regionIdsJson.as('regionIds'),
      businessHoursJson.as('businessHours'),
    ])
    .where('o.id', '=', id)
    .executeTakeFirst();
}
export type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

/** The fields of an entry an admin or its organisation writes. */
export interface EntryFields {
  name: string;
  kana: string;
  kind: OrganisationKind;
  sector: Sector;
  directoryCategory: DirectoryCategory;
  serviceTypes: ServiceType[];
  remits: Remit[];
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  fax: string | null;
  url: string | null;
  capacity: number | null;
  accessibility: string[];
  languages: string[];
  referralNote: string | null;
  acceptsNewUsers: boolean | null;
  offersTrialStay: boolean;
  closesOnHolidays: boolean;
  hoursText: HoursText | null;
  directoryNotes: string | null;
}

/** Adds an entry entered by hand: an organisation without accounts, confirmed by its author. */
export async function insertEntry(
  db: Kysely<Tables>,
  f: EntryFields & { entrySource: EntrySource },
  by: { userId: string | null; now: Date },
): Promise<string> {
  const { hoursText, ...rest } = f;
  const row = await db
    .insertInto('organisations')
    .values({
      ...rest,
      ...searchKeys(f.name, f.kana),
      hoursText: hoursText ? JSON.stringify(hoursText) : null,
      detailKey: detailKeyOf({ serviceTypes: f.serviceTypes, remits: f.remits, notes: f.directoryNotes }),
      postalCode: null,
      confirmedAt: by.now,
      confirmedByUserId: by.userId,
      createdAt: by.now,
      updatedAt: by.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes a correction (every field given, merged by the caller) and confirms the entry. */
export async function updateEntry(
  db: Kysely<Tables>,
  id: string,
  f: EntryFields,
  by: { userId: string; now: Date },
): Promise<void> {
  const { hoursText, ...rest } = f;
  await db
    .updateTable('organisations')
    .set({
      ...rest,
      ...searchKeys(f.name, f.kana),
      hoursText: hoursText ? JSON.stringify(hoursText) : null,
      detailKey: detailKeyOf({ serviceTypes: f.serviceTypes, remits: f.remits, notes: f.directoryNotes }),
      confirmedAt: by.now,
      confirmedByUserId: by.userId,
      updatedAt: by.now,
    })
    .where('id', '=', id)
    .execute();
}

/** 「まだ正しい」: the entry was checked now by this person. */
export async function confirmEntry(db: Kysely<Tables>, id: string, by: { userId: string; now: Date }) {
  await db
    .updateTable('organisations')
    .set({ confirmedAt: by.now, confirmedByUserId: by.userId })
    .where('id', '=', id)
    .execute();
}

/** The channel an organisation prefers, kept with its liaison settings (連絡方法). */
export async function setPreferredChannel(
  db: Kysely<Tables>,
  organisationId: string,
  channel: LiaisonChannel,
  by: { userId: string; now: Date; usesTsunagu: boolean; fax: string | null },
): Promise<void> {
  await db
    .insertInto('organisationLiaisonSettings')
    .values({
      organisationId,
      usesTsunagu: by.usesTsunagu,
      preferredChannel: channel,
      faxNumber: by.fax,
      faxGatewayEmail: null,
      note: null,
      updatedByUserId: by.userId,
      updatedAt: by.now,
    })
    .onConflict((oc) =>
      oc.column('organisationId').doUpdateSet({
        preferredChannel: channel,
        // A FAX number set on the liaison settings stays; an entry's own fills an empty one.
        faxNumber: sql<
          string | null
        >`coalesce(organisation_liaison_settings.fax_number, excluded.fax_number)`,
        updatedByUserId: by.userId,
        updatedAt: by.now,
      }),
    )
    .execute();
}
