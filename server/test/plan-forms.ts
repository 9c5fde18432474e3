import { serviceUseBody } from './plan-factories.ts';

/** The 様式 of a サービス等利用計画 filled in: its header, 優先順位 and 週間計画表 (synthetic values). */

export const weeklySchedule = {
  slots: [
    { day: 'mon', start: '10:00', end: '15:00', kind: 'service', text: '就労継続支援B型（パン工房）' },
    { day: 'wed', start: '10:00', end: '15:00', kind: 'service', text: '就労継続支援B型（パン工房）' },
    { day: 'fri', start: '10:00', end: '15:00', kind: 'service', text: '就労継続支援B型（パン工房）' },
    { day: 'tue', start: '14:00', end: '15:00', kind: 'service', text: '訪問看護' },
    { day: 'sun', start: '13:00', end: '17:00', kind: 'activity', text: '姉と買い物' },
  ],
  dailyActivities: [
    { time: '07:00', text: '起床・朝食' },
    { time: '22:00', text: '服薬・就寝' },
  ],
  nonWeeklyServices: '月1回 こころのクリニック受診（第2木曜）',
  lifeOverview: '日中はパン工房に通い、夜はグループホームで落ち着いて眠れる生活。',
};

export const serviceUseHeader = {
  supportCategory: '3',
  recipientNumber: '１２３４５６７８９０',
  communityRecipientNumber: null,
  dayServiceRecipientNumber: null,
  copaymentLimit: 9300,
  planAuthorName: '相田 みどり',
  monitoringStartMonth: '2027-02',
  benefitDecisionOn: null,
};

/** A サービス等利用計画 with its header, two needs in priority order and a week. */
export function serviceUseForm(overrides: Record<string, unknown> = {}) {
  const base = serviceUseBody();
  return serviceUseBody({
    ...serviceUseHeader,
    needs: [
      { ...base.needs[0]!, priority: 2 },
      {
        priority: 1,
        need: '夜に眠れるようになりたい',
        goal: '寝る前の過ごし方を決めて続ける',
        achieveBy: '2027-02-28',
        services: [{ type: '訪問看護', content: '服薬と睡眠の確認', amount: '週1回 30分' }],
      },
    ],
    weeklySchedule,
    ...overrides,
  });
}
