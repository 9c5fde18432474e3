import { Type, type Static } from 'typebox';
import { DateOnly, Id, OptionalText, Text, TimeOfDay, Timestamp } from './common.ts';
import { BusinessHoursRange } from './organisations.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** Why a day does not follow the weekly hours: 特別営業・臨時休業, 休業期間, 年末年始, 祝日. */
export const dayExceptionKinds = ['special_day', 'closure', 'year_end', 'holiday'] as const;
export type DayExceptionKind = (typeof dayExceptionKinds)[number];

/** One opening range of a day. */
export const HoursRange = Type.Object(
  { opensAt: TimeOfDay('開始時刻'), closesAt: TimeOfDay('終了時刻') },
  { additionalProperties: false },
);
export type HoursRange = Static<typeof HoursRange>;

/** 休業期間: closed from one date to another (inclusive), once or every year (e.g. お盆). */
export const Closure = Type.Object({
  id: Id(),
  startsOn: DateOnly('開始日'),
  endsOn: DateOnly('終了日'),
  isYearly: Type.Boolean(),
  reason: Type.String(),
});
export type Closure = Static<typeof Closure>;

/** 特別営業日・臨時休業日: one day's own hours (none = closed all day). */
export const SpecialDay = Type.Object({
  date: DateOnly('日付'),
  hours: Type.Array(HoursRange),
  reason: Nullable(Type.String()),
});
export type SpecialDay = Static<typeof SpecialDay>;

/** One day of an organisation's calendar, as it will be. */
export const DaySchedule = Type.Object({
  date: DateOnly('日付'),
  weekday: Type.Integer({ minimum: 0, maximum: 6 }),
  ranges: Type.Array(HoursRange),
  /** The national holiday that day (祝日・振替休日), whether or not the organisation closes. */
  holiday: Nullable(Type.String()),
  exception: Nullable(Type.Object({ kind: Type.Enum(dayExceptionKinds), reason: Nullable(Type.String()) })),
});
export type DaySchedule = Static<typeof DaySchedule>;

/** Days the organisation does not keep its weekly hours, consecutive equal days as one range. */
export const UpcomingException = Type.Object({
  startsOn: DateOnly('開始日'),
  endsOn: DateOnly('終了日'),
  kind: Type.Enum(dayExceptionKinds),
  reason: Nullable(Type.String()),
  /** Special hours (for a special day that opens); empty when closed. */
  ranges: Type.Array(HoursRange),
});
export type UpcomingException = Static<typeof UpcomingException>;

/** 営業日カレンダー of an organisation, with where it stands at the server's now. */
export const OrganisationCalendar = Type.Object({
  organisationId: Id(),
  closesOnHolidays: Type.Boolean(),
  closesYearEnd: Type.Boolean(),
  businessHours: Type.Array(BusinessHoursRange),
  /** Closures not yet over (yearly ones always). */
  closures: Type.Array(Closure),
  /** Special days from today on. */
  specialDays: Type.Array(SpecialDay),
  status: Type.Object({
    at: Timestamp('時点'),
    isOpen: Type.Boolean(),
    /** When the current opening ends (null: closed now, or open around the clock). */
    openUntil: Nullable(Timestamp('営業終了')),
    /** The next opening after now (null: none within about a year). */
    nextOpening: Nullable(Timestamp('次の営業開始')),
    today: DaySchedule,
  }),
  /** Closures, holidays and special days in the coming weeks. */
  upcoming: Type.Array(UpcomingException),
  abilities: Type.Object({ manage: Type.Boolean() }),
});
export type OrganisationCalendar = Static<typeof OrganisationCalendar>;

export const UpdateHolidayPolicyBody = Type.Object(
  {
    closesOnHolidays: Type.Optional(Type.Boolean({ title: '祝日は休み' })),
    closesYearEnd: Type.Optional(Type.Boolean({ title: '年末年始（12/29〜1/3）は休み' })),
  },
  { additionalProperties: false },
);
export type UpdateHolidayPolicyBody = Static<typeof UpdateHolidayPolicyBody>;

export const CreateClosureBody = Type.Object(
  {
    startsOn: DateOnly('開始日'),
    endsOn: DateOnly('終了日'),
    isYearly: Type.Optional(Type.Boolean({ title: '毎年' })),
    reason: Text('理由', 100),
  },
  { additionalProperties: false },
);
export type CreateClosureBody = Static<typeof CreateClosureBody>;

export const PutSpecialDayBody = Type.Object(
  {
    hours: Type.Array(HoursRange, { maxItems: 6, title: '営業時間' }),
    reason: OptionalText('理由', 100),
  },
  { additionalProperties: false },
);
export type PutSpecialDayBody = Static<typeof PutSpecialDayBody>;

export const CalendarDaysQuery = Type.Object(
  { from: DateOnly('開始日'), to: DateOnly('終了日') },
  { additionalProperties: false },
);
export type CalendarDaysQuery = Static<typeof CalendarDaysQuery>;

export const CalendarDays = Type.Object({ days: Type.Array(DaySchedule) });

export const ClosureParams = Type.Object({ id: Id(), closureId: Id() }, { additionalProperties: false });
export const SpecialDayParams = Type.Object(
  { id: Id(), date: DateOnly('日付') },
  { additionalProperties: false },
);
