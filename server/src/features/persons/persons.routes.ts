import {
  CertificateBody,
  ContactBody,
  errorResponses,
  IdParams,
  PersonCertificateParams,
  PersonContactParams,
  PersonList,
  PersonListQuery,
  PersonOverview,
  RegisterPersonBody,
  UpdatePersonBody,
} from '@tsunagu/contract';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['本人'];

export async function personsRoutes(app: App, { persons: service }: Services): Promise<void> {
  app.get(
    '/api/persons',
    {
      schema: {
        tags,
        summary: '私の担当・本人の検索（同意の範囲内のみ）',
        querystring: PersonListQuery,
        response: { 200: PersonList, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.list(request.ctx, request.query),
  );
  app.post(
    '/api/persons',
    {
      schema: {
        tags,
        summary: '本人を登録（登録した機関がチームの主担当になる）',
        body: RegisterPersonBody,
        response: { 201: PersonOverview, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.register(request.ctx, request.body)),
  );
  app.get(
    '/api/persons/:id',
    {
      schema: {
        tags,
        summary: '本人のページ（本人の意思から）',
        params: IdParams,
        response: { 200: PersonOverview, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.overview(request.ctx, request.params.id),
  );
  app.patch(
    '/api/persons/:id',
    {
      schema: {
        tags,
        summary: '基本情報を変更',
        params: IdParams,
        body: UpdatePersonBody,
        response: { 200: PersonOverview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.update(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/api/persons/:id/certificates',
    {
      schema: {
        tags,
        summary: '証書（受給者証・手帳・自立支援医療）を追加',
        params: IdParams,
        body: CertificateBody,
        response: { 201: PersonOverview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addCertificate(request.ctx, request.params.id, request.body)),
  );
  app.put(
    '/api/persons/:id/certificates/:certificateId',
    {
      schema: {
        tags,
        summary: '証書を変更',
        params: PersonCertificateParams,
        body: CertificateBody,
        response: { 200: PersonOverview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.updateCertificate(request.ctx, request.params.id, request.params.certificateId, request.body),
  );
  app.delete(
    '/api/persons/:id/certificates/:certificateId',
    {
      schema: {
        tags,
        summary: '証書を削除',
        params: PersonCertificateParams,
        response: { 200: PersonOverview, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) =>
      service.removeCertificate(request.ctx, request.params.id, request.params.certificateId),
  );
  app.post(
    '/api/persons/:id/contacts',
    {
      schema: {
        tags,
        summary: '家族・関係者を追加',
        params: IdParams,
        body: ContactBody,
        response: { 201: PersonOverview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addContact(request.ctx, request.params.id, request.body)),
  );
  app.put(
    '/api/persons/:id/contacts/:contactId',
    {
      schema: {
        tags,
        summary: '家族・関係者を変更',
        params: PersonContactParams,
        body: ContactBody,
        response: { 200: PersonOverview, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.updateContact(request.ctx, request.params.id, request.params.contactId, request.body),
  );
  app.delete(
    '/api/persons/:id/contacts/:contactId',
    {
      schema: {
        tags,
        summary: '家族・関係者を削除',
        params: PersonContactParams,
        response: { 200: PersonOverview, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.removeContact(request.ctx, request.params.id, request.params.contactId),
  );
}
