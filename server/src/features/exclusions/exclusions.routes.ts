import {
  DoNotTellWarning,
  errorResponses,
  ExclusionCheck,
  ExclusionCheckBody,
  IdParams,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['本人'];

export async function exclusionsRoutes(app: App, { exclusions }: Services): Promise<void> {
  app.get(
    '/api/persons/:id/do-not-tell',
    {
      schema: {
        tags,
        summary: '一切伝えてはいけない人の注意（本人の基本情報を見られる人には氏名と続柄も）',
        params: IdParams,
        response: { 200: DoNotTellWarning, ...errorResponses(401, 404) },
      },
    },
    async (request) => exclusions.warning(request.ctx, request.params.id),
  );
  app.post(
    '/api/persons/:id/exclusion-check',
    {
      schema: {
        tags,
        summary: '相談者・送り先が「一切伝えてはいけない人」と一致しないか（保存の前に）',
        params: IdParams,
        body: ExclusionCheckBody,
        response: { 200: ExclusionCheck, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => exclusions.check(request.ctx, request.params.id, request.body),
  );
}
