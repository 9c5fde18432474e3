import type { MembershipRole, OrganisationKind, Profession, RegionLevel, Sector } from '@tsunagu/contract';

/**
 * A fictional region for demonstrations: 架空県 > 架空圏域 > 架空市 > three 日常生活圏域.
 * Every name, address and number here is invented; nothing describes a real person or office.
 */
export const DEMO_PASSWORD = 'tsunagu-demo-2026';
export const DEMO_EMAIL_DOMAIN = 'demo.tsunagu.example';

export interface DemoRegion {
  key: string;
  parent: string | null;
  level: RegionLevel;
  name: string;
  kana: string;
  code: string | null;
}

export const demoRegions: DemoRegion[] = [
  { key: 'pref', parent: null, level: 'prefecture', name: '架空県', kana: 'かくうけん', code: '990000' },
  {
    key: 'area',
    parent: 'pref',
    level: 'health_welfare_area',
    name: '架空中央圏域',
    kana: 'かくうちゅうおうけんいき',
    code: null,
  },
  { key: 'city', parent: 'area', level: 'municipality', name: '架空市', kana: 'かくうし', code: '999001' },
  {
    key: 'town',
    parent: 'area',
    level: 'municipality',
    name: '架空町',
    kana: 'かくうちょう',
    code: '999002',
  },
  {
    key: 'north',
    parent: 'city',
    level: 'daily_life_area',
    name: '北部地区',
    kana: 'ほくぶちく',
    code: null,
  },
  {
    key: 'centre',
    parent: 'city',
    level: 'daily_life_area',
    name: '中央地区',
    kana: 'ちゅうおうちく',
    code: null,
  },
  {
    key: 'south',
    parent: 'city',
    level: 'daily_life_area',
    name: '南部地区',
    kana: 'なんぶちく',
    code: null,
  },
  {
    key: 'townAll',
    parent: 'town',
    level: 'daily_life_area',
    name: '架空町全域',
    kana: 'かくうちょうぜんいき',
    code: null,
  },
];

type Hours = 'weekday' | 'weekdayLong' | 'clinic' | 'always' | 'none';

export interface DemoOrganisation {
  key: string;
  name: string;
  kana: string;
  sector: Sector;
  kind: OrganisationKind;
  regions: string[];
  address: string;
  phone: string;
  fax: string | null;
  hours: Hours;
}

export const demoOrganisations: DemoOrganisation[] = [
  {
    key: 'kikan',
    name: '架空市基幹相談支援センター',
    kana: 'かくうしきかんそうだんしえんせんたー',
    sector: 'welfare',
    kind: 'core_consultation_center',
    regions: ['city'],
    address: '架空県架空市中央1-1-1',
    phone: '099-000-1001',
    fax: '099-000-1002',
    hours: 'weekday',
  },
  {
    key: 'soudan',
    name: '相談支援事業所ひだまり',
    kana: 'そうだんしえんじぎょうしょひだまり',
    sector: 'welfare',
    kind: 'designated_specific_consultation_office',
    regions: ['north', 'centre'],
    address: '架空県架空市北町2-3-4',
    phone: '099-000-1011',
    fax: '099-000-1012',
    hours: 'weekday',
  },
  {
    key: 'kyoten',
    name: '架空市地域生活支援拠点つなぎ',
    kana: 'かくうしちいきせいかつしえんきょてんつなぎ',
    sector: 'welfare',
    kind: 'community_life_support_base',
    regions: ['city', 'town'],
    address: '架空県架空市中央2-5-1',
    phone: '099-000-1021',
    fax: '099-000-1022',
    hours: 'always',
  },
  {
    key: 'hokenjo',
    name: '架空県架空保健所',
    kana: 'かくうけんかくうほけんじょ',
    sector: 'health',
    kind: 'public_health_center',
    regions: ['area'],
    address: '架空県架空市南町5-1',
    phone: '099-000-1031',
    fax: '099-000-1032',
    hours: 'weekday',
  },
  {
    key: 'seishin',
    name: '架空県精神保健福祉センター',
    kana: 'かくうけんせいしんほけんふくしせんたー',
    sector: 'health',
    kind: 'mental_health_welfare_center',
    regions: ['pref'],
    address: '架空県架空市県庁前1-2',
    phone: '099-000-1041',
    fax: '099-000-1042',
    hours: 'weekday',
  },
  {
    key: 'shiyakusho',
    name: '架空市障害福祉課',
    kana: 'かくうししょうがいふくしか',
    sector: 'administration',
    kind: 'municipal_disability_welfare_division',
    regions: ['city'],
    address: '架空県架空市中央1-1-1 市役所2階',
    phone: '099-000-1051',
    fax: '099-000-1052',
    hours: 'weekday',
  },
  {
    key: 'byouin',
    name: '架空みなと病院',
    kana: 'かくうみなとびょういん',
    sector: 'medical',
    kind: 'psychiatric_hospital',
    regions: ['area'],
    address: '架空県架空市港町8-8',
    phone: '099-000-1061',
    fax: '099-000-1062',
    hours: 'weekdayLong',
  },
  {
    key: 'clinic',
    name: 'こころのクリニック架空',
    kana: 'こころのくりにっくかくう',
    sector: 'medical',
    kind: 'clinic',
    regions: ['centre'],
    address: '架空県架空市駅前3-2-1',
    phone: '099-000-1071',
    fax: '099-000-1072',
    hours: 'clinic',
  },
  {
    key: 'houkan',
    name: '訪問看護ステーションあおば',
    kana: 'ほうもんかんごすてーしょんあおば',
    sector: 'medical',
    kind: 'home_nursing_station',
    regions: ['north', 'centre', 'south'],
    address: '架空県架空市青葉町4-4',
    phone: '099-000-1081',
    fax: '099-000-1082',
    hours: 'weekday',
  },
  {
    key: 'jigyousho',
    name: '就労継続支援B型そよかぜ',
    kana: 'しゅうろうけいぞくしえんびーがたそよかぜ',
    sector: 'employment',
    kind: 'disability_welfare_service_provider',
    regions: ['south'],
    address: '架空県架空市南町1-9',
    phone: '099-000-1091',
    fax: '099-000-1092',
    hours: 'weekday',
  },
  {
    key: 'gh',
    name: 'グループホームはなみずき',
    kana: 'ぐるーぷほーむはなみずき',
    sector: 'housing',
    kind: 'group_home',
    regions: ['south'],
    address: '架空県架空市南町7-3',
    phone: '099-000-1101',
    fax: '099-000-1102',
    hours: 'always',
  },
  {
    key: 'houkatsu',
    name: '架空市北部地域包括支援センター',
    kana: 'かくうしほくぶちいきほうかつしえんせんたー',
    sector: 'long_term_care',
    kind: 'community_general_support_center',
    regions: ['north'],
    address: '架空県架空市北町1-1',
    phone: '099-000-1111',
    fax: '099-000-1112',
    hours: 'weekday',
  },
  {
    key: 'kyotaku',
    name: '居宅介護支援事業所さくら',
    kana: 'きょたくかいごしえんじぎょうしょさくら',
    sector: 'long_term_care',
    kind: 'home_care_support_office',
    regions: ['north', 'centre'],
    address: '架空県架空市桜町2-2',
    phone: '099-000-1121',
    fax: null,
    hours: 'weekday',
  },
  {
    key: 'nakapo',
    name: '障害者就業・生活支援センターみらい',
    kana: 'しょうがいしゃしゅうぎょうせいかつしえんせんたーみらい',
    sector: 'employment',
    kind: 'employment_life_support_center',
    regions: ['area'],
    address: '架空県架空市駅前1-5',
    phone: '099-000-1131',
    fax: '099-000-1132',
    hours: 'weekday',
  },
  {
    key: 'peer',
    name: 'ピアサポートの会ともしび',
    kana: 'ぴあさぽーとのかいともしび',
    sector: 'peer',
    kind: 'peer_support_group',
    regions: ['city'],
    address: '架空県架空市中央3-3',
    phone: '099-000-1141',
    fax: null,
    hours: 'none',
  },
  {
    key: 'kazoku',
    name: '架空市精神保健福祉家族会',
    kana: 'かくうしせいしんほけんふくしかぞくかい',
    sector: 'family_association',
    kind: 'family_association',
    regions: ['city'],
    address: '架空県架空市中央1-1-1 市民会館内',
    phone: '099-000-1151',
    fax: null,
    hours: 'none',
  },
];

export interface DemoStaff {
  local: string;
  displayName: string;
  kana: string;
  organisation: string;
  profession: Profession;
  role: MembershipRole;
  isSystemAdmin?: boolean;
  /** Left without two-factor, so the demo also shows enrolment. */
  enrolTwoFactor?: false;
  also?: { organisation: string; profession: Profession; role: MembershipRole };
}

export const demoStaff: DemoStaff[] = [
  {
    local: 'admin',
    displayName: '管理 太郎',
    kana: 'かんり たろう',
    organisation: 'shiyakusho',
    profession: 'municipal_officer',
    role: 'org_admin',
    isSystemAdmin: true,
  },
  {
    local: 'soudan',
    displayName: '相田 みどり',
    kana: 'あいだ みどり',
    organisation: 'soudan',
    profession: 'consultation_specialist',
    role: 'org_admin',
  },
  {
    local: 'shunin',
    displayName: '基山 誠',
    kana: 'きやま まこと',
    organisation: 'kikan',
    profession: 'chief_consultation_specialist',
    role: 'org_admin',
  },
  {
    local: 'psw',
    displayName: '精田 ひかる',
    kana: 'せいだ ひかる',
    organisation: 'byouin',
    profession: 'psychiatric_social_worker',
    role: 'staff',
  },
  {
    local: 'hokenshi',
    displayName: '保坂 ゆかり',
    kana: 'ほさか ゆかり',
    organisation: 'hokenjo',
    profession: 'public_health_nurse',
    role: 'org_admin',
  },
  {
    local: 'ishi',
    displayName: '医野 健',
    kana: 'いの けん',
    organisation: 'clinic',
    profession: 'physician',
    role: 'org_admin',
  },
  {
    local: 'kango',
    displayName: '看田 あおい',
    kana: 'かんだ あおい',
    organisation: 'clinic',
    profession: 'nurse',
    role: 'staff',
  },
  {
    local: 'houkan',
    displayName: '訪井 さつき',
    kana: 'ほうい さつき',
    organisation: 'houkan',
    profession: 'nurse',
    role: 'org_admin',
  },
  {
    local: 'peer',
    displayName: '友野 はるか',
    kana: 'ともの はるか',
    organisation: 'peer',
    profession: 'peer_staff',
    role: 'org_admin',
    also: { organisation: 'kikan', profession: 'peer_staff', role: 'staff' },
  },
  {
    local: 'kyoten',
    displayName: '拠木 つとむ',
    kana: 'きょぎ つとむ',
    organisation: 'kyoten',
    profession: 'base_coordinator',
    role: 'org_admin',
  },
  {
    local: 'kyoten2',
    displayName: '宿野 あかり',
    kana: 'しゅくの あかり',
    organisation: 'kyoten',
    profession: 'base_coordinator',
    role: 'staff',
  },
  {
    local: 'kyoten3',
    displayName: '当間 けい',
    kana: 'とうま けい',
    organisation: 'kyoten',
    profession: 'base_coordinator',
    role: 'staff',
  },
  {
    // Night duty at the 拠点, not on anyone's team: the coordinator a rota puts on duty.
    local: 'yakin',
    displayName: '宵町 ともえ',
    kana: 'よいまち ともえ',
    organisation: 'kyoten',
    profession: 'base_coordinator',
    role: 'staff',
  },
  {
    local: 'sabikan',
    displayName: '佐比 かおる',
    kana: 'さび かおる',
    organisation: 'jigyousho',
    profession: 'service_manager',
    role: 'org_admin',
  },
  {
    local: 'gh',
    displayName: '花見 さとし',
    kana: 'はなみ さとし',
    organisation: 'gh',
    profession: 'facility_manager',
    role: 'org_admin',
  },
  {
    // The group home's night staff (世話人), who sends the 緊急 of the night-duty browser journey.
    local: 'sewanin',
    displayName: '世話 みちる',
    kana: 'せわ みちる',
    organisation: 'gh',
    profession: 'other',
    role: 'staff',
  },
  {
    local: 'caremanager',
    displayName: '介田 のぞみ',
    kana: 'かいだ のぞみ',
    organisation: 'kyotaku',
    profession: 'care_manager',
    role: 'org_admin',
  },
  {
    local: 'shakaifukushi',
    displayName: '包川 まなぶ',
    kana: 'かねかわ まなぶ',
    organisation: 'houkatsu',
    profession: 'certified_social_worker',
    role: 'org_admin',
  },
  {
    local: 'gyousei',
    displayName: '市川 ただし',
    kana: 'いちかわ ただし',
    organisation: 'shiyakusho',
    profession: 'municipal_officer',
    role: 'staff',
  },
  {
    local: 'jimu',
    displayName: '事務 ひとみ',
    kana: 'じむ ひとみ',
    organisation: 'soudan',
    profession: 'clerk',
    role: 'staff',
  },
  {
    local: 'ot',
    displayName: '作山 りょう',
    kana: 'さくやま りょう',
    organisation: 'byouin',
    profession: 'occupational_therapist',
    role: 'org_admin',
  },
  {
    local: 'center',
    displayName: '中央 みのる',
    kana: 'ちゅうおう みのる',
    organisation: 'seishin',
    profession: 'psychiatric_social_worker',
    role: 'org_admin',
  },
  {
    local: 'nakapo',
    displayName: '未来 あゆみ',
    kana: 'みらい あゆみ',
    organisation: 'nakapo',
    profession: 'other',
    role: 'org_admin',
  },
  {
    local: 'newcomer',
    displayName: '新井 はじめ',
    kana: 'あらい はじめ',
    organisation: 'soudan',
    profession: 'consultation_specialist',
    role: 'staff',
    enrolTwoFactor: false,
  },
];

export const demoEmail = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

const hoursOf: Record<Hours, { weekday: number; opensAt: string; closesAt: string }[]> = {
  weekday: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: '08:30', closesAt: '17:15' })),
  weekdayLong: [1, 2, 3, 4, 5]
    .map((weekday) => ({ weekday, opensAt: '08:30', closesAt: '17:30' }))
    .concat([{ weekday: 6, opensAt: '08:30', closesAt: '12:30' }]),
  clinic: [1, 2, 4, 5]
    .flatMap((weekday) => [
      { weekday, opensAt: '09:00', closesAt: '12:30' },
      { weekday, opensAt: '14:00', closesAt: '18:00' },
    ])
    .concat([{ weekday: 6, opensAt: '09:00', closesAt: '12:30' }]),
  always: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: '00:00', closesAt: '24:00' })),
  none: [],
};

export function demoBusinessHours(hours: Hours) {
  return hoursOf[hours];
}
