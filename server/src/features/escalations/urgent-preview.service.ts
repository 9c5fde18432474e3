import type { InformationCategory, UrgentPreview } from '@tsunagu/contract';
import { audienceOf } from '../../platform/access/person-access.ts';
import { openPerson, requirePersonAbility } from '../../platform/access/person-guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { onCallAt } from '../on-call/on-call.ts';
import * as page from './case-page.repository.ts';
import { exceptionArticleFor } from './emergency-exception.ts';
import * as repo from './escalations.repository.ts';
import { stepLabels, teamTargets } from './step-targets.ts';

/**
 * Before a 至急・緊急 message is sent, the composer says who will receive it and whether they can
 * read the chosen category: the first steps resolved as they would be now (the team's open
 * offices — through whoever is on duty there — then the region's on-call primary, not asked twice),
 * each organisation checked against the person's consent for that category; then the labels of
 * the later steps. Decided again when the steps fire: this is what the sender sees, not a plan.
 */
export function createUrgentPreviewService(deps: Deps) {
  const { db, clock } = deps;

  return {
    async preview(
      ctx: RequestContext,
      personId: string,
      category: InformationCategory,
    ): Promise<UrgentPreview> {
      const gate = await openPerson(deps, ctx, personId, 'urgent.preview');
      await requirePersonAbility(deps, ctx, gate, 'message.post', { category });
      // Who is reached and whether they may read it are read in the audit row's transaction.
      return db.transaction().execute(async (trx) => {
        const asker = actorOf(ctx).organisationId!;
        const now = clock.now();
        const team = (await teamTargets(trx, [{ personId, askingOrganisationId: asker }], now)).get(
          `${personId}:${asker}`,
        );
        const regionId = (await repo.personRegion(trx, personId))?.regionId ?? null;
        const onCall = regionId ? await onCallAt(trx, regionId, now) : null;
        const askedOnCall = onCall?.primary && !team?.shiftIds.includes(onCall.shift.id) ? onCall : null;
        const audience = await audienceOf(
          trx,
          { personId, category, recordedByOrganisationId: asker },
          { today: gate.scope.today, now },
        );
        const reached = [
          ...(team?.reached ?? []).map((r) => ({ step: 'team' as const, ...r })),
          ...(askedOnCall
            ? [
                {
                  step: 'on_call_primary' as const,
                  userId: askedOnCall.primary!.userId,
                  organisationId: askedOnCall.shift.organisationId,
                },
              ]
            : []),
        ];
        const userNames = new Map(
          (await repo.userNames(trx, [...new Set(reached.map((r) => r.userId))])).map((u) => [
            u.id,
            u.displayName,
          ]),
        );
        const orgNames = new Map(
          (
            await repo.organisationNames(
              trx,
              reached.flatMap((r) => (r.organisationId ? [r.organisationId] : [])),
            )
          ).map((o) => [o.id, o.name]),
        );
        // One line per step and organisation, naming whom it reaches there.
        const lines = new Map<string, UrgentPreview['recipients'][number]>();
        for (const r of reached) {
          const key = `${r.step}:${r.organisationId ?? ''}`;
          const line = lines.get(key) ?? {
            step: r.step,
            organisationId: r.organisationId,
            organisationName: r.organisationId ? (orgNames.get(r.organisationId) ?? '') : '',
            names: [],
            canRead: r.organisationId !== null && audience.organisationIds.has(r.organisationId),
          };
          line.names.push(userNames.get(r.userId) ?? '');
          lines.set(key, line);
        }
        const later = [
          ...(regionId ? [stepLabels.on_call_backup] : []),
          ...(await repo.tiersFor(trx, regionId)).map((t) => t.label),
        ];
        const sender = await page.organisationCard(trx, asker);
        await recordAudit(trx, ctx, {
          action: 'urgent.preview',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
          details: { category, recipients: lines.size },
        });
        return {
          recipients: [...lines.values()],
          later,
          organisationPhone: sender?.phone ?? null,
          exceptionArticle: exceptionArticleFor(sender!.kind),
        };
      });
    },
  };
}

export type UrgentPreviewService = ReturnType<typeof createUrgentPreviewService>;
