import type { AuditEvent, AuditQuery, AuditVerifyReport } from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { auditScope } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { verifyAuditLog } from '../../platform/audit/audit-verify.ts';
import { toCsv } from '../../platform/csv.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { isoTokyo } from '../../platform/tokyo-time.ts';
import * as repo from './audit-log.repository.ts';

/** The most rows one CSV export carries; narrow the filter for more. */
export const CSV_EXPORT_LIMIT = 100_000;

function toEvent(row: repo.AuditRow): AuditEvent {
  return { ...row, occurredAt: row.occurredAt.toISOString() };
}

function filtersOf(q: AuditQuery): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(q).filter(([k, v]) => v !== undefined && k !== 'limit' && k !== 'beforeSeq'),
  );
}

/** 監査ログの閲覧: admins read (and export) what happened; reading it is itself audited. */
export function createAuditLogService(deps: Deps) {
  const { db, config } = deps;
  return {
    async list(
      ctx: RequestContext,
      q: AuditQuery,
    ): Promise<{ events: AuditEvent[]; nextBeforeSeq: string | null }> {
      await requireAbility(db, ctx, 'audit.read');
      const limit = q.limit ?? 100;
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listAuditEvents(trx, auditScope(actorOf(ctx)), q, limit + 1);
        await recordAudit(trx, ctx, {
          action: 'audit.read',
          details: { filters: filtersOf(q), returned: Math.min(rows.length, limit) },
        });
        const page = rows.slice(0, limit);
        return {
          events: page.map(toEvent),
          nextBeforeSeq: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
        };
      });
    },

    /** CSV through the shared writer (BOM so Excel opens the Japanese; formula cells neutralised), times ISO 8601 in Asia/Tokyo (+09:00). */
    async exportCsv(ctx: RequestContext, q: AuditQuery): Promise<string> {
      await requireAbility(db, ctx, 'audit.read');
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listAuditEvents(trx, auditScope(actorOf(ctx)), q, CSV_EXPORT_LIMIT);
        await recordAudit(trx, ctx, {
          action: 'audit.export',
          details: { filters: filtersOf(q), returned: rows.length },
        });
        const header = [
          'seq',
          '日時',
          '操作者',
          '操作者ID',
          '所属機関',
          '操作',
          '対象種別',
          '対象ID',
          '結果',
          'IPアドレス',
          'リクエストID',
          '詳細',
          '封印済み',
        ];
        const body = rows.map((r) => [
          r.seq,
          isoTokyo(r.occurredAt),
          r.actorName ?? '',
          r.actorUserId ?? '',
          r.actorOrganisationName ?? '',
          r.action,
          r.targetType ?? '',
          r.targetId ?? '',
          r.outcome,
          r.ip ?? '',
          r.requestId ?? '',
          r.details ? JSON.stringify(r.details) : '',
          r.sealed ? 'はい' : 'いいえ',
        ]);
        return toCsv(header, body);
      });
    },

    async verify(ctx: RequestContext): Promise<AuditVerifyReport> {
      await requireAbility(db, ctx, 'audit.verify');
      const report = await verifyAuditLog(db, {
        key: config.auditKey,
        checkpointFile: config.auditCheckpointFile,
      });
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'audit.verify',
          details: { ok: report.ok, problems: report.problems.map((p) => p.kind) },
        }),
      );
      return report;
    },
  };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
