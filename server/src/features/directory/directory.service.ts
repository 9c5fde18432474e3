import {
  accessibilityFeatures,
  directoryLanguages,
  isInJapan,
  type AccessibilityFeature,
  type DirectoryLanguage,
} from '@tsunagu/contract';
import type {
  CreateDirectoryEntryBody,
  DirectoryCategory,
  DirectoryEntry,
  DirectoryEntrySummary,
  DirectorySearchQuery,
  DirectorySearchResult,
  Sector,
  UpdateDirectoryEntryBody,
} from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { can } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import { searchKey } from '../../platform/text/search-key.ts';
import { tokyoDate, tokyoMinutes, weekdayOf } from '../../platform/tokyo-time.ts';
import { holidayOn, isOpen, isYearEnd } from '../calendars/calendar.ts';
import { checkBusinessHours, type OrganisationsService } from '../organisations/organisations.service.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import * as repo from './directory.repository.ts';
import * as search from './directory-search.repository.ts';

/** The sector an entry's category files it under when it is entered through the directory. */
const sectorOfCategory: Record<DirectoryCategory, Sector> = {
  medical: 'medical',
  disability_welfare: 'welfare',
  long_term_care: 'long_term_care',
  housing: 'housing',
  employment: 'employment',
  consultation: 'welfare',
  mutual_help: 'community',
};

/** The Tokyo calendar facts of an instant, for the SQL opening rule. */
export function openingMoment(instant: Date): search.OpeningMoment {
  const date = tokyoDate(instant);
  const minutes = tokyoMinutes(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date,
    weekday: weekdayOf(date),
    time: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`,
    monthDay: date.slice(5),
    isHoliday: holidayOn(date) !== null,
    isYearEnd: isYearEnd(date),
  };
}

const isAccessibility = (v: string): v is AccessibilityFeature =>
  (accessibilityFeatures as readonly string[]).includes(v);
const isLanguage = (v: string): v is DirectoryLanguage =>
  (directoryLanguages as readonly string[]).includes(v);

function toSummary(row: search.SearchRow): DirectoryEntrySummary {
  const { total: _total, confirmedAt, ...rest } = row;
  return { ...rest, confirmedAt: confirmedAt.toISOString() };
}

/**
 * 地域の社会資源: search over every organisation of the region (registered, imported or entered by
 * hand), an entry's page, and corrections by its own organisation or an administrator.
 * Directory data is about organisations, never about persons: reads are not audited, writes are.
 */
export function createDirectoryService(
  deps: Deps,
  { regions, organisations }: { regions: RegionsService; organisations: OrganisationsService },
) {
  const { db, clock } = deps;

  async function pointOf(query: DirectorySearchQuery): Promise<search.SearchPoint | null> {
    if ((query.latitude === undefined) !== (query.longitude === undefined)) {
      const field = query.latitude === undefined ? 'latitude' : 'longitude';
      throw new Invalid(field, '緯度と経度は両方を指定してください。');
    }
    if (query.latitude !== undefined && query.longitude !== undefined)
      return { latitude: query.latitude, longitude: query.longitude };
    const from = query.nearOrganisationId
      ? { field: 'nearOrganisationId', of: { organisationId: query.nearOrganisationId }, what: '機関' }
      : query.nearRegionId
        ? { field: 'nearRegionId', of: { regionId: query.nearRegionId }, what: '圏域' }
        : null;
    if (!from) return null;
    const { found, point } = await search.pointOf(db, from.of);
    if (!found)
      throw new Invalid(from.field, `距離の基準にする${from.what}が見つかりません。`, 'UNKNOWN_ORIGIN');
    if (!point)
      throw new Invalid(
        from.field,
        `距離の基準にする${from.what}に緯度・経度が登録されていません。`,
        'NO_COORDINATES',
      );
    return point;
  }

  async function get(ctx: RequestContext, id: string): Promise<DirectoryEntry> {
    const row = await repo.findEntry(db, id);
    if (!row) throw new NotFound('機関');
    const actor = actorOf(ctx);
    const resource = { kind: 'organisation', organisationId: id } as const;
    const now = clock.now();
    const open = await isOpen(db, id, now);
    const {
      confirmedByUserId,
      confirmedByName,
      lastImportId,
      confirmedAt,
      businessHours,
      hoursText,
      accessibility,
      languages,
      ...rest
    } = row;
    return {
      ...rest,
      accessibility: accessibility.filter(isAccessibility),
      languages: languages.filter(isLanguage),
      hoursText: hoursText ?? null,
      isOpen: open,
      distanceMetres: null,
      confirmedAt: confirmedAt.toISOString(),
      confirmedBy:
        confirmedByUserId && confirmedByName ? { userId: confirmedByUserId, name: confirmedByName } : null,
      confirmedByImport: confirmedByUserId === null && lastImportId !== null,
      businessHours: businessHours.map((h) => ({
        weekday: h.weekday,
        opensAt: h.opensAt.slice(0, 5),
        closesAt: h.closesAt.slice(0, 5),
      })),
      abilities: {
        edit: can(actor, 'directory.edit', resource),
        confirm: can(actor, 'directory.edit', resource),
      },
    };
  }

  async function checkEntry(ctx: RequestContext, body: UpdateDirectoryEntryBody): Promise<void> {
    if (body.businessHours) checkBusinessHours(body.businessHours);
    if (body.regionIds) {
      const missing = await regions.findMissing(ctx, body.regionIds);
      if (missing.length > 0)
        throw new Invalid(
          `regionIds.${body.regionIds.indexOf(missing[0]!)}`,
          `担当圏域 ${missing[0]} が見つかりません。`,
          'UNKNOWN_REGION',
        );
    }
  }

  function fieldsOf(body: CreateDirectoryEntryBody): repo.EntryFields {
    // 連絡方法: a sheet for an office reached by FAX needs a number to be sent to.
    if (body.preferredChannel === 'fax' && !body.fax)
      throw new Invalid('fax', 'FAXでの連絡を希望する機関には、FAX番号を入力してください。', 'FAX_REQUIRED');
    const latitude = body.latitude ?? null;
    const longitude = body.longitude ?? null;
    if ((latitude === null) !== (longitude === null))
      throw new Invalid(latitude === null ? 'latitude' : 'longitude', '緯度と経度は両方を入力してください。');
    if (latitude !== null && longitude !== null && !isInJapan(latitude, longitude))
      throw new Invalid(
        'latitude',
        '緯度・経度が日本の範囲（北緯20〜46度、東経122〜154度）にありません。緯度と経度が入れ替わっていないか確かめてください。',
        'COORDINATES_OUTSIDE_JAPAN',
      );
    return {
      name: body.name.trim(),
      kana: body.kana.trim(),
      kind: body.kind,
      sector: sectorOfCategory[body.category],
      directoryCategory: body.category,
      serviceTypes: body.serviceTypes,
      remits: body.remits,
      address: body.address ?? null,
      latitude,
      longitude,
      phone: body.phone ?? null,
      fax: body.fax ?? null,
      url: body.url ?? null,
      capacity: body.capacity ?? null,
      accessibility: body.accessibility ?? [],
      languages: body.languages ?? [],
      referralNote: body.referralNote ?? null,
      acceptsNewUsers: body.acceptsNewUsers ?? null,
      offersTrialStay: body.offersTrialStay ?? false,
      closesOnHolidays: body.closesOnHolidays ?? true,
      hoursText: body.hoursText ?? null,
      directoryNotes: body.notes ?? null,
    };
  }

  return {
    get,

    async search(ctx: RequestContext, query: DirectorySearchQuery): Promise<DirectorySearchResult> {
      const at = query.at ? new Date(query.at) : clock.now();
      const point = await pointOf(query);
      if (query.withinKm !== undefined && !point)
        throw new Invalid(
          'withinKm',
          '距離で絞り込むには、基準の場所（機関・圏域・緯度経度）を指定してください。',
        );
      if (query.sort === 'distance' && !point)
        throw new Invalid('sort', '距離順には、基準の場所（機関・圏域・緯度経度）を指定してください。');
      let regionIds: string[] | null = null;
      if (query.regionId) {
        if ((await regions.findMissing(ctx, [query.regionId])).length > 0)
          throw new Invalid('regionId', '圏域が見つかりません。', 'UNKNOWN_REGION');
        regionIds = await search.regionFamily(db, query.regionId);
      }
      const rows = await search.searchDirectory(db, {
        query,
        key: searchKey(query.q ?? ''),
        moment: openingMoment(at),
        point,
        regionIds,
      });
      return { entries: rows.map(toSummary), total: rows[0]?.total ?? 0, at: at.toISOString() };
    },

    /** An entry entered by hand (an organisation without accounts) by a system administrator. */
    async create(ctx: RequestContext, body: CreateDirectoryEntryBody): Promise<DirectoryEntry> {
      await requireAbility(db, ctx, 'organisation.create');
      await checkEntry(ctx, body);
      const fields = fieldsOf(body);
      const actor = actorOf(ctx);
      const id = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const id = await repo.insertEntry(
          trx,
          { ...fields, entrySource: 'manual' },
          { userId: actor.userId, now },
        );
        await organisations.writeRegionsAndHours(trx, ctx, id, {
          regionIds: body.regionIds,
          businessHours: body.businessHours ?? [],
        });
        if (body.preferredChannel)
          await repo.setPreferredChannel(trx, id, body.preferredChannel, {
            userId: actor.userId,
            now,
            usesTsunagu: false,
            fax: fields.fax,
          });
        await recordAudit(trx, ctx, {
          action: 'directory.entry_create',
          targetType: 'organisation',
          targetId: id,
          details: { name: fields.name },
        });
        return id;
      });
      return get(ctx, id);
    },

    /** A correction by the entry's organisation or an administrator; it confirms the entry too. */
    async update(ctx: RequestContext, id: string, body: UpdateDirectoryEntryBody): Promise<DirectoryEntry> {
      const current = await get(ctx, id);
      await requireAbility(db, ctx, 'directory.edit', { kind: 'organisation', organisationId: id });
      await checkEntry(ctx, body);
      const merged: CreateDirectoryEntryBody = {
        name: current.name,
        kana: current.kana,
        kind: current.kind,
        category: current.category,
        serviceTypes: current.serviceTypes,
        remits: current.remits,
        regionIds: current.regionIds,
        address: current.address,
        latitude: current.latitude,
        longitude: current.longitude,
        phone: current.phone,
        fax: current.fax,
        url: current.url,
        capacity: current.capacity,
        accessibility: current.accessibility,
        languages: current.languages,
        referralNote: current.referralNote,
        acceptsNewUsers: current.acceptsNewUsers,
        offersTrialStay: current.offersTrialStay,
        closesOnHolidays: current.closesOnHolidays,
        hoursText: current.hoursText,
        notes: current.notes,
        ...body,
      };
      const fields = {
        ...fieldsOf(merged),
        sector: body.category ? sectorOfCategory[body.category] : current.sector,
      };
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await repo.updateEntry(trx, id, fields, { userId: actor.userId, now });
        await organisations.writeRegionsAndHours(trx, ctx, id, body);
        if (body.preferredChannel)
          await repo.setPreferredChannel(trx, id, body.preferredChannel, {
            userId: actor.userId,
            now,
            usesTsunagu: current.isOnTsunagu,
            fax: fields.fax,
          });
        await recordAudit(trx, ctx, {
          action: 'directory.entry_update',
          targetType: 'organisation',
          targetId: id,
          details: { changed: Object.keys(body) },
        });
      });
      return get(ctx, id);
    },

    /** 「内容を確認しました」: still true as it stands, checked now by the caller. */
    async confirm(ctx: RequestContext, id: string): Promise<DirectoryEntry> {
      await get(ctx, id);
      await requireAbility(db, ctx, 'directory.edit', { kind: 'organisation', organisationId: id });
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        await repo.confirmEntry(trx, id, { userId: actor.userId, now: clock.now() });
        await recordAudit(trx, ctx, {
          action: 'directory.entry_confirm',
          targetType: 'organisation',
          targetId: id,
        });
      });
      return get(ctx, id);
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
