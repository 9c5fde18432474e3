import type { GoalProgress, Monitoring, PlanVersionDetail } from '@tsunagu/contract';
import { formatJapaneseDateTime } from '../../platform/tokyo-time.ts';
import { finishSheet, jaDate, monthsLabel, openSheet } from './pdf-sheet.ts';
import { serviceUseHeader, signatureText } from './plan-pdf.ts';

/**
 * モニタリング報告書 (継続サービス利用支援, MHLW 参考様式) as an A4 landscape PDF: the header of the
 * monitored plan, 総合的な援助の方針 and 全体の状況, then per goal サービス提供状況, 本人の感想・満足度,
 * 支援目標の達成度, 今後の課題・解決方法, 計画変更の必要性 and その他留意事項. Dates print in Tokyo.
 */

const progressLabel: Record<GoalProgress, string> = {
  achieved: '達成',
  progressing: '進んでいる',
  unchanged: '変わらない',
  worse: '後退',
};

const yesNo = (b: boolean) => (b ? '有' : '無');

export interface MonitoringPdfInput {
  personName: string;
  organisationName: string;
  /** The version monitored (its header, policy and goals). */
  version: PlanVersionDetail;
  monitoring: Monitoring;
}

/** Renders one モニタリング報告書 (bytes). */
export async function renderMonitoringPdf(input: MonitoringPdfInput): Promise<Uint8Array> {
  const { version: v, monitoring: m } = input;
  const { doc, sheet, bytes } = openSheet({
    layout: 'landscape',
    title: `モニタリング報告書\u3000${input.personName} 様`,
  });
  sheet.title('モニタリング報告書', `第${v.version}版の計画について`);
  const c = v.content;
  if (c.kind === 'service_use') {
    serviceUseHeader(sheet, input, [
      'モニタリング期間',
      v.monitoringMonths ? monthsLabel(v.monitoringMonths) : '—',
    ]);
  } else if (c.kind === 'individual_support') {
    sheet.fields([
      ['利用者氏名', `${input.personName} 様`],
      ['事業所名（サービスの種類）', `${input.organisationName}（${c.support.serviceType}）`],
      ['サービス管理責任者', c.support.serviceManager ?? ''],
    ]);
  }
  sheet.fields([
    ['計画作成日', jaDate(v.planDate)],
    ['モニタリング実施日', jaDate(m.monitoredOn)],
    ['利用者同意署名欄', signatureText(v.agreement)],
  ]);
  sheet.gap();
  const policy =
    c.kind === 'service_use'
      ? c.serviceUse.overallPolicy
      : c.kind === 'individual_support'
        ? c.support.overallPolicy
        : '';
  sheet.box(c.kind === 'service_use' ? '総合的な援助の方針' : '総合的な支援の方針', policy);
  sheet.box('全体の状況', m.overallStatus ?? '—');
  sheet.box('本人の話（本人の言葉で）', m.personAccount);
  sheet.gap();
  // By 優先順位, as the plan's table reads (goals of a 個別支援計画 in their own order).
  const rows = m.progress
    .map((p, i) => ({ p, order: p.priority ?? i + 1 }))
    .sort((a, b) => a.order - b.order);
  sheet.table(
    [
      '優先順位',
      '支援目標',
      '達成時期',
      'サービス提供状況（事業者からの聞き取り）',
      '本人の感想・満足度',
      '支援目標の達成度（ニーズの充足度）',
      '今後の課題・解決方法',
      'サービス種類の変更',
      'サービス量の変更',
      '週間計画の変更',
      'その他留意事項',
    ],
    [0.045, 0.13, 0.075, 0.13, 0.12, 0.08, 0.13, 0.06, 0.06, 0.06, 0.11],
    rows.map(({ p, order }) => [
      String(order),
      p.goal,
      jaDate(p.achieveBy),
      p.serviceStatus ?? '',
      p.personView ?? '',
      progressLabel[p.progress],
      p.nextSteps ?? '',
      yesNo(p.changeServiceType),
      yesNo(p.changeServiceAmount),
      yesNo(p.changeWeeklyPlan),
      p.note ?? '',
    ]),
  );
  sheet.gap();
  sheet.box('計画の変更', m.needsChange ? `必要\u3000${m.changeNote ?? ''}` : '必要なし', 110);
  sheet.gap(6);
  // The record's instant as a Tokyo date and time (recorded at 0:37 on 12/8 reads 12/8).
  doc
    .font('regular')
    .fontSize(8)
    .text(
      `記録：${m.recordedByOrganisation}\u3000${m.recordedBy}\u3000${formatJapaneseDateTime(new Date(m.recordedAt))}`,
      sheet.left,
      sheet.y,
      { width: sheet.width, align: 'right' },
    );
  finishSheet(doc, `${input.personName} 様\u3000モニタリング報告書（${jaDate(m.monitoredOn)}）`);
  return bytes;
}
