import { Type, type Static } from 'typebox';
import { Id, Text } from './common.ts';
import { informationCategories } from './enums.ts';

/**
 * What the case page and the composer say about an urgent message beyond its routing: the
 * message itself and on what basis the reader sees it, the emergency exception that shares it
 * across consent, who would receive it before it is sent, and the cases waiting for me now.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = () => Type.String({ format: 'date-time' });

/**
 * 緊急時の例外: the sender of a 緊急 message confirms both conditions — it is needed to protect the
 * person's life or body, and the person's consent is difficult to obtain — and gives a reason.
 */
export const EmergencyExceptionInput = Type.Object(
  {
    protectsLifeOrBody: Type.Boolean({ title: '本人の生命・身体の保護のために必要' }),
    consentDifficult: Type.Boolean({ title: '本人の同意を得ることが困難' }),
    reason: Text('例外として伝える理由', 500),
  },
  { additionalProperties: false, title: '緊急時の例外' },
);
export type EmergencyExceptionInput = Static<typeof EmergencyExceptionInput>;

/** A sender is a private organisation (第27条) or a public body such as a 市町村 or 保健所 (第69条). */
export const senderKinds = ['private', 'public'] as const;
export type SenderKind = (typeof senderKinds)[number];

/** The article an emergency exception rests on, by the sender's kind. */
export const emergencyExceptionArticles: Record<SenderKind, string> = {
  private: '個人情報保護法 第27条第1項第2号',
  public: '個人情報保護法 第69条第2項',
};

/** How long an emergency exception lets the case's responders read its message. */
export const EMERGENCY_DISCLOSURE_HOURS = 24;

/** Why the reader sees the message: their organisation wrote it, consent, the exception, break-glass. */
export const caseMessageBases = [
  'own_organisation',
  'consent',
  'emergency_exception',
  'break_glass',
] as const;

/** The words of the message (or consultation) that opened a case. */
export const CaseMessage = Type.Object({
  /** Null when withdrawn, or when the reader's consent does not reach its category (`withheld`). */
  body: Nullable(Type.String()),
  withdrawn: Type.Boolean(),
  /** Outside the reader's consent, and no exception covers them: sender, phones and category only. */
  withheld: Type.Boolean(),
  basis: Nullable(Type.Enum(caseMessageBases)),
});
export type CaseMessage = Static<typeof CaseMessage>;

/** 緊急時の例外による提供, as recorded: the article, both conditions, the reason and its end. */
export const CaseDisclosure = Type.Object({
  article: Type.String(),
  senderKind: Type.Enum(senderKinds),
  protectsLifeOrBody: Type.Boolean(),
  consentDifficult: Type.Boolean(),
  reason: Type.String(),
  startsAt: Instant(),
  endsAt: Instant(),
  active: Type.Boolean(),
  recordedByOrganisationName: Type.String(),
});
export type CaseDisclosure = Static<typeof CaseDisclosure>;

export const UrgentPreviewQuery = Type.Object(
  { category: Type.Enum(informationCategories, { title: '情報の区分' }) },
  { additionalProperties: false },
);
export type UrgentPreviewQuery = Static<typeof UrgentPreviewQuery>;

/**
 * Before sending: who a 至急・緊急 message about the person would reach first, now (the team's
 * open offices — their staff on duty — and the region's on-call primary), and whether each can
 * read the chosen category; the steps after; the sender's organisation phone to prefill the
 * call-back number; the article an emergency exception would rest on.
 */
export const UrgentPreview = Type.Object({
  recipients: Type.Array(
    Type.Object({
      step: Type.Enum(['team', 'on_call_primary'] as const),
      organisationId: Nullable(Id()),
      organisationName: Type.String(),
      names: Type.Array(Type.String()),
      canRead: Type.Boolean(),
    }),
  ),
  later: Type.Array(Type.String()),
  organisationPhone: Nullable(Type.String()),
  exceptionArticle: Type.String(),
});
export type UrgentPreview = Static<typeof UrgentPreview>;

/**
 * The cases waiting for me now (reached me or sent to where I am on duty, nobody has taken them):
 * for the banner on every page and the count in the navigation. No person, no words.
 */
export const UrgentAwaiting = Type.Object({
  cases: Type.Array(
    Type.Object({
      id: Id(),
      priority: Type.Enum(['urgent', 'emergency'] as const),
      status: Type.Enum(['open', 'exhausted'] as const),
      openedAt: Instant(),
      /** When the next step goes if nobody takes it; null at the end of the chain. */
      nextStepAt: Nullable(Instant()),
      nextStepLabel: Nullable(Type.String()),
    }),
  ),
});
export type UrgentAwaiting = Static<typeof UrgentAwaiting>;

/** What a 至急・緊急 message must carry beyond its schema: the first problem, by field, or null. */
export function urgentMessageProblem(body: {
  priority: 'normal' | 'urgent' | 'emergency';
  callbackPhone?: string | null;
  emergencyException?: EmergencyExceptionInput;
}): { field: string; message: string } | null {
  if (body.priority === 'normal' && body.callbackPhone)
    return { field: 'callbackPhone', message: '折り返しの電話番号は、至急・緊急の連絡に付けます。' };
  if (body.priority === 'emergency' && !body.callbackPhone)
    return { field: 'callbackPhone', message: '緊急の連絡には、折り返しの電話番号を入れてください。' };
  const exception = body.emergencyException;
  if (!exception) return null;
  if (body.priority !== 'emergency')
    return { field: 'emergencyException', message: '緊急時の例外は、緊急の連絡にだけ使えます。' };
  if (!exception.protectsLifeOrBody)
    return {
      field: 'emergencyException.protectsLifeOrBody',
      message: '緊急時の例外には、本人の生命・身体の保護のために必要であることの確認が要ります。',
    };
  if (!exception.consentDifficult)
    return {
      field: 'emergencyException.consentDifficult',
      message: '緊急時の例外には、本人の同意を得ることが困難であることの確認が要ります。',
    };
  if (!exception.reason.trim())
    return { field: 'emergencyException.reason', message: '例外として伝える理由を書いてください。' };
  return null;
}
