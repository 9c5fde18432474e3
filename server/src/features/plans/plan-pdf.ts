import type { ConsentMethod, PlanVersionDetail, ServiceUseContent, SupportCategory } from '@tsunagu/contract';
import { formatJapaneseDate } from '../../platform/tokyo-time.ts';
import { finishSheet, jaDate, monthsLabel, openSheet, type Sheet } from './pdf-sheet.ts';
import { weeklySchedulePage } from './weekly-schedule-pdf.ts';

/**
 * Plans as A4 documents close to the MHLW 参考様式: サービス等利用計画 (with its header and the
 * 週間計画表 page) and 個別支援計画 in landscape with the table of needs and goals, the
 * クライシスプラン in portrait. The Japanese font (Noto Sans JP, SIL OFL 1.1) comes from npm and is
 * embedded as a subset, so the PDF reads the same on every PC and printer without a system font.
 */

const statusLabel = { draft: '計画案', agreed: '本人同意済み（未確定）', confirmed: '確定' } as const;
export const methodLabel: Record<ConsentMethod, string> = {
  written: '書面（署名）',
  oral: '口頭',
  electronic: '電子',
};

export interface PlanPdfInput {
  personName: string;
  organisationName: string;
  version: PlanVersionDetail;
  /** Names of the providers a service use plan names, by organisation id. */
  providerNames: ReadonlyMap<string, string>;
  /** The 支給決定日 the plan goes by (its own, or the 受給者証's). */
  benefitDecisionOn?: string | null;
  /** The last 交付 of this version. */
  deliveredOn?: string | null;
}

/** 区分3, 非該当. */
export const supportCategoryLabel = (c: SupportCategory | null | undefined): string =>
  !c ? '' : c === 'not_applicable' ? '非該当' : `区分${c}`;

/** 37,200円. */
export const yenLabel = (n: number | null | undefined): string =>
  n === null || n === undefined ? '' : `${n.toLocaleString('ja-JP')}円`;

/** '2027-02' → 2027年2月. */
export const yearMonthLabel = (ym: string | null | undefined): string =>
  ym ? `${Number(ym.slice(0, 4))}年${Number(ym.slice(5, 7))}月` : '';

/** 利用者同意署名欄: the recorded agreement, else an empty box to sign. */
export function signatureText(agreement: PlanVersionDetail['agreement']): string {
  return agreement
    ? `${jaDate(agreement.agreedOn)} 同意（${methodLabel[agreement.method]}）${agreement.note ? `\n${agreement.note}` : ''}`
    : '';
}

/** 確定日 is the Tokyo date of the confirmation instant (at 0:37 on 12/8 it is 12/8, not the UTC 12/7). */
const confirmedOn = (v: PlanVersionDetail) =>
  v.confirmedAt ? formatJapaneseDate(new Date(v.confirmedAt)) : '（未確定）';

/** The agreement line at the end: the person's agreement, with its date and form. */
function agreement(sheet: Sheet, input: PlanPdfInput): void {
  const a = input.version.agreement;
  sheet.gap(10);
  const text = a
    ? `上記の計画について説明を受け、同意しました。\u3000同意日：${jaDate(a.agreedOn)}\u3000方法：${methodLabel[a.method]}${a.note ? `\u3000（${a.note}）` : ''}`
    : '上記の計画について説明を受け、同意しました。　同意日：　　　年　　月　　日　　本人署名：';
  sheet.box('本人の同意', text, 110);
}

/** 計画作成担当者: as the plan names them, else who wrote the version. */
const authorOf = (v: PlanVersionDetail, p: ServiceUseContent) => p.planAuthorName ?? v.createdBy.name ?? '';

/**
 * The first three rows of the サービス等利用計画's header (and of its モニタリング報告書): the person,
 * the 受給者証, the office and the author; `last` fills the one cell the two 様式 differ in.
 */
export function serviceUseHeader(
  sheet: Sheet,
  input: { personName: string; organisationName: string; version: PlanVersionDetail },
  last: readonly [string, string],
): void {
  const c = input.version.content;
  if (c.kind !== 'service_use') return;
  const p = c.serviceUse;
  sheet.fields([
    ['利用者氏名', `${input.personName} 様`],
    ['障害支援区分', supportCategoryLabel(p.supportCategory)],
    ['相談支援事業者名', input.organisationName],
  ]);
  sheet.fields([
    ['障害福祉サービス受給者証番号', p.recipientNumber ?? ''],
    ['利用者負担上限額', yenLabel(p.copaymentLimit)],
    ['計画作成担当者', authorOf(input.version, p)],
  ]);
  sheet.fields([
    ['地域相談支援受給者証番号', p.communityRecipientNumber ?? ''],
    ['通所受給者証番号', p.dayServiceRecipientNumber ?? ''],
    last,
  ]);
}

const titleRight = (v: PlanVersionDetail) => `第${v.version}版・${statusLabel[v.status]}`;

function serviceUse(sheet: Sheet, input: PlanPdfInput): void {
  const v = input.version;
  const c = v.content;
  if (c.kind !== 'service_use') return;
  const p = c.serviceUse;
  const author = authorOf(v, p);
  sheet.title('サービス等利用計画', titleRight(v));
  serviceUseHeader(sheet, input, ['支給決定日', jaDate(input.benefitDecisionOn)]);
  const period = v.monitoringMonths ? monthsLabel(v.monitoringMonths) : '—';
  const start = yearMonthLabel(p.monitoringStartMonth);
  sheet.fields([
    ['計画作成日', jaDate(v.planDate)],
    ['モニタリング期間（開始年月）', start ? `${period}（${start}から）` : period],
    ['利用者同意署名欄', signatureText(v.agreement)],
  ]);
  sheet.fields([
    ['見直し予定日', jaDate(v.reviewOn) || '—'],
    ['確定日', confirmedOn(v)],
    ['交付日', jaDate(input.deliveredOn) || '—'],
  ]);
  sheet.gap();
  sheet.box(
    '利用者及びその家族の生活に対する意向（希望する生活）',
    `本人：${p.personWishes}${p.familyWishes ? `\n家族：${p.familyWishes}` : ''}`,
  );
  sheet.box('総合的な援助の方針', p.overallPolicy);
  sheet.box('長期目標', p.longTermGoal);
  sheet.box('短期目標', p.shortTermGoal);
  sheet.gap();
  const services = (n: (typeof p.needs)[number]) =>
    n.services
      .map((x) => {
        const provider =
          x.providerName ??
          (x.providerOrganisationId ? input.providerNames.get(x.providerOrganisationId) : null);
        return [x.type, x.content, x.amount, provider ? `（${provider}）` : null].filter(Boolean).join('\n');
      })
      .join('\n\n');
  sheet.table(
    [
      '優先順位',
      '解決すべき課題（本人のニーズ）',
      '支援目標',
      '達成時期',
      '福祉サービス等（種類・内容・量（頻度・時間））',
      '課題解決のための本人の役割',
      '評価時期',
      'その他留意事項',
    ],
    [0.05, 0.15, 0.16, 0.09, 0.19, 0.13, 0.09, 0.14],
    [...p.needs]
      .sort((a, b) => a.priority - b.priority)
      .map((n) => [
        String(n.priority),
        n.need,
        n.goal,
        jaDate(n.achieveBy),
        services(n),
        n.personRole ?? '',
        jaDate(n.evaluateOn),
        n.notes ?? '',
      ]),
  );
  agreement(sheet, input);
  if (p.weeklySchedule)
    weeklySchedulePage(
      sheet,
      [
        [
          ['利用者氏名', `${input.personName} 様`],
          ['障害支援区分', supportCategoryLabel(p.supportCategory)],
          ['相談支援事業者名', input.organisationName],
        ],
        [
          ['計画作成担当者', author],
          ['計画作成日', jaDate(v.planDate)],
          ['計画開始年月', yearMonthLabel(p.monitoringStartMonth) || yearMonthLabel(v.planDate.slice(0, 7))],
        ],
      ],
      p.weeklySchedule,
      titleRight(v),
    );
}

function supportPlan(sheet: Sheet, input: PlanPdfInput, needLabels: ReadonlyMap<string, string>): void {
  const v = input.version;
  const c = v.content;
  if (c.kind !== 'individual_support') return;
  const p = c.support;
  sheet.title(`個別支援計画（${p.serviceType}）`, titleRight(v));
  sheet.fields([
    ['利用者氏名', `${input.personName} 様`],
    ['事業所名', input.organisationName],
    ['サービス管理責任者', p.serviceManager ?? ''],
  ]);
  sheet.fields([
    ['計画作成日', jaDate(v.planDate)],
    ['モニタリング期間', v.monitoringMonths ? monthsLabel(v.monitoringMonths) : '—'],
    ['見直し予定日', jaDate(v.reviewOn) || '—'],
  ]);
  sheet.fields([
    ['確定日', confirmedOn(v)],
    ['利用者同意署名欄', signatureText(v.agreement)],
    ['交付日', jaDate(input.deliveredOn) || '—'],
  ]);
  sheet.gap();
  sheet.box(
    '本人・家族の意向',
    `本人：${p.personWishes}${p.familyWishes ? `\n家族：${p.familyWishes}` : ''}`,
  );
  sheet.box('総合的な支援の方針', p.overallPolicy);
  sheet.box('長期目標', p.longTermGoal);
  sheet.box('短期目標', p.shortTermGoal);
  sheet.gap();
  sheet.table(
    [
      '番号',
      '対応するサービス等利用計画の課題',
      '支援目標',
      '支援内容（内容・留意点）',
      '本人の役割',
      '達成時期',
      '担当者',
    ],
    [0.05, 0.17, 0.2, 0.22, 0.14, 0.09, 0.13],
    p.goals.map((g, i) => [
      String(i + 1),
      g.servesNeedId ? (needLabels.get(g.servesNeedId) ?? '') : '',
      g.goal,
      g.support,
      g.personRole ?? '',
      jaDate(g.achieveBy),
      g.staff ?? '',
    ]),
  );
  agreement(sheet, input);
}

function crisisPlan(sheet: Sheet, input: PlanPdfInput): void {
  const v = input.version;
  const c = v.content;
  if (c.kind !== 'crisis') return;
  const p = c.crisis;
  sheet.title('クライシスプラン', titleRight(v));
  sheet.fields([
    ['利用者氏名', `${input.personName} 様`],
    ['計画作成日', jaDate(v.planDate)],
    ['計画作成者', `${input.organisationName}${v.createdBy.name ? `\u3000${v.createdBy.name}` : ''}`],
  ]);
  sheet.fields([
    ['本人の同意', jaDate(v.agreement?.agreedOn) || '（未記録）'],
    ['見直し予定日', jaDate(v.reviewOn) || '—'],
    ['確定日', confirmedOn(v)],
  ]);
  sheet.gap();
  const boxes: [string, string | null | undefined][] = [
    ['調子が良い時の自分', p.goodSelf],
    ['注意サイン', p.warningSigns],
    ['悪化のサイン', p.worseningSigns],
    ['その時に自分がすること', p.selfActions],
    ['周りにしてほしいこと', p.wantFromOthers],
    ['してほしくないこと', p.notWanted],
  ];
  for (const [label, text] of boxes) sheet.box(label, text ?? '—', 120);
  sheet.gap();
  sheet.heading('連絡先（この順番で）');
  sheet.table(
    ['順番', '名前', '関係', '電話番号', '連絡できる時間'],
    [0.07, 0.25, 0.18, 0.22, 0.28],
    p.contacts.map((k, i) => [String(i + 1), k.name, k.relation ?? '', k.phone, k.hours ?? '']),
    false,
  );
  sheet.gap();
  for (const [label, text] of [
    ['受診先・かかりつけ', p.clinic],
    ['服薬', p.medication],
    ['夜間・休日の対応', p.offHours],
  ] as const)
    sheet.box(label, text ?? '—', 120);
  agreement(sheet, input);
}

const kindTitle = {
  service_use: 'サービス等利用計画',
  individual_support: '個別支援計画',
  crisis: 'クライシスプラン',
} as const;

/** Renders one version of a plan as a PDF (bytes). */
export async function renderPlanPdf(
  input: PlanPdfInput,
  needLabels: ReadonlyMap<string, string> = new Map(),
): Promise<Uint8Array> {
  const kind = input.version.content.kind;
  const { doc, sheet, bytes } = openSheet({
    layout: kind === 'crisis' ? 'portrait' : 'landscape',
    title: `${kindTitle[kind]}\u3000${input.personName} 様`,
  });
  if (kind === 'service_use') serviceUse(sheet, input);
  else if (kind === 'individual_support') supportPlan(sheet, input, needLabels);
  else crisisPlan(sheet, input);
  finishSheet(doc, `${input.personName} 様\u3000第${input.version.version}版`);
  return bytes;
}
