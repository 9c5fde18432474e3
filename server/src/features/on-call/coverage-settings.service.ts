import type { CoverageOrganisations, SetCoverageOrganisationsBody } from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import type { RegionsService } from '../regions/regions.service.ts';
import * as coverage from './coverage.repository.ts';
import { coverageDefiners } from './on-call.ts';

/**
 * 当番が必要な時間を決める機関: per region, the organisations whose business hours define the day
 * for the on-call coverage check (a minute needs cover whenever any of them is closed). Everyone
 * reads them beside the rota; a system administrator chooses them.
 */
export function createCoverageSettingsService(deps: Deps, { regions }: { regions: RegionsService }) {
  const { db } = deps;

  async function read(ctx: RequestContext, regionId: string): Promise<CoverageOrganisations> {
    if ((await regions.findMissing(ctx, [regionId])).length > 0) throw new NotFound('圏域');
    const { organisationIds, source } = await coverageDefiners(db, regionId);
    return { regionId, source, organisations: await coverage.organisationsNamed(db, organisationIds) };
  }

  return {
    read,

    async choose(
      ctx: RequestContext,
      regionId: string,
      body: SetCoverageOrganisationsBody,
    ): Promise<CoverageOrganisations> {
      await requireAbility(db, ctx, 'coverage.manage', { kind: 'global' });
      if ((await regions.findMissing(ctx, [regionId])).length > 0) throw new NotFound('圏域');
      const known = new Set((await coverage.organisationsNamed(db, body.organisationIds)).map((o) => o.id));
      const missing = body.organisationIds.findIndex((id) => !known.has(id));
      if (missing >= 0)
        throw new Invalid(`organisationIds.${missing}`, '機関が見つかりません。', 'UNKNOWN_ORGANISATION');
      await db.transaction().execute(async (trx) => {
        await coverage.replaceDefiners(trx, regionId, body.organisationIds);
        await recordAudit(trx, ctx, {
          action: 'coverage.manage',
          targetType: 'region',
          targetId: regionId,
          details: { organisationIds: body.organisationIds },
        });
      });
      return read(ctx, regionId);
    },
  };
}

export type CoverageSettingsService = ReturnType<typeof createCoverageSettingsService>;
