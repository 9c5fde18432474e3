import { afterEach, describe, expect, it } from 'vitest';
import type { ContactLogEntry } from '@tsunagu/contract';
import { Agent } from '../../../test/agent.ts';
import { auditRows } from '../../../test/factories.ts';
import {
  closeLiaisonWorld,
  createLiaisonWorld,
  createSheet,
  postAckMessage,
  tokenOf,
  type LiaisonWorld,
} from '../../../test/liaison-world.ts';

let w: LiaisonWorld;
afterEach(async () => {
  await closeLiaisonWorld(w);
});

const contactLog = async (agent: Agent = w.lead) => {
  const response = await agent.get(`/api/persons/${w.personId}/contact-log`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ entries: ContactLogEntry[] }>().entries;
};

/** A one-pixel PNG as the scan of a FAX that came back. */
async function uploadScan(sheetId: string) {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'fax-reply.png');
  const request = new Request('http://x/', { method: 'POST', body: form });
  return w.colleague.request('POST', `/api/liaison/sheets/${sheetId}/reply-scan`, undefined, {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  });
}

describe('連絡記録 of a reply recorded by hand', () => {
  it('writes the call to the contact log: phone, the group home, who took it, when, what was said; once, however often the reply is recorded', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w, '通院の付き添いをお願いできますか。')).id);
    w.t.clock.advanceMinutes(30);
    const recorded = await w.colleague.post('/api/liaison/replies', {
      replyCode: sheet.replyCode,
      channel: 'phone',
      reply: '付き添えます。',
      respondent: '管理者 林',
    });
    expect(recorded.statusCode, recorded.body).toBe(200);

    const entries = await contactLog();
    expect(entries).toEqual([
      expect.objectContaining({
        origin: 'liaison_reply',
        sheetId: sheet.id,
        mode: 'phone',
        direction: 'incoming',
        counterpart: 'グループホームあおば 管理者 林',
        counterpartOrganisationId: w.groupHome,
        counterpartOrganisationName: 'グループホームあおば',
        occurredAt: '2026-11-25T01:30:00.000Z',
        category: 'daily_living',
        content: `連携シート（返信コード ${sheet.replyCode}）の返信を電話で受けました。\n返信の内容: 付き添えます。`,
        source: 'supporter_observation',
        kind: 'objective',
        observedOn: '2026-11-25',
        recordedBy: { name: '同僚 ひかる', organisationName: '相談支援事業所ひだまり' },
      }),
    ]);
    const [entry] = entries;
    // The entry is an information item on the person's timeline, within consent like any other.
    const items = (await w.lead.get(`/api/persons/${w.personId}/items?category=daily_living`)).json().items;
    expect(items).toContainEqual(expect.objectContaining({ id: entry!.itemId }));
    expect(await contactLog(w.nurse)).toEqual([]);
    expect((await auditRows(w.t.database.db, 'contact.record')).map((r) => r.details)).toEqual([
      { mode: 'phone', category: 'daily_living', sheetId: sheet.id, origin: 'liaison_reply' },
    ]);
    expect((await auditRows(w.t.database.db, 'item.record')).at(-1)).toMatchObject({
      targetId: entry!.itemId,
      personId: w.personId,
      actorOrganisationId: w.office,
    });

    // Recorded again (by FAX this time) it is refused; a scan added later keeps the one entry.
    const twice = await w.colleague.post('/api/liaison/replies', {
      replyCode: sheet.replyCode,
      channel: 'fax',
    });
    expect(twice.statusCode).toBe(409);
    expect((await uploadScan(sheet.id)).statusCode).toBe(200);
    expect((await contactLog()).map((e) => e.itemId)).toEqual([entry!.itemId]);

    // The database holds the key too: a second reply entry for the sheet is refused.
    await expect(
      w.t.database.db
        .insertInto('contactLogEntries')
        .values({
          itemLineageId: crypto.randomUUID(),
          personId: w.personId,
          mode: 'fax',
          direction: 'incoming',
          counterpart: 'グループホームあおば',
          counterpartOrganisationId: w.groupHome,
          occurredAt: new Date(),
          sheetId: sheet.id,
          origin: 'liaison_reply',
          recordedByUserId: null,
          recordedByOrganisationId: w.office,
          createdAt: new Date(),
        })
        .execute(),
    ).rejects.toThrow(/contact_log_reply_once_idx/);
  });

  it('writes a FAX entry when the FAX that came back is scanned as the reply', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const upload = await uploadScan(sheet.id);
    expect(upload.statusCode, upload.body).toBe(200);
    expect(await contactLog()).toEqual([
      expect.objectContaining({
        origin: 'liaison_reply',
        sheetId: sheet.id,
        mode: 'fax',
        direction: 'incoming',
        counterpart: 'グループホームあおば',
        content: `連携シート（返信コード ${sheet.replyCode}）の返信をFAXで受けました。`,
        recordedBy: { name: '同僚 ひかる', organisationName: '相談支援事業所ひだまり' },
      }),
    ]);
  });

  it('writes nothing when the reply is refused: no channel, an unknown code, a sheet of another organisation', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const noChannel = await w.colleague.post('/api/liaison/replies', { replyCode: sheet.replyCode });
    expect(noChannel.statusCode).toBe(400);
    expect(noChannel.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'channel' });
    expect(noChannel.json().message).toContain('返信の手段');
    const unknown = await w.colleague.post('/api/liaison/replies', {
      replyCode: 'ZZZ-ZZZ',
      channel: 'phone',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_REPLY_CODE', field: 'replyCode' });
    expect(unknown.json().message).toContain('返信コード');
    const foreign = await w.nurse.post('/api/liaison/replies', {
      replyCode: sheet.replyCode,
      channel: 'phone',
    });
    expect(foreign.statusCode).toBe(404);

    expect(await contactLog()).toEqual([]);
    expect(await auditRows(w.t.database.db, 'contact.record')).toEqual([]);
    expect((await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json()).toMatchObject({
      status: 'awaiting',
    });
  });

  it('writes no entry for a reply by the guest link: it shows on the sheet, the contact log is for calls and FAXes', async () => {
    w = await createLiaisonWorld();
    const sheet = await createSheet(w, (await postAckMessage(w)).id);
    const replied = await new Agent(w.t.app, '198.51.100.7').post(`/api/guest/${tokenOf(sheet)}/reply`, {
      pin: sheet.pin,
      reply: '承知しました。',
    });
    expect(replied.statusCode, replied.body).toBe(200);
    expect((await w.lead.get(`/api/liaison/sheets/${sheet.id}`)).json()).toMatchObject({
      status: 'replied',
      reply: { channel: 'link', text: '承知しました。' },
    });
    expect(await contactLog()).toEqual([]);
    expect(await auditRows(w.t.database.db, 'contact.record')).toEqual([]);
  });
});
