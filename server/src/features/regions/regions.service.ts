import {
  isInJapan,
  regionLevels,
  type CreateRegionBody,
  type Region,
  type RegionLevel,
  type UpdateRegionBody,
} from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Context, RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import * as repo from './regions.repository.ts';

const levelNames: Record<RegionLevel, string> = {
  prefecture: '都道府県',
  health_welfare_area: '障害保健福祉圏域',
  municipality: '市町村',
  daily_life_area: '日常生活圏域',
};

/** The level a child of `level` must have, one step down the tree. */
function childLevelOf(level: RegionLevel): RegionLevel | null {
  return regionLevels[regionLevels.indexOf(level) + 1] ?? null;
}

/**
 * The centre a body sets (undefined: unchanged). Both coordinates come together, or both null to
 * clear them; a point outside Japan is refused (a slip, often the two swapped).
 */
function centreOf(body: UpdateRegionBody): repo.Centre | undefined {
  const { centreLatitude: lat, centreLongitude: lng } = body;
  if (lat === undefined && lng === undefined) return undefined;
  if ((lat ?? null) === null && (lng ?? null) === null)
    return { centreLatitude: null, centreLongitude: null };
  if (lat === undefined || lat === null || lng === undefined || lng === null)
    throw new Invalid(
      lat === undefined || lat === null ? 'centreLatitude' : 'centreLongitude',
      '中心の緯度と経度は両方を入力してください（消すときは両方を空に）。',
      'CENTRE_INCOMPLETE',
    );
  if (!isInJapan(lat, lng))
    throw new Invalid(
      'centreLatitude',
      '中心の緯度・経度が日本の範囲（北緯20〜46度、東経122〜154度）にありません。緯度と経度が入れ替わっていないか確かめてください。',
      'CENTRE_OUTSIDE_JAPAN',
    );
  return { centreLatitude: lat, centreLongitude: lng };
}

/** 圏域: read by everyone signed in, managed by system admins. */
export function createRegionsService(deps: Deps) {
  const { db, clock } = deps;
  return {
    async list(ctx: RequestContext): Promise<Region[]> {
      await requireAbility(db, ctx, 'region.read');
      return repo.listRegions(db);
    },

    /** Regions exist exactly where a caller says they are used; used by the organisations feature. */
    async findMissing(_ctx: Context, ids: readonly string[]): Promise<string[]> {
      const found = await repo.existingRegionIds(db, ids);
      return ids.filter((id) => !found.has(id));
    },

    async create(ctx: RequestContext, body: CreateRegionBody): Promise<Region> {
      await requireAbility(db, ctx, 'region.manage');
      const parentId = body.parentId ?? null;
      const centre = centreOf(body);
      if (body.level === 'prefecture') {
        if (parentId) throw new Invalid('parentId', '都道府県には上位の圏域を指定できません。');
      } else {
        if (!parentId) throw new Invalid('parentId', `${levelNames[body.level]}には上位の圏域が必要です。`);
        const parent = await repo.findRegion(db, parentId);
        if (!parent) throw new Invalid('parentId', '上位の圏域が見つかりません。', 'UNKNOWN_PARENT');
        if (childLevelOf(parent.level) !== body.level) {
          const expected = childLevelOf(parent.level);
          throw new Invalid(
            'level',
            expected
              ? `${levelNames[parent.level]}の下には${levelNames[expected]}だけを作れます。`
              : `${levelNames[parent.level]}の下には圏域を作れません。`,
            'WRONG_LEVEL',
          );
        }
      }
      return db
        .transaction()
        .execute(async (trx) => {
          const region = await repo.insertRegion(trx, {
            parentId,
            level: body.level,
            name: body.name.trim(),
            kana: body.kana ?? null,
            code: body.code ?? null,
            centre,
            now: clock.now(),
          });
          await recordAudit(trx, ctx, {
            action: 'region.create',
            targetType: 'region',
            targetId: region.id,
            details: { name: region.name },
          });
          return region;
        })
        .catch(rethrowDuplicateName);
    },

    async update(ctx: RequestContext, id: string, body: UpdateRegionBody): Promise<Region> {
      await requireAbility(db, ctx, 'region.manage', { kind: 'global' }, { type: 'region', id });
      const centre = centreOf(body);
      return db
        .transaction()
        .execute(async (trx) => {
          const region = await repo.updateRegion(trx, id, {
            ...centre,
            ...(body.name !== undefined ? { name: body.name.trim() } : {}),
            ...(body.kana !== undefined ? { kana: body.kana } : {}),
            ...(body.code !== undefined ? { code: body.code } : {}),
            now: clock.now(),
          });
          if (!region) throw new NotFound('圏域');
          await recordAudit(trx, ctx, {
            action: 'region.update',
            targetType: 'region',
            targetId: id,
            details: { changed: Object.keys(body) },
          });
          return region;
        })
        .catch(rethrowDuplicateName);
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await requireAbility(db, ctx, 'region.manage', { kind: 'global' }, { type: 'region', id });
      await db.transaction().execute(async (trx) => {
        if (!(await repo.findRegion(trx, id))) throw new NotFound('圏域');
        if (await repo.isRegionInUse(trx, id)) {
          throw new Conflict('REGION_IN_USE', 'この圏域には下位の圏域か担当機関があるため削除できません。');
        }
        await repo.deleteRegion(trx, id);
        await recordAudit(trx, ctx, { action: 'region.delete', targetType: 'region', targetId: id });
      });
    },
  };
}

function rethrowDuplicateName(error: unknown): never {
  if ((error as { code?: string }).code === '23505') {
    throw new Conflict('DUPLICATE_REGION_NAME', '同じ上位の圏域に同じ名前の圏域があります。', 'name');
  }
  throw error;
}

export type RegionsService = ReturnType<typeof createRegionsService>;
