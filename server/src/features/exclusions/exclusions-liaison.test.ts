import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdf } from '../../../test/pdf-reading.ts';
import { Agent } from '../../../test/agent.ts';
import {
  closeLiaisonWorld,
  createLiaisonWorld,
  createSheet,
  FAX_GATEWAY,
  postAckMessage,
  tokenOf,
  type LiaisonWorld,
} from '../../../test/liaison-world.ts';

/**
 * 一切伝えてはいけない人 and what leaves the team (issue 16, item 4): a 連携シート's PIN by SMS to the
 * excluded contact's number, or a 連絡記録 naming them, is flagged before saving; and the warning
 * itself — the names, the note, the sentence — is never on a sheet, its PDF, its FAX or its guest
 * page.
 */
let w: LiaisonWorld;
const EXCLUDED = { name: '山並 たける', phone: '090-5555-6666', note: 'DVのため一切伝えない。' };

beforeAll(async () => {
  w = await createLiaisonWorld();
  const contact = await w.lead.post(`/api/persons/${w.personId}/contacts`, {
    name: EXCLUDED.name,
    relationship: 'spouse',
    phone: EXCLUDED.phone,
    isExcluded: true,
    exclusionNote: EXCLUDED.note,
  });
  expect(contact.statusCode, contact.body).toBe(201);
});

afterAll(async () => closeLiaisonWorld(w));

const leaks = (text: string) =>
  [
    EXCLUDED.name,
    EXCLUDED.name.replace(/\s/g, ''),
    EXCLUDED.note,
    '伝えてはいけない',
    '連絡してはいけない',
  ].filter((p) => text.includes(p));

describe('a sheet or a contact record naming the excluded contact', () => {
  it('refuses a PIN by SMS to their number until confirmed (409 naming smsPhone), writing nothing', async () => {
    const message = await postAckMessage(w);
    const attempt = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
      recipientOrganisationId: w.groupHome,
      messageId: message.id,
      request: '内容をご確認のうえ、ご返信ください。',
      replyBy: '2026-11-27',
      pinDelivery: 'sms',
      smsPhone: '09055556666',
    });
    expect(attempt.statusCode).toBe(409);
    expect(attempt.json()).toMatchObject({ code: 'EXCLUDED_CONTACT_MATCH', field: 'smsPhone' });
    expect(await w.t.database.db.selectFrom('liaisonSheets').select('id').execute()).toEqual([]);
  });

  it('refuses a contact record with them as the counterpart until confirmed', async () => {
    const record = (extra: Record<string, unknown>) =>
      w.lead.post(`/api/persons/${w.personId}/contact-log`, {
        mode: 'phone',
        direction: 'incoming',
        counterpart: '山並たける',
        occurredAt: '2026-11-25T09:30:00+09:00',
        category: 'family_environment',
        content: '本人の居場所を尋ねる電話。何も伝えていない。',
        source: 'family',
        kind: 'objective',
        ...extra,
      });
    const refused = await record({});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'EXCLUDED_CONTACT_MATCH', field: 'counterpart' });
    const saved = await record({ excludedContactConfirmed: true });
    expect(saved.statusCode, saved.body).toBe(201);
  });
});

describe('what leaves the team', () => {
  it('never carries the warning: not the sheet, its PDF, its FAX, nor its guest page', async () => {
    const message = await postAckMessage(w, '夕食後の服薬の声かけをお願いします。');
    const sheet = await createSheet(w, message.id);
    expect(leaks(JSON.stringify(sheet))).toEqual([]);
    const pdf = await extractPdf((await w.lead.get(`/api/liaison/sheets/${sheet.id}/pdf`)).rawPayload);
    expect(pdf.text).toContain('夕食後の服薬の声かけをお願いします。');
    expect(leaks(pdf.text)).toEqual([]);

    expect((await w.lead.post(`/api/liaison/sheets/${sheet.id}/send-fax`)).statusCode).toBe(200);
    await w.t.deps.jobs.runDue();
    await w.smtp.waitFor((m) => m.to.includes(FAX_GATEWAY));
    const fax = w.smtp.received.find((m) => JSON.stringify(m.to ?? '').includes(FAX_GATEWAY))!;
    expect(leaks(`${fax.subject ?? ''}\n${fax.text ?? ''}`)).toEqual([]);
    expect(leaks((await extractPdf(fax.attachments[0]!.content)).text)).toEqual([]);

    const visitor = new Agent(w.t.app, '198.51.100.7', { sendsCsrf: false });
    const opened = await visitor.post(`/api/guest/${tokenOf(sheet)}/open`, { pin: sheet.pin });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.body).toContain('夕食後の服薬');
    expect(leaks(opened.body)).toEqual([]);
  });
});
