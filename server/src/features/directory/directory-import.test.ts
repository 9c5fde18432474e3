import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import {
  officialCsv,
  officialCsvText,
  officialRow,
  utf8BomCsv,
  zipOf,
} from '../../../test/directory-fixtures.ts';
import { waitUntil } from '../../../test/wait-until.ts';

// Every file here is synthetic, made by test/directory-fixtures.ts in the published layout of
// 障害福祉サービス等情報公表システム's open data (29 columns, CP932, zipped) with its quirks.

let t: TestApp;
let admin: Agent;
let municipality: string;

/** Nine rows: five to import, three to refuse, one outside the installation's regions. */
const rows = () => [
  officialRow(1),
  officialRow(2, { '利用可能曜日特記事項（留意事項）': '月・水は\r\n午後のみ, 要予約' }), // quoted, two lines
  officialRow(3, { 事業所の名称: 'ホーム𠮷田' }), // 𠮷 is outside Shift_JIS: published as ?
  officialRow(4, { 事業所緯度: '136.9', 事業所経度: '35.1', 定員: '７' }), // swapped, full-width 定員
  officialRow(5, { 事業所番号: '' }),
  officialRow(6, { 事業所経度: 'abc' }),
  officialRow(7, { サービス種別: 'ピザ配達' }),
  officialRow(8, { 都道府県コード又は市区町村コード: '131016', '事業所住所（市区町村）': '東京都千代田区' }),
  officialRow(9, { 都道府県コード又は市区町村コード: '990001' }), // designated by the prefecture
];

async function upload(
  file: Buffer,
  filename: string,
  fields: Record<string, string> = { format: 'official' },
) {
  const boundary = '----tsunagu-import';
  const parts = [
    ...Object.entries(fields).map(([name, value]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  if (!admin.csrfToken) await admin.fetchCsrf();
  return admin.request('POST', '/api/directory/imports', undefined, {
    payload: Buffer.concat(parts),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'x-csrf-token': admin.csrfToken!,
    },
  });
}

/** Uploads and waits for the rows to be read. */
async function imported(
  file: Buffer,
  filename: string,
  fields?: Record<string, string>,
): Promise<Record<string, unknown> & { id: string }> {
  const started = await upload(file, filename, fields);
  expect(started.statusCode, started.body).toBe(202);
  const id: string = started.json().id;
  const result: { value: Record<string, unknown> } = { value: {} };
  await waitUntil(
    async () => {
      result.value = (await admin.get(`/api/directory/imports/${id}`)).json();
      return result.value.status !== 'running';
    },
    20_000,
    'the import',
  );
  return { id, ...result.value };
}

const totalImported = async () =>
  (await admin.get('/api/directory?q=' + encodeURIComponent('グループホーム'))).json().total as number;

beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
  const now = new Date();
  municipality = (
    await t.database.db
      .insertInto('regions')
      .values({
        parentId: null,
        level: 'municipality',
        name: '架空市',
        kana: null,
        code: '999016',
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterEach(async () => t.close());

describe('directory import (障害福祉サービス等情報公表システムのオープンデータ)', () => {
  it('imports a zipped Shift_JIS file with the real quirks, skipping rows outside the regions and reporting rejected rows by line', async () => {
    const result = await imported(zipOf({ 'sample_group_home.csv': officialCsv(rows()) }), 'group_home.zip');
    expect(result).toMatchObject({
      status: 'done',
      encoding: 'Shift_JIS (CP932)',
      rowsRead: 9,
      inserted: 5,
      updated: 0,
      skipped: 1,
      rejected: 3,
    });
    expect(result.bytesRead).toBe(result.bytesTotal);
    // Lines count from the header (line 1); row 2 spans two lines, so row 5 is on line 7.
    const report = (await admin.get(`/api/directory/imports/${result.id}/rejections`)).json();
    expect(report.rejections.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [7, 'MISSING_OFFICE_NUMBER'],
      [8, 'BROKEN_COORDINATES'],
      [9, 'UNKNOWN_SERVICE_TYPE'],
    ]);
    const csv = await admin.get(`/api/directory/imports/${result.id}/rejections.csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('ピザ配達');

    const found = (await admin.get('/api/directory?q=' + encodeURIComponent('かくう第4'))).json();
    expect(found.entries).toHaveLength(1);
    const entry = (await admin.get(`/api/directory/entries/${found.entries[0].id}`)).json();
    expect(entry).toMatchObject({
      name: 'グループホームかくう第４',
      kana: 'ぐるーぷほーむかくう',
      serviceTypes: ['group_home_inclusive'],
      category: 'housing',
      kind: 'group_home',
      entrySource: 'imported',
      isOnTsunagu: false,
      regionIds: [municipality],
      phone: '099-123-4567',
      latitude: 35.1, // swapped back
      longitude: 136.9,
      capacity: 7,
      closesOnHolidays: false,
      confirmedBy: null,
      confirmedByImport: true,
      officeNumber: '9900000004',
    });
    expect(entry.businessHours).toHaveLength(7); // 24 hours every day, parsed from the text
    const withBreak = (await admin.get('/api/directory?q=' + encodeURIComponent('要予約'))).json();
    expect(withBreak.entries.map((e: { name: string }) => e.name)).toEqual(['グループホームかくう第２']);
    const replaced = (await admin.get('/api/directory?q=' + encodeURIComponent('ホーム?田'))).json();
    expect(replaced.total).toBe(1);
  });

  it('re-imports without duplicates: the same file changes nothing, a changed row is updated, UTF-8 with a BOM reads the same', async () => {
    await imported(zipOf({ 'a.csv': officialCsv(rows()) }), 'a.zip');
    expect(await totalImported()).toBe(5);
    const again = await imported(officialCsv(rows()), 'a.csv');
    expect(again).toMatchObject({ inserted: 0, updated: 0, rejected: 3, skipped: 1 });
    // The text as the Shift_JIS file decodes (「?」 included), saved as UTF-8 with a BOM: identical rows.
    const asUtf8 = utf8BomCsv(iconv.decode(officialCsv(rows()), 'cp932'));
    const utf8 = await imported(asUtf8, 'a-utf8.csv');
    expect(utf8).toMatchObject({ encoding: 'UTF-8 (BOM)', inserted: 0, updated: 0, rejected: 3, skipped: 1 });
    const changed = rows();
    changed[0] = officialRow(1, { 定員: '１０' });
    const update = await imported(officialCsv(changed), 'b.csv');
    expect(update).toMatchObject({ inserted: 0, updated: 1 });
    expect(await totalImported()).toBe(5);
    const first = (await admin.get('/api/directory?q=' + encodeURIComponent('かくう第1'))).json().entries[0];
    expect((await admin.get(`/api/directory/entries/${first.id}`)).json().capacity).toBe(10);
    // Asked to, it imports the rows outside the installation's regions too.
    const all = await imported(officialCsv(rows()), 'c.csv', {
      format: 'official',
      importAllRegions: 'true',
    });
    expect(all).toMatchObject({ inserted: 1, skipped: 0 });
    expect((await admin.get('/api/directory/imports')).json().imports).toHaveLength(5);
  });

  it('refuses a file in neither encoding, a non-CSV, another layout, a zip bomb and an oversized upload, clearly and never with a 500', async () => {
    const cases: [Buffer, string, number, string][] = [
      [Buffer.from('\uFEFFa,b\r\n', 'utf16le'), 'utf16.csv', 400, 'ENCODING_UNSUPPORTED'],
      [
        Buffer.from([0xa0, 0xfd, 0x41, 0xfe, 0xff, 0x80, 0x2c, 0x0d, 0x0a]),
        'odd.csv',
        400,
        'ENCODING_UNKNOWN',
      ],
      [Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'photo.csv', 400, 'NOT_CSV'],
      [Buffer.from('名称,住所\r\nA,B\r\n'), 'other.csv', 400, 'NOT_OFFICIAL_LAYOUT'],
      [zipOf({ 'bomb.csv': new Uint8Array(20 * 1024 * 1024) }), 'bomb.zip', 400, 'ZIP_BOMB'],
      [zipOf({ 'readme.txt.pdf': new Uint8Array(10) }), 'nocsv.zip', 400, 'ZIP_WITHOUT_CSV'],
      [Buffer.alloc(50 * 1024 * 1024 + 1, 0x41), 'huge.csv', 413, 'FILE_TOO_LARGE'],
    ];
    for (const [file, name, status, code] of cases) {
      const response = await upload(file, name);
      expect(response.statusCode, name).toBe(status);
      expect(response.json(), name).toMatchObject({ code, field: 'file' });
    }
    expect((await upload(officialCsv(rows()), 'a.csv', { format: 'pizza' })).json()).toMatchObject({
      field: 'format',
    });
    expect((await admin.get('/api/directory/imports')).json().imports).toEqual([]);
    const staff = await signIn(
      t.app,
      await createUser(t.database.db, { organisationId: await createOrganisation(t.database.db) }),
      t.clock,
    );
    expect((await staff.get('/api/directory/imports')).statusCode).toBe(403);
  });

  it('imports a generic CSV through a saved column mapping, and refuses one that lacks a mapped column', async () => {
    const saved = await admin.post('/api/directory/import-mappings', {
      name: '市の社会資源一覧',
      columns: {
        name: '名称',
        kana: 'ふりがな',
        municipality: '市町村',
        address: '所在地',
        phone: '電話',
        notes: '備考',
      },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect((await admin.get('/api/directory/import-mappings')).json().mappings).toHaveLength(1);
    const text =
      '名称,ふりがな,市町村,所在地,電話,備考\r\n架空市家族会,かくうしかぞくかい,架空市,本町1,099-000-1111,毎月第2土曜\r\n';
    const result = await imported(Buffer.from(text), 'list.csv', {
      format: 'generic',
      mappingId: saved.json().id,
    });
    expect(result).toMatchObject({ status: 'done', encoding: 'UTF-8', inserted: 1 });
    expect((await admin.get('/api/directory?q=' + encodeURIComponent('家族会'))).json().total).toBe(1);
    const lacking = await upload(Buffer.from('名称\r\nA\r\n'), 'l.csv', {
      format: 'generic',
      mappingId: saved.json().id,
    });
    expect(lacking.json()).toMatchObject({ code: 'MAPPED_COLUMN_MISSING' });
    expect(
      (await upload(Buffer.from(officialCsvText([])), 'x.csv', { format: 'generic' })).json(),
    ).toMatchObject({
      field: 'mappingId',
    });
  });
});
