import type {
  BusinessHoursRange,
  CreateOrganisationBody,
  Organisation,
  OrganisationListQuery,
  UpdateOrganisationBody,
} from '@tsunagu/contract';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import { can } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import * as repo from './organisations.repository.ts';

const minutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Each range must open before it closes, and ranges of one weekday must not overlap. */
export function checkBusinessHours(hours: readonly BusinessHoursRange[]): void {
  hours.forEach((h, i) => {
    if (minutes(h.opensAt) >= minutes(h.closesAt)) {
      throw new Invalid(
        `businessHours.${i}.closesAt`,
        `営業時間の終了時刻（${h.closesAt}）は開始時刻（${h.opensAt}）より後にしてください。`,
      );
    }
  });
  const sorted = hours
    .map((h, i) => ({ ...h, i }))
    .sort((a, b) => a.weekday - b.weekday || minutes(a.opensAt) - minutes(b.opensAt));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (prev.weekday === cur.weekday && minutes(cur.opensAt) < minutes(prev.closesAt)) {
      throw new Invalid(`businessHours.${cur.i}.opensAt`, '同じ曜日の営業時間が重なっています。');
    }
  }
}

function toOrganisation(row: repo.OrganisationRow, actor: Actor): Organisation {
  const resource = { kind: 'organisation', organisationId: row.id } as const;
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    businessHours: row.businessHours.map((h) => ({
      weekday: h.weekday,
      opensAt: h.opensAt.slice(0, 5),
      closesAt: h.closesAt.slice(0, 5),
    })),
    abilities: {
      update: can(actor, 'organisation.update', resource),
      delete: can(actor, 'organisation.delete', resource),
      manageStaff: can(actor, 'membership.manage', resource),
    },
  };
}

function normalisePostal(code: string | null | undefined): string | null | undefined {
  if (code === undefined || code === null) return code;
  const digits = code.replace('-', '');
  return `${digits.slice(0, 3)}-${digits.slice(3)}`;
}

/** 機関: the region's directory, readable by everyone signed in; changed by admins. */
export function createOrganisationsService(deps: Deps, { regions }: { regions: RegionsService }) {
  const { db, clock } = deps;

  async function checkRegions(ctx: RequestContext, regionIds: readonly string[] | undefined): Promise<void> {
    if (!regionIds) return;
    const missing = await regions.findMissing(ctx, regionIds);
    if (missing.length > 0) {
      const index = regionIds.indexOf(missing[0]!);
      throw new Invalid(`regionIds.${index}`, `担当圏域 ${missing[0]} が見つかりません。`, 'UNKNOWN_REGION');
    }
  }

  async function get(ctx: RequestContext, id: string): Promise<Organisation> {
    const row = await repo.findOrganisation(db, id);
    if (!row) throw new NotFound('機関');
    return toOrganisation(row, actorOf(ctx));
  }

  return {
    get,

    async list(
      ctx: RequestContext,
      query: OrganisationListQuery,
    ): Promise<{ organisations: Organisation[]; total: number }> {
      const actor = actorOf(ctx);
      const { rows, total } = await repo.listOrganisations(db, query);
      return { organisations: rows.map((r) => toOrganisation(r, actor)), total };
    },

    /**
     * Writes an organisation's regions and weekly hours inside the caller's transaction: the
     * directory keeps its entries' areas and hours in the same tables.
     */
    async writeRegionsAndHours(
      trx: Kysely<Tables>,
      _ctx: RequestContext,
      id: string,
      what: {
        regionIds?: readonly string[] | undefined;
        businessHours?: readonly BusinessHoursRange[] | undefined;
      },
    ): Promise<void> {
      if (what.regionIds) await repo.replaceRegions(trx, id, what.regionIds);
      if (what.businessHours) await repo.replaceBusinessHours(trx, id, what.businessHours);
    },

    /** Whether an organisation exists: other features ask before they refer to one. */
    async exists(_ctx: RequestContext, id: string): Promise<boolean> {
      return (await repo.findOrganisation(db, id)) !== undefined;
    },

    async create(ctx: RequestContext, body: CreateOrganisationBody): Promise<Organisation> {
      await requireAbility(db, ctx, 'organisation.create');
      checkBusinessHours(body.businessHours);
      await checkRegions(ctx, body.regionIds);
      const id = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const id = await repo.insertOrganisation(
          trx,
          {
            name: body.name.trim(),
            kana: body.kana.trim(),
            sector: body.sector,
            kind: body.kind,
            postalCode: normalisePostal(body.postalCode) ?? null,
            address: body.address ?? null,
            phone: body.phone ?? null,
            fax: body.fax ?? null,
          },
          now,
        );
        await repo.replaceRegions(trx, id, body.regionIds);
        await repo.replaceBusinessHours(trx, id, body.businessHours);
        await recordAudit(trx, ctx, {
          action: 'organisation.create',
          targetType: 'organisation',
          targetId: id,
          details: { name: body.name },
        });
        return id;
      });
      return get(ctx, id);
    },

    async update(ctx: RequestContext, id: string, body: UpdateOrganisationBody): Promise<Organisation> {
      if (!(await repo.findOrganisation(db, id))) throw new NotFound('機関');
      await requireAbility(db, ctx, 'organisation.update', { kind: 'organisation', organisationId: id });
      if (body.businessHours) checkBusinessHours(body.businessHours);
      await checkRegions(ctx, body.regionIds);
      await db.transaction().execute(async (trx) => {
        const { regionIds, businessHours, postalCode, ...fields } = body;
        await repo.updateOrganisation(
          trx,
          id,
          {
            ...fields,
            ...(postalCode !== undefined ? { postalCode: normalisePostal(postalCode) ?? null } : {}),
          },
          clock.now(),
        );
        if (regionIds) await repo.replaceRegions(trx, id, regionIds);
        if (businessHours) await repo.replaceBusinessHours(trx, id, businessHours);
        await recordAudit(trx, ctx, {
          action: 'organisation.update',
          targetType: 'organisation',
          targetId: id,
          details: { changed: Object.keys(body) },
        });
      });
      return get(ctx, id);
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      if (!(await repo.findOrganisation(db, id))) throw new NotFound('機関');
      await requireAbility(db, ctx, 'organisation.delete', { kind: 'organisation', organisationId: id });
      await db.transaction().execute(async (trx) => {
        if (await repo.hasMembers(trx, id)) {
          throw new Conflict(
            'ORGANISATION_HAS_STAFF',
            'この機関には職員が所属しているため削除できません。先に所属を解除してください。',
          );
        }
        await repo.deleteOrganisation(trx, id);
        await recordAudit(trx, ctx, {
          action: 'organisation.delete',
          targetType: 'organisation',
          targetId: id,
        });
      });
    },
  };
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
