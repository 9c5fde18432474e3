import { planChangeAspects, type MonitoringBody } from '@tsunagu/contract';
import type { PersonGate } from '../../platform/access/person-guard.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import { formatJapaneseDate } from '../../platform/tokyo-time.ts';
import { renderMonitoringPdf } from './monitoring-pdf.ts';
import type { PlanGuard } from './plan-guard.ts';
import { clean } from './plan-rules.ts';
import { contentOf, targetsOf, toMonitoring, toVersion } from './plan-views.ts';
import * as repo from './plans.repository.ts';

/**
 * モニタリング of the version in force and its モニタリング報告書: per goal, what the providers report,
 * what the person says, how far the goal came, what next, and whether the plan must change.
 */
export function createPlanMonitoring(deps: Deps, guard: PlanGuard) {
  const { db, clock } = deps;

  return {
    /** Records a monitoring of the version in force; answers the gate, for the plan to be read back. */
    async monitor(ctx: RequestContext, planId: string, body: MonitoringBody): Promise<PersonGate> {
      const { gate, row } = await guard.openPlan(ctx, planId, 'plan.monitor');
      await guard.requirePlanAbility(ctx, gate, row, 'plan.monitor');
      if (row.kind === 'crisis')
        throw new Invalid('id', 'クライシスプランにはモニタリングを記録しません。', 'WRONG_PLAN_KIND');
      if (row.currentVersion === null || row.currentPlanDate === null)
        throw new Conflict('PLAN_NOT_CONFIRMED', 'モニタリングは確定した計画について記録します。');
      if (body.monitoredOn > gate.scope.today)
        throw new Invalid('monitoredOn', 'モニタリング実施日に未来の日付は指定できません。');
      if (body.monitoredOn < row.currentPlanDate)
        throw new Invalid(
          'monitoredOn',
          `モニタリング実施日は計画作成日（${formatJapaneseDate(row.currentPlanDate)}）以降にしてください。`,
          'DATE_BEFORE_PLAN',
        );
      const current = (await repo.listVersions(db, planId)).find((v) => v.version === row.currentVersion)!;
      const targets = targetsOf(contentOf(row.kind, current.content));
      const seen = new Set<string>();
      body.progress.forEach((p, i) => {
        if (!targets.has(p.targetId))
          throw new Invalid(`progress.${i}.targetId`, 'この計画にその目標はありません。', 'UNKNOWN_GOAL');
        if (seen.has(p.targetId))
          throw new Invalid(`progress.${i}.targetId`, '同じ目標が二度含まれています。');
        seen.add(p.targetId);
      });
      const personAccount = body.personAccount.trim();
      if (!personAccount)
        throw new Invalid('personAccount', '「本人の話（本人の言葉で）」(personAccount)を入力してください。');
      const progress = body.progress.map((p) => ({
        targetId: p.targetId,
        progress: p.progress,
        serviceStatus: clean(p.serviceStatus),
        personView: clean(p.personView),
        nextSteps: clean(p.nextSteps),
        changeServiceType: p.changeServiceType ?? false,
        changeServiceAmount: p.changeServiceAmount ?? false,
        changeWeeklyPlan: p.changeWeeklyPlan ?? false,
        note: clean(p.note),
      }));
      // A goal that asks for a change of service, amount or week is a plan that must change.
      const needsChange = body.needsChange || progress.some((p) => planChangeAspects.some((a) => p[a]));
      if (needsChange && !body.changeNote?.trim())
        throw new Invalid(
          'changeNote',
          '計画の変更が必要なときは、「変更が必要な点」(changeNote)を書いてください。',
        );
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        const id = await repo.insertMonitoring(trx, {
          planId,
          personId: row.personId,
          planVersion: row.currentVersion!,
          monitoredOn: body.monitoredOn,
          personAccount,
          overallStatus: clean(body.overallStatus),
          progress,
          needsChange,
          changeNote: clean(body.changeNote),
          userId: actor.userId,
          organisationId: actor.organisationId!,
          now: clock.now(),
        });
        await recordAudit(trx, ctx, {
          action: 'plan.monitor',
          targetType: 'plan_monitoring',
          targetId: id,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { planId, version: row.currentVersion, needsChange },
        });
      });
      return gate;
    },

    /** The モニタリング報告書 of one monitoring as an A4 PDF. */
    reportPdf: async (ctx: RequestContext, planId: string, monitoringId: string) => {
      const { gate, row } = await guard.openPlan(ctx, planId, 'plan.monitoring_pdf');
      const found = (await repo.listMonitorings(db, planId)).find((m) => m.id === monitoringId);
      if (!found) throw new NotFound('モニタリング');
      const versions = await repo.listVersions(db, planId);
      const monitored = versions.find((v) => v.version === found.planVersion)!;
      const latestConfirmed = versions.filter((v) => v.status === 'confirmed').at(-1)?.version ?? null;
      const content = contentOf(row.kind, monitored.content);
      const person = await repo.personName(db, row.personId);
      const data = await renderMonitoringPdf({
        personName: person?.name ?? '',
        organisationName: row.organisationName,
        version: { ...toVersion(monitored, latestConfirmed), content },
        monitoring: toMonitoring(found, targetsOf(content)),
      });
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'plan.monitoring_pdf',
          targetType: 'plan_monitoring',
          targetId: monitoringId,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
          details: { planId, version: found.planVersion },
        }),
      );
      return {
        filename: `モニタリング報告書_${person?.name.replace(/\s+/g, '') ?? ''}_${found.monitoredOn}.pdf`,
        contentType: 'application/pdf',
        data,
      };
    },
  };
}

export type PlanMonitoring = ReturnType<typeof createPlanMonitoring>;
