import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { addToTeam, grantConsent, registerPerson } from '../../../test/person-factories.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { openStream, type TestStream } from '../../../test/sse-client.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let smtp: SmtpCapture;
let lead: Agent;
let nurse: Agent;
let nurseUser: TestUser;
let leadUser: TestUser;
let personId: string;
let base: string;
const streams: TestStream[] = [];

async function world(config: Record<string, string> = {}) {
  smtp = new SmtpCapture();
  await smtp.start();
  t = await createTestApp({
    config: { TSUNAGU_SMTP_URL: smtp.url, TSUNAGU_PUBLIC_URL: 'https://tsunagu.example.jp', ...config },
  });
  t.clock.set('2026-11-25T10:00:00+09:00');
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  const clinic = await createOrganisation(t.database.db, { name: 'こころのクリニック' });
  leadUser = await createUser(t.database.db, { organisationId: office, displayName: '相田 みどり' });
  nurseUser = await createUser(t.database.db, { organisationId: clinic, displayName: '看田 あおい' });
  lead = await signIn(t.app, leadUser, t.clock);
  nurse = await signIn(t.app, nurseUser, t.clock);
  personId = (await registerPerson(lead, { name: '山並 しずか', kana: 'やまなみ しずか' })).id;
  await addToTeam(lead, personId, clinic, 'attending_physician', { userId: nurseUser.id });
  await grantConsent(lead, personId, clinic, ['identity', 'medical', 'daily_living']);
}

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await t?.close();
  await smtp?.stop();
});

const post = (agent: Agent, body: Record<string, unknown>) =>
  agent.post(`/api/persons/${personId}/messages`, {
    category: 'daily_living',
    priority: 'normal',
    body: '様子をお知らせします。',
    ...body,
    // A 緊急 carries a number to call back (the composer prefills it).
    ...(body.priority === 'emergency' ? { callbackPhone: '090-0000-0999' } : {}),
  });

function stream(agent: Agent, lastEventId?: string): TestStream {
  const s = openStream(`${base}/api/stream`, agent.cookieHeader(), lastEventId);
  streams.push(s);
  return s;
}

describe('live updates (SSE)', () => {
  it('delivers a new message and its acknowledgement live, and resumes from the last event id', async () => {
    await world();
    const nurseStream = stream(nurse);
    const leadStream = stream(lead);
    await Promise.all([nurseStream.ready, leadStream.ready]);
    const m = (await post(lead, { requiresAck: true })).json();
    const arrived = await nurseStream.waitFor(
      (e) => e.data.kind === 'message.created' && e.data.subjectId === m.id,
    );
    expect(arrived.data).toMatchObject({
      personId,
      category: 'daily_living',
      payload: { seq: m.seq, requiresAck: true },
    });
    expect(JSON.stringify(arrived.data)).not.toContain('様子をお知らせします');
    await nurseStream.waitFor((e) => e.data.kind === 'notification.created');

    await nurse.post(`/api/messages/${m.id}/acknowledge`, {});
    await leadStream.waitFor((e) => e.data.kind === 'message.acknowledged' && e.data.subjectId === m.id);

    const lastId = nurseStream.events.at(-1)!.id;
    nurseStream.close();
    const missed = (await post(lead, { body: '切断中に送ったメッセージ' })).json();
    const resumed = stream(nurse, lastId);
    const replayed = await resumed.waitFor((e) => e.data.subjectId === missed.id);
    expect(BigInt(replayed.id)).toBeGreaterThan(BigInt(lastId));
    expect(resumed.events.some((e) => BigInt(e.id) <= BigInt(lastId))).toBe(false);

    await t.deps.hub.flushAll();
    const audits = await t.database.db
      .selectFrom('auditEvents')
      .selectAll()
      .where('action', '=', 'stream.deliver')
      .where('actorUserId', '=', nurseUser.id)
      .execute();
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.flatMap((a) => (a.details as { events: string[] }).events)).toContain(replayed.id);
  });
});

describe('a stream lives no longer than its session', () => {
  const endsWithin = (s: TestStream, ms: number) =>
    Promise.race([s.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('still open'), ms))]);

  it('ends at sign-out, and carries nothing after it', async () => {
    await world();
    const nurseStream = stream(nurse);
    await nurseStream.ready;
    expect((await nurse.post('/api/auth/sign-out', {})).statusCode).toBe(200);
    expect(await endsWithin(nurseStream, 3000)).toBe('ended');
    expect(nurseStream.raw()).toContain('event: session-ended');
    await post(lead, { body: 'サインアウトの後のメッセージ' });
    await new Promise((r) => setTimeout(r, 200));
    expect(nurseStream.events.filter((e) => e.data.kind === 'message.created')).toEqual([]);
  });

  it('ends when the session has been idle past the limit, and not before', async () => {
    await world();
    const nurseStream = stream(nurse);
    await nurseStream.ready;
    t.clock.advance(29 * 60_000);
    expect(await t.deps.hub.endLapsedStreams()).toBe(0);
    t.clock.advance(2 * 60_000);
    expect(await t.deps.hub.endLapsedStreams()).toBe(1);
    expect(await endsWithin(nurseStream, 3000)).toBe('ended');
  });
});

describe('the live bus', () => {
  it('carries an event in its NOTIFY, and one too large for a NOTIFY by its id, both to the right stream', async () => {
    await world();
    const nurseStream = stream(nurse);
    await nurseStream.ready;
    const publish = (note: string) =>
      t.database.db.transaction().execute((trx) =>
        t.deps.bus.publish(trx, {
          kind: 'bench.note',
          personId,
          category: 'daily_living',
          authorOrganisationId: null,
          payload: { note },
        }),
      );
    const small = await publish('小さな知らせ');
    const large = await publish('大'.repeat(4000)); // 12,000 bytes: more than PostgreSQL lets a NOTIFY carry
    const got = await nurseStream.waitFor((e) => e.id === large);
    expect(got.data.payload).toEqual({ note: '大'.repeat(4000) });
    expect(nurseStream.events.map((e) => e.id)).toEqual(expect.arrayContaining([small, large]));
    expect(nurseStream.events.find((e) => e.id === small)!.data.payload).toEqual({ note: '小さな知らせ' });
  });

  it('carries several events published in one statement, in the order given, each whole', async () => {
    await world();
    const nurseStream = stream(nurse);
    await nurseStream.ready;
    const notes = ['一つ目「引用」と \\ と "二重引用符"', '大'.repeat(4000), '三つ目'];
    const ids = await t.database.db.transaction().execute((trx) =>
      t.deps.bus.publishMany(
        trx,
        notes.map((note) => ({
          kind: 'bench.note',
          personId,
          category: 'daily_living' as const,
          authorOrganisationId: null,
          payload: { note },
        })),
      ),
    );
    expect(ids).toHaveLength(3);
    expect([...ids].sort((a, b) => Number(BigInt(a) - BigInt(b)))).toEqual(ids);
    await nurseStream.waitFor((e) => e.id === ids[2]);
    const got = nurseStream.events.filter((e) => ids.includes(e.id));
    expect(got.map((e) => e.id)).toEqual(ids);
    expect(got.map((e) => (e.data.payload as { note: string }).note)).toEqual(notes);
  });
});

describe('the canary: a message outside a staff member’s consent scope', () => {
  it('appears nowhere that staff member can reach: timeline, search, counts, stream, notifications, e-mail', async () => {
    await world();
    const canary = `CANARY-${randomBytes(6).toString('hex')}`;
    const nurseStream = stream(nurse);
    await nurseStream.ready;
    const secret = (
      await post(lead, {
        category: 'finances',
        priority: 'emergency',
        callbackPhone: '090-0000-0999',
        body: `生活保護の申請について ${canary}`,
        topic: `話題 ${canary}`,
      })
    ).json();
    const visible = (await post(lead, { body: '見えてよいメッセージ' })).json();
    await nurseStream.waitFor((e) => e.data.subjectId === visible.id);
    await t.deps.jobs.runDue();
    await t.deps.hub.flushAll();

    const reachable = [
      await nurse.get(`/api/persons/${personId}/messages`),
      await nurse.get(`/api/persons/${personId}/messages?q=${encodeURIComponent(canary)}`),
      await nurse.get(`/api/persons/${personId}/messages?q=${encodeURIComponent('生活保護')}`),
      await nurse.get(`/api/messages/${secret.id}`),
      await nurse.get(`/api/messages/${secret.id}/history`),
      await nurse.get(`/api/persons/${personId}`),
      await nurse.get(`/api/persons/${personId}/items`),
      await nurse.get('/api/persons'),
      await nurse.get('/api/notifications'),
      await nurse.get('/api/messages/awaiting-me'),
    ].map((r) => r.body);
    for (const body of reachable) expect(body).not.toContain(canary);
    expect(reachable[0]).toContain('見えてよいメッセージ');
    expect(nurseStream.raw()).not.toContain(canary);
    expect(nurseStream.events.some((e) => e.data.subjectId === secret.id)).toBe(false);
    const toNurse = smtp.received.filter((m) => m.to && JSON.stringify(m.to).includes(nurseUser.email));
    expect(toNurse.length).toBe(1); // the visible message only
    for (const mail of smtp.received) {
      expect(`${mail.subject} ${mail.text}`).not.toContain(canary);
      expect(`${mail.subject} ${mail.text}`).not.toContain('山並');
    }
  });
});

describe('e-mail notifications', () => {
  it('sends a notification e-mail that says only that there is something to read, with a link', async () => {
    await world();
    const m = (await post(lead, { priority: 'urgent', body: '本人が服薬を中断しているようです。' })).json();
    expect(m.requiresAck).toBe(true);
    expect(smtp.received).toHaveLength(0);
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(JSON.stringify(mail.to)).toContain(nurseUser.email);
    expect(mail.subject).toBe('【至急】つなぐ: 新しいお知らせがあります');
    expect(mail.text).toMatch(/https:\/\/tsunagu\.example\.jp\/notifications\/[0-9a-f-]{36}/);
    for (const secret of ['山並', 'しずか', '服薬', '中断', '相田'])
      expect(`${mail.subject}${mail.text}`).not.toContain(secret);
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(1);
  });

  it('respects quiet hours, and lets 緊急 through them', async () => {
    await world();
    await nurse.put('/api/notifications/preferences', {
      emailMode: 'immediate',
      quietStart: '21:00',
      quietEnd: '07:00',
      digestTime: '08:00',
    });
    t.clock.set('2026-11-25T22:30:00+09:00');
    lead = await signIn(t.app, leadUser, t.clock); // a new session in the evening
    expect((await post(lead, { body: '夜間の連絡（通常）' })).statusCode).toBe(201);
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(0);
    expect((await post(lead, { priority: 'emergency', body: '夜間の連絡（緊急）' })).statusCode).toBe(201);
    await t.deps.jobs.runDue();
    expect(smtp.received.map((m) => m.subject)).toEqual(['【緊急】つなぐ: 新しいお知らせがあります']);
    t.clock.set('2026-11-26T07:00:00+09:00');
    await t.deps.jobs.runDue();
    expect(smtp.received.map((m) => m.subject)).toEqual([
      '【緊急】つなぐ: 新しいお知らせがあります',
      'つなぐ: 新しいお知らせがあります',
    ]);
  });

  it('collects a daily digest, and never e-mails someone who chose never', async () => {
    await world();
    expect(
      (
        await nurse.put('/api/notifications/preferences', {
          emailMode: 'digest',
          quietStart: null,
          quietEnd: null,
          digestTime: '08:30',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await nurse.put('/api/notifications/preferences', {
          emailMode: 'digest',
          quietStart: '21:00',
          quietEnd: null,
          digestTime: '08:30',
        })
      ).json(),
    ).toMatchObject({ field: 'quietEnd' });
    await post(lead, { body: '一通目' });
    await post(lead, { body: '二通目' });
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(0);
    t.clock.set('2026-11-26T08:30:00+09:00');
    await t.deps.jobs.runDue();
    expect(smtp.received.map((m) => m.subject)).toEqual([
      'つなぐ: 未読のお知らせが2件あります（2026年11月26日）',
    ]);

    // The next morning, in new sessions.
    lead = await signIn(t.app, leadUser, t.clock);
    nurse = await signIn(t.app, nurseUser, t.clock);
    await nurse.put('/api/notifications/preferences', {
      emailMode: 'never',
      quietStart: null,
      quietEnd: null,
      digestTime: '08:30',
    });
    expect((await post(lead, { priority: 'emergency', body: '三通目' })).statusCode).toBe(201);
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(1);
    expect((await nurse.get('/api/notifications')).json().unread).toBe(3);
  });

  it('dates a digest sent after midnight by its Tokyo day, not the UTC day before', async () => {
    await world();
    await nurse.put('/api/notifications/preferences', {
      emailMode: 'digest',
      quietStart: null,
      quietEnd: null,
      digestTime: '00:37',
    });
    await post(lead, { body: '夜の連絡' });
    // 00:37 on 11/26 in Tokyo is 15:37 on 11/25 in UTC.
    t.clock.set('2026-11-26T00:37:00+09:00');
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.subject).toBe('つなぐ: 未読のお知らせが1件あります（2026年11月26日）');
    expect(smtp.received[0]!.text).toContain(
      '2026年11月26日 0:37 の時点で、つなぐに未読のお知らせが1件あります。',
    );
  });

  it('retries a failed delivery once the SMTP server is back, without sending it twice', async () => {
    await world();
    const port = smtp.port;
    await smtp.stop();
    await post(lead, { body: 'サーバー停止中のメッセージ' });
    await t.deps.jobs.runDue();
    const job = await t.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('queue', '=', 'email.notification')
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job.lastError).toBeTruthy();
    await smtp.start(port);
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(0); // not due yet: it backs off
    t.clock.advanceMinutes(1);
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(1);
    t.clock.advanceMinutes(60);
    await t.deps.jobs.runDue();
    expect(smtp.received).toHaveLength(1);
    expect(
      (
        await t.database.db
          .selectFrom('jobs')
          .select('status')
          .where('id', '=', job.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('done');
    expect(smtp.received[0]!.messageId).toBe(
      `<email:notification:${(job.payload as { notificationId: string }).notificationId}@tsunagu>`,
    );
  });
});
