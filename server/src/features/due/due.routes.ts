import { DueList, DueQuery, errorResponses } from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['期限'];

export async function dueRoutes(app: App, { due: service }: Services): Promise<void> {
  app.get(
    '/api/due',
    {
      schema: {
        tags,
        summary:
          '期限の一覧: モニタリング、計画の見直し、受給者証・手帳・自立支援医療、同意（90・60・30日前から）',
        querystring: DueQuery,
        response: { 200: DueList, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.list(request.ctx, request.query.scope ?? 'mine'),
  );
}
