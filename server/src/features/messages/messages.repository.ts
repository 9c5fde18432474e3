import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { InformationCategory, MessagePriority } from '@tsunagu/contract';
import type { UrgentCaseStatus } from '../../db/tables-off-hours.ts';
import type { Tables } from '../../db/tables.ts';
import { likePattern } from '../../db/sql-text.ts';
import {
  accessColumns,
  canSeePerson,
  canSeeRecord,
  currentMembership,
  grantCoversAt,
  expectedReaders,
  recordVisible,
  type PersonScope,
} from '../../platform/access/person-access.ts';

export interface MessageRow {
  id: string;
  seq: string;
  personId: string;
  threadId: string | null;
  topic: string | null;
  category: InformationCategory;
  priority: MessagePriority;
  requiresAck: boolean;
  body: string;
  status: 'posted' | 'corrected' | 'withdrawn';
  authorUserId: string | null;
  authorName: string | null;
  authorOrganisationId: string;
  authorOrganisationName: string;
  createdAt: Date;
  updatedAt: Date;
  mentions: { userId: string | null; organisationId: string | null; name: string }[];
  attachments: { id: string; filename: string; contentType: string; sizeBytes: number }[];
  expected: number;
  readCount: number;
  ackExpected: number;
  ackDone: number;
  /** The urgent case the message opened (JSON: times as text). */
  urgentCase: {
    id: string;
    status: UrgentCaseStatus;
    acknowledgedAt: string | null;
    acknowledgedBy: string | null;
    acknowledgedOrganisation: string | null;
  } | null;
  myAckExists: boolean;
  myAckAt: Date | null;
  myAckReply: string | null;
  isRead: boolean;
}

/** The SELECT of messages (aliased `m`) with everything a timeline row shows, for the caller in `scope`. */
function messageColumns(scope: PersonScope) {
  const readers = expectedReaders(scope.today);
  const mine = sql`(a.recipient_user_id = ${scope.userId}::uuid or a.recipient_organisation_id = ${scope.organisationId}::uuid)`;
  return sql`m.id, m.seq, m.person_id, m.thread_id, m.topic, m.category, m.priority, m.requires_ack, m.body, m.status,
      m.author_user_id, au.display_name as author_name, m.author_organisation_id, ao.name as author_organisation_name,
      m.created_at, m.updated_at,
      coalesce((select json_agg(json_build_object('userId', mm.user_id, 'organisationId', mm.organisation_id,
          'name', coalesce(mu.display_name, mo.name, '')))
        from message_mentions mm left join users mu on mu.id = mm.user_id left join organisations mo on mo.id = mm.organisation_id
        where mm.message_id = m.id), '[]'::json) as mentions,
      coalesce((select json_agg(json_build_object('id', ma.id, 'filename', ma.filename, 'contentType', ma.content_type,
          'sizeBytes', ma.size_bytes) order by ma.created_at)
        from message_attachments ma where ma.message_id = m.id), '[]'::json) as attachments,
      case when m.requires_ack then (select count(*)::int from message_acks a where a.message_id = m.id)
        else (select count(distinct e.user_id)::int from (${readers}) e) end as expected,
      case when m.requires_ack then (select count(*)::int from message_acks a where a.message_id = m.id
          and (a.acknowledged_at is not null or exists (select 1 from timeline_cursors c
            where c.person_id = m.person_id and c.read_seq >= m.seq and (c.user_id = a.recipient_user_id
              or c.user_id in (select mem.user_id from memberships mem where mem.organisation_id = a.recipient_organisation_id)))))
        else (select count(distinct e.user_id)::int from (${readers}) e join timeline_cursors c on c.person_id = m.person_id
          and c.user_id = e.user_id where c.read_seq >= m.seq) end as read_count,
      (select count(*)::int from message_acks a where a.message_id = m.id) as ack_expected,
      (select count(*)::int from message_acks a where a.message_id = m.id and a.acknowledged_at is not null) as ack_done,
      (select json_build_object('id', uc.id, 'status', uc.status, 'acknowledgedAt', uc.acknowledged_at,
          'acknowledgedBy', uu.display_name, 'acknowledgedOrganisation', uo.name)
        from urgent_cases uc left join users uu on uu.id = uc.acknowledged_by_user_id
          left join organisations uo on uo.id = uc.acknowledged_by_organisation_id
        where uc.source_kind = 'message' and uc.source_id = m.id) as urgent_case,
      exists (select 1 from message_acks a where a.message_id = m.id and ${mine}) as my_ack_exists,
      (select max(a.acknowledged_at) from message_acks a where a.message_id = m.id and ${mine}) as my_ack_at,
      (select a.reply from message_acks a where a.message_id = m.id and ${mine} and a.reply is not null limit 1) as my_ack_reply,
      coalesce((select c.read_seq >= m.seq from timeline_cursors c where c.person_id = m.person_id and c.user_id = ${scope.userId}::uuid), false)
        or m.author_user_id = ${scope.userId}::uuid as is_read`;
}

const authorJoins = sql`left join users au on au.id = m.author_user_id join organisations ao on ao.id = m.author_organisation_id`;

/** The caller's access to the person, evaluated once (see person-access.ts). */
function accessCte(scope: PersonScope, personId: RawBuilder<unknown>) {
  return sql`acc as materialized (select p.id, ${accessColumns('p.id', scope)} from persons p where p.id = ${personId})`;
}

const visibleMessage = (scope: PersonScope) =>
  recordVisible('acc', 'm.category', 'm.authorOrganisationId', scope);
const visible = (scope: PersonScope) =>
  canSeeRecord('m.personId', 'm.category', 'm.authorOrganisationId', scope);

/** A person's timeline, newest first, only what the scope may see (consent-filtered in SQL). */
export async function listMessages(
  db: Kysely<Tables>,
  scope: PersonScope,
  personId: string,
  f: { q?: string | undefined; threadId?: string | undefined; before?: string | undefined },
  limit: number,
): Promise<MessageRow[]> {
  const conditions = [visibleMessage(scope)];
  // A search never matches the body of a withdrawn message: its text is history, not timeline.
  if (f.q?.trim())
    conditions.push(
      sql`m.status <> 'withdrawn' and (m.body ilike ${likePattern(f.q.trim())} or m.topic ilike ${likePattern(f.q.trim())})`,
    );
  if (f.threadId) conditions.push(sql`(m.thread_id = ${f.threadId}::uuid or m.id = ${f.threadId}::uuid)`);
  if (f.before) conditions.push(sql`m.seq < ${f.before}::bigint`);
  // The page is chosen first (newest visible rows by index); the receipts are computed for those rows only.
  const result = await sql<MessageRow>`with ${accessCte(scope, sql`${personId}::uuid`)},
    page as (select m.* from acc join messages m on m.person_id = acc.id where ${sql.join(conditions, sql` and `)}
      order by m.seq desc limit ${limit})
    select ${messageColumns(scope)} from page m ${authorJoins} order by m.seq desc`.execute(db);
  return result.rows;
}

export async function findVisibleMessage(
  db: Kysely<Tables>,
  scope: PersonScope,
  id: string,
): Promise<MessageRow | undefined> {
  const result = await sql<MessageRow>`select ${messageColumns(scope)} from messages m ${authorJoins}
    where m.id = ${id}::uuid and ${visible(scope)}`.execute(db);
  return result.rows[0];
}

/** The raw facts of a message (who may act on it is decided by the service). */
export function findMessageFacts(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('messages')
    .select([
      'id',
      'seq',
      'personId',
      'category',
      'priority',
      'requiresAck',
      'status',
      'authorUserId',
      'authorOrganisationId',
      'body',
      'threadId',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function unreadCount(db: Kysely<Tables>, scope: PersonScope, personId: string): Promise<number> {
  const result = await sql<{ n: number }>`with ${accessCte(scope, sql`${personId}::uuid`)}
    select count(*)::int as n from acc join messages m on m.person_id = acc.id
    where ${visibleMessage(scope)} and m.author_user_id is distinct from ${scope.userId}::uuid
      and m.seq > coalesce((select c.read_seq from timeline_cursors c where c.person_id = m.person_id and c.user_id = ${scope.userId}::uuid), 0)`.execute(
    db,
  );
  return result.rows[0]?.n ?? 0;
}

export async function insertMessage(
  db: Kysely<Tables>,
  m: {
    personId: string;
    threadId: string | null;
    topic: string | null;
    category: InformationCategory;
    priority: MessagePriority;
    requiresAck: boolean;
    body: string;
    authorUserId: string;
    authorOrganisationId: string;
    now: Date;
  },
): Promise<{ id: string; seq: string }> {
  const { now, ...fields } = m;
  const row = await db
    .insertInto('messages')
    .values({ ...fields, status: 'posted', createdAt: now, updatedAt: now })
    .returning(['id', 'seq'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('messageVersions')
    .values({
      messageId: row.id,
      version: 1,
      body: m.body,
      change: 'posted',
      reason: null,
      changedByUserId: m.authorUserId,
      changedAt: now,
    })
    .execute();
  return row;
}

export async function insertMentions(
  db: Kysely<Tables>,
  messageId: string,
  mentions: { userId: string | null; organisationId: string | null }[],
): Promise<void> {
  if (mentions.length === 0) return;
  await db
    .insertInto('messageMentions')
    .values(mentions.map((x) => ({ messageId, ...x })))
    .execute();
}

export async function insertAttachment(
  db: Kysely<Tables>,
  a: {
    messageId: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    data: Buffer;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('messageAttachments')
    .values({ ...a, createdAt: now })
    .execute();
}

export function findAttachment(db: Kysely<Tables>, id: string) {
  return db
    .selectFrom('messageAttachments')
    .select(['id', 'messageId', 'filename', 'contentType', 'data'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Recipients for acknowledgements: each expected reader, plus whole organisations (mentioned, or on the team without a named staff member). */
export async function ackRecipients(
  db: Kysely<Tables>,
  messageId: string,
  today: string,
): Promise<{ userId: string | null; organisationId: string | null }[]> {
  const result = await sql<{ userId: string | null; organisationId: string | null }>`
    with m as (select * from messages where id = ${messageId}::uuid)
    select distinct e.user_id, null::uuid as organisation_id from m, lateral (${expectedReaders(today)}) e
    union
    select null::uuid, o.organisation_id from m, lateral (
      select mm.organisation_id from message_mentions mm where mm.message_id = m.id and mm.organisation_id is not null
      union
      select tm.organisation_id from team_members tm where tm.person_id = m.person_id and tm.user_id is null
        and ${currentMembership('tm', today)}
    ) o
    where o.organisation_id <> m.author_organisation_id
      and ${grantCoversAt('m.personId', 'o.organisationId', 'm.category', today)}`.execute(db);
  return result.rows;
}

export async function insertAcks(
  db: Kysely<Tables>,
  messageId: string,
  recipients: { userId: string | null; organisationId: string | null }[],
): Promise<void> {
  if (recipients.length === 0) return;
  await db
    .insertInto('messageAcks')
    .values(
      recipients.map((r) => ({
        messageId,
        recipientUserId: r.userId,
        recipientOrganisationId: r.organisationId,
      })),
    )
    .execute();
}

/** Acknowledges for the user (their own row and their organisation's); returns how many rows it settled. */
export async function acknowledge(
  db: Kysely<Tables>,
  messageId: string,
  by: { userId: string; organisationId: string; reply: string | null; now: Date },
): Promise<number> {
  const result = await db
    .updateTable('messageAcks')
    .set({ acknowledgedAt: by.now, acknowledgedByUserId: by.userId, reply: by.reply })
    .where('messageId', '=', messageId)
    .where('acknowledgedAt', 'is', null)
    .where((eb) =>
      eb.or([eb('recipientUserId', '=', by.userId), eb('recipientOrganisationId', '=', by.organisationId)]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Settles every open acknowledgement asked of an organisation (its own row and its staff's) for a
 * reply that reached the sender another way: by a guest link or recorded by hand. `byUserId` is
 * the staff member who recorded it, null for a guest.
 */
export async function acknowledgeForOrganisation(
  db: Kysely<Tables>,
  messageId: string,
  by: { organisationId: string; byUserId: string | null; reply: string | null; now: Date },
): Promise<number> {
  const result = await db
    .updateTable('messageAcks')
    .set({ acknowledgedAt: by.now, acknowledgedByUserId: by.byUserId, reply: by.reply })
    .where('messageId', '=', messageId)
    .where('acknowledgedAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb('recipientOrganisationId', '=', by.organisationId),
        eb(
          'recipientUserId',
          'in',
          eb.selectFrom('memberships').select('userId').where('organisationId', '=', by.organisationId),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Moves the reader's cursor forward (never back) and remembers when. */
export async function markRead(
  db: Kysely<Tables>,
  personId: string,
  userId: string,
  upToSeq: string,
  now: Date,
): Promise<boolean> {
  const result = await sql<{ advanced: boolean }>`
    insert into timeline_cursors (person_id, user_id, delivered_seq, delivered_at, read_seq, read_at)
    values (${personId}::uuid, ${userId}::uuid, ${upToSeq}::bigint, ${now}, ${upToSeq}::bigint, ${now})
    on conflict (person_id, user_id) do update set
      read_seq = greatest(timeline_cursors.read_seq, excluded.read_seq),
      read_at = case when excluded.read_seq > timeline_cursors.read_seq then excluded.read_at else timeline_cursors.read_at end,
      delivered_seq = greatest(timeline_cursors.delivered_seq, excluded.read_seq),
      delivered_at = case when excluded.read_seq > timeline_cursors.delivered_seq then excluded.read_at else timeline_cursors.delivered_at end
    returning (read_at = ${now}) as advanced`.execute(db);
  const advanced = result.rows[0]?.advanced ?? false;
  if (advanced)
    await db
      .insertInto('timelineReadMarks')
      .values({ personId, userId, readSeq: upToSeq, readAt: now })
      .execute();
  return advanced;
}

export async function markDelivered(
  db: Kysely<Tables>,
  personId: string,
  userId: string,
  seq: string,
  now: Date,
): Promise<void> {
  await sql`insert into timeline_cursors (person_id, user_id, delivered_seq, delivered_at)
    values (${personId}::uuid, ${userId}::uuid, ${seq}::bigint, ${now})
    on conflict (person_id, user_id) do update set
      delivered_seq = greatest(timeline_cursors.delivered_seq, excluded.delivered_seq),
      delivered_at = case when excluded.delivered_seq > timeline_cursors.delivered_seq then excluded.delivered_at else timeline_cursors.delivered_at end`.execute(
    db,
  );
}

/** Per expected reader and per acknowledging recipient: delivered, read (when), acknowledged. */
export async function receipts(db: Kysely<Tables>, messageId: string, today: string) {
  const result = await sql<{
    userId: string | null;
    organisationId: string | null;
    name: string;
    organisationName: string | null;
    deliveredAt: Date | null;
    readAt: Date | null;
    ackRequired: boolean;
    acknowledgedAt: Date | null;
    acknowledgedBy: string | null;
    reply: string | null;
  }>`with m as (select * from messages where id = ${messageId}::uuid),
    readers as (select distinct on (e.user_id) e.user_id, e.organisation_id from m, lateral (${expectedReaders(today)}) e order by e.user_id),
    people as (
      select r.user_id, r.organisation_id from readers r
      union select a.recipient_user_id, null from message_acks a where a.message_id = ${messageId}::uuid and a.recipient_user_id is not null
        and a.recipient_user_id not in (select user_id from readers)
      union select null, a.recipient_organisation_id from message_acks a where a.message_id = ${messageId}::uuid and a.recipient_organisation_id is not null)
    select p.user_id, p.organisation_id, coalesce(u.display_name, o.name, '') as name, po.name as organisation_name,
      case when c.delivered_seq >= m.seq then c.delivered_at end as delivered_at,
      (select min(rm.read_at) from timeline_read_marks rm where rm.person_id = m.person_id and rm.user_id = p.user_id and rm.read_seq >= m.seq) as read_at,
      (a.id is not null) as ack_required, a.acknowledged_at, au.display_name as acknowledged_by, a.reply
    from people p cross join m
    left join users u on u.id = p.user_id
    left join organisations o on o.id = p.organisation_id and p.user_id is null
    left join organisations po on po.id = p.organisation_id
    left join timeline_cursors c on c.person_id = m.person_id and c.user_id = p.user_id
    left join message_acks a on a.message_id = m.id and (a.recipient_user_id = p.user_id or (p.user_id is null and a.recipient_organisation_id = p.organisation_id))
    left join users au on au.id = a.acknowledged_by_user_id
    order by (a.acknowledged_at is null) desc, name`.execute(db);
  return result.rows;
}

/** 緊急 first, then 至急, then the rest. */
const priorityRank = (column: string) =>
  sql`case ${sql.ref(column)} when 'emergency' then 0 when 'urgent' then 1 else 2 end`;

/** 確認待ち (mine): acknowledgements asked of me or my organisation, on messages I may still see. */
export async function awaitingMe(db: Kysely<Tables>, scope: PersonScope) {
  const result = await sql<{
    messageId: string;
    seq: string;
    personId: string;
    personName: string | null;
    priority: MessagePriority;
    category: InformationCategory;
    excerpt: string | null;
    author: string;
    authorName: string | null;
    authorOrganisationName: string;
    createdAt: Date;
  }>`
    select * from (
      select distinct on (m.seq) m.id as message_id, m.seq, m.person_id,
        case when ${canSeePerson('p', scope)} then p.name end as person_name, m.priority, m.category,
        case when m.status = 'withdrawn' then null else left(m.body, 80) end as excerpt,
        coalesce(au.display_name, '') || '（' || ao.name || '）' as author, au.display_name as author_name,
        ao.name as author_organisation_name, m.created_at
      from message_acks a join messages m on m.id = a.message_id join persons p on p.id = m.person_id
      left join users au on au.id = m.author_user_id join organisations ao on ao.id = m.author_organisation_id
      where a.acknowledged_at is null and m.status <> 'withdrawn'
        and (a.recipient_user_id = ${scope.userId}::uuid or a.recipient_organisation_id = ${scope.organisationId}::uuid)
        and ${visible(scope)}
      order by m.seq desc limit 200) x
    -- 緊急 first, then 至急, then the rest; newest first within each.
    order by ${priorityRank('x.priority')}, x.seq desc`.execute(db);
  return result.rows;
}

/** 確認待ち (others): my messages still waiting for someone's acknowledgement, with whom. */
export async function awaitingOthers(db: Kysely<Tables>, scope: PersonScope) {
  const result = await sql<{
    messageId: string;
    personId: string;
    personName: string | null;
    priority: MessagePriority;
    category: InformationCategory;
    excerpt: string | null;
    author: string;
    authorName: string | null;
    authorOrganisationName: string;
    createdAt: Date;
    waitingFor: string[];
  }>`
    select m.id as message_id, m.person_id, case when ${canSeePerson('p', scope)} then p.name end as person_name,
      m.priority, m.category, left(m.body, 80) as excerpt,
      coalesce(au.display_name, '') as author, au.display_name as author_name,
      (select ao.name from organisations ao where ao.id = m.author_organisation_id) as author_organisation_name, m.created_at,
      array(select coalesce(u.display_name, o.name) from message_acks a left join users u on u.id = a.recipient_user_id
        left join organisations o on o.id = a.recipient_organisation_id
        where a.message_id = m.id and a.acknowledged_at is null order by 1) as waiting_for
    from messages m join persons p on p.id = m.person_id left join users au on au.id = m.author_user_id
    where m.author_user_id = ${scope.userId}::uuid and m.status <> 'withdrawn'
      and exists (select 1 from message_acks a where a.message_id = m.id and a.acknowledged_at is null)
    order by ${priorityRank('m.priority')}, m.seq desc limit 200`.execute(db);
  return result.rows;
}

/** Every version, oldest first: the stored changes, or the message itself when it never changed. */
export async function history(db: Kysely<Tables>, messageId: string) {
  const versions = await db
    .selectFrom('messageVersions as v')
    .leftJoin('users as u', 'u.id', 'v.changedByUserId')
    .select(['v.version', 'v.body', 'v.change', 'v.reason', 'u.displayName as changedBy', 'v.changedAt'])
    .where('v.messageId', '=', messageId)
    .orderBy('v.version')
    .execute();
  if (versions.length > 0) return versions;
  const original = await db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.authorUserId')
    .select([
      sql<number>`1`.as('version'),
      'm.body',
      sql<'posted'>`'posted'`.as('change'),
      sql<null>`null`.as('reason'),
      'u.displayName as changedBy',
      'm.createdAt as changedAt',
    ])
    .where('m.id', '=', messageId)
    .execute();
  return original;
}

export async function addVersion(
  db: Kysely<Tables>,
  messageId: string,
  v: { body: string; change: 'corrected' | 'withdrawn'; reason: string; userId: string; now: Date },
): Promise<void> {
  const last = await db
    .selectFrom('messageVersions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('messageId', '=', messageId)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('messageVersions')
    .values({
      messageId,
      version: (last.v ?? 0) + 1,
      body: v.body,
      change: v.change,
      reason: v.reason,
      changedByUserId: v.userId,
      changedAt: v.now,
    })
    .execute();
  await db
    .updateTable('messages')
    .set({ status: v.change, updatedAt: v.now, ...(v.change === 'corrected' ? { body: v.body } : {}) })
    .where('id', '=', messageId)
    .execute();
}

/** The caller's notifications of messages up to a read position are settled by reading them. */
export async function markMessageNotificationsRead(
  db: Kysely<Tables>,
  userId: string,
  personId: string,
  upToSeq: string,
  now: Date,
): Promise<void> {
  await sql`update notifications n set read_at = ${now}
    where n.user_id = ${userId}::uuid and n.read_at is null and n.kind in ('message', 'mention')
      and n.person_id = ${personId}::uuid
      and n.subject_id in (select m.id from messages m where m.person_id = ${personId}::uuid and m.seq <= ${upToSeq}::bigint)`.execute(
    db,
  );
}
