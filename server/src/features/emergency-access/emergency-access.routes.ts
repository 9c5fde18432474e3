import { EmergencyAccessBody, EmergencyAccessResult, errorResponses } from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

export async function emergencyAccessRoutes(app: App, { emergencyAccess: service }: Services): Promise<void> {
  app.post(
    '/api/emergency-access',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['緊急時の閲覧'],
        summary: '緊急時の閲覧（氏名またはふりがなと生年月日の完全一致、理由の記録が必須）',
        body: EmergencyAccessBody,
        response: { 201: EmergencyAccessResult, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.open(request.ctx, request.body)),
  );
}
