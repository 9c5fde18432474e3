import { createHash } from 'node:crypto';
import {
  isInJapan,
  normaliseKana,
  normalisePhone,
  officialColumns,
  PHONE_PATTERN,
  serviceTypeNames,
  type BusinessHoursRange,
  type DirectoryCategory,
  type HoursText,
  type MappableField,
  type OrganisationKind,
  type ServiceType,
} from '@tsunagu/contract';

/** One row of a file, ready to write: an organisation of the directory keyed by `sourceKey`. */
export interface ImportedEntry {
  line: number;
  sourceKey: string;
  name: string;
  kana: string;
  kind: OrganisationKind;
  category: DirectoryCategory;
  serviceType: ServiceType | null;
  officeNumber: string | null;
  corporationName: string | null;
  address: string | null;
  postalCode: string | null;
  phone: string | null;
  fax: string | null;
  url: string | null;
  latitude: number | null;
  longitude: number | null;
  capacity: number | null;
  hoursText: HoursText;
  /** Weekly hours parsed from the published text; null when it could not be read (kept as text). */
  businessHours: BusinessHoursRange[] | null;
  closesOnHolidays: boolean;
  notes: string | null;
  /** Where the row says it is: a 市区町村コード and the 市区町村 of its address. */
  municipalityCode: string | null;
  municipality: string | null;
  /** A fingerprint of the row: a re-import rewrites only rows whose fingerprint changed. */
  hash: string;
}

/** A row refused, with its line in the file and why. */
export interface RowRejection {
  line: number;
  code: string;
  field: string | null;
  message: string;
}

const fold = (text: string | undefined): string => (text ?? '').normalize('NFKC').trim();
const orNull = (text: string): string | null => (text === '' ? null : text);

/** The official names folded the way a published file may write them (全角Ａ, spaces, brackets). */
const nameKey = (text: string) => fold(text).replace(/[\s\u3000]/g, '');
const serviceByName = new Map<string, ServiceType>(
  (Object.entries(serviceTypeNames) as [ServiceType, string][]).map(([type, name]) => [nameKey(name), type]),
);
// 共同生活援助 without its type (older files) is the commonest: 介護サービス包括型.
serviceByName.set(nameKey('共同生活援助'), 'group_home_inclusive');

/** The サービス種別 a published name stands for. */
export function serviceTypeOf(name: string): ServiceType | null {
  return serviceByName.get(nameKey(name)) ?? null;
}

function kindOf(service: ServiceType | null): { kind: OrganisationKind; category: DirectoryCategory } {
  if (service === null) return { kind: 'other', category: 'disability_welfare' };
  if (service.startsWith('group_home')) return { kind: 'group_home', category: 'housing' };
  if (service === 'plan_consultation' || service === 'child_consultation')
    return { kind: 'designated_specific_consultation_office', category: 'consultation' };
  if (service === 'community_transition' || service === 'community_settlement')
    return { kind: 'designated_general_consultation_office', category: 'consultation' };
  if (service.startsWith('employment'))
    return { kind: 'disability_welfare_service_provider', category: 'employment' };
  if (service.startsWith('ltc_')) return { kind: 'long_term_care_provider', category: 'long_term_care' };
  return { kind: 'disability_welfare_service_provider', category: 'disability_welfare' };
}

const TIME = '(\\d{1,2})[:：時](\\d{2})?分?';
const RANGE = new RegExp(`${TIME}\\s*[~〜～\\-－ー―‐から]+\\s*${TIME}`, 'g');
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The opening ranges in a published text such as 「9:00～17:00」, 「８：３０～１２：００、１３：００～１７：３０」
 * or 「24時間」; null when the text says something else (it is kept as text), [] for 「休み」 or empty.
 */
export function parseHoursText(text: string | null): { opensAt: string; closesAt: string }[] | null {
  const t = fold(text ?? '');
  if (t === '' || /^(休み?|なし|-|ー|×|休業|定休日?)$/.test(t)) return [];
  if (/^24時間/.test(t)) return [{ opensAt: '00:00', closesAt: '24:00' }];
  const ranges: { opensAt: string; closesAt: string }[] = [];
  for (const m of t.matchAll(RANGE)) {
    const [oh, om, ch, cm] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0));
    if (oh! > 24 || ch! > 24 || om! > 59 || cm! > 59) return null;
    const opensAt = `${pad(oh!)}:${pad(om!)}`;
    const closesAt = ch === 24 ? '24:00' : `${pad(ch!)}:${pad(cm!)}`;
    if (opensAt >= closesAt) return null; // over midnight: kept as text
    ranges.push({ opensAt, closesAt });
  }
  const leftover = t.replace(RANGE, '').replace(/[、,，・\s/／及びと]/g, '');
  return ranges.length > 0 && leftover === '' ? ranges : null;
}

/** Weekly hours from the four published texts (平日 Mon–Fri, 土, 日) and whether holidays close it. */
function weeklyHours(h: HoursText): {
  businessHours: BusinessHoursRange[] | null;
  closesOnHolidays: boolean;
} {
  const weekday = parseHoursText(h.weekday ?? null);
  const saturday = parseHoursText(h.saturday ?? null);
  const sunday = parseHoursText(h.sunday ?? null);
  const holiday = parseHoursText(h.holiday ?? null);
  const closesOnHolidays = holiday === null || holiday.length === 0;
  if (weekday === null || saturday === null || sunday === null)
    return { businessHours: null, closesOnHolidays };
  const days: [number, { opensAt: string; closesAt: string }[]][] = [
    ...[1, 2, 3, 4, 5].map((d): [number, typeof weekday] => [d, weekday]),
    [6, saturday],
    [0, sunday],
  ];
  return {
    businessHours: days.flatMap(([weekday, ranges]) => ranges.map((r) => ({ weekday, ...r }))),
    closesOnHolidays,
  };
}

/**
 * A coordinate pair as published: full-width digits folded, both empty = none, latitude and
 * longitude written the wrong way round put back (Japan lies between 20–46°N and 122–154°E), and
 * anything else refused.
 */
export function coordinatesOf(
  latText: string,
  lngText: string,
): { latitude: number | null; longitude: number | null } | 'broken' {
  const [a, b] = [fold(latText), fold(lngText)];
  if (a === '' && b === '') return { latitude: null, longitude: null };
  const [lat, lng] = [Number(a), Number(b)];
  if (a === '' || b === '' || !Number.isFinite(lat) || !Number.isFinite(lng)) return 'broken';
  if (isInJapan(lat, lng)) return { latitude: lat, longitude: lng };
  if (isInJapan(lng, lat)) return { latitude: lng, longitude: lat };
  return 'broken';
}

const phoneOf = (text: string): string | null => {
  const phone = normalisePhone(fold(text));
  return new RegExp(PHONE_PATTERN).test(phone) ? phone : null;
};
const urlOf = (text: string): string | null => (/^https?:\/\/\S+$/.test(fold(text)) ? fold(text) : null);
const capacityOf = (text: string): number | null => {
  const n = Number(fold(text).replace(/人$/, ''));
  return fold(text) !== '' && Number.isInteger(n) && n >= 0 && n <= 100_000 ? n : null;
};

/** The values of a row by field, whichever layout it came in. */
export type FieldValues = Partial<Record<MappableField | 'corporationName', string>>;

/** The official layout's columns by field (the rest are the corporation's, not the office's). */
const officialFields: Partial<Record<(typeof officialColumns)[number], MappableField | 'corporationName'>> = {
  都道府県コード又は市区町村コード: 'municipalityCode',
  法人の名称: 'corporationName',
  サービス種別: 'serviceType',
  事業所の名称: 'name',
  事業所の名称_かな: 'kana',
  事業所番号: 'officeNumber',
  '事業所住所（市区町村）': 'municipality',
  '事業所住所（番地以降）': 'address',
  事業所電話番号: 'phone',
  事業所FAX番号: 'fax',
  事業所URL: 'url',
  事業所緯度: 'latitude',
  事業所経度: 'longitude',
  '利用可能な時間帯（平日）': 'hoursWeekday',
  '利用可能な時間帯（土曜）': 'hoursSaturday',
  '利用可能な時間帯（日曜）': 'hoursSunday',
  '利用可能な時間帯（祝日）': 'hoursHoliday',
  定休日: 'closedDays',
  '利用可能曜日特記事項（留意事項）': 'notes',
  定員: 'capacity',
};

/** Whether a header row is the official layout's 29 columns (full-width and spacing forgiven). */
export function isOfficialHeader(header: readonly string[]): boolean {
  return (
    header.length >= officialColumns.length &&
    officialColumns.every((c, i) => nameKey(header[i] ?? '') === nameKey(c))
  );
}

/** A row of the official layout as field values. */
export function officialValues(record: readonly string[]): FieldValues {
  const values: FieldValues = {};
  officialColumns.forEach((column, i) => {
    const field = officialFields[column];
    if (field) values[field] = record[i] ?? '';
  });
  return values;
}

/** A row of a generic CSV as field values, through a saved mapping of field → header. */
export function mappedValues(
  header: readonly string[],
  mapping: Partial<Record<MappableField, string>>,
): (record: readonly string[]) => FieldValues {
  const index = new Map(header.map((h, i) => [nameKey(h), i]));
  const columns = (Object.entries(mapping) as [MappableField, string][]).map(
    ([field, column]) => [field, index.get(nameKey(column))] as const,
  );
  return (record) =>
    Object.fromEntries(columns.map(([field, i]) => [field, i === undefined ? '' : (record[i] ?? '')]));
}

/** The headers a mapping names that a file lacks. */
export function missingColumns(
  header: readonly string[],
  mapping: Partial<Record<MappableField, string>>,
): string[] {
  const present = new Set(header.map(nameKey));
  return Object.values(mapping).filter((column) => column !== undefined && !present.has(nameKey(column)));
}

/**
 * Checks and shapes one row. The official data's stable key is 事業所番号 + サービス種別; a generic
 * file without 事業所番号 is keyed by its name and address within the mapping.
 */
export function entryOf(
  values: FieldValues,
  line: number,
  source: { prefix: string; needsOfficeNumber: boolean },
): ImportedEntry | RowRejection {
  const reject = (code: string, field: string, message: string): RowRejection => ({
    line,
    code,
    field,
    message,
  });
  // Names are kept as published (NFKC would turn ｸﾞﾙｰﾌﾟ and 第４ into other text); the search key folds them.
  const name = (values.name ?? '').trim();
  const officeNumber = fold(values.officeNumber).replace(/[^0-9A-Za-z]/g, '');
  if (source.needsOfficeNumber && officeNumber === '')
    return reject('MISSING_OFFICE_NUMBER', '事業所番号', '事業所番号がありません。');
  if (fold(name) === '') return reject('MISSING_NAME', '事業所の名称', '事業所の名称がありません。');
  const serviceText = fold(values.serviceType);
  const serviceType = serviceText === '' ? null : serviceTypeOf(serviceText);
  if (serviceText !== '' && serviceType === null)
    return reject(
      'UNKNOWN_SERVICE_TYPE',
      'サービス種別',
      `サービス種別「${serviceText.slice(0, 40)}」は知らない種別です。`,
    );
  if (source.needsOfficeNumber && serviceType === null)
    return reject('UNKNOWN_SERVICE_TYPE', 'サービス種別', 'サービス種別がありません。');
  const point = coordinatesOf(values.latitude ?? '', values.longitude ?? '');
  if (point === 'broken')
    return reject(
      'BROKEN_COORDINATES',
      '事業所緯度',
      `緯度・経度（${fold(values.latitude).slice(0, 20)}, ${fold(values.longitude).slice(0, 20)}）が日本の位置として読めません。`,
    );
  const municipality = orNull(fold(values.municipality));
  const street = fold(values.address);
  const hoursText: HoursText = {
    weekday: orNull(fold(values.hoursWeekday)),
    saturday: orNull(fold(values.hoursSaturday)),
    sunday: orNull(fold(values.hoursSunday)),
    holiday: orNull(fold(values.hoursHoliday)),
    closedDays: orNull(fold(values.closedDays)),
    notes: orNull(fold(values.notes).slice(0, 1000)),
  };
  const { kind, category } = kindOf(serviceType);
  const key =
    officeNumber !== '' ? officeNumber : `${nameKey(name)}@${nameKey(`${municipality ?? ''}${street}`)}`;
  const entry: Omit<ImportedEntry, 'hash'> = {
    line,
    sourceKey: `${source.prefix}:${key}:${serviceType ?? '-'}`,
    name: name.slice(0, 200),
    kana: normaliseKana(fold(values.kana)).slice(0, 300),
    kind,
    category,
    serviceType,
    officeNumber: orNull(officeNumber),
    corporationName: orNull(fold(values.corporationName).slice(0, 200)),
    address: orNull(`${municipality ?? ''}${street}`.slice(0, 300)),
    postalCode: /^\d{3}-?\d{4}$/.test(fold(values.postalCode)) ? fold(values.postalCode) : null,
    phone: phoneOf(values.phone ?? ''),
    fax: phoneOf(values.fax ?? ''),
    url: urlOf(values.url ?? ''),
    ...point,
    capacity: capacityOf(values.capacity ?? ''),
    hoursText,
    ...weeklyHours(hoursText),
    notes: hoursText.notes ?? null,
    municipalityCode: orNull(fold(values.municipalityCode).replace(/\D/g, '')),
    municipality,
  };
  return {
    ...entry,
    hash: createHash('sha256')
      .update(JSON.stringify({ ...entry, line: 0 }))
      .digest('base64url'),
  };
}

/** 市区町村 of the installation's regions, to place a row or to skip it as outside them. */
export interface MunicipalityIndex {
  regionOf(entry: Pick<ImportedEntry, 'municipalityCode' | 'municipality'>): string | null;
}

/**
 * A row's 都道府県コード又は市区町村コード names the body that designated the office: a
 * 市区町村 (5 digits, or 6 with the check digit) places it; a 都道府県 (…000) does not, and then the
 * 市区町村 of its address is matched against the regions' names (the longest that appears).
 */
export function municipalityIndex(
  regions: readonly { id: string; name: string; code: string | null }[],
): MunicipalityIndex {
  const byCode = new Map<string, string>();
  for (const r of regions)
    if (r.code) byCode.set(r.code.normalize('NFKC').replace(/\D/g, '').slice(0, 5), r.id);
  const byName = [...regions].sort((a, b) => b.name.length - a.name.length);
  return {
    regionOf({ municipalityCode, municipality }) {
      const code = (municipalityCode ?? '').slice(0, 5);
      if (code.length === 5 && !code.endsWith('000')) {
        const found = byCode.get(code);
        if (found) return found;
      }
      const place = fold(municipality ?? '');
      return place === '' ? null : (byName.find((r) => place.includes(r.name))?.id ?? null);
    },
  };
}
