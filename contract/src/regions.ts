import { Type, type Static } from 'typebox';
import { Id, Kana, OptionalText, Text } from './common.ts';
import { regionLevels } from './enums.ts';

export const RegionLevelSchema = Type.Enum(regionLevels, { title: '圏域の種類' });

/** 圏域: one node of the tree 都道府県 > 障害保健福祉圏域 > 市町村 > 日常生活圏域. */
export const Region = Type.Object({
  id: Id(),
  parentId: Type.Union([Id(), Type.Null()]),
  level: RegionLevelSchema,
  name: Type.String(),
  kana: Type.Union([Type.String(), Type.Null()]),
  code: Type.Union([Type.String(), Type.Null()]),
});
export type Region = Static<typeof Region>;

const OptionalKana = Type.Optional(
  Type.Union([Kana('ふりがな', 200, { minLength: 0 }), Type.Null()], { title: 'ふりがな' }),
);

export const RegionList = Type.Object({ regions: Type.Array(Region) });

export const CreateRegionBody = Type.Object(
  {
    parentId: Type.Optional(Type.Union([Id('上位の圏域'), Type.Null()], { title: '上位の圏域' })),
    level: RegionLevelSchema,
    name: Text('名称', 100),
    kana: OptionalKana,
    code: OptionalText('地方公共団体コード', 10),
  },
  { additionalProperties: false },
);
export type CreateRegionBody = Static<typeof CreateRegionBody>;

export const UpdateRegionBody = Type.Object(
  {
    name: Type.Optional(Text('名称', 100)),
    kana: OptionalKana,
    code: OptionalText('地方公共団体コード', 10),
  },
  { additionalProperties: false },
);
export type UpdateRegionBody = Static<typeof UpdateRegionBody>;
