import { errorResponses, IdParams, NotificationList, Ok } from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['お知らせ'];

export async function notificationsRoutes(app: App, { notifications: service }: Services): Promise<void> {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: '自分へのお知らせ',
        response: { 200: NotificationList, ...errorResponses(401) },
      },
    },
    async (request) => service.list(request.ctx),
  );
  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: '既読にする',
        params: IdParams,
        response: { 200: Ok, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      await service.markRead(request.ctx, request.params.id);
      return { ok: true as const };
    },
  );
}
