import { afterEach, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { auditRows } from '../../../test/factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import {
  closeLiaisonWorld,
  createLiaisonWorld,
  createSheet,
  FAX_GATEWAY,
  person,
  postAckMessage,
  tokenOf,
  type LiaisonWorld,
} from '../../../test/liaison-world.ts';
import { extractPdf } from '../../../test/pdf-reading.ts';
import { Agent } from '../../../test/agent.ts';
import { verifyWebhook, WEBHOOK_HEADERS } from '../../platform/webhooks/webhook.ts';

let w: LiaisonWorld;
const sms = new HttpReceiver();
const SMS_SECRET = 'sms-gateway-secret-for-liaison-tests-0123456789';
afterEach(async () => {
  await closeLiaisonWorld(w);
  await sms.stop();
  sms.received.length = 0;
});

/** The office's SMS gateway, registered by its administrator through the API. */
async function registerSmsGateway(): Promise<void> {
  await sms.start();
  const created = await w.officeAdmin.post('/api/webhooks', {
    url: `${sms.url}/sms`,
    secret: SMS_SECRET,
    description: 'ひだまりのSMSゲートウェイ',
    organisationId: w.office,
  });
  expect(created.statusCode, created.body).toBe(201);
}

const recipientsOf = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address));

/** The person's data as it might be written anywhere: name (with and without its space), kana, birth date, address, phone. */
const personalData = [
  person.name,
  person.name.replace(/\s/g, ''),
  person.kana,
  person.kana.replace(/\s/g, ''),
  person.birthDate,
  person.birthDate.replace(/-/g, ''),
  '1979年6月15日',
  person.address,
  '本町1-2-3',
  '090-1111-2222',
  '09011112222',
];
const leaks = (text: string) => personalData.filter((p) => text.includes(p));

describe('連携シート delivery', () => {
  it('mails the PDF to the registered e-mail-to-FAX gateway through a real SMTP server, with nothing personal in the subject or body', async () => {
    w = await createLiaisonWorld();
    const message = await postAckMessage(w);
    const sheet = await createSheet(w, message.id);
    const queued = await w.lead.post(`/api/liaison/sheets/${sheet.id}/send-fax`);
    expect(queued.statusCode, queued.body).toBe(200);
    expect(queued.json().deliveries).toEqual([
      expect.objectContaining({ channel: 'fax_gateway', status: 'queued', toAddress: FAX_GATEWAY }),
    ]);
    await w.t.deps.jobs.runDue();
    const mail = await waitForMail(w, (m) => recipientsOf(m).includes(FAX_GATEWAY));
    expect(mail.subject).toBe(`つなぐ 連携シート（返信コード ${sheet.replyCode}）`);
    expect(leaks(`${mail.subject}\n${mail.text ?? ''}`)).toEqual([]);
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment).toMatchObject({
      filename: `renkei-sheet-${sheet.replyCode}.pdf`,
      contentType: 'application/pdf',
    });
    const pdf = await extractPdf(attachment!.content);
    expect(pdf.text).toContain('今週から夕食後の服薬の声かけをお願いします。');
    expect(pdf.text).toContain(`返信コード${sheet.replyCode}`);
    expect(pdf.text).toContain(person.name.replace(/\s/g, ''));
    expect(pdf.qr).toEqual([sheet.shortUrl]);

    const after = (await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json();
    expect(after.deliveries).toEqual([expect.objectContaining({ channel: 'fax_gateway', status: 'sent' })]);
    expect((await auditRows(w.t.database.db, 'liaison.fax_send'))[0]).toMatchObject({
      personId: w.personId,
      targetId: sheet.id,
      details: expect.objectContaining({ to: FAX_GATEWAY }),
    });
    expect(await auditRows(w.t.database.db, 'liaison.fax_sent')).toHaveLength(1);
  });

  it('sends nothing when the gateway address changed or consent ended after the send was asked; refuses without a gateway', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    expect((await w.lead.post(`/api/liaison/sheets/${sheet.id}/send-fax`)).statusCode).toBe(200);
    // An administrator changes the gateway before the job runs: the old address gets nothing.
    expect(
      (
        await w.systemAdmin.put(`/api/organisations/${w.groupHome}/liaison`, {
          usesTsunagu: false,
          preferredChannel: 'fax',
          faxNumber: '03-1234-5678',
          faxGatewayEmail: null,
        })
      ).statusCode,
    ).toBe(200);
    await w.t.deps.jobs.runDue();
    expect(w.smtp.received.filter((m) => recipientsOf(m).includes(FAX_GATEWAY))).toEqual([]);
    expect((await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json().deliveries).toEqual([
      expect.objectContaining({ channel: 'fax_gateway', status: 'failed' }),
    ]);
    expect((await auditRows(w.t.database.db, 'liaison.fax_send')).at(-1)).toMatchObject({
      outcome: 'denied',
      details: expect.objectContaining({ reason: 'gateway_changed' }),
    });
    const refused = await w.lead.post(`/api/liaison/sheets/${sheet.id}/send-fax`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'NO_FAX_GATEWAY' });
  });

  it('sends the PIN by SMS through the office’s signed webhook and leaves it off the printed sheet', async () => {
    w = await createLiaisonWorld();
    await registerSmsGateway();
    const created = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
      recipientOrganisationId: w.groupHome,
      category: 'daily_living',
      body: '来週月曜の訪問時間を10時に変更したいです。',
      request: 'ご都合をお知らせください。',
      replyBy: '2026-11-30',
      pinDelivery: 'sms',
      smsPhone: '080-3333-4444',
    });
    expect(created.statusCode, created.body).toBe(201);
    const sheet = created.json();
    await w.t.deps.jobs.runDue();
    await sms.waitFor(1);
    const [call] = sms.received;
    expect(call!.path).toBe('/sms');
    expect(verifyWebhook(SMS_SECRET, call!.headers, call!.body.toString(), new Date())).toBe(true);
    const payload = JSON.parse(call!.body.toString());
    expect(payload).toMatchObject({
      event: 'liaison.pin',
      recipient: { phone: '080-3333-4444' },
    });
    expect(payload.text).toContain(sheet.pin);
    expect(call!.headers[WEBHOOK_HEADERS.delivery]).toBe(payload.id);
    expect(leaks(call!.body.toString())).toEqual([]);
    const pdf = await extractPdf((await w.lead.get(`/api/liaison/sheets/${sheet.id}/pdf`)).rawPayload);
    expect(pdf.text).toContain('暗証番号はSMSでお送りしています');
    expect(pdf.text).not.toContain(sheet.pin);
    expect((await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json().deliveries).toContainEqual(
      expect.objectContaining({ channel: 'sms_pin', status: 'sent', toAddress: '080-3333-4444' }),
    );
    const noPhone = await w.lead.post(`/api/liaison/sheets/${sheet.id}/reissue`, { pinDelivery: 'sms' });
    expect(noPhone.json()).toMatchObject({ field: 'smsPhone' });
  });

  it('puts no personal data in any link, e-mail subject or body, SMS, or attachment except the PDF to the registered gateway', async () => {
    w = await createLiaisonWorld();
    await registerSmsGateway();
    // The whole scenario: two sheets (PIN printed / by SMS), a FAX-gateway send, a guest reply, a reminder.
    const first = await createSheet(w, (await postAckMessage(w)).id);
    const second = (
      await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
        recipientOrganisationId: w.groupHome,
        category: 'daily_living',
        body: `${person.name}さんの来週の予定について。`,
        request: 'ご確認ください。',
        replyBy: '2026-11-26',
        pinDelivery: 'sms',
        smsPhone: '070-5555-6666',
      })
    ).json();
    await w.lead.post(`/api/liaison/sheets/${first.id}/send-fax`);
    await w.lead.post(`/api/liaison/sheets/${second.id}/send-fax`);
    const visitor = new Agent(w.t.app, '198.51.100.9');
    await visitor.post(`/api/guest/${tokenOf(first)}/reply`, { pin: first.pin, reply: '確認しました。' });
    await w.t.deps.jobs.runDue();
    w.t.clock.set('2026-11-27T09:30:00+09:00');
    await w.t.deps.jobs.runDue();
    await w.t.deps.jobs.runDue();
    await waitForMail(w, (m) => (m.subject ?? '').includes('お知らせ'));

    const links = [first.shortUrl, second.shortUrl];
    for (const link of links) {
      expect(leaks(decodeURIComponent(link))).toEqual([]);
      expect(link).toMatch(/^https:\/\/tsunagu\.example\.jp\/r\/[A-Za-z0-9_-]{22}$/);
    }
    const mails = w.smtp.received;
    expect(mails.length).toBeGreaterThanOrEqual(3);
    let gatewayPdfs = 0;
    for (const mail of mails) {
      expect(leaks(`${mail.subject ?? ''}\n${mail.text ?? ''}\n${mail.html || ''}`)).toEqual([]);
      for (const attachment of mail.attachments) {
        // The one deliberate exception: the sheet's PDF, only to the gateway an administrator registered.
        expect(recipientsOf(mail)).toEqual([FAX_GATEWAY]);
        expect(attachment.contentType).toBe('application/pdf');
        const pdf = await extractPdf(attachment.content);
        expect(pdf.qr[0]).toMatch(/^https:\/\/tsunagu\.example\.jp\/r\//);
        gatewayPdfs++;
      }
      if (!recipientsOf(mail).includes(FAX_GATEWAY)) expect(mail.attachments).toEqual([]);
    }
    expect(gatewayPdfs).toBe(2);
    expect(sms.received).toHaveLength(1);
    for (const call of sms.received) expect(leaks(call.body.toString())).toEqual([]);
    // Live events and notifications carry ids, not the person's data.
    const events = await w.t.database.db.selectFrom('liveEvents').select('payload').execute();
    for (const e of events) expect(leaks(JSON.stringify(e.payload))).toEqual([]);
  });
});

async function waitForMail(world: LiaisonWorld, match: (m: ParsedMail) => boolean): Promise<ParsedMail> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = world.smtp.received.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching mail among ${world.smtp.received.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
