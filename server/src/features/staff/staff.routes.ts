import { Type } from 'typebox';
import {
  CreatedStaff,
  CreateStaffBody,
  errorResponses,
  IdParams,
  StaffList,
  StaffListQuery,
  StaffMember,
  TemporaryPassword,
  UpdateStaffBody,
} from '@tsunagu/contract';
import { addressLookupRateLimit, type App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';
import { membershipsRoutes } from './memberships.routes.ts';

const tags = ['職員'];

export async function staffRoutes(app: App, services: Services): Promise<void> {
  const service = services.staff;
  app.get(
    '/api/staff',
    {
      schema: {
        tags,
        summary: '職員の一覧（見える範囲のみ）',
        querystring: StaffListQuery,
        response: { 200: StaffList, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.list(request.ctx, request.query),
  );

  app.get(
    '/api/staff/:id',
    {
      schema: {
        tags,
        summary: '職員の詳細',
        params: IdParams,
        response: { 200: StaffMember, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.get(request.ctx, request.params.id),
  );

  app.post(
    '/api/staff',
    {
      config: addressLookupRateLimit,
      schema: {
        tags,
        summary: '職員アカウントを作成',
        body: CreateStaffBody,
        response: { 201: CreatedStaff, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(request.ctx, request.body)),
  );

  app.patch(
    '/api/staff/:id',
    {
      schema: {
        tags,
        summary: '職員の情報を変更',
        params: IdParams,
        body: UpdateStaffBody,
        response: { 200: StaffMember, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.update(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/staff/:id/password-reset',
    {
      schema: {
        tags,
        summary: '仮パスワードを発行（全端末からサインアウト）',
        params: IdParams,
        response: { 200: TemporaryPassword, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ temporaryPassword: await service.resetPassword(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/staff/:id/two-factor-reset',
    {
      schema: {
        tags,
        summary: '二要素認証をリセット',
        params: IdParams,
        response: { 200: StaffMember, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.resetTwoFactor(request.ctx, request.params.id),
  );

  app.put(
    '/api/staff/:id/disabled',
    {
      schema: {
        tags,
        summary: 'アカウントの利用停止・再開（停止で全セッション終了）',
        params: IdParams,
        body: Type.Object({ disabled: Type.Boolean({ title: '利用停止' }) }, { additionalProperties: false }),
        response: { 200: StaffMember, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.setDisabled(request.ctx, request.params.id, request.body.disabled),
  );

  await membershipsRoutes(app, services);
}
