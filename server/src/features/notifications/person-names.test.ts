import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../test/factories.ts';
import { runDueJobs } from '../../../test/escalation-factories.ts';
import { HttpReceiver } from '../../../test/http-receiver.ts';
import { browserPushKeys, decryptPush } from '../../../test/push-keys.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { at, buildUrgentNight, type UrgentNight } from '../../../test/urgent-night.ts';

/**
 * In-app notifications name the person where the reader's consent reaches their identity,
 * decided when they are read (issue 16, item 5): a withdrawal later hides the name an older
 * notification showed. Push and e-mail never carry it. Through the real queue, SMTP server and
 * push service.
 */
let t: TestApp;
let night: UrgentNight;
let smtp: SmtpCapture;
const pushService = new HttpReceiver();
const pushKeys = browserPushKeys();

interface Shown {
  kind: string;
  personId: string | null;
  personName: string | null;
  message: string;
}

async function urgentNoticesOf(user: UrgentNight['users'][keyof UrgentNight['users']]): Promise<Shown[]> {
  const list = await (await night.agent(user)).get('/api/notifications');
  expect(list.statusCode, list.body).toBe(200);
  return (list.json().notifications as Shown[]).filter((n) => n.kind === 'urgent_case');
}

beforeAll(async () => {
  smtp = new SmtpCapture();
  await smtp.start();
  await pushService.start({ https: true });
  t = await createTestApp({ config: { TSUNAGU_SMTP_URL: smtp.url } });
  night = await buildUrgentNight(t);
  const subscribed = await (
    await night.agent(night.users.onDuty)
  ).post('/api/push/subscriptions', {
    endpoint: `${pushService.url}/push/on-duty`,
    keys: { p256dh: pushKeys.p256dh, auth: pushKeys.auth },
  });
  expect(subscribed.statusCode, subscribed.body).toBe(200);
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
  await pushService.stop();
});

describe('notifications name the person within consent, at read time', () => {
  it('names the person to the coordinator whose consent reaches her identity, and not the one it does not', async () => {
    t.clock.set(at('2026-12-10T00:52'));
    const gh = await night.agent(night.users.gh);
    for (const personId of [night.personId, night.hiddenPersonId]) {
      const posted = await gh.post(`/api/persons/${personId}/messages`, {
        category: 'crisis',
        priority: 'emergency',
        callbackPhone: '099-000-1101',
        body: '夜になって強い不安を訴えています。',
      });
      expect(posted.statusCode, posted.body).toBe(201);
      t.clock.set(at('2026-12-10T00:53'));
    }
    await runDueJobs(t);
    const shown = await urgentNoticesOf(night.users.onDuty);
    expect(shown).toHaveLength(2);
    const [hidden, named] = shown;
    expect(named).toMatchObject({ personId: night.personId, personName: '渚 あかり' });
    expect(named!.message).toMatch(
      /^渚 あかりさんについて: 【緊急】グループホームあけぼのからの緊急連絡です。/,
    );
    expect(hidden).toMatchObject({ personId: null, personName: null });
    expect(hidden!.message).not.toContain('汐見');
    expect(hidden!.message).toMatch(/^【緊急】グループホームあけぼのからの緊急連絡です。/);
    // Naming someone is a read of their identity: audited with whom it named.
    expect((await auditRows(t.database.db, 'notification.list')).at(-1)?.details).toMatchObject({
      persons: [night.personId],
    });
  });

  it('hides the name once the person withdraws the consent, in the notifications already sent', async () => {
    const grant = await t.database.db
      .selectFrom('accessGrants')
      .select('id')
      .where('personId', '=', night.personId)
      .where('organisationId', '=', night.organisations.kyoten)
      .executeTakeFirstOrThrow();
    const withdrawn = await (
      await night.agent(night.users.lead)
    ).post(`/api/grants/${grant.id}/withdraw`, { note: '本人の申し出' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const shown = await urgentNoticesOf(night.users.onDuty);
    expect(shown.map((n) => n.personName)).toEqual([null, null]);
    expect(shown.map((n) => n.message).join()).not.toContain('渚');
  });

  it('never puts the name in the push payload or the e-mail', async () => {
    await pushService.waitFor(2);
    for (const push of pushService.received) {
      const payload = JSON.stringify(decryptPush(push.body, pushKeys));
      expect(payload).not.toContain('渚');
      expect(payload).not.toContain('汐見');
    }
    const mail = await smtp.waitFor((m) => m.to.includes(night.users.onDuty.email));
    expect(mail.subject).toBe('【緊急】つなぐ: 新しいお知らせがあります');
    expect(smtp.received.length).toBeGreaterThan(0);
    for (const m of smtp.received) {
      expect(`${m.subject ?? ''}\n${m.text ?? ''}`).not.toContain('渚');
      expect(`${m.subject ?? ''}\n${m.text ?? ''}`).not.toContain('汐見');
    }
  });
});
