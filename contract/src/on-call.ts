import { Type, type Static } from 'typebox';
import { Id, OptionalText, PhoneNumber, Timestamp } from './common.ts';
import { organisationKinds } from './enums.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** 当番の役割: 主担当 (primary) and 副担当 (backup). */
export const onCallRoles = ['primary', 'backup'] as const;
export type OnCallRole = (typeof onCallRoles)[number];

/** 交代の依頼の状態 */
export const swapStatuses = ['pending', 'accepted', 'declined', 'withdrawn', 'cancelled'] as const;
export type SwapStatus = (typeof swapStatuses)[number];

/** 当番の履歴の種類 */
export const shiftChangeKinds = ['created', 'updated', 'reassigned', 'swapped', 'cancelled'] as const;
export type ShiftChangeKind = (typeof shiftChangeKinds)[number];

/** The longest shift: a week (e.g. the 拠点's phone carried from Monday to Monday). */
export const SHIFT_MAX_HOURS = 7 * 24;

/** A staff member on a shift; `isReachable` is false once disabled or no longer a member. */
export const OnCallPerson = Type.Object({
  userId: Id(),
  displayName: Type.String(),
  isReachable: Type.Boolean(),
});
export type OnCallPerson = Static<typeof OnCallPerson>;

/** 当番: one shift of a covering organisation. */
export const OnCallShift = Type.Object({
  id: Id(),
  organisationId: Id(),
  organisationName: Type.String(),
  startsAt: Timestamp('開始'),
  endsAt: Timestamp('終了'),
  regionIds: Type.Array(Id()),
  primary: OnCallPerson,
  backup: Nullable(OnCallPerson),
  contactPhone: Nullable(Type.String()),
  note: Nullable(Type.String()),
  cancelledAt: Nullable(Timestamp('取消')),
  abilities: Type.Object({ manage: Type.Boolean(), requestSwap: Type.Boolean() }),
});
export type OnCallShift = Static<typeof OnCallShift>;

export const ShiftChange = Type.Object({
  kind: Type.Enum(shiftChangeKinds),
  at: Timestamp('日時'),
  actorName: Nullable(Type.String()),
  /** What changed: field → [before, after] (people by name). */
  changes: Type.Record(Type.String(), Type.Array(Type.Unknown())),
});
export type ShiftChange = Static<typeof ShiftChange>;

/** 交代の依頼: the holder of a role asks a colleague to take it over; they accept or decline. */
export const SwapRequest = Type.Object({
  id: Id(),
  shiftId: Id(),
  role: Type.Enum(onCallRoles),
  from: Type.Object({ userId: Id(), displayName: Type.String() }),
  to: Type.Object({ userId: Id(), displayName: Type.String() }),
  /** Shown to the two staff members and the organisation's admins only. */
  message: Nullable(Type.String()),
  status: Type.Enum(swapStatuses),
  createdAt: Timestamp('依頼日時'),
  decidedAt: Nullable(Timestamp('回答日時')),
  shift: Type.Object({
    startsAt: Timestamp('開始'),
    endsAt: Timestamp('終了'),
    organisationName: Type.String(),
  }),
  abilities: Type.Object({ respond: Type.Boolean(), withdraw: Type.Boolean() }),
});
export type SwapRequest = Static<typeof SwapRequest>;

export const OnCallShiftDetail = Type.Object({
  shift: OnCallShift,
  history: Type.Array(ShiftChange),
  swapRequests: Type.Array(SwapRequest),
});
export type OnCallShiftDetail = Static<typeof OnCallShiftDetail>;

const shiftFields = {
  startsAt: Timestamp('開始'),
  endsAt: Timestamp('終了'),
  primaryUserId: Id('主担当'),
  backupUserId: Type.Optional(Nullable(Id('副担当'))),
  regionIds: Type.Array(Id('担当圏域'), { minItems: 1, maxItems: 50, uniqueItems: true, title: '担当圏域' }),
  contactPhone: Type.Optional(Nullable(PhoneNumber('当番の電話番号'))),
  note: OptionalText('メモ', 500),
};

export const CreateShiftBody = Type.Object(
  {
    organisationId: Id('機関'),
    ...shiftFields,
    /** Also create the same shift on each of the following days (a week of nights at once). */
    repeatDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 31, title: '繰り返す日数' })),
  },
  { additionalProperties: false },
);
export type CreateShiftBody = Static<typeof CreateShiftBody>;

export const UpdateShiftBody = Type.Partial(Type.Object(shiftFields), { additionalProperties: false });
export type UpdateShiftBody = Static<typeof UpdateShiftBody>;

export const ShiftList = Type.Object({
  shifts: Type.Array(OnCallShift),
  /** Whether the caller may add shifts for the organisation asked about (false without one). */
  abilities: Type.Object({ create: Type.Boolean() }),
});
export type ShiftList = Static<typeof ShiftList>;

/** The shifts one create made (several with repeatDays). */
export const CreatedShifts = Type.Object({ shifts: Type.Array(OnCallShift) });
export type CreatedShifts = Static<typeof CreatedShifts>;

export const ShiftListQuery = Type.Object(
  {
    from: Timestamp('開始'),
    to: Timestamp('終了'),
    organisationId: Type.Optional(Id('機関')),
    regionId: Type.Optional(Id('圏域')),
  },
  { additionalProperties: false },
);
export type ShiftListQuery = Static<typeof ShiftListQuery>;

export const CreateSwapRequestBody = Type.Object(
  {
    role: Type.Enum(onCallRoles, { title: '役割' }),
    toUserId: Id('交代する職員'),
    message: OptionalText('メッセージ', 300),
  },
  { additionalProperties: false },
);
export type CreateSwapRequestBody = Static<typeof CreateSwapRequestBody>;

export const SwapRequestList = Type.Object({ swapRequests: Type.Array(SwapRequest) });

/** Who is on call now for each region asked about (by default, those the caller's organisation serves). */
export const OnCallNow = Type.Object({
  at: Timestamp('時点'),
  regions: Type.Array(
    Type.Object({
      regionId: Id(),
      /** The shift answering for the region now, or null: no one is on call. */
      current: Nullable(OnCallShift),
      /** The region the current shift names (the region itself or an ancestor). */
      coveredVia: Nullable(Id()),
      /** The next shift to start for the region within a week (after the current one, if any). */
      next: Nullable(OnCallShift),
    }),
  ),
});
export type OnCallNow = Static<typeof OnCallNow>;

export const OnCallNowQuery = Type.Object(
  { regionId: Type.Optional(Id('圏域')) },
  { additionalProperties: false },
);

export const CoverageQuery = Type.Object(
  {
    regionId: Type.Optional(Id('圏域')),
    from: Type.Optional(Timestamp('開始')),
    to: Type.Optional(Timestamp('終了')),
  },
  { additionalProperties: false },
);
export type CoverageQuery = Static<typeof CoverageQuery>;

/**
 * 当番の空白: windows in which a region needs someone on call and has no one. A region needs
 * someone whenever any organisation defining its day (`definedBy`) is closed.
 */
export const Coverage = Type.Object({
  from: Timestamp('開始'),
  to: Timestamp('終了'),
  regionIds: Type.Array(Id()),
  gaps: Type.Array(Type.Object({ regionId: Id(), from: Timestamp('開始'), to: Timestamp('終了') })),
  definedBy: Type.Array(Type.Object({ regionId: Id(), organisationNames: Type.Array(Type.String()) })),
});
export type Coverage = Static<typeof Coverage>;

/** Where a region's defining organisations come from: its own choice, an area above it, or the default. */
export const coverageDefinerSources = ['chosen', 'inherited', 'default'] as const;

/**
 * 当番が必要な時間を決める機関: the organisations whose hours define a region's day for the
 * coverage check (default: the municipality's office and the 基幹 serving it).
 */
export const CoverageOrganisations = Type.Object({
  regionId: Id(),
  source: Type.Enum(coverageDefinerSources),
  organisations: Type.Array(
    Type.Object({ id: Id(), name: Type.String(), kind: Type.Enum(organisationKinds) }),
  ),
});
export type CoverageOrganisations = Static<typeof CoverageOrganisations>;

/** The system administrator's choice for a region; an empty list goes back to the default. */
export const SetCoverageOrganisationsBody = Type.Object(
  {
    organisationIds: Type.Array(Id('機関'), {
      maxItems: 20,
      uniqueItems: true,
      title: '当番が必要な時間を決める機関',
    }),
  },
  { additionalProperties: false },
);
export type SetCoverageOrganisationsBody = Static<typeof SetCoverageOrganisationsBody>;

/**
 * The shifts the caller is on now (当番中), for the home page of a staff member on duty: primary or
 * backup, until when, and the duty phone to carry.
 */
export const MyDuty = Type.Object({
  shifts: Type.Array(
    Type.Object({
      id: Id(),
      role: Type.Enum(onCallRoles),
      organisationName: Type.String(),
      startsAt: Timestamp('開始'),
      endsAt: Timestamp('終了'),
      contactPhone: Nullable(Type.String()),
      regionNames: Type.Array(Type.String()),
    }),
  ),
});
export type MyDuty = Static<typeof MyDuty>;
