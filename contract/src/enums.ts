/**
 * Closed vocabularies of the domain. Values are stable identifiers; the Japanese
 * labels live in the client's i18n resources (docs/glossary.md maps them).
 */

/** 圏域の階層: 都道府県 > 障害保健福祉圏域 > 市町村 > 日常生活圏域 */
export const regionLevels = ['prefecture', 'health_welfare_area', 'municipality', 'daily_life_area'] as const;
export type RegionLevel = (typeof regionLevels)[number];

/** 分野 */
export const sectors = [
  'medical',
  'health',
  'welfare',
  'long_term_care',
  'administration',
  'housing',
  'employment',
  'peer',
  'family_association',
  'community',
] as const;
export type Sector = (typeof sectors)[number];

/** 機関種別 */
export const organisationKinds = [
  'core_consultation_center', // 基幹相談支援センター
  'commissioned_consultation_office', // 委託相談支援事業所
  'designated_specific_consultation_office', // 指定特定相談支援事業所
  'designated_general_consultation_office', // 指定一般相談支援事業所
  'community_life_support_base', // 地域生活支援拠点
  'public_health_center', // 保健所
  'mental_health_welfare_center', // 精神保健福祉センター
  'municipal_disability_welfare_division', // 市町村障害福祉課
  'psychiatric_hospital', // 精神科病院
  'clinic', // 診療所
  'home_nursing_station', // 訪問看護ステーション
  'disability_welfare_service_provider', // 障害福祉サービス事業所
  'group_home', // グループホーム
  'community_general_support_center', // 地域包括支援センター
  'employment_life_support_center', // 障害者就業・生活支援センター
  'hello_work', // ハローワーク
  'home_care_support_office', // 居宅介護支援事業所
  'peer_support_group', // ピアサポートの会
  'family_association', // 家族会
  'other', // その他
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/** 職種 */
export const professions = [
  'consultation_specialist', // 相談支援専門員
  'chief_consultation_specialist', // 主任相談支援専門員
  'psychiatric_social_worker', // 精神保健福祉士
  'public_health_nurse', // 保健師
  'physician', // 医師
  'nurse', // 看護師
  'peer_staff', // ピアスタッフ
  'base_coordinator', // 拠点コーディネーター
  'service_manager', // サービス管理責任者
  'care_manager', // 介護支援専門員
  'certified_social_worker', // 社会福祉士
  'occupational_therapist', // 作業療法士
  'facility_manager', // 管理者
  'clerk', // 事務
  'municipal_officer', // 行政職員
  'other', // その他
] as const;
export type Profession = (typeof professions)[number];

/** 権限: an organisation membership is either an admin of that organisation or staff. */
export const membershipRoles = ['org_admin', 'staff'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export const weekdays = [0, 1, 2, 3, 4, 5, 6] as const; // 0 = Sunday, as Date.getDay()

export const auditOutcomes = ['allowed', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
