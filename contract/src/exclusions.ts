import { Type, type Static } from 'typebox';
import { Kana, OptionalPhoneNumber, Text } from './common.ts';
import { contactRelationships } from './enums.ts';

/**
 * 一切伝えてはいけない人 (a contact the person asked never to be told anything, e.g. because of
 * domestic violence): the warning shown wherever night staff look, and the check that a caller or
 * a recipient is not that person. Never printed on anything that leaves the team (連携シート, FAX, PDF).
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** One excluded contact as a reader who may see the person's identity sees it. */
export const ExcludedContact = Type.Object({
  name: Type.String(),
  relationship: Type.Enum(contactRelationships),
  note: Nullable(Type.String()),
});
export type ExcludedContact = Static<typeof ExcludedContact>;

/**
 * The warning for one reader: whether the person has such contacts, and who they are — names and
 * relationships only where the reader may see the person's identity (otherwise null: the screen
 * says only 「連絡してはいけない人がいます」).
 */
export const DoNotTellWarning = Type.Object({
  present: Type.Boolean(),
  contacts: Nullable(Type.Array(ExcludedContact)),
});
export type DoNotTellWarning = Static<typeof DoNotTellWarning>;

/** Someone about to be recorded or written to: a caller, a recipient, a counterpart. */
export const ExclusionCheckBody = Type.Object(
  {
    name: Type.Optional(Text('氏名', 100)),
    kana: Type.Optional(Kana('ふりがな', 200)),
    phone: OptionalPhoneNumber('電話番号'),
  },
  { additionalProperties: false },
);
export type ExclusionCheckBody = Static<typeof ExclusionCheckBody>;

/** The grounds a match rests on (本人照合). */
export const matchGrounds = ['name', 'kana', 'birthDate', 'phone'] as const;

/**
 * The excluded contacts the described someone may be: `same` (treat as that person) or
 * `possible` (look again), with what agrees; the contact named only where the reader may see the
 * person's identity.
 */
export const ExclusionCheck = Type.Object({
  matches: Type.Array(
    Type.Object({
      match: Type.Enum(['same', 'possible'] as const),
      on: Type.Array(Type.Enum(matchGrounds)),
      contact: Nullable(ExcludedContact),
    }),
  ),
});
export type ExclusionCheck = Static<typeof ExclusionCheck>;

/** The code of a save refused until the one saving confirms they saw the match. */
export const EXCLUDED_CONTACT_MATCH = 'EXCLUDED_CONTACT_MATCH';

/** Sent with a save after the flag was seen: the match is known, save anyway. */
export const ExcludedContactConfirmed = Type.Optional(
  Type.Boolean({ title: '連絡してはいけない人と一致する可能性を確認した' }),
);
