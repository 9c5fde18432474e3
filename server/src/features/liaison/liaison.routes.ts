import {
  ContactLog,
  ContactLogEntry,
  CreateSheetBody,
  errorResponses,
  GuestItem,
  GuestLink,
  GuestOpenBody,
  GuestReplyBody,
  GuestTokenParams,
  IdParams,
  LiaisonRecipients,
  LiaisonSettings,
  LiaisonSheet,
  LiaisonSheets,
  OutstandingQuery,
  OutstandingReplies,
  RecordContactBody,
  RecordReplyBody,
  ReissueSheetBody,
  SheetParams,
  UpdateLiaisonSettingsBody,
} from '@tsunagu/contract';
import { readUpload, sendDownload } from '../../platform/files/uploads.ts';
import type { App } from '../../platform/http/typed-app.ts';
import type { Services } from '../../services.ts';

const tags = ['連携シート・連絡記録'];
/** Guest routes answer anyone with the link: a tight limit per address on top of the PIN lockout. */
const guestLimit = { auth: 'public' as const, rateLimit: { max: 30, timeWindow: '1 minute' } };
/**
 * A guest's changes carry their own authority (the link's token in the path, the PIN in the
 * body), which a forging site would have to know already; no cookie grants them anything, so a
 * CSRF token adds nothing, and a guest's phone may well refuse cookies.
 */
const guestChange = { ...guestLimit, csrf: false as const };

export async function liaisonRoutes(app: App, { liaison: service }: Services): Promise<void> {
  app.get(
    '/api/organisations/:id/liaison',
    {
      schema: {
        tags,
        summary: '機関の連絡方法（つなぐを使っていない機関のFAX・メールFAX）',
        params: IdParams,
        response: { 200: LiaisonSettings, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.settings.get(request.ctx, request.params.id),
  );
  app.put(
    '/api/organisations/:id/liaison',
    {
      schema: {
        tags,
        summary: '機関の連絡方法を設定（その機関の管理者・システム管理者）',
        params: IdParams,
        body: UpdateLiaisonSettingsBody,
        response: { 200: LiaisonSettings, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.settings.update(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/api/persons/:id/liaison-recipients',
    {
      schema: {
        tags,
        summary: '連携シートの送り先（支援チームの、つなぐを使っていない機関）',
        params: IdParams,
        response: { 200: LiaisonRecipients, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.sheets.recipients(request.ctx, request.params.id),
  );
  app.get(
    '/api/persons/:id/liaison-sheets',
    {
      schema: {
        tags,
        summary: 'ご本人の連携シート',
        params: IdParams,
        response: { 200: LiaisonSheets, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.sheets.listForPerson(request.ctx, request.params.id),
  );
  app.post(
    '/api/persons/:id/liaison-sheets',
    {
      schema: {
        tags,
        summary: '連携シートを作る（チームの連絡から、または依頼文から）',
        params: IdParams,
        body: CreateSheetBody,
        response: { 201: LiaisonSheet, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.sheets.create(request.ctx, request.params.id, request.body)),
  );
  app.get(
    '/api/liaison/sheets/:id',
    {
      schema: {
        tags,
        summary: '連携シート',
        params: SheetParams,
        response: { 200: LiaisonSheet, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.sheets.get(request.ctx, request.params.id),
  );
  app.get(
    '/api/liaison/sheets/:id/pdf',
    {
      schema: {
        tags,
        summary: '連携シートのPDF（A4・1枚、印刷してFAX）',
        params: SheetParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await service.sheets.pdf(request.ctx, request.params.id);
      return sendDownload(reply, { filename, contentType: 'application/pdf', data: pdf });
    },
  );
  app.post(
    '/api/liaison/sheets/:id/send-fax',
    {
      schema: {
        tags,
        summary: '登録されたメールFAXの宛先へ送る（PDF添付）',
        params: SheetParams,
        response: { 200: LiaisonSheet, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => service.sheets.sendFax(request.ctx, request.params.id),
  );
  app.post(
    '/api/liaison/sheets/:id/reissue',
    {
      schema: {
        tags,
        summary: 'リンクと暗証番号を発行し直す（前のリンクは使えなくなる）',
        params: SheetParams,
        body: ReissueSheetBody,
        response: { 200: LiaisonSheet, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.sheets.reissue(request.ctx, request.params.id, request.body),
  );
  app.post(
    '/api/liaison/replies',
    {
      schema: {
        tags,
        summary: '電話・FAX・訪問で受けた返信を、返信コードで記録',
        body: RecordReplyBody,
        response: { 200: LiaisonSheet, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.replies.record(request.ctx, request.body),
  );
  app.post(
    '/api/liaison/sheets/:id/reply-scan',
    {
      schema: {
        tags,
        summary: 'FAXで返ってきた用紙の画像・PDF（返信がまだなら、FAXでの返信として記録）',
        params: SheetParams,
        consumes: ['multipart/form-data'],
        response: { 200: LiaisonSheet, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => service.replies.attachScan(request.ctx, request.params.id, await readUpload(request)),
  );
  app.get(
    '/api/liaison/sheets/:id/reply-scan',
    { schema: { tags, summary: '返信の画像・PDF', params: SheetParams } },
    async (request, reply) => sendDownload(reply, await service.replies.scan(request.ctx, request.params.id)),
  );
  app.get(
    '/api/liaison/outstanding',
    {
      schema: {
        tags,
        summary: '返信待ちの連携シート（自分の／機関の）',
        querystring: OutstandingQuery,
        response: { 200: OutstandingReplies, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.replies.outstanding(request.ctx, request.query.scope ?? 'mine'),
  );

  app.get(
    '/api/guest/:token',
    {
      config: guestLimit,
      schema: {
        tags,
        summary: 'ゲスト: リンクの状態（暗証番号の入力前）',
        params: GuestTokenParams,
        response: { 200: GuestLink, ...errorResponses(400, 404, 410, 423, 429) },
      },
    },
    async (request) => service.guest.link(request.ctx, request.params.token),
  );
  app.post(
    '/api/guest/:token/open',
    {
      config: guestChange,
      schema: {
        tags,
        summary: 'ゲスト: 暗証番号を入れて、この一件を開く',
        params: GuestTokenParams,
        body: GuestOpenBody,
        response: { 200: GuestItem, ...errorResponses(400, 403, 404, 410, 423, 429) },
      },
    },
    async (request) => service.guest.open(request.ctx, request.params.token, request.body.pin),
  );
  app.post(
    '/api/guest/:token/reply',
    {
      config: guestChange,
      schema: {
        tags,
        summary: 'ゲスト: 確認しました（返信つき）',
        params: GuestTokenParams,
        body: GuestReplyBody,
        response: { 200: GuestItem, ...errorResponses(400, 403, 404, 409, 410, 423, 429) },
      },
    },
    async (request) => service.guest.reply(request.ctx, request.params.token, request.body),
  );

  app.get(
    '/api/persons/:id/contact-log',
    {
      schema: {
        tags,
        summary: '連絡記録（電話・FAX・訪問・会議）',
        params: IdParams,
        response: { 200: ContactLog, ...errorResponses(401, 404) },
      },
    },
    async (request) => service.contacts.list(request.ctx, request.params.id),
  );
  app.post(
    '/api/persons/:id/contact-log',
    {
      schema: {
        tags,
        summary: '連絡記録をつける（情報として、情報源・性質・確かだった日つき）',
        params: IdParams,
        body: RecordContactBody,
        response: { 201: ContactLogEntry, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.contacts.record(request.ctx, request.params.id, request.body)),
  );
}
