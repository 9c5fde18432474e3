import { sql, type Kysely } from 'kysely';
import type {
  InformationCategory,
  LiaisonChannel,
  LiaisonReplyChannel,
  LiaisonSheetStatus,
  UpdateLiaisonSettingsBody,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import {
  canSeePerson,
  canSeeRecord,
  mayReceiveAt,
  grantedCategoriesAt,
  onTeamAt,
  type PersonScope,
} from '../../platform/access/person-access.ts';

// ---------------------------------------------------------------- 機関の連絡方法

export function findSettings(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('organisationLiaisonSettings')
    .selectAll()
    .where('organisationId', '=', organisationId)
    .executeTakeFirst();
}

export async function upsertSettings(
  db: Kysely<Tables>,
  organisationId: string,
  s: UpdateLiaisonSettingsBody,
  by: { userId: string; now: Date },
): Promise<void> {
  const values = {
    usesTsunagu: s.usesTsunagu,
    preferredChannel: s.preferredChannel,
    faxNumber: s.faxNumber ?? null,
    faxGatewayEmail: s.faxGatewayEmail?.trim().toLowerCase() ?? null,
    note: s.note?.trim() || null,
    updatedByUserId: by.userId,
    updatedAt: by.now,
  };
  await db
    .insertInto('organisationLiaisonSettings')
    .values({ organisationId, ...values })
    .onConflict((oc) => oc.column('organisationId').doUpdateSet(values))
    .execute();
}

/** The organisations on a person's team today that do not use tsunagu, with the categories their live grants cover. */
export async function recipientsFor(db: Kysely<Tables>, personId: string, today: string) {
  const result = await sql<{
    organisationId: string;
    name: string;
    preferredChannel: LiaisonChannel;
    faxNumber: string | null;
    hasFaxGateway: boolean;
    categories: InformationCategory[];
  }>`select o.id as organisation_id, o.name, s.preferred_channel, coalesce(s.fax_number, o.fax) as fax_number,
      (s.fax_gateway_email is not null) as has_fax_gateway,
      ${grantedCategoriesAt(sql`${personId}::uuid`, 'o.id', today)} as categories
    from organisations o join organisation_liaison_settings s on s.organisation_id = o.id and not s.uses_tsunagu
    where ${onTeamAt(sql`${personId}::uuid`, 'o.id', today)}
    order by o.kana, o.name`.execute(db);
  return result.rows;
}

/** What a sheet or a FAX needs about an organisation: its name and how to reach it. */
export function organisationContact(db: Kysely<Tables>, organisationId: string) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisationLiaisonSettings as s', 's.organisationId', 'o.id')
    .select([
      'o.id',
      'o.name',
      'o.phone',
      'o.sector',
      sql<string | null>`coalesce(s.fax_number, o.fax)`.as('fax'),
      's.usesTsunagu',
      's.faxGatewayEmail',
    ])
    .where('o.id', '=', organisationId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- 連携シート

export async function insertSheet(
  db: Kysely<Tables>,
  s: {
    personId: string;
    category: InformationCategory;
    sourceKind: 'message' | 'request' | 'plan';
    messageId: string | null;
    planId: string | null;
    recipientOrganisationId: string;
    senderUserId: string;
    senderOrganisationId: string;
    request: string;
    body: string;
    replyBy: string;
    replyCode: string;
    tokenHash: string;
    tokenSealed: string;
    pinSealed: string;
    pinOnSheet: boolean;
    linkExpiresAt: Date;
    createdAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('liaisonSheets')
    .values({ ...s, status: 'awaiting' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether a reply code is already some sheet's (codes are short: the service draws again). */
export async function isReplyCodeTaken(db: Kysely<Tables>, replyCode: string): Promise<boolean> {
  const taken = await db
    .selectFrom('liaisonSheets')
    .select('id')
    .where('replyCode', '=', replyCode)
    .executeTakeFirst();
  return taken !== undefined;
}

export interface SheetRow {
  id: string;
  personId: string;
  personName: string | null;
  category: InformationCategory;
  sourceKind: 'message' | 'request';
  messageId: string | null;
  recipientOrganisationId: string;
  recipientName: string;
  recipientFax: string | null;
  hasFaxGateway: boolean;
  senderUserId: string | null;
  senderName: string | null;
  senderOrganisationId: string;
  senderOrganisationName: string;
  request: string;
  body: string;
  replyBy: string;
  replyCode: string;
  tokenSealed: string;
  linkExpiresAt: Date;
  lockedAt: Date | null;
  status: LiaisonSheetStatus;
  repliedAt: Date | null;
  replyChannel: LiaisonReplyChannel | null;
  replyText: string | null;
  replyRespondent: string | null;
  replyRecordedBy: string | null;
  replyFileName: string | null;
  replyFileType: string | null;
  createdAt: Date;
  /** The person's consent lets the recipient receive the sheet's category now. */
  recipientCovered: boolean;
}

/** A sheet as staff see it; the person's name only where their consent covers 基本情報 for the caller. */
function sheetSelect(scope: PersonScope) {
  return sql`select s.id, s.person_id, case when ${canSeePerson('p', scope)} then p.name end as person_name,
      s.category, s.source_kind, s.message_id, s.recipient_organisation_id, ro.name as recipient_name,
      coalesce(rs.fax_number, ro.fax) as recipient_fax, coalesce(rs.fax_gateway_email is not null, false) as has_fax_gateway,
      s.sender_user_id, su.display_name as sender_name, s.sender_organisation_id, so.name as sender_organisation_name,
      s.request, s.body, s.reply_by, s.reply_code, s.token_sealed, s.link_expires_at, s.locked_at, s.status,
      s.replied_at, s.reply_channel, s.reply_text, s.reply_respondent, rb.display_name as reply_recorded_by,
      s.reply_file_name, s.reply_file_type, s.created_at,
      ${mayReceiveAt('s.personId', 's.recipientOrganisationId', 's.category', scope.today)} as recipient_covered
    from liaison_sheets s join persons p on p.id = s.person_id
      join organisations ro on ro.id = s.recipient_organisation_id
      left join organisation_liaison_settings rs on rs.organisation_id = s.recipient_organisation_id
      join organisations so on so.id = s.sender_organisation_id
      left join users su on su.id = s.sender_user_id
      left join users rb on rb.id = s.reply_recorded_by_user_id`;
}

/** Sheets are visible like the record they carry: consent for the category, or the sending organisation. */
const sheetVisible = (scope: PersonScope) =>
  canSeeRecord('s.personId', 's.category', 's.senderOrganisationId', scope);

export async function findVisibleSheet(
  db: Kysely<Tables>,
  scope: PersonScope,
  id: string,
): Promise<SheetRow | undefined> {
  const result =
    await sql<SheetRow>`${sheetSelect(scope)} where s.id = ${id}::uuid and ${sheetVisible(scope)}`.execute(
      db,
    );
  return result.rows[0];
}

export async function listPersonSheets(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
): Promise<SheetRow[]> {
  const result = await sql<SheetRow>`${sheetSelect(scope)}
    where s.person_id = ${personId}::uuid and ${sheetVisible(scope)} order by s.created_at desc limit 200`.execute(
    db,
  );
  return result.rows;
}

/**
 * The raw facts of a sheet, and whether the person's consent lets its recipient receive it on
 * `today` (the policy decides who may act on it).
 */
export function findSheetFacts(
  db: Kysely<Tables>,
  where: { id: string } | { replyCode: string },
  today: string,
) {
  let q = db.selectFrom('liaisonSheets').select([
    // Qualified: inside the predicate's subqueries a bare person_id would be the grant's.
    mayReceiveAt(
      'liaisonSheets.personId',
      'liaisonSheets.recipientOrganisationId',
      'liaisonSheets.category',
      today,
    ).as('recipientCovered'),
    'id',
    'personId',
    'category',
    'messageId',
    'recipientOrganisationId',
    'senderUserId',
    'senderOrganisationId',
    'status',
    'replyCode',
    'replyBy',
    'tokenSealed',
    'pinSealed',
    'pinOnSheet',
    'linkExpiresAt',
    'pinFailures',
    'lockedAt',
    'remindedAt',
  ]);
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('replyCode', '=', where.replyCode);
  return q.executeTakeFirst();
}

/** A sheet as its guest link sees it: the link's state and the one item, with the names it shows. */
function guestSheetQuery(db: Kysely<Tables>) {
  return db
    .selectFrom('liaisonSheets as s')
    .innerJoin('persons as p', 'p.id', 's.personId')
    .innerJoin('organisations as so', 'so.id', 's.senderOrganisationId')
    .innerJoin('organisations as ro', 'ro.id', 's.recipientOrganisationId')
    .leftJoin('users as su', 'su.id', 's.senderUserId')
    .select([
      's.id',
      's.personId',
      'p.name as personName',
      's.category',
      's.messageId',
      's.recipientOrganisationId',
      'ro.name as recipientOrganisationName',
      's.senderOrganisationId',
      'so.name as senderOrganisationName',
      'su.displayName as senderName',
      's.request',
      's.body',
      's.replyBy',
      's.replyCode',
      's.pinSealed',
      's.linkExpiresAt',
      's.pinFailures',
      's.lockedAt',
      's.status',
      's.repliedAt',
      's.replyText',
    ]);
}

/** What a guest link needs: the sheet by its token's hash. */
export function findGuestSheet(db: Kysely<Tables>, tokenHash: string) {
  return guestSheetQuery(db).where('s.tokenHash', '=', tokenHash).executeTakeFirst();
}

/** The one item a guest link shows once its PIN is right, as it stands now (after a reply too). */
export function findGuestItem(db: Kysely<Tables>, id: string) {
  return guestSheetQuery(db).where('s.id', '=', id).executeTakeFirstOrThrow();
}

/** What the printed sheet (PDF) shows, whoever asks: the service decides whether the name may appear. */
export function findSheetForPdf(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('liaisonSheets as s')
    .innerJoin('persons as p', 'p.id', 's.personId')
    .leftJoin('users as u', 'u.id', 's.senderUserId')
    .select([
      's.personId',
      'p.name as personName',
      's.category',
      's.recipientOrganisationId',
      's.senderOrganisationId',
      'u.displayName as senderName',
      's.request',
      's.body',
      's.replyBy',
      's.replyCode',
      's.tokenSealed',
      's.pinSealed',
      's.pinOnSheet',
      's.linkExpiresAt',
      's.createdAt',
    ])
    .where('s.id', '=', id)
    .executeTakeFirstOrThrow();
}

/** Counts a wrong PIN; locks the link at `limit` failures. Returns the failures so far and whether it is locked. */
export async function recordPinFailure(
  db: Kysely<Tables>,
  id: string,
  limit: number,
  now: Date,
): Promise<{ pinFailures: number; locked: boolean }> {
  const row = await db
    .updateTable('liaisonSheets')
    .set((eb) => ({
      pinFailures: eb('pinFailures', '+', 1),
      lockedAt: sql<Date | null>`case when pin_failures + 1 >= ${limit} then coalesce(locked_at, ${now}) else locked_at end`,
    }))
    .where('id', '=', id)
    .returning(['pinFailures', 'lockedAt'])
    .executeTakeFirstOrThrow();
  return { pinFailures: row.pinFailures, locked: row.lockedAt !== null };
}

/** Records the reply once: false when the sheet was already answered (or withdrawn). */
export async function setReply(
  db: Kysely<Tables>,
  id: string,
  r: {
    at: Date;
    channel: LiaisonReplyChannel;
    text: string | null;
    respondent: string | null;
    recordedByUserId: string | null;
    file?: { filename: string; contentType: string; data: Buffer } | undefined;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('liaisonSheets')
    .set({
      status: 'replied',
      repliedAt: r.at,
      replyChannel: r.channel,
      replyText: r.text,
      replyRespondent: r.respondent,
      replyRecordedByUserId: r.recordedByUserId,
      ...(r.file
        ? { replyFileName: r.file.filename, replyFileType: r.file.contentType, replyFileData: r.file.data }
        : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'awaiting')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function attachReplyFile(
  db: Kysely<Tables>,
  id: string,
  file: { filename: string; contentType: string; data: Buffer },
): Promise<boolean> {
  const result = await db
    .updateTable('liaisonSheets')
    .set({ replyFileName: file.filename, replyFileType: file.contentType, replyFileData: file.data })
    .where('id', '=', id)
    .where('status', '=', 'replied')
    .where('replyFileData', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findReplyFile(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('liaisonSheets')
    .select(['replyFileName', 'replyFileType', 'replyFileData'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A new link and PIN for a sheet still awaiting its reply; the old link stops working. */
export async function reissueLink(
  db: Kysely<Tables>,
  id: string,
  l: { tokenHash: string; tokenSealed: string; pinSealed: string; pinOnSheet: boolean; linkExpiresAt: Date },
): Promise<void> {
  await db
    .updateTable('liaisonSheets')
    .set({ ...l, pinFailures: 0, lockedAt: null })
    .where('id', '=', id)
    .execute();
}

export function markReminded(db: Kysely<Tables>, id: string, now: Date) {
  return db
    .updateTable('liaisonSheets')
    .set({ remindedAt: now })
    .where('id', '=', id)
    .where('status', '=', 'awaiting')
    .where('remindedAt', 'is', null)
    .executeTakeFirst();
}

/** The staff of an organisation (whom to remind when a sheet's sender has no account any more). */
export async function organisationStaff(db: Kysely<Tables>, organisationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('userId')
    .where('organisationId', '=', organisationId)
    .execute();
  return rows.map((m) => m.userId);
}

export interface OutstandingRow {
  sheetId: string;
  personId: string;
  personName: string | null;
  recipientOrganisationName: string;
  senderName: string | null;
  request: string;
  replyCode: string;
  replyBy: string;
  createdAt: Date;
}

/** Sheets of the caller (or of their organisation) still awaiting a reply, oldest due first. */
export async function outstanding(
  db: Kysely<Tables>,
  scope: PersonScope,
  mineOnly: boolean,
): Promise<OutstandingRow[]> {
  const result = await sql<OutstandingRow>`select s.id as sheet_id, s.person_id,
      case when ${canSeePerson('p', scope)} then p.name end as person_name, ro.name as recipient_organisation_name,
      su.display_name as sender_name, s.request, s.reply_code, s.reply_by, s.created_at
    from liaison_sheets s join persons p on p.id = s.person_id join organisations ro on ro.id = s.recipient_organisation_id
      left join users su on su.id = s.sender_user_id
    where s.status = 'awaiting' and s.sender_organisation_id = ${scope.organisationId}::uuid
      ${mineOnly ? sql`and s.sender_user_id = ${scope.userId}::uuid` : sql``}
    order by s.reply_by, s.created_at limit 500`.execute(db);
  return result.rows;
}
