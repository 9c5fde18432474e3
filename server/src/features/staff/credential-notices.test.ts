import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn, type TestUser } from '../../../test/factories.ts';
import { SmtpCapture } from '../../../test/smtp-capture.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let smtp: SmtpCapture;
let nurse: TestUser;
let asAdmin: Agent;

/** What no e-mail may carry: the names of the account, of who acted, and of the organisation. */
const names = ['看田', 'あおい', '院田', 'かなめ', 'こころのクリニック'];

const mailsTo = (address: string) =>
  smtp.received.filter((m) => JSON.stringify(m.to).toLowerCase().includes(address.toLowerCase()));

beforeEach(async () => {
  smtp = new SmtpCapture();
  await smtp.start();
  t = await createTestApp({
    config: { TSUNAGU_SMTP_URL: smtp.url, TSUNAGU_PUBLIC_URL: 'https://tsunagu.example.jp' },
  });
  t.clock.set('2026-12-07T10:00:00+09:00');
  const clinic = await createOrganisation(t.database.db, { name: 'こころのクリニック', kind: 'clinic' });
  nurse = await createUser(t.database.db, { organisationId: clinic, displayName: '看田 あおい' });
  const admin = await createUser(t.database.db, {
    organisationId: clinic,
    role: 'org_admin',
    displayName: '院田 かなめ',
  });
  asAdmin = await signIn(t.app, admin, t.clock);
});
afterEach(async () => {
  await t?.close();
  await smtp?.stop();
});

describe('telling an account’s owner about changes to their sign-in', () => {
  it('tells the owner in the app and by e-mail whatever their e-mail preference, with no names in the mail', async () => {
    const asNurse = await signIn(t.app, nurse, t.clock);
    await asNurse.put('/api/notifications/preferences', {
      emailMode: 'never',
      quietStart: null,
      quietEnd: null,
      digestTime: '08:00',
    });

    // A rename leaves the nurse signed in: the app says what was done, and by whom.
    expect(
      (await asAdmin.patch(`/api/staff/${nurse.id}`, { displayName: '看田 あおい（旧姓）' })).statusCode,
    ).toBe(200);
    const [note] = (await asNurse.get('/api/notifications')).json().notifications;
    expect(note).toMatchObject({ kind: 'account_change' });
    expect(note.message).toContain('登録情報（氏名・ふりがな・メールアドレス）の変更');
    expect(note.message).toContain('院田 かなめ（こころのクリニック）');

    expect((await asAdmin.post(`/api/staff/${nurse.id}/password-reset`)).statusCode).toBe(200);
    await t.deps.jobs.runDue();
    const mails = mailsTo(nurse.email);
    expect(mails).toHaveLength(2);
    const mail = mails.find((m) => m.text && m.text.includes('パスワード'));
    expect(mail!.subject).toBe('つなぐ: アカウントの設定が管理者により変更されました');
    expect(mail!.text).toContain('操作: パスワードのリセット（仮パスワードの発行）');
    expect(mail!.text).toContain('2026年12月7日 10:00（日本時間）');
    expect(mail!.text).toMatch(/https:\/\/tsunagu\.example\.jp\/notifications\/[0-9a-f-]{36}/);
    for (const m of mails) {
      for (const name of names) expect(`${m.subject}${m.text}`).not.toContain(name);
    }
  });

  it('mails the old address too when the address is changed, and a disabled account still hears of it', async () => {
    const oldAddress = nurse.email;
    const newAddress = 'kanda.new@test.tsunagu.example';
    expect((await asAdmin.patch(`/api/staff/${nurse.id}`, { email: newAddress })).statusCode).toBe(200);
    expect((await asAdmin.post(`/api/staff/${nurse.id}/two-factor-reset`)).statusCode).toBe(200);
    expect((await asAdmin.put(`/api/staff/${nurse.id}/disabled`, { disabled: true })).statusCode).toBe(200);
    await t.deps.jobs.runDue();

    const operation = (m: { text?: string | false }) => /操作: (.+)/.exec(m.text || '')?.[1];
    expect(mailsTo(oldAddress).map(operation)).toEqual(['登録情報（氏名・ふりがな・メールアドレス）の変更']);
    expect(mailsTo(newAddress).map(operation).sort()).toEqual(
      [
        '登録情報（氏名・ふりがな・メールアドレス）の変更',
        '二要素認証のリセット',
        'アカウントの利用停止',
      ].sort(),
    );
    for (const m of smtp.received) {
      for (const name of names) expect(`${m.subject}${m.text}`).not.toContain(name);
    }
    const notices = await t.database.db
      .selectFrom('notifications')
      .select('payload')
      .where('userId', '=', nurse.id)
      .where('kind', '=', 'account_change')
      .execute();
    expect(notices.map((n) => n.payload.change).sort()).toEqual(['disable', 'two_factor_reset', 'update']);
  });
});
