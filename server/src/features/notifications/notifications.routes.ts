import { Type } from 'typebox';
import {
  errorResponses,
  IdParams,
  NotificationList,
  NotificationPreferences,
  Ok,
  UpdateNotificationPreferences,
} from '@tsunagu/contract';
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
  app.get(
    '/api/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'メール通知の設定',
        response: { 200: NotificationPreferences, ...errorResponses(401) },
      },
    },
    async (request) => service.preferences(request.ctx),
  );
  app.put(
    '/api/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'メール通知の設定を変更',
        body: UpdateNotificationPreferences,
        response: { 200: NotificationPreferences, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.savePreferences(request.ctx, request.body),
  );
  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'すべて既読にする',
        response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses(401) },
      },
    },
    async (request) => ({ marked: await service.markAllRead(request.ctx) }),
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
