import { afterEach, describe, expect, it } from 'vitest';
import { LIAISON_PIN_ATTEMPTS, type LiaisonSheet } from '@tsunagu/contract';
import { Agent } from '../../../test/agent.ts';
import { auditRows } from '../../../test/factories.ts';
import {
  closeLiaisonWorld,
  createLiaisonWorld,
  createSheet,
  person,
  postAckMessage,
  tokenOf,
  type LiaisonWorld,
} from '../../../test/liaison-world.ts';
import { agreeAndConfirm, createPlan, crisisBody } from '../../../test/plan-factories.ts';
import { grantConsent } from '../../../test/person-factories.ts';
import { openStream, type TestStream } from '../../../test/sse-client.ts';
import { extractPdf } from '../../../test/pdf-reading.ts';

let w: LiaisonWorld;
const streams: TestStream[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await closeLiaisonWorld(w);
});

/**
 * Someone at the group home with the sheet in hand: no account, a phone's browser that may well
 * refuse cookies. The link and PIN are the authority, so no CSRF token is needed (or sent).
 */
const guest = () => new Agent(w.t.app, '198.51.100.7', { sendsCsrf: false });
const awaitingOthers = async () =>
  (await w.lead.get('/api/messages/awaiting-others')).json<{ items: { messageId: string }[] }>().items;

describe('organisations without tsunagu (機関の連絡方法)', () => {
  it('is set by an administrator and audited; other staff are refused (audited); a malformed FAX number names its field', async () => {
    w = await createLiaisonWorld();
    const settings = (await w.lead.get(`/api/organisations/${w.groupHome}/liaison`)).json();
    expect(settings).toMatchObject({
      usesTsunagu: false,
      preferredChannel: 'fax',
      faxNumber: '03-1234-5678',
      faxGatewayEmail: '0312345678@fax-gateway.example',
      abilities: { manage: false },
    });
    expect((await auditRows(w.t.database.db, 'liaison.settings_update'))[0]).toMatchObject({
      targetId: w.groupHome,
      outcome: 'allowed',
    });

    const refused = await w.lead.put(`/api/organisations/${w.groupHome}/liaison`, {
      usesTsunagu: false,
      preferredChannel: 'fax',
      faxGatewayEmail: 'someone-else@example.com',
    });
    expect(refused.statusCode).toBe(403);
    expect((await auditRows(w.t.database.db, 'liaison.configure')).at(-1)).toMatchObject({
      outcome: 'denied',
    });

    const malformed = await w.officeAdmin.put(`/api/organisations/${w.office}/liaison`, {
      usesTsunagu: true,
      preferredChannel: 'fax',
      faxNumber: 'FAX please',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'faxNumber' });
    expect(malformed.json().message).toContain('FAX番号');
    const own = await w.officeAdmin.put(`/api/organisations/${w.office}/liaison`, {
      usesTsunagu: true,
      preferredChannel: 'email',
    });
    expect(own.statusCode).toBe(200);
  });
});

describe('連携シート', () => {
  it('prints one A4 page with the Japanese content, the request, the reply code and the PIN; its QR code opens the short link', async () => {
    w = await createLiaisonWorld();
    const recipients = (await w.lead.get(`/api/persons/${w.personId}/liaison-recipients`)).json().recipients;
    expect(recipients).toEqual([
      expect.objectContaining({
        organisationId: w.groupHome,
        name: 'グループホームあおば',
        hasFaxGateway: true,
        categories: ['daily_living', 'identity'],
      }),
    ]);
    const message = await postAckMessage(
      w,
      '今週から夕食後の服薬の声かけをお願いします。「夜は一人が不安」とのことです。',
    );
    const sheet = await createSheet(w, message.id);
    expect(sheet).toMatchObject({
      status: 'awaiting',
      category: 'daily_living',
      sourceKind: 'message',
      replyBy: '2026-11-27',
      personName: person.name,
      recipient: { name: 'グループホームあおば', faxNumber: '03-1234-5678', hasFaxGateway: true },
      abilities: { sendFax: true, recordReply: true, reissue: true },
    });
    expect(sheet.replyCode).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    expect(sheet.pin).toMatch(/^\d{6}$/);
    expect(sheet.warnings).toEqual([]);
    expect(sheet.shortUrl).toMatch(/^https:\/\/tsunagu\.example\.jp\/r\/[A-Za-z0-9_-]{22}$/);
    expect(sheet.linkExpiresAt).toBe('2026-11-28T01:00:00.000Z');
    // The PIN is shown once, to the sender; a later read does not carry it.
    expect((await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json().pin).toBeUndefined();

    const download = await w.lead.get(`/api/liaison/sheets/${sheet.id}/pdf`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    const pdf = await extractPdf(download.rawPayload);
    expect(pdf.pages).toBe(1);
    expect(pdf.width).toBeCloseTo(595.28, 1);
    expect(pdf.height).toBeCloseTo(841.89, 1);
    for (const expected of [
      '連携シート（送付状）',
      'グループホームあおば御中（FAX03-1234-5678）',
      '相談支援事業所ひだまり相田みどり',
      `${person.name.replace(/\s/g, '')}様`,
      '内容をご確認のうえ、ご返信ください。',
      '2026年11月27日（金）まで',
      '今週から夕食後の服薬の声かけをお願いします。「夜は一人が不安」とのことです。',
      `返信コード${sheet.replyCode}`,
      `暗証番号${sheet.pin}`,
    ])
      expect(pdf.text).toContain(expected);
    expect(pdf.qr).toEqual([sheet.shortUrl]);

    const sheets = (await w.lead.get(`/api/persons/${w.personId}/liaison-sheets`)).json().sheets;
    expect(sheets).toMatchObject([{ id: sheet.id, deliveries: [{ channel: 'download', status: 'sent' }] }]);
    expect((await auditRows(w.t.database.db, 'liaison.sheet_download'))[0]).toMatchObject({
      personId: w.personId,
      targetId: sheet.id,
    });
  });

  it('refuses content the recipient’s consent does not cover, an organisation on tsunagu, and a request without its text', async () => {
    w = await createLiaisonWorld();
    const base = {
      recipientOrganisationId: w.groupHome,
      request: 'ご確認ください。',
      replyBy: '2026-11-27',
    };
    const medical = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
      ...base,
      category: 'medical',
      body: '主治医から薬の変更がありました。',
    });
    expect(medical.statusCode).toBe(400);
    expect(medical.json()).toMatchObject({
      code: 'NO_CONSENT_FOR_RECIPIENT',
      field: 'recipientOrganisationId',
    });
    const onTsunagu = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
      ...base,
      recipientOrganisationId: w.clinic,
      category: 'medical',
      body: '受診の予定をお知らせします。',
    });
    expect(onTsunagu.json()).toMatchObject({ code: 'RECIPIENT_USES_TSUNAGU' });
    const noBody = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
      ...base,
      category: 'daily_living',
    });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json()).toMatchObject({ field: 'body', message: 'お伝えすることを入力してください。' });
    const past = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
      ...base,
      category: 'daily_living',
      body: '来週の予定です。',
      replyBy: '2026-11-20',
    });
    expect(past.json()).toMatchObject({ field: 'replyBy' });
    // Characters the PDF font lacks are warned about, not refused, and print as 〓.
    const emoji = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
      ...base,
      request: 'ご確認ください🙏',
      category: 'daily_living',
      body: '夕食は完食😊でした。',
    });
    expect(emoji.statusCode, emoji.body).toBe(201);
    expect(emoji.json().warnings).toEqual([
      {
        field: 'request',
        code: 'UNPRINTABLE_CHARACTERS',
        characters: ['🙏'],
        message: '印刷できない文字（🙏）があります。PDFでは〓と表示されます。',
      },
      {
        field: 'body',
        code: 'UNPRINTABLE_CHARACTERS',
        characters: ['😊'],
        message: '印刷できない文字（😊）があります。PDFでは〓と表示されます。',
      },
    ]);
    const printed = await extractPdf(
      (await w.lead.get(`/api/liaison/sheets/${emoji.json().id}/pdf`)).rawPayload,
    );
    expect(printed.text).toContain('夕食は完食〓でした。');
    expect(printed.text).toContain('ご確認ください〓');
    // The clinic cannot read the 生活 message, so it cannot send it on either: 404, audited.
    const message = await postAckMessage(w);
    const outside = await w.nurse.post(`/api/persons/${w.personId}/liaison-sheets`, {
      ...base,
      messageId: message.id,
    });
    expect(outside.statusCode).toBe(404);
    expect((await auditRows(w.t.database.db, 'message.read')).at(-1)).toMatchObject({ outcome: 'denied' });
  });

  it('a guest opens only its one item with the PIN, acknowledges and replies; the sender sees it live and the message leaves 相手の確認待ち', async () => {
    w = await createLiaisonWorld({ listen: true });
    const other = await postAckMessage(w, '別件: 来月の支援会議の日程調整です。');
    const message = await postAckMessage(w);
    expect((await awaitingOthers()).map((i) => i.messageId)).toContain(message.id);
    const sheet = await createSheet(w, message.id);
    const stream = openStream(`${w.base}/api/stream`, w.lead.cookieHeader());
    streams.push(stream);
    await stream.ready;

    const visitor = guest();
    const link = await visitor.get(`/api/guest/${tokenOf(sheet)}`);
    expect(link.statusCode).toBe(200);
    expect(link.json()).toEqual({
      senderOrganisationName: '相談支援事業所ひだまり',
      expiresAt: '2026-11-28T01:00:00.000Z',
      attemptsLeft: LIAISON_PIN_ATTEMPTS,
    });
    const wrong = await visitor.post(`/api/guest/${tokenOf(sheet)}/open`, {
      pin: sheet.pin === '000000' ? '000001' : '000000',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'PIN_INCORRECT', field: 'pin' });
    expect(wrong.json().message).toContain(`あと${LIAISON_PIN_ATTEMPTS - 1}回`);
    expect((await auditRows(w.t.database.db, 'liaison.guest_open'))[0]).toMatchObject({
      outcome: 'denied',
      actorUserId: null,
      targetId: sheet.id,
      details: { reason: 'wrong_pin', failures: 1, locked: false },
    });
    const badInput = await visitor.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: '12' });
    expect(badInput.statusCode).toBe(400);
    expect(badInput.json()).toMatchObject({ field: 'pin' });

    const opened = await visitor.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: sheet.pin });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toEqual({
      senderOrganisationName: '相談支援事業所ひだまり',
      senderName: '相田 みどり',
      recipientOrganisationName: 'グループホームあおば',
      personName: person.name,
      category: 'daily_living',
      request: '内容をご確認のうえ、ご返信ください。',
      body: '今週から夕食後の服薬の声かけをお願いします。',
      replyBy: '2026-11-27',
      replyCode: sheet.replyCode,
      status: 'awaiting',
      reply: null,
    });
    expect(opened.body).not.toContain('支援会議');
    expect(opened.body).not.toContain(other.id);
    expect((await auditRows(w.t.database.db, 'liaison.guest_open')).at(-1)).toMatchObject({
      outcome: 'allowed',
      personId: w.personId,
      actorOrganisationId: w.groupHome,
    });

    w.t.clock.advanceMinutes(30);
    const replied = await visitor.post(`/api/guest/${tokenOf(sheet)}/reply`, {
      pin: sheet.pin,
      reply: '承知しました。夕食後に声をかけます。',
      respondent: '世話人 森',
    });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json()).toMatchObject({
      status: 'replied',
      reply: { text: '承知しました。夕食後に声をかけます。' },
    });
    await stream.waitFor((e) => e.data.kind === 'liaison.replied' && e.data.subjectId === sheet.id);
    await stream.waitFor((e) => e.data.kind === 'message.acknowledged' && e.data.subjectId === message.id);

    const waiting = (await awaitingOthers()).map((i) => i.messageId);
    expect(waiting).not.toContain(message.id);
    expect(waiting).toContain(other.id);
    const receipts = (await w.lead.get(`/api/messages/${message.id}/receipts`)).json().receipts;
    expect(receipts).toContainEqual(
      expect.objectContaining({
        recipient: expect.objectContaining({ organisationId: w.groupHome }),
        acknowledgedAt: '2026-11-25T01:30:00.000Z',
        reply: '承知しました。夕食後に声をかけます。',
      }),
    );
    const seen = (await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json();
    expect(seen).toMatchObject({
      status: 'replied',
      reply: { channel: 'link', respondent: '世話人 森', recordedBy: null },
      abilities: { recordReply: false, reissue: false },
    });
    expect((await auditRows(w.t.database.db, 'message.acknowledge')).at(-1)).toMatchObject({
      targetId: message.id,
      actorUserId: null,
      details: { onBehalfOf: w.groupHome, via: 'liaison_link', withReply: true },
    });
    const again = await visitor.post(`/api/guest/${tokenOf(sheet)}/reply`, { pin: sheet.pin });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_REPLIED' });
    expect(visitor.cookies.size).toBe(0);
  });

  it('locks the link after too many wrong PINs, refuses an expired or unknown link, and audits each refusal', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const wrongPin = sheet.pin === '999999' ? '999998' : '999999';
    const visitor = guest();
    for (let i = 1; i < LIAISON_PIN_ATTEMPTS; i++)
      expect((await visitor.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: wrongPin })).statusCode).toBe(
        403,
      );
    const last = await visitor.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: wrongPin });
    expect(last.statusCode).toBe(423);
    expect(last.json()).toMatchObject({ code: 'LINK_LOCKED' });
    const evenRight = await visitor.post(`/api/guest/${tokenOf(sheet)}/reply`, { pin: sheet.pin });
    expect(evenRight.statusCode).toBe(423);
    expect((await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json()).toMatchObject({ isLocked: true });
    const refusals = await auditRows(w.t.database.db, 'liaison.guest_open');
    expect(refusals.map((r) => (r.details as { reason: string }).reason)).toEqual(
      Array.from({ length: LIAISON_PIN_ATTEMPTS }, () => 'wrong_pin'),
    );
    expect((await auditRows(w.t.database.db, 'liaison.guest_reply'))[0]).toMatchObject({
      outcome: 'denied',
      details: { reason: 'locked' },
    });

    // The sender issues a new link and PIN: the old link is gone, the new one works.
    const reissued = (await w.lead.post(`/api/liaison/sheets/${sheet.id}/reissue`, {})).json();
    expect(reissued.pin).toMatch(/^\d{6}$/);
    expect(reissued.shortUrl).not.toBe(sheet.shortUrl);
    expect((await visitor.get(`/api/guest/${tokenOf(sheet)}`)).statusCode).toBe(404);
    expect(
      (await visitor.post(`/api/guest/${tokenOf(reissued)}/open`, { pin: reissued.pin })).statusCode,
    ).toBe(200);

    w.t.clock.advanceMinutes(72 * 60);
    const expired = await visitor.post(`/api/guest/${tokenOf(reissued)}/open`, { pin: reissued.pin });
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'LINK_EXPIRED' });
    expect((await auditRows(w.t.database.db, 'liaison.guest_open')).at(-1)).toMatchObject({
      outcome: 'denied',
      targetId: sheet.id,
      details: { reason: 'expired' },
    });
    const unknown = await visitor.get('/api/guest/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect((await auditRows(w.t.database.db, 'liaison.guest_link')).at(-1)).toMatchObject({
      outcome: 'denied',
      details: { reason: 'unknown_link' },
    });
  });

  it('records a reply by hand against the reply code (電話で確認済み) or from a scanned FAX, each clearing 相手の確認待ち', async () => {
    w = await createLiaisonWorld();
    const byPhone = await postAckMessage(w, '通院の付き添いをお願いできますか。');
    const byFax = await postAckMessage(w, '来週の外出の予定を教えてください。');
    const phoneSheet = await createSheet(w, byPhone.id);
    const faxSheet = await createSheet(w, byFax.id);

    // The clinic's nurse is not of the sending office: the code is not hers to settle.
    const foreign = await w.nurse.post('/api/liaison/replies', {
      replyCode: phoneSheet.replyCode,
      channel: 'phone',
    });
    expect(foreign.statusCode).toBe(404);
    const unknown = await w.colleague.post('/api/liaison/replies', {
      replyCode: 'ZZZ-ZZZ',
      channel: 'phone',
    });
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_REPLY_CODE', field: 'replyCode' });
    const badChannel = await w.colleague.post('/api/liaison/replies', {
      replyCode: phoneSheet.replyCode,
      channel: 'pigeon',
    });
    expect(badChannel.json()).toMatchObject({ field: 'channel' });

    // A colleague takes the call and types the code as heard, in lower case without the hyphen.
    const recorded = await w.colleague.post('/api/liaison/replies', {
      replyCode: phoneSheet.replyCode.replace('-', '').toLowerCase(),
      channel: 'phone',
      reply: '付き添えます。',
      respondent: '管理者 林',
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({
      status: 'replied',
      reply: { channel: 'phone', text: '付き添えます。', respondent: '管理者 林', recordedBy: '同僚 ひかる' },
    });
    expect((await awaitingOthers()).map((i) => i.messageId)).toEqual([byFax.id]);
    const twice = await w.colleague.post('/api/liaison/replies', {
      replyCode: phoneSheet.replyCode,
      channel: 'fax',
    });
    expect(twice.statusCode).toBe(409);

    const scan = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const form = new FormData();
    form.append('file', new Blob([scan], { type: 'image/png' }), 'fax-reply.png');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const upload = await w.lead.request('POST', `/api/liaison/sheets/${faxSheet.id}/reply-scan`, undefined, {
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type')! },
    });
    expect(upload.statusCode, upload.body).toBe(200);
    expect(upload.json()).toMatchObject({
      status: 'replied',
      reply: { channel: 'fax', file: { filename: 'fax-reply.png', contentType: 'image/png' } },
    });
    expect(await awaitingOthers()).toEqual([]);
    const back = await w.lead.get(`/api/liaison/sheets/${faxSheet.id}/reply-scan`);
    expect(back.statusCode).toBe(200);
    expect(Buffer.compare(back.rawPayload, scan)).toBe(0);
    expect((await auditRows(w.t.database.db, 'liaison.reply')).map((r) => r.details)).toEqual([
      null, // the nurse's attempt: denied, outside her scope
      expect.objectContaining({ reason: 'unknown_code' }),
      { channel: 'phone', withText: true, withFile: false },
      { channel: 'fax', withText: false, withFile: true },
    ]);
  });

  it('makes a sheet from the crisis plan in force, its excerpt on the page; refused before confirmation and outside the recipient’s consent', async () => {
    w = await createLiaisonWorld();
    const planId = await createPlan(w.lead, w.personId, 'crisis', crisisBody());
    const ask = (extra: Record<string, unknown> = {}) =>
      w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
        recipientOrganisationId: w.groupHome,
        planId,
        request: '夜間に様子が変わったときは、この順に連絡してください。',
        replyBy: '2026-11-27',
        ...extra,
      });
    expect((await ask()).json()).toMatchObject({ code: 'PLAN_NOT_CONFIRMED', field: 'planId' });
    await agreeAndConfirm(w.lead, planId);
    expect((await ask({ body: '別の本文' })).json()).toMatchObject({ field: 'planId' });
    // The group home's consent covers 基本情報 and 生活, not クライシス.
    const outside = await ask();
    expect(outside.statusCode).toBe(400);
    expect(outside.json().field).toBe('recipientOrganisationId');
    await grantConsent(w.lead, w.personId, w.groupHome, ['identity', 'daily_living', 'crisis']);
    const made = await ask();
    expect(made.statusCode, made.body).toBe(201);
    const sheet = made.json<LiaisonSheet>();
    expect(sheet).toMatchObject({ sourceKind: 'plan', category: 'crisis' });
    const pdf = await extractPdf((await w.lead.get(`/api/liaison/sheets/${sheet.id}/pdf`)).rawPayload);
    expect(pdf.pages).toBe(1);
    for (const expected of [
      '【クライシスプラン（第1版・2026年11月25日）より】',
      '「眠れない日が3日続く。部屋の電気を消せなくなる」',
    ])
      expect(pdf.text).toContain(expected);
    expect((await auditRows(w.t.database.db, 'plan.read')).length).toBeGreaterThan(0);
  });

  it('stops the escalation chain of an urgent message answered by phone through its sheet: the group home takes it', async () => {
    w = await createLiaisonWorld();
    const urgent = await postAckMessage(w, '本日中に服薬の状況を確認してください。', 'urgent');
    const [opened] = (await w.lead.get('/api/urgent-cases')).json<{
      cases: { id: string; status: string }[];
    }>().cases;
    expect(opened).toMatchObject({ status: expect.stringMatching(/^(open|exhausted)$/) });
    const sheet = await createSheet(w, urgent.id);
    const recorded = await w.colleague.post('/api/liaison/replies', {
      replyCode: sheet.replyCode,
      channel: 'phone',
      reply: '確認しました。夕方に連絡します。',
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const taken = (await w.lead.get(`/api/urgent-cases/${opened!.id}`)).json();
    expect(taken).toMatchObject({
      status: 'acknowledged',
      acknowledged: {
        name: null,
        organisationName: 'グループホームあおば',
        note: '確認しました。夕方に連絡します。',
      },
    });
    const audit = await auditRows(w.t.database.db, 'urgent.acknowledge');
    expect(audit.at(-1)?.details).toMatchObject({ onBehalfOf: w.groupHome });
  });

  it('lists outstanding replies with age and due date for the sender and their organisation, and reminds the sender once past due', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id, { replyBy: '2026-11-27' });
    w.t.clock.advanceMinutes(24 * 60);
    await w.signInAgain();
    const first = await w.lead.get('/api/liaison/outstanding');
    expect(first.statusCode, first.body).toBe(200);
    let mine = first.json().items;
    expect(mine).toEqual([
      expect.objectContaining({
        sheetId: sheet.id,
        personName: person.name,
        recipientOrganisationName: 'グループホームあおば',
        replyCode: sheet.replyCode,
        replyBy: '2026-11-27',
        ageDays: 1,
        isOverdue: false,
      }),
    ]);
    expect((await w.colleague.get('/api/liaison/outstanding')).json().items).toEqual([]);
    expect((await w.colleague.get('/api/liaison/outstanding?scope=organisation')).json().items).toHaveLength(
      1,
    );
    expect((await w.nurse.get('/api/liaison/outstanding?scope=organisation')).json().items).toEqual([]);
    expect((await w.lead.get('/api/liaison/outstanding?scope=everyone')).statusCode).toBe(400);

    // Not yet due: the reminder waits.
    await w.t.deps.jobs.runDue();
    expect((await w.lead.get('/api/notifications')).json().notifications).toEqual([]);
    // The morning after the due date it is overdue and the sender is told, once.
    w.t.clock.set('2026-11-28T09:05:00+09:00');
    await w.t.deps.jobs.runDue();
    await w.t.deps.jobs.runDue();
    await w.signInAgain();
    const notifications = (await w.lead.get('/api/notifications')).json().notifications;
    expect(notifications).toEqual([
      expect.objectContaining({
        kind: 'liaison_overdue',
        subjectId: sheet.id,
        params: expect.objectContaining({
          replyCode: sheet.replyCode,
          recipientOrganisationName: 'グループホームあおば',
        }),
      }),
    ]);
    mine = (await w.lead.get('/api/liaison/outstanding')).json().items;
    expect(mine).toEqual([expect.objectContaining({ ageDays: 3, isOverdue: true })]);
    expect(await auditRows(w.t.database.db, 'liaison.reminder')).toHaveLength(1);
    expect((await auditRows(w.t.database.db, 'liaison.outstanding')).at(-1)).toMatchObject({
      details: { scope: 'mine', returned: 1, persons: [w.personId] },
    });
  });
});

describe('連絡記録', () => {
  it('records a phone call as an information item with its quality metadata, visible within consent only', async () => {
    w = await createLiaisonWorld();
    const call = {
      mode: 'phone',
      direction: 'incoming',
      counterpart: 'グループホームあおば 世話人 森',
      counterpartOrganisationId: w.groupHome,
      occurredAt: '2026-11-25T09:30:00+09:00',
      category: 'daily_living',
      content: '昨夜はよく眠れたとのこと。朝食も全部食べた。',
      source: 'supporter_observation',
      kind: 'objective',
    };
    const recorded = await w.lead.post(`/api/persons/${w.personId}/contact-log`, call);
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({
      mode: 'phone',
      direction: 'incoming',
      counterpartOrganisationName: 'グループホームあおば',
      observedOn: '2026-11-25',
      source: 'supporter_observation',
      kind: 'objective',
      recordedBy: { name: '相田 みどり', organisationName: '相談支援事業所ひだまり' },
    });
    const visit = await w.lead.post(`/api/persons/${w.personId}/contact-log`, {
      ...call,
      mode: 'visit',
      counterpart: 'ご本人',
      counterpartOrganisationId: null,
      occurredAt: '2026-11-24T14:00:00+09:00',
      category: 'medical',
      content: '通院後、薬が変わったと話していた。',
      source: 'person',
      kind: 'own_words',
    });
    expect(visit.json()).toMatchObject({ direction: null, observedOn: '2026-11-24' });

    const log = (await w.lead.get(`/api/persons/${w.personId}/contact-log`)).json().entries;
    expect(log.map((e: { mode: string }) => e.mode)).toEqual(['phone', 'visit']);
    // The entry is an information item on the person's timeline, with its source, kind and date.
    const items = (await w.lead.get(`/api/persons/${w.personId}/items?category=daily_living`)).json().items;
    expect(items).toContainEqual(
      expect.objectContaining({
        id: recorded.json().itemId,
        content: '昨夜はよく眠れたとのこと。朝食も全部食べた。',
        observedOn: '2026-11-25',
      }),
    );
    // The clinic sees the 医療 entry, not the 生活 one.
    const clinicView = (await w.nurse.get(`/api/persons/${w.personId}/contact-log`)).json().entries;
    expect(clinicView.map((e: { category: string }) => e.category)).toEqual(['medical']);
    expect(await auditRows(w.t.database.db, 'contact.record')).toHaveLength(2);

    const future = await w.lead.post(`/api/persons/${w.personId}/contact-log`, {
      ...call,
      occurredAt: '2026-12-25T09:30:00+09:00',
    });
    expect(future.json()).toMatchObject({ field: 'occurredAt' });
    const noMode = await w.lead.post(`/api/persons/${w.personId}/contact-log`, { ...call, mode: undefined });
    expect(noMode.statusCode).toBe(400);
    expect(noMode.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'mode' });
    // Someone of no organisation on the person's team does not even learn the person exists.
    const outsider = await w.systemAdmin.post(`/api/persons/${w.personId}/contact-log`, call);
    expect(outsider.statusCode).toBe(404);
  });
});
