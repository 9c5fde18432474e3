import { AuditPage, AuditQuery, AuditVerifyReport, errorResponses } from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import { tokyoDate } from '../../platform/tokyo-time.ts';
import type { Services } from '../../services.ts';

const tags = ['監査ログ'];

export async function auditLogRoutes(app: App, { auditLog: service, deps }: Services): Promise<void> {
  app.get(
    '/api/audit-events',
    {
      schema: {
        tags,
        summary: '監査ログの検索（新しい順）',
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.list(request.ctx, request.query),
  );

  app.get(
    '/api/audit-events.csv',
    { schema: { tags, summary: '監査ログをCSVで出力', querystring: AuditQuery, produces: ['text/csv'] } },
    async (request, reply) => {
      const csv = await service.exportCsv(request.ctx, request.query);
      const stamp = tokyoDate(deps.clock.now());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tsunagu-audit-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.post(
    '/api/audit/verify',
    {
      schema: {
        tags,
        summary: '監査ログの改ざん検証',
        response: { 200: AuditVerifyReport, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.verify(request.ctx),
  );
}
