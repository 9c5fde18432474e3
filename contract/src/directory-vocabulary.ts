/**
 * The directory's closed vocabularies (地域の社会資源). Values are stable identifiers; the Japanese
 * labels on screen come from the client's i18n. Where a value has an official name in published
 * data (the サービス種別 of 障害福祉サービス等情報公表, the 介護保険 services), that name is kept
 * here as data: the import reads it and the search finds entries by it.
 */
import type { OrganisationKind, Sector } from './enums.ts';

/** 区分: the groups of the にも包括 picture. */
export const directoryCategories = [
  'medical', // 医療
  'disability_welfare', // 障害福祉
  'long_term_care', // 介護
  'housing', // 住まい
  'employment', // 社会参加・就労
  'consultation', // 相談窓口
  'mutual_help', // 地域の助け合い（企業・ピアサポート・自治会・ボランティア・NPO・家族会）
] as const;
export type DirectoryCategory = (typeof directoryCategories)[number];

const consultationKinds: readonly OrganisationKind[] = [
  'core_consultation_center',
  'commissioned_consultation_office',
  'community_life_support_base',
  'developmental_disability_support_center',
  'municipal_health_center',
  'municipal_office',
  'prefectural_office',
];

/**
 * The 区分 of an organisation registered by its sector and kind (the rule the directory's
 * migration applied to the organisations that existed before it).
 */
export function directoryCategoryOf(sector: Sector, kind: OrganisationKind): DirectoryCategory {
  if (sector === 'medical') return 'medical';
  if (sector === 'long_term_care' || kind === 'community_general_support_center') return 'long_term_care';
  if (sector === 'housing' || kind === 'group_home') return 'housing';
  if (sector === 'employment' || kind === 'hello_work' || kind === 'employment_life_support_center')
    return 'employment';
  if (sector === 'peer' || sector === 'family_association' || sector === 'community') return 'mutual_help';
  if (sector === 'health' || sector === 'administration' || consultationKinds.includes(kind))
    return 'consultation';
  return 'disability_welfare';
}

/**
 * サービス種別, with the name each has in published data. 障害福祉サービス等 as named by
 * 障害福祉サービス等情報公表システム (共同生活援助 by its three types), 介護保険 services, and
 * the medical functions and other resources of the picture.
 */
export const serviceTypeNames = {
  // 障害福祉サービス（介護給付・訓練等給付）
  home_care: '居宅介護',
  severe_visiting_care: '重度訪問介護',
  accompanying_support: '同行援護',
  behaviour_support: '行動援護',
  medical_care: '療養介護',
  daily_life_care: '生活介護',
  short_stay: '短期入所',
  comprehensive_support: '重度障害者等包括支援',
  facility_admission: '施設入所支援',
  functional_training: '自立訓練（機能訓練）',
  life_training: '自立訓練（生活訓練）',
  residential_life_training: '宿泊型自立訓練',
  employment_transition: '就労移行支援',
  employment_continuation_a: '就労継続支援A型',
  employment_continuation_b: '就労継続支援B型',
  employment_retention: '就労定着支援',
  employment_selection: '就労選択支援',
  independent_living_assistance: '自立生活援助',
  group_home_inclusive: '共同生活援助（介護サービス包括型）',
  group_home_external: '共同生活援助（外部サービス利用型）',
  group_home_daytime: '共同生活援助（日中サービス支援型）',
  // 相談支援
  plan_consultation: '計画相談支援',
  community_transition: '地域移行支援',
  community_settlement: '地域定着支援',
  child_consultation: '障害児相談支援',
  // 障害児通所・入所支援
  child_development: '児童発達支援',
  medical_child_development: '医療型児童発達支援',
  after_school_day: '放課後等デイサービス',
  home_visit_child_development: '居宅訪問型児童発達支援',
  nursery_visit: '保育所等訪問支援',
  child_welfare_facility: '福祉型障害児入所施設',
  child_medical_facility: '医療型障害児入所施設',
  // 介護保険
  ltc_care_management: '居宅介護支援',
  ltc_home_help: '訪問介護',
  ltc_visiting_nursing: '訪問看護',
  ltc_day_service: '通所介護',
  ltc_day_rehabilitation: '通所リハビリテーション',
  ltc_short_stay: '短期入所生活介護',
  ltc_dementia_group_home: '認知症対応型共同生活介護',
  ltc_small_multifunction: '小規模多機能型居宅介護',
  ltc_nursing_home: '介護老人福祉施設',
  ltc_health_facility: '介護老人保健施設',
  // 医療
  acute_care: '急性期医療',
  recovery_care: '回復期医療',
  chronic_care: '慢性期医療',
  family_doctor: 'かかりつけ医',
  clinic_with_beds: '有床診療所',
  psychiatric_outpatient: '精神科外来',
  psychiatric_inpatient: '精神科入院',
  psychiatric_emergency: '精神科救急',
  psychiatric_day_care: '精神科デイケア',
  psychiatric_home_nursing: '精神科訪問看護',
  dental: '歯科',
  pharmacy: '薬局',
  // 住まい
  public_housing: '公営住宅',
  elderly_housing: 'サービス付き高齢者向け住宅',
  housing_support: '居住支援',
  // 社会参加・地域の助け合い
  peer_support: 'ピアサポート活動',
  volunteer: 'ボランティア',
  family_group: '家族会',
  community_association: '自治会',
  employer: '企業（雇用・職場体験）',
} as const;
export type ServiceType = keyof typeof serviceTypeNames;
export const serviceTypes = Object.keys(serviceTypeNames) as ServiceType[];

/** What a consultation window handles (相談窓口の役割), with its name for search. */
export const remitNames = {
  general: '一般相談', // 市町村
  mental_health_specialist: '精神保健専門相談', // 保健所
  complex_difficult: '複雑困難な相談', // 精神保健福祉センター
  developmental_disability: '発達障害の相談', // 発達障害者支援センター
  employment: '就労の相談', // 障害者就業・生活支援センター, ハローワーク
  elderly: '高齢者の相談', // 地域包括支援センター
  core_consultation: '総合的・専門的な相談', // 基幹相談支援センター
  emergency_response: '緊急時の相談対応', // 地域生活支援拠点
  community_transition: '地域移行・地域定着', // 地域生活支援拠点, 一般相談支援
  children: '障害児の相談',
  rights_advocacy: '権利擁護・虐待防止',
  housing: '住まいの相談',
  peer_counselling: 'ピアカウンセリング',
  family: '家族の相談',
} as const;
export type Remit = keyof typeof remitNames;
export const remits = Object.keys(remitNames) as Remit[];

/** Where a directory entry came from: registered on tsunagu, imported from open data, entered by hand. */
export const entrySources = ['registered', 'imported', 'manual'] as const;
export type EntrySource = (typeof entrySources)[number];

/** バリアフリー: what an entry states about access. */
export const accessibilityFeatures = [
  'wheelchair', // 車いすで入れる
  'accessible_toilet', // 多目的トイレ
  'parking', // 駐車場
  'elevator', // エレベーター
  'hearing_support', // 筆談・手話
  'visual_support', // 点字・音声案内
] as const;
export type AccessibilityFeature = (typeof accessibilityFeatures)[number];

/** Languages an entry can serve in (ISO 639-1, plus Japanese Sign Language). */
export const directoryLanguages = ['ja', 'en', 'zh', 'ko', 'vi', 'pt', 'es', 'tl', 'ne', 'jsl'] as const;
export type DirectoryLanguage = (typeof directoryLanguages)[number];

/** 並べ順: by relevance to the text, by distance, or by reading. */
export const directorySorts = ['relevance', 'distance', 'kana'] as const;
export type DirectorySort = (typeof directorySorts)[number];

/** The 29 columns of the open data of 障害福祉サービス等情報公表システム, in the published order. */
export const officialColumns = [
  '都道府県コード又は市区町村コード',
  'NO（※システム内の固有の番号、連番）',
  '指定機関名',
  '法人の名称',
  '法人の名称_かな',
  '法人番号',
  '法人住所（市区町村）',
  '法人住所（番地以降）',
  '法人電話番号',
  '法人FAX番号',
  '法人URL',
  'サービス種別',
  '事業所の名称',
  '事業所の名称_かな',
  '事業所番号',
  '事業所住所（市区町村）',
  '事業所住所（番地以降）',
  '事業所電話番号',
  '事業所FAX番号',
  '事業所URL',
  '事業所緯度',
  '事業所経度',
  '利用可能な時間帯（平日）',
  '利用可能な時間帯（土曜）',
  '利用可能な時間帯（日曜）',
  '利用可能な時間帯（祝日）',
  '定休日',
  '利用可能曜日特記事項（留意事項）',
  '定員',
] as const;

/** The fields a generic CSV's columns can be mapped to (汎用CSVの列の対応). */
export const mappableFields = [
  'name',
  'kana',
  'serviceType',
  'officeNumber',
  'municipalityCode',
  'municipality',
  'address',
  'postalCode',
  'phone',
  'fax',
  'url',
  'latitude',
  'longitude',
  'hoursWeekday',
  'hoursSaturday',
  'hoursSunday',
  'hoursHoliday',
  'closedDays',
  'capacity',
  'notes',
] as const;
export type MappableField = (typeof mappableFields)[number];
