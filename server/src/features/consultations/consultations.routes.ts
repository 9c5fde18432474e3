import {
  Consultation,
  ConsultationList,
  ConsultationListQuery,
  errorResponses,
  IdParams,
  RecordConsultationBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['緊急時の相談対応記録'];

export async function consultationsRoutes(app: App, { consultations }: Services): Promise<void> {
  app.post(
    '/api/consultations',
    {
      schema: {
        tags,
        summary: '相談対応を記録する（至急・緊急で本人が分かるときは、チーム・当番へつなぐ）',
        body: RecordConsultationBody,
        response: { 201: Consultation, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await consultations.record(request.ctx, request.body)),
  );

  app.get(
    '/api/consultations',
    {
      schema: {
        tags,
        summary: '自分の機関の相談対応記録（フォローを頼まれたものを含む。既定は30日）',
        querystring: ConsultationListQuery,
        response: { 200: ConsultationList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ consultations: await consultations.list(request.ctx, request.query) }),
  );

  app.get(
    '/api/consultations/:id',
    {
      schema: {
        tags,
        summary: '相談対応記録',
        params: IdParams,
        response: { 200: Consultation, ...errorResponses(401, 404) },
      },
    },
    async (request) => consultations.get(request.ctx, request.params.id),
  );

  app.get(
    '/api/persons/:id/consultations',
    {
      schema: {
        tags,
        summary: '本人についての相談対応記録（クライシスの同意の範囲で）',
        params: IdParams,
        response: { 200: ConsultationList, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ consultations: await consultations.ofPerson(request.ctx, request.params.id) }),
  );
}
