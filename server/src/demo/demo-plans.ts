import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';
import { crisisContent } from '../features/plans/plan-rules.ts';
import { serviceUseContent } from '../features/plans/service-use-rules.ts';
import * as meetingsRepo from '../features/plans/plan-meetings.repository.ts';
import * as plansRepo from '../features/plans/plans.repository.ts';
import { tokyoDateOf } from '../platform/access/person-access.ts';
import { addDays, addMonths } from '../platform/tokyo-time.ts';
import { findDemoPersonId } from './demo-persons.ts';

/**
 * 佐藤 みらい's plans, agreed with her and confirmed by the 相談支援専門員: the crisis plan the
 * night-duty coordinator opens in two taps, and the サービス等利用計画 naming the group home —
 * so that the person page, the plans, the PDF and 期限 show something on first start.
 */
export async function seedDemoPlans(
  trx: Kysely<Tables>,
  ids: { organisations: Map<string, string>; users: Map<string, string> },
  now: Date,
): Promise<void> {
  const personId = await findDemoPersonId(trx);
  if (!personId) return;
  const today = tokyoDateOf(now);
  const planDate = addDays(today, -40);
  const agreedOn = addDays(today, -38);
  const office = ids.organisations.get('soudan')!;
  const author = ids.users.get('soudan')!;

  const crisis = crisisContent(
    {
      planDate,
      goodSelf: '朝ごはんを食べて、作業所に行けている。猫の話をよくする。夜は12時までに眠れている。',
      warningSigns: '夜中に何度も目が覚める。部屋の片付けができなくなる。「大丈夫」と何度も言う。',
      worseningSigns: '2日以上ほとんど眠れない。「みんなに見張られている」と話す。食事をとらない。',
      selfActions: '頓服を飲む。姉に電話する。好きな音楽を聴いて、温かいお茶を飲む。',
      wantFromOthers: 'ゆっくり話を聞いてほしい。「眠れている？」と一言声をかけてほしい。',
      notWanted: '大きな声で注意されること。急に部屋に入られること。',
      contacts: [
        { name: '佐藤 あおい', relation: '姉', phone: '090-0000-2222', hours: '18:00〜22:00' },
        {
          name: '相談支援事業所ひだまり',
          relation: '計画相談',
          phone: '099-000-1011',
          hours: '平日 9:00〜17:00',
        },
        {
          name: '架空市地域生活支援拠点つなぎ',
          relation: '夜間・休日',
          phone: '099-000-1021',
          hours: '24時間',
        },
      ],
      clinic: 'こころのクリニック架空（主治医 医野先生）',
      medication: '朝・夕の服薬。不眠時の頓服あり（1日2回まで）。',
      offHours: '拠点の当番に電話。眠れない日が2日続いたら、翌朝クリニックに相談。',
    },
    today,
  );
  const serviceUse = serviceUseContent(
    {
      planDate,
      // The header as her 受給者証 says it (demo-persons.ts), and who wrote the plan.
      supportCategory: '3',
      recipientNumber: '9900001234',
      copaymentLimit: 9300,
      planAuthorName: '相田 みどり',
      monitoringStartMonth: addMonths(planDate, 3).slice(0, 7),
      personWishes: '「グループホームで自分のペースで暮らしながら、週3日は作業所に通いたい。」',
      familyWishes: '姉: 無理をせず、困ったときに相談できる人がいてほしい。',
      overallPolicy: '本人の生活のペースを大切にし、体調の変化に早く気づけるようチームで情報を共有する。',
      longTermGoal: 'グループホームでの生活を続けながら、作業所に安定して通う。',
      shortTermGoal: '夜に眠れる日を増やし、週3日の通所を3か月続ける。',
      monitoringMonths: 3,
      needs: [
        {
          need: '「夜によく眠れるようになりたい。」',
          goal: '眠れない日が続いたときに、自分で相談できるようになる。',
          achieveBy: addDays(planDate, 180),
          services: [
            {
              type: '共同生活援助（グループホーム）',
              content: '夜間の見守りと声かけ、服薬の確認',
              amount: '毎日',
              providerOrganisationId: ids.organisations.get('gh')!,
            },
          ],
          personRole: '眠れない日は世話人に伝える。',
          evaluateOn: addDays(planDate, 90),
        },
      ],
      weeklySchedule: {
        slots: [
          ...(['mon', 'wed', 'fri'] as const).map((day) => ({
            day,
            start: '10:00',
            end: '15:00',
            kind: 'service' as const,
            text: '就労継続支援B型そよかぜ',
          })),
          { day: 'sun', start: '13:00', end: '16:00', kind: 'activity', text: '姉と買い物' },
        ],
        dailyActivities: [
          { time: '07:00', text: '起床・朝食・服薬' },
          { time: '18:00', text: 'グループホームで夕食' },
          { time: '22:00', text: '服薬・就寝（世話人が声かけ）' },
        ],
        nonWeeklyServices: '月2回 こころのクリニック受診',
        lifeOverview: 'グループホームで自分のペースで暮らし、週3日作業所に通う。夜は眠れる日が増える。',
      },
    },
    today,
  );

  for (const [kind, category, content, monitoringMonths] of [
    ['crisis', 'crisis', crisis, null],
    ['service_use', 'welfare_services', serviceUse, 3],
  ] as const) {
    const planId = await plansRepo.insertPlan(trx, {
      personId,
      kind,
      category,
      organisationId: office,
      title: null,
      userId: author,
      now,
    });
    await plansRepo.insertVersion(trx, {
      planId,
      personId,
      version: 1,
      planDate,
      reviewOn: null,
      monitoringMonths,
      content,
      changeNote: null,
      title: null,
      userId: author,
      organisationId: office,
      now,
    });
    await plansRepo.recordAgreement(trx, planId, 1, {
      agreedOn,
      method: 'written',
      note: '本人署名。姉が同席。',
      userId: author,
      now,
    });
    await plansRepo.confirmVersion(trx, planId, 1, { userId: author, now, noMeetingReason: null });
    if (kind !== 'service_use') continue;
    // Her 受給者証 was decided long before: the plan in force rests on a サービス担当者会議, and was handed over.
    await meetingsRepo.insertMeeting(trx, {
      planId,
      personId,
      planVersion: 1,
      heldOn: agreedOn,
      startsAt: '14:00',
      endsAt: '15:00',
      place: '相談支援事業所ひだまり 相談室',
      attendees: [
        { organisationName: null, role: '本人', name: '佐藤 みらい' },
        { organisationName: null, role: '姉', name: '佐藤 あおい' },
        { organisationName: 'グループホームはなみずき', role: 'サービス管理責任者', name: '世話 はな' },
        { organisationName: '相談支援事業所ひだまり', role: '相談支援専門員', name: '相田 みどり' },
      ],
      topics: '夜の見守りと声かけの方法、眠れない日が続いたときの連絡の順番',
      conclusions: '世話人が22時に声をかける。眠れない日が2日続いたら、翌朝クリニックに相談する。',
      remainingIssues: '作業所に通う日を増やすか（次回のモニタリングで確認）',
      userId: author,
      organisationId: office,
      now,
    });
    await meetingsRepo.insertDelivery(trx, {
      planId,
      personId,
      planVersion: 1,
      deliveredOn: agreedOn,
      method: 'in_person',
      recipients: [
        { kind: 'person', organisationId: null, name: null },
        { kind: 'provider', organisationId: ids.organisations.get('gh')!, name: null },
      ],
      note: null,
      userId: author,
      organisationId: office,
      now,
    });
  }
}
