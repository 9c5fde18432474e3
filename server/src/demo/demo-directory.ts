import type { Kysely } from 'kysely';
import type {
  BusinessHoursRange,
  DirectoryCategory,
  LiaisonChannel,
  OrganisationKind,
  Remit,
  Sector,
  ServiceType,
} from '@tsunagu/contract';
import type { Tables } from '../db/tables.ts';
import * as directoryRepo from '../features/directory/directory.repository.ts';
import * as orgRepo from '../features/organisations/organisations.repository.ts';
import * as regionRepo from '../features/regions/regions.repository.ts';
import { demoBusinessHours } from './demo-data.ts';

/**
 * The fictional region's directory (地域の社会資源): the centres of its daily-life areas and
 * resources without accounts, entered by hand, so that search by text, category, opening hours
 * and distance shows something on the first start. Every name, number and point is invented
 * (the points lie at sea, south of 伊豆諸島, so none marks a real address).
 */
const centres: Record<string, [number, number]> = {
  north: [33.06, 139.5],
  centre: [33.0, 139.5],
  south: [32.94, 139.5],
  townAll: [32.9, 139.62],
};

interface DemoEntry {
  name: string;
  kana: string;
  sector: Sector;
  kind: OrganisationKind;
  category: DirectoryCategory;
  serviceTypes: ServiceType[];
  remits: Remit[];
  regions: string[];
  address: string;
  point: [number, number];
  phone: string;
  fax: string | null;
  hours: 'weekday' | 'always';
  /** Open on holidays and over 年末年始 too (a group home's staff are there all year). */
  allYear?: boolean;
  capacity?: number;
  acceptsNewUsers?: boolean;
  offersTrialStay?: boolean;
  preferredChannel?: LiaisonChannel;
  referralNote?: string;
  notes?: string;
}

const entries: DemoEntry[] = [
  {
    name: 'グループホームあおば',
    kana: 'ぐるーぷほーむあおば',
    sector: 'housing',
    kind: 'group_home',
    category: 'housing',
    serviceTypes: ['group_home_inclusive', 'short_stay'],
    remits: [],
    regions: ['south'],
    address: '架空県架空市南町4-8',
    point: [32.945, 139.505],
    phone: '099-000-2101',
    fax: '099-000-2102',
    hours: 'always',
    allYear: true,
    capacity: 6,
    acceptsNewUsers: true,
    offersTrialStay: true,
    preferredChannel: 'fax',
    referralNote: '相談支援専門員からの紹介で、まず電話でご相談ください。体験利用は1泊から。',
    notes: '空き1室（女性）。夜間も世話人がいます。',
  },
  {
    name: 'グループホームこもれび',
    kana: 'ぐるーぷほーむこもれび',
    sector: 'housing',
    kind: 'group_home',
    category: 'housing',
    serviceTypes: ['group_home_daytime'],
    remits: [],
    regions: ['north'],
    address: '架空県架空市北町6-2',
    point: [33.062, 139.498],
    phone: '099-000-2111',
    fax: '099-000-2112',
    hours: 'always',
    allYear: true,
    capacity: 10,
    acceptsNewUsers: false,
    preferredChannel: 'phone',
  },
  {
    name: 'グループホームみなと',
    kana: 'ぐるーぷほーむみなと',
    sector: 'housing',
    kind: 'group_home',
    category: 'housing',
    serviceTypes: ['group_home_external'],
    remits: [],
    regions: ['south'],
    address: '架空県架空市港町1-1',
    point: [32.93, 139.52],
    phone: '099-000-2121',
    fax: null,
    hours: 'weekday',
    capacity: 5,
    acceptsNewUsers: true,
    notes: '問い合わせは平日の日中に。',
  },
  {
    name: '短期入所ひだまり',
    kana: 'たんきにゅうしょひだまり',
    sector: 'welfare',
    kind: 'disability_welfare_service_provider',
    category: 'disability_welfare',
    serviceTypes: ['short_stay'],
    remits: [],
    regions: ['centre'],
    address: '架空県架空市中央5-5',
    point: [33.002, 139.49],
    phone: '099-000-2131',
    fax: '099-000-2132',
    hours: 'always',
    allYear: true,
    capacity: 4,
    offersTrialStay: true,
    preferredChannel: 'fax',
  },
  {
    name: '架空市保健センター',
    kana: 'かくうしほけんせんたー',
    sector: 'health',
    kind: 'municipal_health_center',
    category: 'consultation',
    serviceTypes: [],
    remits: ['general', 'mental_health_specialist', 'family'],
    regions: ['city'],
    address: '架空県架空市中央2-2',
    point: [33.0, 139.51],
    phone: '099-000-2141',
    fax: '099-000-2142',
    hours: 'weekday',
  },
  {
    name: '架空県精神保健福祉センター',
    kana: 'かくうけんせいしんほけんふくしせんたー',
    sector: 'health',
    kind: 'mental_health_welfare_center',
    category: 'consultation',
    serviceTypes: [],
    remits: ['complex_difficult', 'family'],
    regions: ['pref'],
    address: '架空県架空市県庁前1-1',
    point: [33.01, 139.53],
    phone: '099-000-2151',
    fax: '099-000-2152',
    hours: 'weekday',
  },
  {
    name: '架空県発達障害者支援センターつばさ',
    kana: 'かくうけんはったつしょうがいしゃしえんせんたーつばさ',
    sector: 'welfare',
    kind: 'developmental_disability_support_center',
    category: 'consultation',
    serviceTypes: [],
    remits: ['developmental_disability', 'children'],
    regions: ['pref'],
    address: '架空県架空市北町9-1',
    point: [33.05, 139.47],
    phone: '099-000-2161',
    fax: null,
    hours: 'weekday',
  },
  {
    name: 'かくう薬局',
    kana: 'かくうやっきょく',
    sector: 'medical',
    kind: 'pharmacy',
    category: 'medical',
    serviceTypes: ['pharmacy'],
    remits: [],
    regions: ['centre'],
    address: '架空県架空市駅前2-3',
    point: [32.998, 139.502],
    phone: '099-000-2171',
    fax: '099-000-2172',
    hours: 'weekday',
  },
];

/** Seeds the region centres and the directory's demo entries (inside the demo's transaction). */
export async function seedDemoDirectory(
  trx: Kysely<Tables>,
  ids: { regions: Map<string, string>; adminUserId: string },
  now: Date,
): Promise<number> {
  for (const [key, [latitude, longitude]] of Object.entries(centres))
    await regionRepo.updateRegion(trx, ids.regions.get(key)!, {
      centreLatitude: latitude,
      centreLongitude: longitude,
      now,
    });
  for (const e of entries) {
    const id = await directoryRepo.insertEntry(
      trx,
      {
        name: e.name,
        kana: e.kana,
        kind: e.kind,
        sector: e.sector,
        directoryCategory: e.category,
        serviceTypes: e.serviceTypes,
        remits: e.remits,
        address: e.address,
        latitude: e.point[0],
        longitude: e.point[1],
        phone: e.phone,
        fax: e.fax,
        url: null,
        capacity: e.capacity ?? null,
        accessibility: [],
        languages: ['ja'],
        referralNote: e.referralNote ?? null,
        acceptsNewUsers: e.acceptsNewUsers ?? null,
        offersTrialStay: e.offersTrialStay ?? false,
        closesOnHolidays: !e.allYear,
        hoursText: null,
        directoryNotes: e.notes ?? null,
        entrySource: 'manual',
      },
      { userId: ids.adminUserId, now },
    );
    await trx
      .updateTable('organisations')
      .set({ isDemo: true, closesYearEnd: !e.allYear })
      .where('id', '=', id)
      .execute();
    await orgRepo.replaceRegions(
      trx,
      id,
      e.regions.map((k) => ids.regions.get(k)!),
    );
    const hours: BusinessHoursRange[] = demoBusinessHours(e.hours);
    await orgRepo.replaceBusinessHours(trx, id, hours);
    if (e.preferredChannel)
      await directoryRepo.setPreferredChannel(trx, id, e.preferredChannel, {
        userId: ids.adminUserId,
        now,
        usesTsunagu: false,
        fax: e.fax,
      });
  }
  return entries.length;
}
