import { expect } from 'vitest';
import { informationCategories, type LiaisonSheet } from '@tsunagu/contract';
import type { Agent } from './agent.ts';
import { createOrganisation, createUser, signIn, type TestUser } from './factories.ts';
import { addToTeam, grantConsent, registerPerson } from './person-factories.ts';
import { SmtpCapture } from './smtp-capture.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/** The synthetic person of the liaison tests: what must never leak into a URL or an e-mail. */
export const person = {
  name: '山並 しずか',
  kana: 'やまなみ しずか',
  birthDate: '1979-06-15',
  address: '架空県架空市本町1-2-3',
};

export const FAX_GATEWAY = '0312345678@fax-gateway.example';

export interface LiaisonWorld {
  t: TestApp;
  smtp: SmtpCapture;
  /** The listening base URL when asked for (live streams), else null. */
  base: string | null;
  office: string;
  groupHome: string;
  clinic: string;
  lead: Agent;
  leadUser: TestUser;
  colleague: Agent;
  officeAdmin: Agent;
  systemAdmin: Agent;
  nurse: Agent;
  personId: string;
  /** Signs the office's staff and the nurse in again (after the test has moved the clock past their sessions). */
  signInAgain(): Promise<void>;
}

/**
 * A consultation office on tsunagu; a group home that works by phone and FAX (no accounts) on the
 * person's team with consent for 基本情報 and 生活; a clinic on tsunagu with consent for 医療 only.
 */
export async function createLiaisonWorld(options: { listen?: boolean } = {}): Promise<LiaisonWorld> {
  const smtp = new SmtpCapture();
  await smtp.start();
  const t = await createTestApp({
    config: { TSUNAGU_SMTP_URL: smtp.url, TSUNAGU_PUBLIC_URL: 'https://tsunagu.example.jp' },
  });
  t.clock.set('2026-11-25T10:00:00+09:00');
  const base = options.listen ? await t.app.listen({ port: 0, host: '127.0.0.1' }) : null;
  const db = t.database.db;
  const office = await createOrganisation(db, { name: '相談支援事業所ひだまり' });
  const groupHome = await createOrganisation(db, { name: 'グループホームあおば', kind: 'group_home' });
  const clinic = await createOrganisation(db, {
    name: 'こころのクリニック',
    kind: 'clinic',
    sector: 'medical',
  });
  const leadUser = await createUser(db, { organisationId: office, displayName: '相田 みどり' });
  const lead = await signIn(t.app, leadUser, t.clock);
  const colleagueUser = await createUser(db, { organisationId: office, displayName: '同僚 ひかる' });
  const colleague = await signIn(t.app, colleagueUser, t.clock);
  const officeAdmin = await signIn(
    t.app,
    await createUser(db, { organisationId: office, role: 'org_admin', displayName: '管理 たかし' }),
    t.clock,
  );
  const systemAdmin = await signIn(t.app, await createUser(db, { isSystemAdmin: true }), t.clock);
  const nurseUser = await createUser(db, {
    organisationId: clinic,
    profession: 'nurse',
    displayName: '看田 あおい',
  });
  const nurse = await signIn(t.app, nurseUser, t.clock);

  const settings = await systemAdmin.put(`/api/organisations/${groupHome}/liaison`, {
    usesTsunagu: false,
    preferredChannel: 'fax',
    faxNumber: '03-1234-5678',
    faxGatewayEmail: FAX_GATEWAY,
  });
  expect(settings.statusCode, settings.body).toBe(200);

  const personId = (await registerPerson(lead, { ...person, phone: '090-1111-2222' })).id;
  await grantConsent(lead, personId, office, [...informationCategories]);
  await addToTeam(lead, personId, groupHome, 'service_provider');
  await grantConsent(lead, personId, groupHome, ['identity', 'daily_living']);
  await addToTeam(lead, personId, clinic, 'attending_physician', { userId: nurseUser.id });
  await grantConsent(lead, personId, clinic, ['identity', 'medical']);
  const w: LiaisonWorld = {
    t,
    smtp,
    base,
    office,
    groupHome,
    clinic,
    lead,
    leadUser,
    colleague,
    officeAdmin,
    systemAdmin,
    nurse,
    personId,
    async signInAgain() {
      w.lead = await signIn(t.app, leadUser, t.clock);
      w.colleague = await signIn(t.app, colleagueUser, t.clock);
      w.nurse = await signIn(t.app, nurseUser, t.clock);
    },
  };
  return w;
}

export async function closeLiaisonWorld(w: LiaisonWorld | undefined): Promise<void> {
  await w?.t.close();
  await w?.smtp.stop();
}

/** A 要確認 message of the lead about the person, which asks the group home to acknowledge. */
export async function postAckMessage(
  w: LiaisonWorld,
  body = '今週から夕食後の服薬の声かけをお願いします。',
  priority: 'normal' | 'urgent' | 'emergency' = 'normal',
) {
  const response = await w.lead.post(`/api/persons/${w.personId}/messages`, {
    category: 'daily_living',
    priority,
    requiresAck: true,
    body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; seq: string }>();
}

/** A 連携シート from a message to the group home. */
export async function createSheet(
  w: LiaisonWorld,
  messageId: string,
  extra: Record<string, unknown> = {},
): Promise<LiaisonSheet> {
  const response = await w.lead.post(`/api/persons/${w.personId}/liaison-sheets`, {
    recipientOrganisationId: w.groupHome,
    messageId,
    request: '内容をご確認のうえ、ご返信ください。',
    replyBy: '2026-11-27',
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<LiaisonSheet>();
}

/** The random token of a sheet's short link. */
export const tokenOf = (sheet: Pick<LiaisonSheet, 'shortUrl'>) => sheet.shortUrl.split('/r/')[1]!;
