import { actorOf } from '../../platform/context.ts';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

/**
 * GET /api/stream: Server-Sent Events for new messages, receipts, acknowledgements and my
 * notifications. It never extends the session. Send Last-Event-ID (the browser does on reconnect) to receive what was missed.
 */
export async function liveRoutes(app: App, { deps }: Services): Promise<void> {
  app.get(
    '/api/stream',
    {
      // Open for hours on a screen nobody looks at: the stream never keeps a session alive.
      config: { extendsSession: false },
      schema: {
        tags: ['チームの連絡'],
        summary: 'ライブ更新（Server-Sent Events）',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      reply.hijack();
      const header = request.headers['last-event-id'];
      const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
      const lastEventId =
        (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : null);
      await deps.hub.open(actorOf(request.ctx), request.ctx, reply.raw, lastEventId ?? null);
    },
  );
}
