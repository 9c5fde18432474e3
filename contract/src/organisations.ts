import { Type, type Static } from 'typebox';
import { Code, Id, Kana, OptionalPhoneNumber, OptionalText, PageQuery, Text, TimeOfDay } from './common.ts';
import { organisationKinds, sectors } from './enums.ts';

export const SectorSchema = Type.Enum(sectors, { title: '分野' });
export const OrganisationKindSchema = Type.Enum(organisationKinds, { title: '機関種別' });

/** One opening range of a weekday; a day may have several (e.g. 9:00–12:00 and 13:00–17:30). */
export const BusinessHoursRange = Type.Object(
  {
    weekday: Type.Integer({ minimum: 0, maximum: 6, title: '曜日' }),
    opensAt: TimeOfDay('開始時刻'),
    closesAt: TimeOfDay('終了時刻'),
  },
  { additionalProperties: false },
);
export type BusinessHoursRange = Static<typeof BusinessHoursRange>;

export const Organisation = Type.Object({
  id: Id(),
  name: Type.String(),
  kana: Type.String(),
  sector: SectorSchema,
  kind: OrganisationKindSchema,
  regionIds: Type.Array(Id()),
  postalCode: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  fax: Type.Union([Type.String(), Type.Null()]),
  businessHours: Type.Array(BusinessHoursRange),
  staffCount: Type.Integer(),
  /** What the caller may do with this organisation (from the access policy). */
  abilities: Type.Object({ update: Type.Boolean(), delete: Type.Boolean(), manageStaff: Type.Boolean() }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Organisation = Static<typeof Organisation>;

const organisationFields = {
  name: Text('機関名', 200),
  kana: Kana('機関名（ふりがな）', 300),
  sector: SectorSchema,
  kind: OrganisationKindSchema,
  regionIds: Type.Array(Id('担当圏域'), { maxItems: 100, uniqueItems: true, title: '担当圏域' }),
  postalCode: Type.Optional(
    Type.Union([Code('郵便番号', { pattern: '^[0-9]{3}-?[0-9]{4}$', maxLength: 8 }), Type.Null()], {
      title: '郵便番号',
    }),
  ),
  address: OptionalText('所在地', 300),
  phone: OptionalPhoneNumber('電話番号'),
  fax: OptionalPhoneNumber('FAX番号'),
  businessHours: Type.Array(BusinessHoursRange, { maxItems: 42, title: '営業時間' }),
};

export const CreateOrganisationBody = Type.Object(organisationFields, { additionalProperties: false });
export type CreateOrganisationBody = Static<typeof CreateOrganisationBody>;

export const UpdateOrganisationBody = Type.Partial(Type.Object(organisationFields), {
  additionalProperties: false,
});
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationBody>;

export const OrganisationListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, title: '検索語' })),
    sector: Type.Optional(SectorSchema),
    kind: Type.Optional(OrganisationKindSchema),
    regionId: Type.Optional(Id('圏域')),
    onTsunagu: Type.Optional(Type.Boolean({ title: 'つなぐを使っている' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OrganisationListQuery = Static<typeof OrganisationListQuery>;

export const OrganisationList = Type.Object({
  organisations: Type.Array(Organisation),
  total: Type.Integer(),
});
