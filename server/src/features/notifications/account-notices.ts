/**
 * お知らせ about the owner's own account: a credential change made by an administrator, or an
 * invitation to join an organisation. The in-app sentence may name who acted (the app is where
 * staff see each other's names); the e-mail names no one and no organisation.
 */

/** What an administrator changed on someone else's account. */
export const accountChanges = ['password_reset', 'two_factor_reset', 'update', 'disable', 'enable'] as const;
export type AccountChange = (typeof accountChanges)[number];

const changeLabel: Record<AccountChange, string> = {
  password_reset: 'パスワードのリセット（仮パスワードの発行）',
  two_factor_reset: '二要素認証のリセット',
  update: '登録情報（氏名・ふりがな・メールアドレス）の変更',
  disable: 'アカウントの利用停止',
  enable: 'アカウントの利用再開',
};

function isAccountChange(value: unknown): value is AccountChange {
  return typeof value === 'string' && (accountChanges as readonly string[]).includes(value);
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The in-app sentence of an `account_change` notification. */
export function accountChangeMessage(
  payload: Record<string, unknown>,
  organisationName: string | null,
): string {
  const label = isAccountChange(payload.change) ? changeLabel[payload.change] : 'アカウントの変更';
  const who = `${text(payload.actorName)}${organisationName ? `（${organisationName}）` : ''}`;
  return `あなたのアカウントで「${label}」が行われました。操作した人: ${who}。心当たりがない場合は、すぐに所属機関の管理者またはシステム管理者に連絡してください。`;
}

/** The in-app sentence of a `membership_invitation` notification. */
export function invitationMessage(organisationName: string | null): string {
  return `${organisationName ?? '機関'}から、所属への招待が届いています。マイアカウントで承諾するか断ってください。`;
}

const tokyo = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  dateStyle: 'long',
  timeStyle: 'short',
});

/**
 * The e-mail about a credential change. Always sent (a security notice ignores the digest and
 * quiet-hour preferences), and to the previous address as well when the address was changed.
 * It says what happened and when, never who or at which organisation.
 */
export function accountChangeEmail(
  payload: Record<string, unknown>,
  at: Date,
  link: string,
): { subject: string; text: string } {
  const label = isAccountChange(payload.change) ? changeLabel[payload.change] : 'アカウントの変更';
  return {
    subject: 'つなぐ: アカウントの設定が管理者により変更されました',
    text: [
      'つなぐのあなたのアカウントで、管理者が次の操作を行いました。',
      '',
      `操作: ${label}`,
      `日時: ${tokyo.format(at)}（日本時間）`,
      '',
      '心当たりがない場合は、すぐに所属機関の管理者またはシステム管理者に連絡してください。',
      '詳しくは、つなぐにサインインしてお知らせをご確認ください。',
      '',
      link,
      '',
      'このメールには個人情報を含めていません。',
    ].join('\n'),
  };
}
