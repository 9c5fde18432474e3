import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Secret } from 'otpauth';
import type { InformationCategory, OrganisationKind, Sector, TeamRole } from '@tsunagu/contract';
import { informationCategories } from '@tsunagu/contract';
import { writeSetting } from '../db/app-settings.ts';
import type { Tables } from '../db/tables.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { seal } from '../platform/auth/secret-box.ts';
import { systemContext } from '../platform/context.ts';
import { searchKey } from '../platform/text/search-key.ts';
import { tokyoDate } from '../platform/tokyo-time.ts';
import { Random } from './random.ts';
import { scales, type ScaleName } from './scales.ts';
import {
  categoryWeights,
  familyNames,
  givenNames,
  itemTemplates,
  messageTemplates,
  sourceFor,
  townNames,
} from './vocabulary.ts';

export const SYNTHETIC_PASSWORD = 'synthetic-city-password-2026';
export const SYNTHETIC_EMAIL_DOMAIN = 'synthetic.tsunagu.example';
export const syntheticEmail = (n: number) => `staff-${String(n).padStart(5, '0')}@${SYNTHETIC_EMAIL_DOMAIN}`;
/** The staff member on `busyTeams` teams, for the "my persons" benchmark. */
export const BUSY_STAFF_EMAIL = syntheticEmail(1);

export function syntheticTotpSecret(email: string): string {
  const buffer = createHash('sha1').update(`tsunagu-synthetic:${email}`).digest();
  return new Secret({ buffer: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) })
    .base32;
}

export interface SyntheticCounts {
  regions: number;
  organisations: number;
  staff: number;
  persons: number;
  teamMembers: number;
  grants: number;
  items: number;
  messages: number;
  acks: number;
  cursors: number;
}

export interface GenerateOptions {
  scale: ScaleName;
  seed: number;
  now: Date;
  encryptionKey: Buffer;
  onProgress?: (phase: string, done: number, total: number) => void;
}

type Column = [name: string, type: string];

/** Inserts many rows per statement through unnest (one array parameter per column). */
class BulkWriter {
  readonly #db: Kysely<Tables>;
  readonly #table: string;
  readonly #columns: Column[];
  readonly #rows: unknown[][] = [];
  readonly #batch: number;
  readonly #parents: BulkWriter[];
  written = 0;
  /** `parents` hold rows this table refers to: they are written first. */
  constructor(
    db: Kysely<Tables>,
    table: string,
    columns: Column[],
    batch = 4000,
    parents: BulkWriter[] = [],
  ) {
    this.#db = db;
    this.#table = table;
    this.#columns = columns;
    this.#batch = batch;
    this.#parents = parents;
  }
  async add(row: unknown[]): Promise<void> {
    this.#rows.push(row);
    if (this.#rows.length >= this.#batch) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#rows.length === 0) return;
    for (const parent of this.#parents) await parent.flush();
    const rows = this.#rows.splice(0);
    const arrays = this.#columns.map((_, i) => rows.map((r) => r[i] ?? null));
    const names = sql.join(this.#columns.map(([n]) => sql.id(n)));
    const params = sql.join(
      this.#columns.map(([, type], i) => sql`${sql.val(arrays[i])}::${sql.raw(type)}[]`),
    );
    await sql`insert into ${sql.table(this.#table)} (${names}) select * from unnest(${params})`.execute(
      this.#db,
    );
    this.written += rows.length;
  }
}

/** Splits `total` across `n` owners with a long tail, summing exactly to `total`. */
function distribute(random: Random, n: number, total: number): number[] {
  const weights = Array.from({ length: n }, () => random.heavyTail(10));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let rest = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % n, rest--) counts[i]! += 1;
  return counts;
}

interface Org {
  id: string;
  kind: OrganisationKind;
  staff: string[];
}

const orgPlan: [OrganisationKind, Sector, number, string][] = [
  ['designated_specific_consultation_office', 'welfare', 15, '相談支援事業所'],
  ['disability_welfare_service_provider', 'welfare', 22, '障害福祉サービス事業所'],
  ['group_home', 'housing', 12, 'グループホーム'],
  ['clinic', 'medical', 10, 'クリニック'],
  ['psychiatric_hospital', 'medical', 3, '病院'],
  ['home_nursing_station', 'medical', 9, '訪問看護ステーション'],
  ['community_general_support_center', 'long_term_care', 5, '地域包括支援センター'],
  ['home_care_support_office', 'long_term_care', 5, '居宅介護支援事業所'],
  ['employment_life_support_center', 'employment', 3, '就業・生活支援センター'],
  ['peer_support_group', 'peer', 2, 'ピアサポートの会'],
];

const teamCategories: Partial<Record<OrganisationKind, InformationCategory[]>> = {
  clinic: ['identity', 'medical', 'medication', 'voice', 'crisis'],
  psychiatric_hospital: ['identity', 'medical', 'medication', 'voice', 'crisis', 'family_environment'],
  home_nursing_station: [
    'identity',
    'medical',
    'medication',
    'daily_living',
    'voice',
    'crisis',
    'family_environment',
  ],
  disability_welfare_service_provider: ['identity', 'daily_living', 'work_daytime', 'voice', 'crisis'],
  group_home: ['identity', 'daily_living', 'housing', 'voice', 'crisis', 'life_history'],
  public_health_center: ['identity', 'medical', 'crisis'],
  municipal_disability_welfare_division: ['identity', 'welfare_services'],
  community_life_support_base: ['identity', 'crisis', 'voice'],
  peer_support_group: ['identity', 'voice'],
  home_care_support_office: ['identity', 'daily_living', 'welfare_services'],
};

const roleOf: Partial<Record<OrganisationKind, TeamRole>> = {
  clinic: 'attending_physician',
  psychiatric_hospital: 'hospital',
  home_nursing_station: 'home_nursing',
  disability_welfare_service_provider: 'service_provider',
  group_home: 'service_provider',
  public_health_center: 'public_health_center',
  municipal_disability_welfare_division: 'municipality',
  community_life_support_base: 'support_base',
  peer_support_group: 'peer_supporter',
  home_care_support_office: 'care_manager',
};

/**
 * Builds a fictional city deterministically from a seed: regions, organisations, staff, persons
 * with teams and consents, years of information items and messages with their receipts
 * (read cursors per reader and timeline; acknowledgement rows only where asked). Bulk-loaded.
 */
export async function generateSyntheticCity(
  db: Kysely<Tables>,
  o: GenerateOptions,
): Promise<SyntheticCounts> {
  const existing = await db.selectFrom('persons').select('id').limit(1).executeTakeFirst();
  if (existing)
    throw new Error('the database already holds persons: generate the synthetic city into an empty database');
  const scale = scales[o.scale];
  const random = new Random(o.seed);
  const now = o.now;
  const progress = o.onProgress ?? (() => {});
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const dateDaysAgo = (days: number) => tokyoDate(daysAgo(days));

  // ---------------------------------------------------------------- regions
  const regionRows: unknown[][] = [];
  const prefecture = random.uuid();
  regionRows.push([prefecture, null, 'prefecture', '合成県', 'ごうせいけん', now, now]);
  const areas: string[] = [];
  const municipalities: { id: string; area: string; daily: string[] }[] = [];
  const areaCount = Math.max(1, Math.ceil(scale.municipalities / 4));
  for (let a = 0; a < areaCount; a++) {
    const id = random.uuid();
    areas.push(id);
    regionRows.push([
      id,
      prefecture,
      'health_welfare_area',
      `合成第${a + 1}圏域`,
      `ごうせいだい${a + 1}けんいき`,
      now,
      now,
    ]);
  }
  for (let m = 0; m < scale.municipalities; m++) {
    const id = random.uuid();
    const area = areas[m % areas.length]!;
    regionRows.push([id, area, 'municipality', `合成市${m + 1}区`, `ごうせいし${m + 1}く`, now, now]);
    const daily: string[] = [];
    for (let d = 0; d < scale.dailyAreasPerMunicipality; d++) {
      const dailyId = random.uuid();
      daily.push(dailyId);
      regionRows.push([
        dailyId,
        id,
        'daily_life_area',
        `${townNames[(m * 7 + d) % townNames.length]}地区${m + 1}-${d + 1}`,
        null,
        now,
        now,
      ]);
    }
    municipalities.push({ id, area, daily });
  }
  const regions = new BulkWriter(db, 'regions', [
    ['id', 'uuid'],
    ['parent_id', 'uuid'],
    ['level', 'text'],
    ['name', 'text'],
    ['kana', 'text'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ]);
  for (const r of regionRows) await regions.add(r);
  await regions.flush();

  // ---------------------------------------------------------------- organisations
  const orgs: Org[] = [];
  const orgWriter = new BulkWriter(db, 'organisations', [
    ['id', 'uuid'],
    ['name', 'text'],
    ['kana', 'text'],
    ['name_key', 'text'],
    ['kana_key', 'text'],
    ['sector', 'text'],
    ['kind', 'text'],
    ['address', 'text'],
    ['phone', 'text'],
    ['is_demo', 'boolean'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ]);
  const orgRegion = new BulkWriter(db, 'organisation_regions', [
    ['organisation_id', 'uuid'],
    ['region_id', 'uuid'],
  ]);
  const hours = new BulkWriter(db, 'organisation_business_hours', [
    ['organisation_id', 'uuid'],
    ['weekday', 'smallint'],
    ['opens_at', 'time'],
    ['closes_at', 'time'],
  ]);
  const addOrg = async (
    kind: OrganisationKind,
    sector: Sector,
    name: string,
    region: string,
    alwaysOpen = false,
  ) => {
    const id = random.uuid();
    orgs.push({ id, kind, staff: [] });
    await orgWriter.add([
      id,
      name,
      'ごうせい',
      searchKey(name),
      'ごうせい',
      sector,
      kind,
      `合成県合成市${random.pick(townNames)}${random.int(1, 9)}-${random.int(1, 30)}`,
      `099-${random.int(100, 999)}-${random.int(1000, 9999)}`,
      true,
      now,
      now,
    ]);
    await orgRegion.add([id, region]);
    for (let day = alwaysOpen ? 0 : 1; day <= (alwaysOpen ? 6 : 5); day++)
      await hours.add([id, day, alwaysOpen ? '00:00' : '08:30', alwaysOpen ? '24:00' : '17:15']);
  };
  for (const [i, m] of municipalities.entries()) {
    await addOrg('core_consultation_center', 'welfare', `合成市${i + 1}区基幹相談支援センター`, m.id);
    await addOrg('community_life_support_base', 'welfare', `合成市${i + 1}区地域生活支援拠点`, m.id, true);
    await addOrg(
      'municipal_disability_welfare_division',
      'administration',
      `合成市${i + 1}区障害福祉課`,
      m.id,
    );
  }
  for (const [i, a] of areas.entries())
    await addOrg('public_health_center', 'health', `合成第${i + 1}保健所`, a);
  for (let n = 0; orgs.length < scale.organisations; n++) {
    const [kind, sector, , label] = random.weighted(orgPlan.map((p) => [p, p[2]] as const));
    const m = random.pick(municipalities);
    await addOrg(
      kind,
      sector,
      `${label}${random.pick(townNames)}${n + 1}`,
      random.pick(m.daily),
      kind === 'group_home',
    );
  }
  await orgWriter.flush();
  await orgRegion.flush();
  await hours.flush();

  // ---------------------------------------------------------------- staff
  progress('staff', 0, scale.staff);
  const passwordHash = await hashPassword(SYNTHETIC_PASSWORD);
  const users = new BulkWriter(db, 'users', [
    ['id', 'uuid'],
    ['email', 'text'],
    ['display_name', 'text'],
    ['kana', 'text'],
    ['name_key', 'text'],
    ['kana_key', 'text'],
    ['password_hash', 'text'],
    ['totp_secret', 'text'],
    ['is_demo', 'boolean'],
    ['password_changed_at', 'timestamptz'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ]);
  const memberships = new BulkWriter(db, 'memberships', [
    ['user_id', 'uuid'],
    ['organisation_id', 'uuid'],
    ['profession', 'text'],
    ['role', 'text'],
    ['created_at', 'timestamptz'],
  ]);
  const consultationOffices = orgs.filter(
    (x) => x.kind === 'designated_specific_consultation_office' || x.kind === 'core_consultation_center',
  );
  for (let n = 1; n <= scale.staff; n++) {
    // Every organisation gets staff first; the busy staff member works at a consultation office.
    const org = n === 1 ? consultationOffices[0]! : n - 1 <= orgs.length ? orgs[n - 2]! : random.pick(orgs);
    const id = random.uuid();
    org.staff.push(id);
    const [family, familyKana] = random.pick(familyNames);
    const [given, givenKana] = random.pick(givenNames);
    const email = syntheticEmail(n);
    await users.add([
      id,
      email,
      `${family} ${given}`,
      `${familyKana} ${givenKana}`,
      searchKey(`${family}${given}`),
      searchKey(`${familyKana}${givenKana}`),
      passwordHash,
      seal(o.encryptionKey, syntheticTotpSecret(email)),
      true,
      now,
      now,
      now,
    ]);
    const profession = org.kind.includes('consultation')
      ? 'consultation_specialist'
      : org.kind === 'clinic' || org.kind === 'psychiatric_hospital'
        ? random.pick(['physician', 'nurse', 'psychiatric_social_worker'])
        : org.kind === 'home_nursing_station'
          ? 'nurse'
          : org.kind === 'public_health_center'
            ? 'public_health_nurse'
            : 'service_manager';
    await memberships.add([id, org.id, profession, org.staff.length === 1 ? 'org_admin' : 'staff', now]);
    if (n % 500 === 0) progress('staff', n, scale.staff);
  }
  await users.flush();
  await memberships.flush();
  progress('staff', scale.staff, scale.staff);

  // ---------------------------------------------------------------- persons, teams, grants, items, messages
  const itemCounts = distribute(random, scale.persons, scale.items);
  const messageCounts = distribute(random, scale.persons, scale.messages);
  const persons = new BulkWriter(
    db,
    'persons',
    [
      ['id', 'uuid'],
      ['name', 'text'],
      ['kana', 'text'],
      ['kana_display', 'text'],
      ['name_key', 'text'],
      ['kana_key', 'text'],
      ['birth_date', 'date'],
      ['phone', 'text'],
      ['daily_life_area_id', 'uuid'],
      ['responsible_municipality_id', 'uuid'],
      ['uses_welfare_services', 'boolean'],
      ['registered_by_organisation_id', 'uuid'],
      ['registered_by_user_id', 'uuid'],
      ['is_demo', 'boolean'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    2000,
  );
  const team = new BulkWriter(
    db,
    'team_members',
    [
      ['id', 'uuid'],
      ['person_id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['user_id', 'uuid'],
      ['role', 'text'],
      ['is_lead', 'boolean'],
      ['started_on', 'date'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    4000,
    [persons],
  );
  const grants = new BulkWriter(
    db,
    'access_grants',
    [
      ['id', 'uuid'],
      ['person_id', 'uuid'],
      ['organisation_id', 'uuid'],
      ['basis', 'text'],
      ['method', 'text'],
      ['obtained_on', 'date'],
      ['obtained_by_user_id', 'uuid'],
      ['obtained_by_organisation_id', 'uuid'],
      ['expires_on', 'date'],
      ['withdrawn_at', 'timestamptz'],
      ['created_at', 'timestamptz'],
    ],
    4000,
    [persons],
  );
  const grantCategories = new BulkWriter(
    db,
    'access_grant_categories',
    [
      ['grant_id', 'uuid'],
      ['category', 'text'],
    ],
    4000,
    [grants],
  );
  const items = new BulkWriter(
    db,
    'information_items',
    [
      ['id', 'uuid'],
      ['lineage_id', 'uuid'],
      ['version', 'integer'],
      ['is_current', 'boolean'],
      ['person_id', 'uuid'],
      ['category', 'text'],
      ['content', 'text'],
      ['source', 'text'],
      ['kind', 'text'],
      ['observed_on', 'date'],
      ['recorded_at', 'timestamptz'],
      ['recorded_by_user_id', 'uuid'],
      ['recorded_by_organisation_id', 'uuid'],
      ['confirmed_at', 'timestamptz'],
      ['confirmed_by_user_id', 'uuid'],
      ['confirmed_by_organisation_id', 'uuid'],
    ],
    5000,
    [persons],
  );
  const messages = new BulkWriter(
    db,
    'messages',
    [
      ['id', 'uuid'],
      ['person_id', 'uuid'],
      ['category', 'text'],
      ['priority', 'text'],
      ['requires_ack', 'boolean'],
      ['body', 'text'],
      ['status', 'text'],
      ['author_user_id', 'uuid'],
      ['author_organisation_id', 'uuid'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
    5000,
    [persons],
  );
  const acks = new BulkWriter(
    db,
    'message_acks',
    [
      ['id', 'uuid'],
      ['message_id', 'uuid'],
      ['recipient_user_id', 'uuid'],
      ['acknowledged_by_user_id', 'uuid'],
      ['acknowledged_at', 'timestamptz'],
    ],
    5000,
    [messages],
  );
  const busyUser = consultationOffices[0]!.staff[0]!;
  const others = orgs.filter((x) => teamCategories[x.kind]);

  for (let p = 0; p < scale.persons; p++) {
    const personId = random.uuid();
    const municipality = random.pick(municipalities);
    const [family, familyKana] = random.pick(familyNames);
    const [given, givenKana] = random.pick(givenNames);
    const busy = p < scale.busyTeams;
    const leadOrg = busy ? consultationOffices[0]! : random.pick(consultationOffices);
    const leadUser = busy ? busyUser : random.pick(leadOrg.staff);
    await persons.add([
      personId,
      `${family} ${given}`,
      `${familyKana}${givenKana}`,
      `${familyKana} ${givenKana}`,
      searchKey(`${family}${given}`),
      searchKey(`${familyKana}${givenKana}`),
      `${random.int(1940, 2005)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      random.chance(0.7) ? `090-${random.int(1000, 9999)}-${random.int(1000, 9999)}` : null,
      random.pick(municipality.daily),
      municipality.id,
      random.chance(0.8),
      leadOrg.id,
      leadUser,
      true,
      daysAgo(1100),
      now,
    ]);

    // The team: the lead office (all categories by consent), then 3–8 others with role-shaped consent.
    const members: {
      org: Org;
      user: string | null;
      categories: Set<InformationCategory>;
      active: boolean;
    }[] = [{ org: leadOrg, user: leadUser, categories: new Set(informationCategories), active: true }];
    await team.add([
      random.uuid(),
      personId,
      leadOrg.id,
      leadUser,
      'planning_consultation',
      true,
      dateDaysAgo(1000),
      now,
      now,
    ]);
    for (const org of random.sample(others, random.int(3, 8))) {
      if (org.id === leadOrg.id) continue;
      const user = org.staff.length > 0 && random.chance(0.7) ? random.pick(org.staff) : null;
      await team.add([
        random.uuid(),
        personId,
        org.id,
        user,
        roleOf[org.kind] ?? 'other',
        false,
        dateDaysAgo(random.int(30, 900)),
        now,
        now,
      ]);
      const state = random.weighted([
        ['active', 94],
        ['expired', 4],
        ['withdrawn', 2],
      ] as const);
      members.push({ org, user, categories: new Set(teamCategories[org.kind]), active: state === 'active' });
      const grantId = random.uuid();
      await grants.add([
        grantId,
        personId,
        org.id,
        'consent',
        'written',
        dateDaysAgo(400),
        leadUser,
        leadOrg.id,
        state === 'expired'
          ? dateDaysAgo(random.int(1, 60))
          : random.chance(0.5)
            ? dateDaysAgo(-random.int(30, 700))
            : null,
        state === 'withdrawn' ? daysAgo(random.int(1, 200)) : null,
        daysAgo(400),
      ]);
      for (const c of teamCategories[org.kind] ?? []) await grantCategories.add([grantId, c]);
    }
    const leadGrant = random.uuid();
    await grants.add([
      leadGrant,
      personId,
      leadOrg.id,
      'consent',
      'written',
      dateDaysAgo(1000),
      leadUser,
      leadOrg.id,
      null,
      null,
      daysAgo(1000),
    ]);
    for (const c of informationCategories) await grantCategories.add([leadGrant, c]);

    // Information items: recorded by a team member whose organisation sees the category.
    for (let i = 0; i < itemCounts[p]!; i++) {
      const category = random.weighted(categoryWeights);
      const recorders = members.filter((m) => m.categories.has(category));
      const recorder = random.pick(recorders.length > 0 ? recorders : members);
      const [source, kind] = random.pick(sourceFor[category]);
      const age = Math.floor(Math.pow(random.next(), 2) * 1000);
      const recordedAt = daysAgo(Math.max(0, age - random.int(0, 5)));
      const user =
        recorder.user ?? random.pick(recorder.org.staff.length > 0 ? recorder.org.staff : [leadUser]);
      const confirmed = random.chance(0.2);
      const id = random.uuid();
      await items.add([
        id,
        id,
        1,
        true,
        personId,
        category,
        random.pick(itemTemplates[category]),
        source,
        kind,
        dateDaysAgo(age),
        recordedAt,
        user,
        recorder.org.id,
        confirmed ? daysAgo(random.int(0, age)) : null,
        confirmed ? user : null,
        confirmed ? recorder.org.id : null,
      ]);
    }

    // Messages, oldest first (their seq follows), with acknowledgement rows where asked.
    const count = messageCounts[p]!;
    const ages = Array.from({ length: count }, () => Math.pow(random.next(), 1.5) * 1095).sort(
      (a, b) => b - a,
    );
    for (const age of ages) {
      const author = random.pick(members.filter((m) => m.user !== null));
      const category = random.weighted(categoryWeights);
      const priority = random.weighted([
        ['normal', 92],
        ['urgent', 6],
        ['emergency', 2],
      ] as const);
      const requiresAck = priority !== 'normal' || random.chance(0.1);
      const createdAt = new Date(now.getTime() - age * 86_400_000);
      const id = random.uuid();
      await messages.add([
        id,
        personId,
        category,
        priority,
        requiresAck,
        random.pick(messageTemplates),
        'posted',
        author.user,
        author.org.id,
        createdAt,
        createdAt,
      ]);
      if (!requiresAck) continue;
      for (const reader of members) {
        if (!reader.user || reader.user === author.user || !reader.active || !reader.categories.has(category))
          continue;
        const acknowledged = age > 3 || random.chance(0.3);
        await acks.add([
          random.uuid(),
          id,
          reader.user,
          acknowledged ? reader.user : null,
          acknowledged ? new Date(createdAt.getTime() + random.int(5, 600) * 60_000) : null,
        ]);
      }
    }
    if ((p + 1) % 100 === 0 || p + 1 === scale.persons) progress('persons', p + 1, scale.persons);
  }
  for (const w of [persons, team, grants, grantCategories, items, messages, acks]) await w.flush();

  // Read cursors: each named team member has read all but the last few messages of the timeline.
  progress('receipts', 0, 1);
  const cursors =
    await sql`insert into timeline_cursors (person_id, user_id, delivered_seq, delivered_at, read_seq, read_at)
    select tm.person_id, tm.user_id, s.last_seq, ${now}::timestamptz, s.read_seq, ${daysAgo(1)}::timestamptz
    from team_members tm
    join lateral (select max(m.seq) as last_seq,
        coalesce((select m2.seq from messages m2 where m2.person_id = tm.person_id order by m2.seq desc offset 3 limit 1), 0) as read_seq
      from messages m where m.person_id = tm.person_id) s on s.last_seq is not null
    where tm.user_id is not null
    on conflict do nothing`.execute(db);
  await sql`insert into timeline_read_marks (person_id, user_id, read_seq, read_at)
    select person_id, user_id, read_seq, read_at from timeline_cursors where read_seq > 0`.execute(db);
  progress('receipts', 1, 1);

  // Fresh statistics, so the planner sees the city as it now is.
  progress('analyze', 0, 1);
  await sql`analyze`.execute(db);
  progress('analyze', 1, 1);

  await db.transaction().execute(async (trx) => {
    await writeSetting(
      trx,
      'synthetic',
      { scale: o.scale, seed: o.seed, generatedAt: now.toISOString() },
      now,
    );
    await writeSetting(trx, 'demo_seeded_at', now.toISOString(), now);
    await recordAudit(trx, systemContext('seed:synthetic', '架空の市の生成'), {
      action: 'synthetic.seed',
      details: { scale: o.scale, seed: o.seed },
    });
  });
  return {
    regions: regionRows.length,
    organisations: orgs.length,
    staff: scale.staff,
    persons: scale.persons,
    teamMembers: team.written,
    grants: grants.written,
    items: items.written,
    messages: messages.written,
    acks: acks.written,
    cursors: Number(cursors.numAffectedRows ?? 0n),
  };
}
