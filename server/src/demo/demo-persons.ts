import type { Kysely } from 'kysely';
import { informationCategories } from '@tsunagu/contract';
import type {
  CertificateKind,
  ContactRelationship,
  GrantBasis,
  InformationCategory,
  ItemKind,
  ItemSource,
  ItemTopic,
  SupportCategory,
  TeamRole,
} from '@tsunagu/contract';
import type { Tables } from '../db/tables.ts';
import * as consentRepo from '../features/consent/consent.repository.ts';
import * as informationRepo from '../features/information/information.repository.ts';
import * as personsRepo from '../features/persons/persons.repository.ts';
import * as teamRepo from '../features/support-team/support-team.repository.ts';
import { tokyoDateOf } from '../platform/access/person-access.ts';
import { addDays } from '../platform/tokyo-time.ts';

/**
 * Fictional persons for the demo region, with teams spanning a clinic, a visiting nurse station,
 * a consultation office, a group home and the public health centre, and consents that differ
 * so that each demo account sees a different part of each person. Everything here is invented.
 * Dates are relative to the day of seeding, so freshness and expiry look right on any day.
 */
interface DemoItem {
  by: string; // staff key (demo-data.ts local part)
  category: InformationCategory;
  topic?: ItemTopic;
  content: string;
  source: ItemSource;
  kind: ItemKind;
  daysAgo: number;
  confirmedDaysAgo?: number;
}

interface DemoPerson {
  name: string;
  kana: string;
  birthDate: string;
  phone: string | null;
  area: string; // region key
  municipality: string;
  usesWelfareServices: boolean;
  registeredBy: string; // staff key
  team: { org: string; user?: string; role: TeamRole; lead?: boolean }[];
  grants: {
    org: string;
    categories: InformationCategory[];
    basis?: GrantBasis;
    method?: 'written' | 'oral' | 'electronic';
    expiresInDays?: number;
    withdrawn?: boolean;
    by: string;
  }[];
  items: DemoItem[];
  certificates: {
    kind: CertificateKind;
    supportCategory?: SupportCategory;
    grade?: number;
    validForDays: number;
    number?: string;
  }[];
  contacts: {
    name: string;
    relationship: ContactRelationship;
    phone?: string;
    notes?: string;
    excluded?: string;
  }[];
}

export const demoPersons: DemoPerson[] = [
  {
    name: '佐藤 みらい',
    kana: 'さとう みらい',
    birthDate: '1985-03-12',
    phone: '090-0000-1111',
    area: 'centre',
    municipality: 'city',
    usesWelfareServices: true,
    registeredBy: 'soudan',
    team: [
      { org: 'soudan', user: 'soudan', role: 'planning_consultation', lead: true },
      { org: 'clinic', user: 'ishi', role: 'attending_physician' },
      { org: 'houkan', user: 'houkan', role: 'home_nursing' },
      { org: 'gh', user: 'gh', role: 'service_provider' },
      { org: 'hokenjo', user: 'hokenshi', role: 'public_health_center' },
      { org: 'kyoten', user: 'kyoten', role: 'support_base' },
    ],
    grants: [
      {
        org: 'soudan',
        categories: [...informationCategories],
        method: 'written',
        expiresInDays: 300,
        by: 'soudan',
      },
      {
        org: 'clinic',
        categories: ['identity', 'voice', 'medical', 'medication', 'daily_living', 'crisis'],
        method: 'written',
        expiresInDays: 300,
        by: 'soudan',
      },
      {
        org: 'houkan',
        categories: [
          'identity',
          'voice',
          'medical',
          'medication',
          'daily_living',
          'family_environment',
          'crisis',
        ],
        method: 'written',
        expiresInDays: 300,
        by: 'soudan',
      },
      {
        org: 'gh',
        categories: ['identity', 'voice', 'daily_living', 'housing', 'life_history', 'crisis'],
        method: 'written',
        expiresInDays: 20,
        by: 'soudan',
      },
      { org: 'hokenjo', categories: ['identity', 'medical', 'crisis'], method: 'oral', by: 'soudan' },
      { org: 'kyoten', categories: ['identity', 'crisis', 'voice'], basis: 'support_meeting', by: 'soudan' },
    ],
    items: [
      {
        by: 'soudan',
        category: 'voice',
        topic: 'hopes',
        content: '「グループホームを出て、いつか猫と一人暮らしをしたい」',
        source: 'person',
        kind: 'own_words',
        daysAgo: 20,
      },
      {
        by: 'soudan',
        category: 'voice',
        topic: 'values',
        content: '「パンを焼いて、誰かに食べてもらうのがうれしい」',
        source: 'person',
        kind: 'own_words',
        daysAgo: 20,
      },
      {
        by: 'gh',
        category: 'voice',
        topic: 'dislikes',
        content: '「急に大勢で部屋に来られるのは怖い。来る前に教えてほしい」',
        source: 'person',
        kind: 'own_words',
        daysAgo: 45,
      },
      {
        by: 'soudan',
        category: 'voice',
        topic: 'contact',
        content: '電話よりショートメールの方が落ち着いて返事ができるようだ。',
        source: 'supporter_observation',
        kind: 'supporter_understanding',
        daysAgo: 200,
        confirmedDaysAgo: 20,
      },
      {
        by: 'houkan',
        category: 'voice',
        topic: 'coping',
        content: '「眠れない夜は、ホットミルクを飲んで好きなラジオを聴くと落ち着く」',
        source: 'person',
        kind: 'own_words',
        daysAgo: 60,
      },
      {
        by: 'ishi',
        category: 'medical',
        content: '統合失調症。月2回、外来通院。最近の診察では幻聴は減っているとのこと。',
        source: 'medical_institution',
        kind: 'objective',
        daysAgo: 12,
      },
      {
        by: 'ishi',
        category: 'medication',
        content: '就寝前にオランザピン5mg。飲み忘れは週1回程度（本人申告）。',
        source: 'medical_institution',
        kind: 'objective',
        daysAgo: 75,
      },
      {
        by: 'houkan',
        category: 'medication',
        content: '訪問時、お薬カレンダーで服薬を確認。今週は飲み忘れなし。',
        source: 'supporter_observation',
        kind: 'objective',
        daysAgo: 3,
      },
      {
        by: 'gh',
        category: 'daily_living',
        content: '朝食は自分で用意。洗濯は週2回、声かけがあればできる。',
        source: 'supporter_observation',
        kind: 'objective',
        daysAgo: 40,
      },
      {
        by: 'gh',
        category: 'daily_living',
        topic: 'likes',
        content: '猫の動画を見る時間と、近所のパン屋めぐりが好き。',
        source: 'person',
        kind: 'own_words',
        daysAgo: 30,
      },
      {
        by: 'soudan',
        category: 'work_daytime',
        topic: 'daytime',
        content: '就労継続支援B型そよかぜに週3回通所（月・水・金）。',
        source: 'public_record',
        kind: 'objective',
        daysAgo: 25,
      },
      {
        by: 'soudan',
        category: 'work_daytime',
        topic: 'strengths',
        content: '細かい計量や成形の作業が得意。パンの成形は職員より速い。',
        source: 'supporter_observation',
        kind: 'assessment',
        daysAgo: 25,
      },
      {
        by: 'soudan',
        category: 'life_history',
        content: '高校卒業後、市内のパン工場で10年勤務。30歳ごろ体調を崩して退職。',
        source: 'person',
        kind: 'own_words',
        daysAgo: 400,
      },
      {
        by: 'soudan',
        category: 'finances',
        content: '障害基礎年金2級を受給。金銭管理は月ごとの予算表を一緒に作成。',
        source: 'public_record',
        kind: 'objective',
        daysAgo: 100,
      },
      {
        by: 'soudan',
        category: 'crisis',
        content:
          '注意サイン: 眠れない日が3日続く、部屋の電気を消さなくなる。その時はまず姉に連絡してほしい（本人の希望）。',
        source: 'person',
        kind: 'own_words',
        daysAgo: 30,
      },
      {
        by: 'gh',
        category: 'housing',
        content: 'グループホームはなみずき（2階個室）に入居して3年。',
        source: 'public_record',
        kind: 'objective',
        daysAgo: 150,
      },
    ],
    certificates: [
      { kind: 'service_recipient', supportCategory: '3', validForDays: 67, number: '9900001234' },
      { kind: 'disability_handbook', grade: 2, validForDays: 220 },
      { kind: 'outpatient_medical', validForDays: 25 },
    ],
    contacts: [
      {
        name: '佐藤 あおい',
        relationship: 'sibling',
        phone: '090-0000-2222',
        notes: '姉。隣町に住む。平日夜なら電話可。',
      },
      {
        name: '（元夫）',
        relationship: 'spouse',
        excluded: 'DVのため、所在・連絡先・支援の状況を一切伝えない（本人の強い希望）。',
      },
    ],
  },
  {
    name: '鈴木 たけし',
    kana: 'すずき たけし',
    birthDate: '1962-11-02',
    phone: '099-000-3333',
    area: 'north',
    municipality: 'city',
    usesWelfareServices: true,
    registeredBy: 'soudan',
    team: [
      { org: 'soudan', user: 'soudan', role: 'planning_consultation', lead: true },
      { org: 'byouin', user: 'psw', role: 'hospital' },
      { org: 'houkatsu', user: 'shakaifukushi', role: 'other' },
      { org: 'kyotaku', user: 'caremanager', role: 'care_manager' },
    ],
    grants: [
      {
        org: 'soudan',
        categories: [...informationCategories],
        method: 'written',
        expiresInDays: 200,
        by: 'soudan',
      },
      {
        org: 'byouin',
        categories: ['identity', 'medical', 'medication', 'voice'],
        method: 'written',
        expiresInDays: 200,
        by: 'soudan',
      },
      {
        org: 'houkatsu',
        categories: ['identity', 'daily_living', 'family_environment', 'voice'],
        method: 'oral',
        expiresInDays: 100,
        by: 'soudan',
      },
      {
        org: 'kyotaku',
        categories: ['identity', 'daily_living'],
        method: 'written',
        expiresInDays: -10,
        by: 'soudan',
      },
    ],
    items: [
      {
        by: 'soudan',
        category: 'voice',
        topic: 'hopes',
        content: '「できる限り、この家で暮らしたい。入院はもうしたくない」',
        source: 'person',
        kind: 'own_words',
        daysAgo: 15,
      },
      {
        by: 'psw',
        category: 'medical',
        content: 'アルコール依存症で2回入院歴。退院後は月1回通院、断酒会に参加中。',
        source: 'medical_institution',
        kind: 'objective',
        daysAgo: 50,
      },
      {
        by: 'shakaifukushi',
        category: 'daily_living',
        content: '足腰が弱り、買い物は週1回ヘルパーと同行。',
        source: 'supporter_observation',
        kind: 'objective',
        daysAgo: 130,
      },
      {
        by: 'soudan',
        category: 'family_environment',
        content: '妻と死別後、一人暮らし。長男は県外在住で年2回帰省。',
        source: 'person',
        kind: 'own_words',
        daysAgo: 90,
      },
    ],
    certificates: [{ kind: 'disability_handbook', grade: 3, validForDays: 50 }],
    contacts: [
      { name: '鈴木 けんじ', relationship: 'child', phone: '080-0000-4444', notes: '長男（県外）。' },
    ],
  },
  {
    name: '高橋 ゆい',
    kana: 'たかはし ゆい',
    birthDate: '2001-07-21',
    phone: null,
    area: 'south',
    municipality: 'city',
    usesWelfareServices: false,
    registeredBy: 'hokenshi',
    team: [
      { org: 'hokenjo', user: 'hokenshi', role: 'public_health_center', lead: true },
      { org: 'peer', user: 'peer', role: 'peer_supporter' },
      { org: 'clinic', role: 'attending_physician' },
    ],
    grants: [
      { org: 'hokenjo', categories: [...informationCategories], method: 'oral', by: 'hokenshi' },
      { org: 'peer', categories: ['identity', 'voice'], method: 'oral', by: 'hokenshi' },
      { org: 'clinic', categories: ['identity', 'medical'], method: 'oral', withdrawn: true, by: 'hokenshi' },
    ],
    items: [
      {
        by: 'hokenshi',
        category: 'voice',
        topic: 'hopes',
        content: '「診断名はまだ受け入れられない。でも、話を聞いてくれる人がほしい」',
        source: 'person',
        kind: 'own_words',
        daysAgo: 10,
      },
      {
        by: 'hokenshi',
        category: 'daily_living',
        content: '大学を休学中。昼夜逆転ぎみ。家族と同居。',
        source: 'family',
        kind: 'objective',
        daysAgo: 10,
      },
      {
        by: 'peer',
        category: 'voice',
        topic: 'values',
        content: 'ピアの集まりでは、同じ年代の人と話せたことがよかったと話していた。',
        source: 'supporter_observation',
        kind: 'supporter_understanding',
        daysAgo: 5,
      },
    ],
    certificates: [],
    contacts: [{ name: '高橋 ひろみ', relationship: 'parent', phone: '099-000-5555', notes: '母。' }],
  },
  {
    name: '田中 まさお',
    kana: 'たなか まさお',
    birthDate: '1970-01-15',
    phone: '099-000-6666',
    area: 'townAll',
    municipality: 'town',
    usesWelfareServices: true,
    registeredBy: 'shunin',
    team: [
      { org: 'kikan', user: 'shunin', role: 'planning_consultation', lead: true },
      { org: 'shiyakusho', user: 'gyousei', role: 'municipality' },
      { org: 'jigyousho', user: 'sabikan', role: 'service_provider' },
      { org: 'nakapo', user: 'nakapo', role: 'employment_support' },
    ],
    grants: [
      { org: 'kikan', categories: [...informationCategories], method: 'written', by: 'shunin' },
      { org: 'shiyakusho', categories: ['identity', 'welfare_services'], method: 'written', by: 'shunin' },
      {
        org: 'jigyousho',
        categories: ['identity', 'work_daytime', 'daily_living', 'voice'],
        method: 'written',
        expiresInDays: 365,
        by: 'shunin',
      },
      {
        org: 'nakapo',
        categories: ['identity', 'work_daytime'],
        method: 'electronic',
        expiresInDays: 180,
        by: 'shunin',
      },
    ],
    items: [
      {
        by: 'shunin',
        category: 'voice',
        topic: 'hopes',
        content: '「一般就労にもう一度挑戦したい。週20時間から」',
        source: 'person',
        kind: 'own_words',
        daysAgo: 35,
      },
      {
        by: 'sabikan',
        category: 'work_daytime',
        topic: 'strengths',
        content: '部品の検品作業が正確。休憩の取り方を自分で調整できるようになった。',
        source: 'supporter_observation',
        kind: 'assessment',
        daysAgo: 14,
      },
      {
        by: 'shunin',
        category: 'welfare_services',
        content: '就労継続支援B型を週4日利用。計画相談は基幹相談支援センター。',
        source: 'public_record',
        kind: 'objective',
        daysAgo: 60,
      },
    ],
    certificates: [{ kind: 'service_recipient', supportCategory: '2', validForDays: 150 }],
    contacts: [],
  },
];

export async function seedDemoPersons(
  trx: Kysely<Tables>,
  ids: {
    regions: Map<string, string>;
    organisations: Map<string, string>;
    users: Map<string, string>;
    userOrganisation: Map<string, string>;
  },
  now: Date,
): Promise<void> {
  const today = tokyoDateOf(now);
  const user = (key: string) => ids.users.get(key)!;
  const orgOf = (key: string) => ids.userOrganisation.get(key)!;
  for (const p of demoPersons) {
    const personId = await personsRepo.insertPerson(
      trx,
      {
        name: p.name,
        kana: p.kana,
        birthDate: p.birthDate,
        phone: p.phone,
        email: null,
        address: null,
        dailyLifeAreaId: ids.regions.get(p.area)!,
        responsibleMunicipalityId: ids.regions.get(p.municipality)!,
        usesWelfareServices: p.usesWelfareServices,
        registeredByOrganisationId: orgOf(p.registeredBy),
        registeredByUserId: user(p.registeredBy),
        isDemo: true,
      },
      now,
    );
    for (const m of p.team) {
      await teamRepo.insertMember(
        trx,
        {
          personId,
          organisationId: ids.organisations.get(m.org)!,
          userId: m.user ? user(m.user) : null,
          role: m.role,
          isLead: m.lead ?? false,
          startedOn: addDays(today, -180),
          addedByUserId: user(p.registeredBy),
        },
        now,
      );
    }
    for (const g of p.grants) {
      const grantId = await consentRepo.insertGrant(
        trx,
        {
          personId,
          organisationId: ids.organisations.get(g.org)!,
          categories: g.categories,
          basis: g.basis ?? 'consent',
          method: (g.basis ?? 'consent') === 'consent' ? (g.method ?? 'written') : null,
          statute: null,
          obtainedOn: addDays(today, -60),
          expiresOn: g.expiresInDays !== undefined ? addDays(today, g.expiresInDays) : null,
          obtainedByUserId: user(g.by),
          obtainedByOrganisationId: orgOf(g.by),
        },
        now,
      );
      if (g.withdrawn) {
        await consentRepo.withdrawGrant(trx, grantId, {
          at: new Date(now.getTime() - 7 * 86_400_000),
          userId: user(g.by),
          organisationId: orgOf(g.by),
          note: '本人から口頭で撤回の申し出',
        });
      }
    }
    for (const item of p.items) {
      const recordedAt = new Date(now.getTime() - item.daysAgo * 86_400_000);
      const lineageId = await informationRepo.insertItem(trx, {
        personId,
        category: item.category,
        topic: item.topic ?? null,
        content: item.content,
        source: item.source,
        kind: item.kind,
        observedOn: addDays(today, -item.daysAgo),
        recordedAt,
        recordedByUserId: user(item.by),
        recordedByOrganisationId: orgOf(item.by),
      });
      if (item.confirmedDaysAgo !== undefined) {
        const row = await trx
          .selectFrom('informationItems')
          .select('id')
          .where('lineageId', '=', lineageId)
          .executeTakeFirstOrThrow();
        await informationRepo.confirmItem(trx, row.id, {
          at: new Date(now.getTime() - item.confirmedDaysAgo * 86_400_000),
          userId: user(item.by),
          organisationId: orgOf(item.by),
        });
      }
    }
    for (const c of p.certificates) {
      await personsRepo.insertCertificate(
        trx,
        personId,
        {
          kind: c.kind,
          number: c.number ?? null,
          supportCategory: c.supportCategory ?? null,
          grade: c.grade ?? null,
          validFrom: addDays(today, c.validForDays - 365),
          validUntil: addDays(today, c.validForDays),
        },
        { userId: user(p.registeredBy), organisationId: orgOf(p.registeredBy) },
        now,
      );
    }
    for (const c of p.contacts) {
      await personsRepo.insertContact(
        trx,
        personId,
        {
          name: c.name,
          relationship: c.relationship,
          phone: c.phone ?? null,
          notes: c.notes ?? null,
          isExcluded: c.excluded !== undefined,
          exclusionNote: c.excluded ?? null,
        },
        orgOf(p.registeredBy),
        now,
      );
    }
  }
}

/** The demo person the plans and the replayed history are about (佐藤 みらい), or null without the demo. */
export async function findDemoPersonId(db: Kysely<Tables>, name = '佐藤 みらい'): Promise<string | null> {
  const person = await db
    .selectFrom('persons')
    .select('id')
    .where('name', '=', name)
    .where('isDemo', '=', true)
    .executeTakeFirst();
  return person?.id ?? null;
}
