import { errorResponses, JobStatusReport } from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

/** バックグラウンド処理の状況 (system administrators). `/api/health` says nothing of it: it stays 200 for load balancers. */
export async function jobStatusRoutes(app: App, { jobStatus }: Services): Promise<void> {
  app.get(
    '/api/admin/jobs/status',
    {
      schema: {
        tags: ['運用'],
        summary: 'バックグラウンド処理の状況（システム管理者）',
        response: { 200: JobStatusReport, ...errorResponses(401, 403) },
      },
    },
    async (request) => jobStatus.status(request.ctx),
  );
}
