/**
 * The sentence of a 期限のお知らせ (features/due/due-reminders.ts): what kind of thing is due and
 * how near, never whose. The notification links to the person, whom the app shows by consent.
 */

const dueWhat: Record<string, string> = {
  monitoring: 'モニタリングの時期',
  plan_review: '計画の見直しの時期',
  consent: '同意の期限',
};
const certificateWhat: Record<string, string> = {
  service_recipient: '障害福祉サービス受給者証の有効期限',
  disability_handbook: '精神障害者保健福祉手帳の有効期限',
  outpatient_medical: '自立支援医療受給者証の有効期限',
};
const bandWords: Record<string, string> = {
  within_90: 'まで90日を切りました',
  within_60: 'まで60日を切りました',
  within_30: 'まで30日を切りました',
  overdue: 'を過ぎています',
};

/** 期限のお知らせ: what is due and how near, never whose (the link opens the person, by consent). */
export function dueReminderMessage(payload: Record<string, unknown>): string {
  const what =
    payload.dueKind === 'certificate'
      ? (certificateWhat[String(payload.certificateKind)] ?? '受給者証・手帳の有効期限')
      : (dueWhat[String(payload.dueKind)] ?? '期限');
  const days = Number(payload.daysLeft);
  const near =
    payload.band === 'overdue'
      ? bandWords.overdue
      : `${bandWords[String(payload.band)] ?? 'が近づいています'}（あと${Number.isFinite(days) ? days : '—'}日）`;
  return `担当している方の${what}${near}。期限の一覧で確認してください。`;
}
