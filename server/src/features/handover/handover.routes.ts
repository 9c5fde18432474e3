import { errorResponses, Handover, HandoverList, IdParams } from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['夜間・休日の対応'];

export async function handoverRoutes(app: App, { handover }: Services): Promise<void> {
  app.get(
    '/api/handovers',
    {
      schema: {
        tags,
        summary: '申し送り（自機関あて。未確認が先）',
        response: { 200: HandoverList, ...errorResponses(401) },
      },
    },
    async (request) => ({ handovers: await handover.list(request.ctx) }),
  );

  app.get(
    '/api/handovers/:id',
    {
      schema: {
        tags,
        summary: '申し送りの内容（ご本人の氏名は同意の範囲内で）',
        params: IdParams,
        response: { 200: Handover, ...errorResponses(401, 404) },
      },
    },
    async (request) => handover.get(request.ctx, request.params.id),
  );

  app.post(
    '/api/handovers/:id/confirm',
    {
      schema: {
        tags,
        summary: '申し送りを確認した',
        params: IdParams,
        response: { 200: Handover, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => handover.confirm(request.ctx, request.params.id),
  );
}
