import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { auditRows, createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let lead: Agent;
let leadUser: TestUser;
let nurse: Agent;
let nurseUser: TestUser;
let clinic: string;
let personId: string;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  const office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  clinic = await createOrganisation(t.database.db, {
    name: 'こころのクリニック',
    kind: 'clinic',
    sector: 'medical',
  });
  leadUser = await createUser(t.database.db, { organisationId: office, displayName: '相田 みどり' });
  nurseUser = await createUser(t.database.db, {
    organisationId: clinic,
    profession: 'nurse',
    displayName: '看田 あおい',
  });
  lead = await signIn(t.app, leadUser, t.clock);
  nurse = await signIn(t.app, nurseUser, t.clock);
  personId = (await registerPerson(lead)).id;
  await addToTeam(lead, personId, clinic, 'attending_physician', { userId: nurseUser.id });
  await grantConsent(lead, personId, clinic, ['identity', 'medical', 'daily_living']);
});
afterEach(async () => t.close());

const post = (agent: Agent, body: Record<string, unknown>) =>
  agent.post(`/api/persons/${personId}/messages`, {
    category: 'daily_living',
    priority: 'normal',
    body: '本日の訪問で、表情が明るかった。',
    ...body,
    // A 緊急 carries a number to call back (the composer prefills it).
    ...(body.priority === 'emergency' ? { callbackPhone: '090-0000-0999' } : {}),
  });

describe('team messages (チームの連絡)', () => {
  it('posts a 要確認 message; the recipient reads and acknowledges; the sender sees who did what, and when', async () => {
    const sent = await post(lead, { requiresAck: true, body: '来週の受診に同行できる方はいますか。' });
    expect(sent.statusCode).toBe(201);
    // When, after the request arrived, the message committed (the live benchmark times delivery from it).
    const commit = /^commit;dur=(\d+\.\d{3})$/.exec(String(sent.headers['server-timing']));
    expect(commit).not.toBeNull();
    expect(Number(commit![1])).toBeGreaterThan(0);
    const message = sent.json();
    expect(message).toMatchObject({
      priority: 'normal',
      requiresAck: true,
      status: 'posted',
      receipts: { expected: 1, read: 0, acknowledged: 0, awaitingAck: 1 },
      isRead: true,
    });
    expect((await auditRows(t.database.db, 'message.post'))[0]).toMatchObject({
      personId,
      targetId: message.id,
    });

    const others = (await lead.get('/api/messages/awaiting-others')).json().items;
    expect(others).toMatchObject([{ messageId: message.id, waitingFor: ['看田 あおい'] }]);
    const mine = (await nurse.get('/api/messages/awaiting-me')).json().items;
    expect(mine).toMatchObject([{ messageId: message.id, priority: 'normal' }]);

    const timeline = (await nurse.get(`/api/persons/${personId}/messages`)).json();
    expect(timeline.unread).toBe(1);
    expect(timeline.messages[0]).toMatchObject({
      id: message.id,
      isRead: false,
      myAck: { acknowledgedAt: null },
      abilities: { acknowledge: true, correct: false },
    });
    let receipts = (await lead.get(`/api/messages/${message.id}/receipts`)).json().receipts;
    expect(receipts).toMatchObject([
      { recipient: { userId: nurseUser.id }, readAt: null, ackRequired: true, acknowledgedAt: null },
    ]);
    expect(receipts[0].deliveredAt).toBe('2026-11-25T01:00:00.000Z');

    t.clock.advanceMinutes(5);
    expect(
      (await nurse.post(`/api/persons/${personId}/messages/read`, { upToSeq: message.seq })).json(),
    ).toEqual({ unread: 0 });
    t.clock.advanceMinutes(5);
    const acked = await nurse.post(`/api/messages/${message.id}/acknowledge`, { reply: '同行できます。' });
    expect(acked.statusCode).toBe(200);
    expect(acked.json().myAck).toEqual({
      acknowledgedAt: '2026-11-25T01:10:00.000Z',
      reply: '同行できます。',
    });
    expect((await nurse.post(`/api/messages/${message.id}/acknowledge`, {})).statusCode).toBe(409);

    receipts = (await lead.get(`/api/messages/${message.id}/receipts`)).json().receipts;
    expect(receipts[0]).toMatchObject({
      readAt: '2026-11-25T01:05:00.000Z',
      acknowledgedAt: '2026-11-25T01:10:00.000Z',
      acknowledgedBy: '看田 あおい',
      reply: '同行できます。',
    });
    expect((await lead.get(`/api/messages/${message.id}`)).json().receipts).toEqual({
      expected: 1,
      read: 1,
      acknowledged: 1,
      awaitingAck: 0,
    });
    expect((await lead.get('/api/messages/awaiting-others')).json().items).toEqual([]);
    expect((await nurse.get('/api/messages/awaiting-me')).json().items).toEqual([]);
    const unchanged = (await nurse.get(`/api/messages/${message.id}/history`)).json().versions;
    expect(unchanged).toMatchObject([
      {
        version: 1,
        change: 'posted',
        body: '来週の受診に同行できる方はいますか。',
        changedBy: '相田 みどり',
      },
    ]);
  });

  it('counts 既読 and 確認 over the same recipients when a whole organisation is asked to acknowledge', async () => {
    // Asked: the nurse, and the clinic as an organisation (mentioned). Readers used to count staff
    // only, so this read 「既読 0/1・確認 0/2」.
    const sent = await post(lead, { requiresAck: true, mentions: [{ organisationId: clinic }] });
    expect(sent.statusCode, sent.body).toBe(201);
    const message = sent.json();
    expect(message.receipts).toEqual({ expected: 2, read: 0, acknowledged: 0, awaitingAck: 2 });
    expect(message.urgentCase).toBeNull();
    // The nurse reads: she, and through her the clinic, have read it.
    await nurse.post(`/api/persons/${personId}/messages/read`, { upToSeq: message.seq });
    expect((await lead.get(`/api/messages/${message.id}`)).json().receipts).toEqual({
      expected: 2,
      read: 2,
      acknowledged: 0,
      awaitingAck: 2,
    });
    // Her acknowledgement settles her own row and her organisation's.
    await nurse.post(`/api/messages/${message.id}/acknowledge`, {});
    expect((await lead.get(`/api/messages/${message.id}`)).json().receipts).toEqual({
      expected: 2,
      read: 2,
      acknowledged: 2,
      awaitingAck: 0,
    });
    // Without 要確認 the readers are the staff expected to read it.
    const plain = (await post(lead, { body: '連絡のみ。' })).json();
    expect(plain.receipts).toEqual({ expected: 1, read: 0, acknowledged: 0, awaitingAck: 0 });
  });

  it('always asks for acknowledgement on 至急 and 緊急', async () => {
    for (const priority of ['urgent', 'emergency']) {
      const m = (await post(lead, { priority, requiresAck: false })).json();
      expect(m).toMatchObject({ priority, requiresAck: true, receipts: { awaitingAck: 1 } });
    }
  });

  it('keeps a message outside the recipient’s consent scope away from them, not even as a notification', async () => {
    const money = (
      await post(lead, { category: 'finances', body: '家賃の滞納が2か月分ある。', requiresAck: true })
    ).json();
    expect(money.receipts).toMatchObject({ expected: 0, awaitingAck: 0 });
    const timeline = (await nurse.get(`/api/persons/${personId}/messages`)).json();
    expect(timeline.messages).toEqual([]);
    expect(timeline.unread).toBe(0);
    expect((await nurse.get(`/api/messages/${money.id}`)).statusCode).toBe(404);
    expect((await nurse.get('/api/notifications')).json().notifications).toEqual([]);
    expect((await nurse.get('/api/messages/awaiting-me')).json().items).toEqual([]);
    const mention = await post(lead, { category: 'finances', mentions: [{ userId: nurseUser.id }] });
    expect(mention.statusCode).toBe(400);
    expect(mention.json()).toMatchObject({ code: 'MENTION_NOT_PERMITTED', field: 'mentions.0.userId' });
  });

  it('notifies the expected readers and mentioned organisations in the app', async () => {
    const other = await createUser(t.database.db, { organisationId: clinic, displayName: '医野 健' });
    const m = (await post(lead, { mentions: [{ organisationId: clinic }] })).json();
    expect(m.mentions).toEqual([{ userId: null, organisationId: clinic, name: 'こころのクリニック' }]);
    const doctor = await signIn(t.app, other, t.clock);
    const notes = (await doctor.get('/api/notifications')).json();
    expect(notes.unread).toBe(1);
    // Staff of a mentioned organisation hear of it as a mention, with what a client needs to link and translate.
    expect(notes.notifications[0]).toMatchObject({
      kind: 'mention',
      personId,
      subjectId: m.id,
      priority: 'normal',
      params: { authorName: '相田 みどり', organisationName: '相談支援事業所ひだまり', requiresAck: false },
    });
    expect(notes.notifications[0].message).toContain('相田 みどり');
    const nurseNotes = (await nurse.get('/api/notifications')).json();
    expect(nurseNotes.unread).toBe(1);
    expect((await lead.get('/api/notifications')).json().unread).toBe(0);

    // Reading the timeline up to the message settles its notification.
    expect((await nurse.post(`/api/persons/${personId}/messages/read`, { upToSeq: m.seq })).statusCode).toBe(
      200,
    );
    expect((await nurse.get('/api/notifications')).json()).toMatchObject({ unread: 0 });
    expect((await doctor.get('/api/notifications')).json().unread).toBe(1);
  });

  it('corrects and withdraws by the author only, keeping the history readable', async () => {
    const m = (await post(lead, { body: '明日10時に訪問します。' })).json();
    expect((await nurse.patch(`/api/messages/${m.id}`, { body: '改ざん', reason: 'x' })).statusCode).toBe(
      403,
    );
    t.clock.advanceMinutes(1);
    const corrected = (
      await lead.patch(`/api/messages/${m.id}`, { body: '明日14時に訪問します。', reason: '時刻の誤り' })
    ).json();
    expect(corrected).toMatchObject({ status: 'corrected', body: '明日14時に訪問します。' });
    const withdrawn = await lead.post(`/api/messages/${m.id}/withdraw`, { reason: '訪問が中止になったため' });
    expect(withdrawn.json()).toMatchObject({
      status: 'withdrawn',
      body: null,
      abilities: { correct: false, withdraw: false },
    });
    expect((await nurse.get(`/api/persons/${personId}/messages`)).json().messages[0]).toMatchObject({
      id: m.id,
      status: 'withdrawn',
      body: null,
    });
    const history = (await nurse.get(`/api/messages/${m.id}/history`)).json().versions;
    expect(
      history.map((v: { change: string; body: string; reason: string | null }) => [
        v.change,
        v.body,
        v.reason,
      ]),
    ).toEqual([
      ['posted', '明日10時に訪問します。', null],
      ['corrected', '明日14時に訪問します。', '時刻の誤り'],
      ['withdrawn', '明日14時に訪問します。', '訪問が中止になったため'],
    ]);
    expect(
      (await nurse.get(`/api/persons/${personId}/messages?q=${encodeURIComponent('14時')}`)).json().messages,
    ).toEqual([]);
    expect((await lead.post(`/api/messages/${m.id}/withdraw`, { reason: 'もう一度' })).statusCode).toBe(409);
    expect(await auditRows(t.database.db, 'message.withdraw')).toHaveLength(1);
  });

  it('searches a person’s messages by partial Japanese text, within the consent scope', async () => {
    await post(lead, { body: 'デイケアの送迎時間が変わりました。' });
    await post(lead, { category: 'finances', body: 'デイケア利用料の支払いについて' });
    const search = async (agent: Agent, q: string) =>
      (await agent.get(`/api/persons/${personId}/messages?q=${encodeURIComponent(q)}`))
        .json()
        .messages.map((m: { body: string }) => m.body);
    expect(await search(lead, 'デイケア')).toHaveLength(2);
    expect(await search(nurse, 'デイケア')).toEqual(['デイケアの送迎時間が変わりました。']);
    expect(await search(nurse, '送迎')).toEqual(['デイケアの送迎時間が変わりました。']);
    expect((await auditRows(t.database.db, 'message.search')).length).toBe(3);
  });

  it('turns a message into a quality-tagged information item in one step', async () => {
    const m = (await post(nurse, { category: 'medical', body: '血圧 130/85、脈拍 72。' })).json();
    const item = await nurse.post(`/api/messages/${m.id}/item`, {
      source: 'medical_institution',
      kind: 'objective',
      observedOn: '2026-11-25',
    });
    expect(item.statusCode).toBe(201);
    expect(item.json()).toMatchObject({
      category: 'medical',
      content: '血圧 130/85、脈拍 72。',
      source: 'medical_institution',
      kind: 'objective',
      observedOn: '2026-11-25',
    });
  });

  it('turns a message in the person’s own words into 本人の意思 with its topic, and asks for the topic if missing', async () => {
    await grantConsent(lead, personId, clinic, ['identity', 'medical', 'daily_living', 'voice']);
    const m = (await post(lead, { category: 'voice', body: '朝は電話ではなくメッセージがいい。' })).json();
    const without = await lead.post(`/api/messages/${m.id}/item`, {
      source: 'person',
      kind: 'own_words',
      observedOn: '2026-11-25',
    });
    expect(without.statusCode).toBe(400);
    expect(without.json().field).toBe('topic');
    const item = await lead.post(`/api/messages/${m.id}/item`, {
      source: 'person',
      kind: 'own_words',
      observedOn: '2026-11-25',
      topic: 'contact',
    });
    expect(item.statusCode).toBe(201);
    expect(item.json()).toMatchObject({ category: 'voice', topic: 'contact', kind: 'own_words' });
  });

  it('lists 確認待ち with 緊急 first, records each list in the audit log, and counts unread on the person page', async () => {
    const normal = (await post(lead, { requiresAck: true, body: 'ふつうの確認' })).json();
    t.clock.advanceMinutes(1);
    const emergency = (await post(lead, { priority: 'emergency', body: '緊急の確認' })).json();
    t.clock.advanceMinutes(1);
    const urgent = (await post(lead, { priority: 'urgent', body: '至急の確認' })).json();
    const mine = (await nurse.get('/api/messages/awaiting-me')).json().items;
    expect(mine.map((i: { messageId: string }) => i.messageId)).toEqual([emergency.id, urgent.id, normal.id]);
    expect(mine[0]).toMatchObject({
      authorName: '相田 みどり',
      authorOrganisationName: '相談支援事業所ひだまり',
      personName: '架空 花子',
    });
    const others = (await lead.get('/api/messages/awaiting-others')).json().items;
    expect(others.map((i: { messageId: string }) => i.messageId)).toEqual([
      emergency.id,
      urgent.id,
      normal.id,
    ]);
    const [meRow] = await auditRows(t.database.db, 'message.awaiting_me');
    expect(meRow).toMatchObject({ actorUserId: nurseUser.id, details: { returned: 3, persons: [personId] } });
    expect((meRow!.details as { messages: string[] }).messages).toHaveLength(3);
    expect((await auditRows(t.database.db, 'message.awaiting_others'))[0]).toMatchObject({
      actorUserId: leadUser.id,
      details: { returned: 3 },
    });

    const page = (await nurse.get(`/api/persons/${personId}`)).json();
    expect(page.unreadMessages).toBe(3);
    expect(page.abilities.postMessage).toBe(true);
  });

  it('threads replies under a topic and refuses bad input with the field named, saving nothing', async () => {
    // The lead's own organisation sees others' 生活 records only with the person's consent too.
    const office = (await lead.get('/api/auth/session')).json().activeOrganisationId;
    await grantConsent(lead, personId, office, ['daily_living']);
    const root = (
      await post(lead, { topic: '退院後の住まい', body: '退院後の住まいについて相談させてください。' })
    ).json();
    const reply = (await post(nurse, { threadId: root.id, body: '主治医の意見を確認します。' })).json();
    expect(reply.threadId).toBe(root.id);
    const thread = (await lead.get(`/api/persons/${personId}/messages?threadId=${root.id}`)).json().messages;
    expect(thread).toHaveLength(2);
    const bad: [Record<string, unknown>, string][] = [
      [{ category: 'gossip' }, 'category'],
      [{ priority: 'asap' }, 'priority'],
      [{ body: '' }, 'body'],
      [{ body: 'あ'.repeat(4001) }, 'body'],
      [{ threadId: '00000000-0000-4000-8000-000000000000' }, 'threadId'],
      [{ threadId: root.id, topic: '別の話題' }, 'topic'],
      [{ mentions: [{}] }, 'mentions.0'],
      [{ extra: true }, 'extra'],
    ];
    for (const [patch, field] of bad) {
      const response = await post(lead, patch);
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().field, JSON.stringify(patch)).toBe(field);
    }
    expect((await lead.get(`/api/persons/${personId}/messages`)).json().messages).toHaveLength(2);
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

  function multipart(message: unknown, files: { name: string; type: string; content: Buffer }[]) {
    const boundary = '----tsunagu-test';
    const parts: Buffer[] = [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n${JSON.stringify(message)}\r\n`,
      ),
    ];
    for (const f of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
        ),
        f.content,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return lead.request('POST', `/api/persons/${personId}/messages`, undefined, {
      payload: Buffer.concat(parts),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: lead.cookieHeader(),
        'x-csrf-token': lead.csrfToken!,
      },
    });
  }
  const message = { category: 'medical', priority: 'normal', body: '紹介状を添付します。' };

  it('stores PDF and image attachments and serves them as downloads that do not run in the page', async () => {
    const sent = await multipart(message, [
      { name: '紹介状.pdf', type: 'application/pdf', content: pdf },
      { name: 'photo.png', type: 'image/png', content: png },
    ]);
    expect(sent.statusCode, sent.body).toBe(201);
    const attachments = sent.json().attachments;
    expect(
      attachments.map((a: { filename: string; contentType: string }) => [a.filename, a.contentType]),
    ).toEqual([
      ['紹介状.pdf', 'application/pdf'],
      ['photo.png', 'image/png'],
    ]);
    const download = await nurse.get(`/api/attachments/${attachments[0].id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');
  });

  it('refuses a disguised file, an oversize file and too many files, saving nothing', async () => {
    const html = await multipart(message, [
      {
        name: 'scan.pdf',
        type: 'application/pdf',
        content: Buffer.from('<html><script>alert(1)</script></html>'),
      },
    ]);
    expect(html.statusCode).toBe(415);
    expect(html.json()).toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE', field: 'files.0' });
    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await multipart(message, [{ name: 'big.pdf', type: 'application/pdf', content: big }]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: 'FILE_TOO_LARGE' });
    const many = await multipart(
      message,
      Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, type: 'application/pdf', content: pdf })),
    );
    expect(many.statusCode).toBe(400);
    expect(many.json()).toMatchObject({ field: 'files' });
    const badJson = await multipart({ category: 'medical', priority: 'normal' }, [
      { name: 'a.pdf', type: 'application/pdf', content: pdf },
    ]);
    expect(badJson.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
    expect(await t.database.db.selectFrom('messages').selectAll().execute()).toEqual([]);
    expect(await t.database.db.selectFrom('messageAttachments').selectAll().execute()).toEqual([]);
  });
});
