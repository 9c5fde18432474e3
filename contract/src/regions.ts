import { Type, type Static } from 'typebox';
import { Id, Kana, OptionalText, Text } from './common.ts';
import { regionLevels } from './enums.ts';
import { Latitude, Longitude } from './geo.ts';

export const RegionLevelSchema = Type.Enum(regionLevels, { title: '圏域の種類' });

/** 圏域: one node of the tree 都道府県 > 障害保健福祉圏域 > 市町村 > 日常生活圏域. */
export const Region = Type.Object({
  id: Id(),
  parentId: Type.Union([Id(), Type.Null()]),
  level: RegionLevelSchema,
  name: Type.String(),
  kana: Type.Union([Type.String(), Type.Null()]),
  code: Type.Union([Type.String(), Type.Null()]),
  /** The point distances are measured from when a search starts at this area (its centre). */
  centreLatitude: Type.Union([Type.Number(), Type.Null()]),
  centreLongitude: Type.Union([Type.Number(), Type.Null()]),
});
export type Region = Static<typeof Region>;

/** 中心の緯度・経度: both or neither (null clears them); the service checks they lie in Japan. */
const centreFields = {
  centreLatitude: Type.Optional(Type.Union([Latitude('中心の緯度'), Type.Null()], { title: '中心の緯度' })),
  centreLongitude: Type.Optional(Type.Union([Longitude('中心の経度'), Type.Null()], { title: '中心の経度' })),
};

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
    ...centreFields,
  },
  { additionalProperties: false },
);
export type CreateRegionBody = Static<typeof CreateRegionBody>;

export const UpdateRegionBody = Type.Object(
  {
    name: Type.Optional(Text('名称', 100)),
    kana: OptionalKana,
    code: OptionalText('地方公共団体コード', 10),
    ...centreFields,
  },
  { additionalProperties: false },
);
export type UpdateRegionBody = Static<typeof UpdateRegionBody>;
