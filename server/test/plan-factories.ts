import { expect } from 'vitest';
import type { Agent } from './agent.ts';

/** Plan fixtures made through the real API, as a consultation office and the person would make them. */

/** A サービス等利用計画 body; `overrides` replace top-level fields. */
export function serviceUseBody(overrides: Record<string, unknown> = {}, providerOrganisationId?: string) {
  return {
    planDate: '2026-11-25',
    reviewOn: '2027-05-31',
    personWishes: '「グループホームを出て、いつか猫と一人暮らしをしたい」',
    familyWishes: '姉：無理をせず、今の生活を続けてほしい。',
    overallPolicy: '本人の希望する一人暮らしに向けて、生活の力と働く場を少しずつ広げる。',
    longTermGoal: '1年後に、一人暮らしの準備を始める。',
    shortTermGoal: '週3回の通所を続け、朝の支度を自分でする。',
    monitoringMonths: 3,
    needs: [
      {
        need: '働いて自分のお金を持ちたい',
        goal: '週3回、パンの製造作業に通う',
        achieveBy: '2027-05-31',
        services: [
          {
            type: '就労継続支援B型',
            content: 'パンの製造・販売',
            amount: '週3回（月・水・金）10:00〜15:00',
            ...(providerOrganisationId ? { providerOrganisationId } : { providerName: 'そよかぜ' }),
          },
        ],
        personRole: '前の晩に持ち物をそろえる',
        evaluateOn: '2027-02-28',
        notes: '朝が苦手。遅れても責めない。',
      },
    ],
    ...overrides,
  };
}

/** A 個別支援計画 body whose one goal serves the need `needId` of the サービス等利用計画. */
export function supportBody(needId: string | null, overrides: Record<string, unknown> = {}) {
  return {
    planDate: '2026-11-25',
    serviceType: '就労継続支援B型',
    serviceManager: '佐分 かん',
    personWishes: '「パンを焼いて、誰かに食べてもらいたい」',
    overallPolicy: '得意な成形作業を中心に、無理のない通所を続ける。',
    longTermGoal: '販売の仕事にも挑戦する。',
    shortTermGoal: '週3回の通所を続ける。',
    monitoringMonths: 6,
    goals: [
      {
        servesNeedId: needId,
        goal: '成形作業を一人で1時間続ける',
        support: '作業手順を写真で示し、休憩の合図を決める。',
        achieveBy: '2027-05-31',
      },
    ],
    ...overrides,
  };
}

export function crisisBody(overrides: Record<string, unknown> = {}) {
  return {
    planDate: '2026-11-25',
    goodSelf: '「朝ごはんをおいしく食べて、パンの話をたくさんする」',
    warningSigns: '「眠れない日が3日続く。部屋の電気を消せなくなる」',
    worseningSigns: '「声が聞こえて、外に出られなくなる」',
    selfActions: '「頓服を飲んで、姉に電話する」',
    wantFromOthers: '「静かに話を聞いてほしい」',
    notWanted: '「大勢で部屋に来ないでほしい」',
    contacts: [
      { name: '佐藤 あおい', relation: '姉', phone: '090-0000-2222', hours: '平日 18:00〜22:00' },
      { name: 'こころのクリニック', relation: '主治医', phone: '099-000-1234', hours: '平日 9:00〜17:00' },
    ],
    clinic: 'こころのクリニック架空（月2回）',
    medication: '就寝前にオランザピン5mg。頓服あり。',
    offHours: '地域生活支援拠点つなぎ（24時間）に電話する。',
    ...overrides,
  };
}

/** Creates a plan (201) and returns its id. */
export async function createPlan(
  agent: Agent,
  personId: string,
  kind: 'service-use' | 'individual-support' | 'crisis',
  body: Record<string, unknown>,
): Promise<string> {
  const response = await agent.post(`/api/persons/${personId}/plans/${kind}`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

/** Records the person's agreement to `version` and confirms it. */
export async function agreeAndConfirm(agent: Agent, planId: string, version = 1, agreedOn = '2026-11-25') {
  const agreed = await agent.post(`/api/plans/${planId}/agreement`, { version, agreedOn, method: 'written' });
  expect(agreed.statusCode, agreed.body).toBe(200);
  const confirmed = await agent.post(`/api/plans/${planId}/confirm`, { version });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  return confirmed.json();
}
