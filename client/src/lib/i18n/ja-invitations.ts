/** 所属への招待: both sides of an invitation, and notices about one's own account (ja.ts includes them as `invitations`). */
export const jaInvitations = {
  invite: '所属に招待',
  inviteTitle: '別の機関の職員をこの機関に招待',
  inviteLead:
    '相手のメールアドレスに招待を送ります。本人がつなぐにサインインして承諾すると、{{organisation}}の所属に加わります。',
  inviteHint:
    'アカウントがあるかどうかは表示しません。招待は{{days}}日で期限が切れます。相手が見つからないときは、本人に確認してください。',
  inviteFormLead:
    'この職員に招待を送ります。本人がつなぐにサインインして承諾すると、選んだ機関の所属に加わります。',
  sent: '招待を送りました。',
  send: '招待を送る',
  pendingTitle: '承諾待ちの招待',
  pendingLead: '入力したメールアドレスのとおりに表示します。承諾されると職員の一覧に加わります。',
  pendingNone: '承諾待ちの招待はありません。',
  invitedBy: '招待した人',
  invitedAt: '招待した日時',
  expiresAt: '有効期限',
  withdraw: '招待を取り消す',
  withdrawConfirm: '{{email}} への招待を取り消します。よろしいですか？',
  withdrawn: '招待を取り消しました。',
  mineTitle: '所属への招待',
  mineLead:
    '承諾すると、その機関の職員として登録され、その機関の管理者にあなたの氏名・メールアドレス・サインインの状況が見えるようになります。心当たりのない招待は断ってください。',
  mineNone: 'あなた宛ての招待はありません。',
  mineItem: '{{organisation}}（{{role}}・{{profession}}）',
  mineFrom: '招待した人: {{name}}・有効期限: {{expiresAt}}',
  unknownInviter: '（不明）',
  accept: '承諾する',
  acceptConfirm:
    '{{organisation}}の所属に加わります。その機関の管理者に、あなたの氏名・メールアドレス・サインインの状況が見えるようになります。よろしいですか？',
  accepted: '{{organisation}}の所属に加わりました。画面右上で機関を切り替えられます。',
  decline: '断る',
  declined: '招待を断りました。',
  homeNotice: '所属への招待が {{count}} 件届いています。',
  homeOpen: '招待を確認する',
  notificationOpen: {
    membership_invitation: '招待を確認する',
    account_change: 'マイアカウントを開く',
  },
};
