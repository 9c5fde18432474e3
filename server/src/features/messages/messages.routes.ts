import { Type } from 'typebox';
import {
  AcknowledgeBody,
  AwaitingList,
  CorrectMessageBody,
  errorResponses,
  IdParams,
  Item,
  MarkReadBody,
  Message,
  MessageHistory,
  MessageListQuery,
  MessagePage,
  MessageToItemBody,
  MESSAGE_ATTACHMENTS_MAX,
  PostMessageBody,
  ReceiptList,
  WithdrawMessageBody,
} from '@tsunagu/contract';
import { Invalid } from '../../platform/errors.ts';
import { readMultipart, sendDownload } from '../../platform/files/uploads.ts';
import type { App } from '../../platform/http/typed-app.ts';
import { validateValue } from '../../platform/http/validation.ts';
import type { Services } from '../../services.ts';

const tags = ['チームの連絡'];

export async function messagesRoutes(app: App, { messages: service }: Services): Promise<void> {
  app.get(
    '/api/persons/:id/messages',
    {
      schema: {
        tags,
        summary: 'チームのタイムライン・検索（同意の範囲内、新しい順）',
        params: IdParams,
        querystring: MessageListQuery,
        response: { 200: MessagePage, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.list(request.ctx, request.params.id, request.query),
  );

  app.post(
    '/api/persons/:id/messages',
    {
      schema: {
        tags,
        summary:
          'チームの連絡を送る（JSON、または添付ファイルつきの multipart: フィールド message にJSON、files にファイル）',
        params: IdParams,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: Message, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      let raw: unknown = request.body;
      let files: Awaited<ReturnType<typeof readMultipart>>['files'] = [];
      if (request.isMultipart()) {
        const parts = await readMultipart(request, MESSAGE_ATTACHMENTS_MAX);
        files = parts.files;
        try {
          raw = JSON.parse(parts.fields.message ?? '');
        } catch {
          throw new Invalid('message', 'フィールド message に連絡のJSONを入れてください。', 'MALFORMED_JSON');
        }
      }
      const body = validateValue<PostMessageBody>(PostMessageBody, raw);
      const { message, committedAt } = await service.post(request.ctx, request.params.id, body, files);
      // Milliseconds from the request's arrival to the commit: lets a client (the benchmark) time
      // commit → live delivery on another connection.
      const commitMs = reply.elapsedTime - (performance.now() - committedAt);
      return reply
        .status(201)
        .header('server-timing', `commit;dur=${commitMs.toFixed(3)}`)
        .send(message);
    },
  );

  app.post(
    '/api/persons/:id/messages/read',
    {
      schema: {
        tags,
        summary: '既読にする（この位置まで）',
        params: IdParams,
        body: MarkReadBody,
        response: { 200: Type.Object({ unread: Type.Integer() }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.markRead(request.ctx, request.params.id, request.body.upToSeq),
  );

  app.get(
    '/api/messages/awaiting-me',
    { schema: { tags, summary: '自分の確認待ち', response: { 200: AwaitingList, ...errorResponses(401) } } },
    async (request) => ({ items: await service.awaitingMe(request.ctx) }),
  );

  app.get(
    '/api/messages/awaiting-others',
    {
      schema: {
        tags,
        summary: '相手の確認待ち（自分が送った要確認）',
        response: { 200: AwaitingList, ...errorResponses(401) },
      },
    },
    async (request) => ({ items: await service.awaitingOthers(request.ctx) }),
  );

  app.get(
    '/api/messages/:id',
    {
      schema: {
        tags,
        summary: '連絡',
        params: IdParams,
        response: { 200: Message, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.get(request.ctx, request.params.id),
  );

  app.post(
    '/api/messages/:id/acknowledge',
    {
      schema: {
        tags,
        summary: '確認しました（返信も可）',
        params: IdParams,
        body: AcknowledgeBody,
        response: { 200: Message, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => service.acknowledge(request.ctx, request.params.id, request.body.reply),
  );

  app.get(
    '/api/messages/:id/receipts',
    {
      schema: {
        tags,
        summary: '既読・確認の状況（受け手ごと）',
        params: IdParams,
        response: { 200: ReceiptList, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ receipts: await service.receipts(request.ctx, request.params.id) }),
  );

  app.patch(
    '/api/messages/:id',
    {
      schema: {
        tags,
        summary: '訂正（送った本人のみ、履歴は残る）',
        params: IdParams,
        body: CorrectMessageBody,
        response: { 200: Message, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.correct(request.ctx, request.params.id, request.body),
  );

  app.post(
    '/api/messages/:id/withdraw',
    {
      schema: {
        tags,
        summary: '取り下げ（送った本人のみ、履歴は残る）',
        params: IdParams,
        body: WithdrawMessageBody,
        response: { 200: Message, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.withdraw(request.ctx, request.params.id, request.body.reason),
  );

  app.get(
    '/api/messages/:id/history',
    {
      schema: {
        tags,
        summary: '訂正・取り下げの履歴',
        params: IdParams,
        response: { 200: MessageHistory, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({ versions: await service.history(request.ctx, request.params.id) }),
  );

  app.post(
    '/api/messages/:id/item',
    {
      schema: {
        tags,
        summary: '連絡を情報として記録',
        params: IdParams,
        body: MessageToItemBody,
        response: { 201: Item, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.toItem(request.ctx, request.params.id, request.body)),
  );

  app.get(
    '/api/attachments/:id',
    { schema: { tags, summary: '添付ファイルをダウンロード', params: IdParams } },
    async (request, reply) => sendDownload(reply, await service.attachment(request.ctx, request.params.id)),
  );
}
