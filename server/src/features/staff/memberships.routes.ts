import {
  AcceptedInvitation,
  AddMemberByEmailBody,
  AddMemberResult,
  CrossOrganisationMembershipReport,
  errorResponses,
  IdParams,
  InvitationParams,
  MembershipParams,
  MyInvitationList,
  Ok,
  OrganisationInvitationList,
  StaffMember,
  UpsertMembershipBody,
} from '@tsunagu/contract';
import { addressLookupRateLimit, type App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['所属と招待'];

/** 所属: memberships, invitations (both sides) and the system admins' report of cross-organisation additions. */
export async function membershipsRoutes(
  app: App,
  { memberships: service, membershipReport }: Services,
): Promise<void> {
  app.post(
    '/api/organisations/:id/members',
    {
      config: addressLookupRateLimit,
      schema: {
        tags,
        summary:
          'メールアドレスで所属に招待（機関の管理者: アカウントの有無にかかわらず同じ応答）／システム管理者は直接追加',
        params: IdParams,
        body: AddMemberByEmailBody,
        response: {
          201: AddMemberResult,
          202: AddMemberResult,
          ...errorResponses(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await service.add(request.ctx, request.params.id, request.body);
      return reply.status(result.outcome === 'added' ? 201 : 202).send(result);
    },
  );

  app.put(
    '/api/organisations/:organisationId/members/:userId',
    {
      schema: {
        tags,
        summary: '所属の職種・権限を変更',
        params: MembershipParams,
        body: UpsertMembershipBody,
        response: { 200: StaffMember, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.update(request.ctx, request.params.organisationId, request.params.userId, request.body),
  );

  app.delete(
    '/api/organisations/:organisationId/members/:userId',
    {
      schema: {
        tags,
        summary: '所属を解除',
        params: MembershipParams,
        response: { 200: Ok, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      await service.remove(request.ctx, request.params.organisationId, request.params.userId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/organisations/:id/invitations',
    {
      schema: {
        tags,
        summary: '機関の承諾待ちの招待（入力されたメールアドレスのみ）',
        params: IdParams,
        response: { 200: OrganisationInvitationList, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.listInvitations(request.ctx, request.params.id),
  );

  app.delete(
    '/api/organisations/:organisationId/invitations/:invitationId',
    {
      schema: {
        tags,
        summary: '招待を取り消す',
        params: InvitationParams,
        response: { 200: Ok, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await service.withdrawInvitation(
        request.ctx,
        request.params.organisationId,
        request.params.invitationId,
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/account/invitations',
    {
      schema: {
        tags,
        summary: '自分宛ての承諾待ちの招待',
        response: { 200: MyInvitationList, ...errorResponses(401) },
      },
    },
    async (request) => service.myInvitations(request.ctx),
  );

  app.post(
    '/api/account/invitations/:id/accept',
    {
      schema: {
        tags,
        summary: '招待を承諾して機関に所属する',
        params: IdParams,
        response: { 200: AcceptedInvitation, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => service.acceptInvitation(request.ctx, request.params.id),
  );

  app.post(
    '/api/account/invitations/:id/decline',
    {
      schema: {
        tags,
        summary: '招待を断る',
        params: IdParams,
        response: { 200: Ok, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => {
      await service.declineInvitation(request.ctx, request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/admin/reports/cross-organisation-memberships',
    {
      schema: {
        tags,
        summary: '別の機関に所属するアカウントを追加した過去の記録（システム管理者）',
        response: { 200: CrossOrganisationMembershipReport, ...errorResponses(401, 403) },
      },
    },
    async (request) => membershipReport.report(request.ctx),
  );
}
