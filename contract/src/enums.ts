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
  'hospital', // 病院（精神科以外・総合病院）
  'dental_clinic', // 歯科
  'pharmacy', // 薬局
  'developmental_disability_support_center', // 発達障害者支援センター
  'municipal_health_center', // 市町村保健センター
  'municipal_office', // 市町村（一般相談の窓口）
  'prefectural_office', // 都道府県
  'housing_support_corporation', // 居住支援法人
  'public_housing', // 公営住宅
  'elderly_housing', // サービス付き高齢者向け住宅
  'long_term_care_provider', // 介護保険サービス事業所
  'social_welfare_council', // 社会福祉協議会
  'npo', // NPO
  'neighbourhood_association', // 自治会
  'company', // 企業
  'volunteer_group', // ボランティア
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

/** 所属への招待: waiting for its addressee, or answered (accepted, declined) or withdrawn by its organisation. */
export const invitationStatuses = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export const weekdays = [0, 1, 2, 3, 4, 5, 6] as const; // 0 = Sunday, as Date.getDay()

export const auditOutcomes = ['allowed', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/**
 * 情報の区分: what consent is given for. 基本情報 (identity: name, kana, birth date, contact,
 * address region) is a category like any other; certificates belong to 福祉サービス.
 */
export const informationCategories = [
  'identity', // 基本情報
  'voice', // 本人の意思
  'medical', // 医療
  'medication', // 服薬
  'daily_living', // 生活
  'life_history', // 生活歴
  'welfare_services', // 福祉サービス
  'family_environment', // 家族・環境
  'housing', // 住まい
  'work_daytime', // 就労・日中活動
  'finances', // 経済
  'crisis', // クライシス
] as const;
export type InformationCategory = (typeof informationCategories)[number];

/** 情報源: who the information comes from. */
export const itemSources = [
  'person', // 本人
  'family', // 家族
  'medical_institution', // 医療機関
  'supporter_observation', // 支援者の観察
  'public_record', // 公的記録
] as const;
export type ItemSource = (typeof itemSources)[number];

/** 情報の性質: the person's own words, a supporter's understanding of them, an objective fact, or an assessment. */
export const itemKinds = [
  'own_words', // 本人の言葉
  'supporter_understanding', // 支援者の理解（本人の意思について）
  'objective', // 客観的事実・測定
  'assessment', // 支援者の評価
] as const;
export type ItemKind = (typeof itemKinds)[number];

/** 本人の意思の項目 and the life beyond the clinic (暮らしの情報). */
export const voiceTopics = [
  'hopes', // 希望する暮らし
  'values', // 大切にしていること
  'dislikes', // してほしくないこと
  'contact', // 連絡の取り方
  'coping', // つらい時に助けになること
] as const;
export const lifeTopics = [
  'likes', // 好きなこと
  'strengths', // 得意なこと
  'daytime', // 日中の過ごし方
] as const;
export const itemTopics = [...voiceTopics, ...lifeTopics] as const;
export type ItemTopic = (typeof itemTopics)[number];

/** 鮮度: computed from when an item was last known true and its category's review interval. */
export const freshnessStates = ['fresh', 'due', 'stale'] as const; // 新しい / 確認時期 / 古い
export type FreshnessState = (typeof freshnessStates)[number];

/** チームでの役割 (日常的な支援チーム). */
export const teamRoles = [
  'planning_consultation', // 計画相談担当
  'attending_physician', // 主治医
  'hospital', // 医療機関
  'home_nursing', // 訪問看護
  'service_provider', // サービス事業所
  'public_health_center', // 保健所担当
  'municipality', // 市町村担当
  'support_base', // 拠点
  'peer_supporter', // ピアサポーター
  'care_manager', // 介護支援専門員
  'employment_support', // 就労支援
  'other', // その他
] as const;
export type TeamRole = (typeof teamRoles)[number];

/** 開示の根拠: the legal basis of a grant of access. Protection of life is the break-glass. */
export const grantBases = [
  'consent', // 本人の同意
  'support_meeting', // 支援会議（社会福祉法第106条の6）
  'other_statute', // その他の法令
] as const;
export type GrantBasis = (typeof grantBases)[number];

/** 同意の方法 */
export const consentMethods = ['written', 'oral', 'electronic'] as const; // 書面 / 口頭 / 電子
export type ConsentMethod = (typeof consentMethods)[number];

/** 証書の種類 */
export const certificateKinds = [
  'service_recipient', // 障害福祉サービス受給者証
  'disability_handbook', // 精神障害者保健福祉手帳
  'outpatient_medical', // 自立支援医療受給者証（精神通院）
] as const;
export type CertificateKind = (typeof certificateKinds)[number];

/** 障害支援区分 */
export const supportCategories = ['not_applicable', '1', '2', '3', '4', '5', '6'] as const;
export type SupportCategory = (typeof supportCategories)[number];

/** 家族・関係者の続柄 */
export const contactRelationships = [
  'parent',
  'child',
  'spouse',
  'sibling',
  'relative',
  'friend',
  'neighbour',
  'guardian',
  'other',
] as const;
export type ContactRelationship = (typeof contactRelationships)[number];

/** 優先度: 通常 / 至急 / 緊急. 至急 and 緊急 always need an acknowledgement. */
export const messagePriorities = ['normal', 'urgent', 'emergency'] as const;
export type MessagePriority = (typeof messagePriorities)[number];

/** How a staff member wants e-mail about notifications: 即時 / 1日1回まとめて / 送らない. */
export const emailModes = ['immediate', 'digest', 'never'] as const;
export type EmailMode = (typeof emailModes)[number];
