import { Type } from 'typebox';
import {
  AddTeamMemberBody,
  errorResponses,
  IdParams,
  PersonMemberParams,
  TeamMember,
  UpdateTeamMemberBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['支援チーム'];
const TeamList = Type.Object({ team: Type.Array(TeamMember) });

export async function supportTeamRoutes(app: App, { team: service }: Services): Promise<void> {
  app.post(
    '/api/persons/:id/team',
    {
      schema: {
        tags,
        summary: 'チームに機関・職員を加える（主担当のみ）',
        params: IdParams,
        body: AddTeamMemberBody,
        response: { 201: TeamList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ team: await service.add(request.ctx, request.params.id, request.body) }),
  );
  app.patch(
    '/api/persons/:id/team/:memberId',
    {
      schema: {
        tags,
        summary: 'チームメンバーの役割・主担当・終了日を変更（主担当のみ）',
        params: PersonMemberParams,
        body: UpdateTeamMemberBody,
        response: { 200: TeamList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ({
      team: await service.update(request.ctx, request.params.id, request.params.memberId, request.body),
    }),
  );
}
