import type { Kysely } from 'kysely';
import {
  EMERGENCY_DISCLOSURE_HOURS,
  emergencyExceptionArticles,
  type EmergencyExceptionInput,
  type InformationCategory,
  type OrganisationKind,
  type SenderKind,
} from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import type { UrgentPriority } from '../../db/tables-off-hours.ts';
import { tokyoDateOf } from '../../platform/access/person-access.ts';
import { allows } from '../../platform/access/policy.ts';
import type { UrgentCaseResource } from '../../platform/access/urgent-case-policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import { Forbidden } from '../../platform/errors.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import * as page from './case-page.repository.ts';

/**
 * 緊急時の例外 (README 夜間・休日の対応): a 緊急 message whose sender confirmed both conditions — it
 * is needed to protect the person's life or body, and the person's consent is difficult to obtain
 * — and gave a reason is shown to the case's responders whose consent does not reach its category.
 * It is recorded with the article it rests on: a public body (市町村, 保健所, 精神保健福祉センター)
 * follows 個人情報保護法 第69条第2項, any other organisation 第27条第1項第2号; with both conditions, the
 * reason and its end (EMERGENCY_DISCLOSURE_HOURS after it starts). The team lead is told at once.
 */

/** Organisation kinds that are public bodies (行政機関等) for the article. */
const publicBodyKinds: ReadonlySet<OrganisationKind> = new Set([
  'municipal_disability_welfare_division',
  'public_health_center',
  'mental_health_welfare_center',
]);

export const senderKindOf = (kind: OrganisationKind): SenderKind =>
  publicBodyKinds.has(kind) ? 'public' : 'private';

/** The article an exception by an organisation of this kind rests on. */
export const exceptionArticleFor = (kind: OrganisationKind): string =>
  emergencyExceptionArticles[senderKindOf(kind)];

/** Records the exception with its case (in the case's transaction) and tells the team lead. */
export async function recordEmergencyDisclosure(
  trx: Kysely<Tables>,
  ctx: RequestContext,
  notifications: NotificationsService,
  o: {
    caseId: string;
    personId: string;
    category: InformationCategory;
    priority: UrgentPriority;
    exception: EmergencyExceptionInput;
    now: Date;
  },
): Promise<void> {
  const actor = actorOf(ctx);
  const opening: UrgentCaseResource = {
    kind: 'urgent_case',
    status: 'open',
    priority: o.priority,
    openedByOrganisationId: actor.organisationId ?? '',
    hasPerson: true,
    category: o.category,
    view: null,
  };
  // The message was checked (urgentMessageProblem): a refusal here is a caller's mistake, and the
  // whole case rolls back with it (so no denial row either: it would roll back too).
  if (!allows(ctx, 'urgent_case.disclose', opening)) throw new Forbidden();
  const sender = await page.organisationCard(trx, actor.organisationId!);
  const senderKind = senderKindOf(sender!.kind);
  const article = emergencyExceptionArticles[senderKind];
  const reason = o.exception.reason.trim();
  await page.insertDisclosure(trx, {
    caseId: o.caseId,
    personId: o.personId,
    category: o.category,
    article,
    senderKind,
    reason,
    startsAt: o.now,
    endsAt: new Date(o.now.getTime() + EMERGENCY_DISCLOSURE_HOURS * 3_600_000),
    recordedByUserId: actor.userId,
    recordedByOrganisationId: actor.organisationId!,
  });
  await recordAudit(trx, ctx, {
    action: 'urgent.disclose',
    targetType: 'urgent_case',
    targetId: o.caseId,
    personId: o.personId,
    details: {
      article,
      category: o.category,
      protectsLifeOrBody: true,
      consentDifficult: true,
      reason,
      hours: EMERGENCY_DISCLOSURE_HOURS,
    },
  });
  const lead = (await page.teamLeadStaff(trx, o.personId, tokyoDateOf(o.now))).filter(
    (u) => u !== actor.userId,
  );
  await notifications.notify(trx, ctx, lead, {
    kind: 'urgent_disclosure',
    personId: o.personId,
    subjectId: o.caseId,
    priority: 'emergency',
    atOnce: true,
    payload: { caseId: o.caseId, organisationId: actor.organisationId, article },
  });
}
