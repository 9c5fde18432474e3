import { sql, type Kysely } from 'kysely';
import type { ImportFormat, ImportStatus } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { searchKey } from '../../platform/text/search-key.ts';
import { detailKeyOf } from './directory.repository.ts';
import type { ImportedEntry, RowRejection } from './import-rows.ts';

/** The municipalities of the installation, to place imported rows. */
export function listMunicipalities(db: Kysely<Tables>) {
  return db
    .selectFrom('regions')
    .select(['id', 'name', 'code'])
    .where('level', '=', 'municipality')
    .execute();
}

/**
 * Writes a batch of imported rows, keyed by `source_key`, in set-based statements: a new key is
 * inserted, a known one whose fingerprint changed is rewritten, an unchanged one only confirmed.
 * Regions and weekly hours are replaced for the rows written. Returns how many were inserted
 * and updated (the rest were unchanged).
 */
export async function upsertEntries(
  db: Kysely<Tables>,
  importId: string,
  rows: readonly (ImportedEntry & { regionId: string | null })[],
  now: Date,
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const col = <T>(f: (r: ImportedEntry & { regionId: string | null }) => T) => rows.map(f);
  const written = await sql<{ id: string; sourceKey: string; isNew: boolean }>`
    insert into organisations (source_key, source_hash, name, kana, name_key, kana_key, detail_key, sector, kind,
      directory_category, entry_source, service_types, office_number, corporation_name, address, postal_code, phone,
      fax, url, latitude, longitude, capacity, hours_text, directory_notes, closes_on_holidays, last_import_id,
      confirmed_at, confirmed_by_user_id, created_at, updated_at)
    select t.source_key, t.source_hash, t.name, t.kana, t.name_key, t.kana_key, t.detail_key, 'welfare', t.kind,
      t.category, 'imported', case when t.service_type is null then '{}'::text[] else array[t.service_type] end,
      t.office_number, t.corporation_name, t.address, t.postal_code, t.phone, t.fax, t.url, t.latitude, t.longitude,
      t.capacity, t.hours_text::jsonb, t.notes, t.closes_on_holidays, ${importId}::uuid, ${now}::timestamptz, null,
      ${now}::timestamptz, ${now}::timestamptz
    from unnest(${col((r) => r.sourceKey)}::text[], ${col((r) => r.hash)}::text[], ${col((r) => r.name)}::text[],
      ${col((r) => r.kana)}::text[], ${col((r) => searchKey(r.name))}::text[], ${col((r) => searchKey(r.kana))}::text[],
      ${col((r) => detailKeyOf({ serviceTypes: r.serviceType ? [r.serviceType] : [], remits: [], notes: r.notes }))}::text[],
      ${col((r) => r.kind)}::text[], ${col((r) => r.category)}::text[], ${col((r) => r.serviceType)}::text[],
      ${col((r) => r.officeNumber)}::text[], ${col((r) => r.corporationName)}::text[], ${col((r) => r.address)}::text[],
      ${col((r) => r.postalCode)}::text[], ${col((r) => r.phone)}::text[], ${col((r) => r.fax)}::text[],
      ${col((r) => r.url)}::text[], ${col((r) => r.latitude)}::float8[], ${col((r) => r.longitude)}::float8[],
      ${col((r) => r.capacity)}::int[], ${col((r) => JSON.stringify(r.hoursText))}::text[], ${col((r) => r.notes)}::text[],
      ${col((r) => r.closesOnHolidays)}::bool[])
      as t(source_key, source_hash, name, kana, name_key, kana_key, detail_key, kind, category, service_type,
        office_number, corporation_name, address, postal_code, phone, fax, url, latitude, longitude, capacity,
        hours_text, notes, closes_on_holidays)
    on conflict (source_key) do update set
      source_hash = excluded.source_hash, name = excluded.name, kana = excluded.kana, name_key = excluded.name_key,
      kana_key = excluded.kana_key, detail_key = excluded.detail_key, kind = excluded.kind,
      directory_category = excluded.directory_category, service_types = excluded.service_types,
      office_number = excluded.office_number, corporation_name = excluded.corporation_name,
      address = excluded.address, postal_code = excluded.postal_code, phone = excluded.phone, fax = excluded.fax,
      url = excluded.url, latitude = excluded.latitude, longitude = excluded.longitude,
      capacity = excluded.capacity, hours_text = excluded.hours_text, directory_notes = excluded.directory_notes,
      closes_on_holidays = excluded.closes_on_holidays, last_import_id = excluded.last_import_id,
      confirmed_at = excluded.confirmed_at, confirmed_by_user_id = null, updated_at = excluded.updated_at
    where organisations.source_hash is distinct from excluded.source_hash
    returning id, source_key, (xmax = 0) as is_new`.execute(db);
  // Unchanged rows: still as published, so confirmed by this import.
  await sql`update organisations set confirmed_at = ${now}::timestamptz, confirmed_by_user_id = null,
      last_import_id = ${importId}::uuid
    where source_key = any(${col((r) => r.sourceKey)}::text[]) and last_import_id is distinct from ${importId}::uuid`.execute(
    db,
  );
  const ids = written.rows.map((r) => r.id);
  if (ids.length > 0) {
    const byKey = new Map(rows.map((r) => [r.sourceKey, r]));
    const regionPairs = written.rows.flatMap((w) => {
      const regionId = byKey.get(w.sourceKey)?.regionId;
      return regionId ? [[w.id, regionId] as const] : [];
    });
    await sql`delete from organisation_regions where organisation_id = any(${ids}::uuid[])`.execute(db);
    if (regionPairs.length > 0)
      await sql`insert into organisation_regions (organisation_id, region_id)
        select * from unnest(${regionPairs.map((p) => p[0])}::uuid[], ${regionPairs.map((p) => p[1])}::uuid[])`.execute(
        db,
      );
    // Hours the text could not give are left as they were (kept as text on the entry).
    const hours = written.rows.flatMap((w) => {
      const ranges = byKey.get(w.sourceKey)?.businessHours;
      return ranges ? ranges.map((h) => ({ id: w.id, ...h })) : [];
    });
    const parsed = written.rows.filter((w) => byKey.get(w.sourceKey)?.businessHours).map((w) => w.id);
    if (parsed.length > 0)
      await sql`delete from organisation_business_hours where organisation_id = any(${parsed}::uuid[])`.execute(
        db,
      );
    if (hours.length > 0)
      await sql`insert into organisation_business_hours (organisation_id, weekday, opens_at, closes_at)
        select * from unnest(${hours.map((h) => h.id)}::uuid[], ${hours.map((h) => h.weekday)}::int2[],
          ${hours.map((h) => h.opensAt)}::time[], ${hours.map((h) => h.closesAt)}::time[])`.execute(db);
  }
  const inserted = written.rows.filter((r) => r.isNew).length;
  return { inserted, updated: written.rows.length - inserted };
}

export async function insertImport(
  db: Kysely<Tables>,
  values: {
    format: ImportFormat;
    filename: string;
    encoding: string | null;
    mappingId: string | null;
    importsAllRegions: boolean;
    bytesTotal: number;
    startedByUserId: string | null;
    workerId: string;
    now: Date;
  },
): Promise<string> {
  const { now, ...rest } = values;
  const row = await db
    .insertInto('directoryImports')
    .values({
      ...rest,
      status: 'running',
      progressedAt: now,
      errorCode: null,
      errorMessage: null,
      createdAt: now,
      finishedAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a batch's counts to an import's progress. */
export async function addProgress(
  db: Kysely<Tables>,
  id: string,
  p: {
    bytesRead: number;
    rowsRead: number;
    inserted: number;
    updated: number;
    skipped: number;
    rejected: number;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable('directoryImports')
    .set((eb) => ({
      progressedAt: p.now,
      bytesRead: String(p.bytesRead),
      rowsRead: eb('rowsRead', '+', p.rowsRead),
      inserted: eb('inserted', '+', p.inserted),
      updated: eb('updated', '+', p.updated),
      skipped: eb('skipped', '+', p.skipped),
      rejected: eb('rejected', '+', p.rejected),
    }))
    .where('id', '=', id)
    .execute();
}

export async function insertRejections(
  db: Kysely<Tables>,
  importId: string,
  rejections: readonly RowRejection[],
) {
  if (rejections.length === 0) return;
  await db
    .insertInto('directoryImportRejections')
    .values(
      rejections.map((r) => ({ importId, line: r.line, code: r.code, field: r.field, message: r.message })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function finishImport(
  db: Kysely<Tables>,
  id: string,
  end: {
    status: Exclude<ImportStatus, 'running'>;
    errorCode?: string;
    errorMessage?: string;
    bytesRead?: number;
    now: Date;
  },
) {
  return db
    .updateTable('directoryImports')
    .set({
      status: end.status,
      errorCode: end.errorCode ?? null,
      errorMessage: end.errorMessage ?? null,
      finishedAt: end.now,
      ...(end.bytesRead !== undefined ? { bytesRead: String(end.bytesRead) } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks imports interrupted that no process reads any more: those of `workerId` (a process
 * starting again under the same name) and those whose last batch is older than `staleBefore`,
 * except the ones this process is reading now.
 */
export async function interruptImports(
  db: Kysely<Tables>,
  p: { workerId: string | null; staleBefore: Date; except: readonly string[]; message: string; now: Date },
): Promise<number> {
  const result = await db
    .updateTable('directoryImports')
    .set({
      status: 'interrupted',
      errorCode: 'IMPORT_INTERRUPTED',
      errorMessage: p.message,
      finishedAt: p.now,
    })
    .where('status', '=', 'running')
    .where((eb) =>
      eb.or([
        ...(p.workerId === null ? [] : [eb('workerId', '=', p.workerId)]),
        eb('progressedAt', '<', p.staleBefore),
        eb('progressedAt', 'is', null),
      ]),
    )
    .$if(p.except.length > 0, (q) => q.where('id', 'not in', p.except))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function findImport(db: Kysely<Tables>, id: string) {
  return db.selectFrom('directoryImports').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export function listImports(db: Kysely<Tables>) {
  return db.selectFrom('directoryImports').selectAll().orderBy('createdAt', 'desc').limit(50).execute();
}

export async function listRejections(db: Kysely<Tables>, importId: string, limit: number, offset: number) {
  const rows = await db
    .selectFrom('directoryImportRejections')
    .select(['line', 'code', 'field', 'message', sql<number>`(count(*) over ())::int`.as('total')])
    .where('importId', '=', importId)
    .orderBy('line')
    .orderBy('code')
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total: rows[0]?.total ?? 0 };
}

export function findMapping(db: Kysely<Tables>, id: string) {
  return db.selectFrom('directoryImportMappings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listMappings(db: Kysely<Tables>) {
  return db.selectFrom('directoryImportMappings').select(['id', 'name', 'columns']).orderBy('name').execute();
}

export async function saveMapping(
  db: Kysely<Tables>,
  m: { name: string; columns: Record<string, string>; userId: string; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('directoryImportMappings')
    .values({
      name: m.name,
      columns: JSON.stringify(m.columns),
      createdByUserId: m.userId,
      createdAt: m.now,
      updatedAt: m.now,
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ columns: JSON.stringify(m.columns), updatedAt: m.now }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
