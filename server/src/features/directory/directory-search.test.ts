import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createRegionTree, createUser, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let admin: Agent;
let regions: Awaited<ReturnType<typeof createRegionTree>>;

const weekdays = (opensAt: string, closesAt: string) =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt, closesAt }));

const entry = (over: Record<string, unknown>) => ({
  name: 'テスト事業所',
  kana: 'てすとじぎょうしょ',
  kind: 'disability_welfare_service_provider',
  category: 'disability_welfare',
  serviceTypes: [],
  remits: [],
  regionIds: [regions.municipality],
  businessHours: weekdays('09:00', '17:00'),
  ...over,
});

async function add(over: Record<string, unknown>): Promise<string> {
  const response = await admin.post('/api/directory/entries', entry(over));
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function names(query: Record<string, string | number | boolean>): Promise<string[]> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const response = await admin.get(`/api/directory?${qs.toString()}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().entries.map((e: { name: string }) => e.name);
}

beforeEach(async () => {
  t = await createTestApp();
  regions = await createRegionTree(t.database.db);
  admin = await signIn(t.app, await createUser(t.database.db, { isSystemAdmin: true }), t.clock);
});
afterEach(async () => t.close());

describe('directory search (社会資源の検索)', () => {
  it('finds partial Japanese text in kanji, kana, half-width kana and full-width digits, one and two characters too', async () => {
    await add({
      name: 'グループホームさくら第２',
      kana: 'ぐるーぷほーむさくらだいに',
      serviceTypes: ['group_home_inclusive'],
    });
    await add({ name: '髙橋クリニック', kana: 'たかはしくりにっく', category: 'medical', kind: 'clinic' });
    await add({
      name: '就労支援センターみらい',
      kana: 'しゅうろうしえんせんたーみらい',
      notes: '空き状況は電話で',
    });
    expect(await names({ q: 'ホーム' })).toEqual(['グループホームさくら第２']);
    expect(await names({ q: 'ぐるーぷ' })).toEqual(['グループホームさくら第２']);
    expect(await names({ q: 'ｸﾞﾙｰﾌﾟﾎｰﾑ' })).toEqual(['グループホームさくら第２']);
    expect(await names({ q: '第2' })).toEqual(['グループホームさくら第２']);
    expect(await names({ q: '高橋' })).toEqual(['髙橋クリニック']); // two characters, old form folded
    expect(await names({ q: '髙' })).toEqual(['髙橋クリニック']); // one character
    expect(await names({ q: '空き' })).toEqual(['就労支援センターみらい']); // from the notes
    expect(await names({ q: '就労' })).toEqual(['就労支援センターみらい']);
    // By the official name of a service (共同生活援助) and by remit text.
    expect(await names({ q: '共同生活援助' })).toEqual(['グループホームさくら第２']);
    expect(await names({ q: '%' })).toEqual([]);
  });

  it('filters by category, service type, remit, kind, region (with the areas above and below it), new users, trial stays and being on tsunagu', async () => {
    await add({
      name: 'ホームA',
      serviceTypes: ['group_home_inclusive'],
      offersTrialStay: true,
      acceptsNewUsers: true,
      regionIds: [regions.daily],
    });
    await add({ name: 'ホームB', serviceTypes: ['short_stay'], acceptsNewUsers: false });
    await add({
      name: '保健所',
      kind: 'public_health_center',
      category: 'consultation',
      remits: ['mental_health_specialist'],
      regionIds: [regions.area],
    });
    const member = await createOrganisation(t.database.db, { name: 'つなぐ利用の事業所' });
    await createUser(t.database.db, { organisationId: member });
    expect(await names({ category: 'consultation' })).toEqual(['保健所']);
    expect(await names({ serviceType: 'short_stay' })).toEqual(['ホームB']);
    expect(await names({ remit: 'mental_health_specialist' })).toEqual(['保健所']);
    expect(await names({ kind: 'public_health_center' })).toEqual(['保健所']);
    expect(await names({ trialStay: true })).toEqual(['ホームA']);
    expect(await names({ acceptsNewUsers: false })).toEqual(['ホームB']);
    // In the daily-life area: what serves it, its municipality and its health-welfare area.
    expect((await names({ regionId: regions.daily })).sort()).toEqual(
      ['ホームA', 'ホームB', '保健所'].sort(),
    );
    expect((await names({ regionId: regions.municipality })).sort()).toEqual(
      ['ホームA', 'ホームB', '保健所'].sort(),
    );
    expect(await names({ onTsunagu: true })).toEqual(['つなぐ利用の事業所']);
    expect((await names({ onTsunagu: false, q: 'ホーム' })).sort()).toEqual(['ホームA', 'ホームB']);
    const organisations = (await admin.get('/api/organisations?onTsunagu=true')).json();
    expect(organisations.organisations.map((o: { name: string }) => o.name)).toEqual(['つなぐ利用の事業所']);
  });

  it('answers open now with the holidays: a substitute holiday closes an office that closes on holidays, not a 24-hour base', async () => {
    await add({ name: '相談支援事業所', kana: 'そうだんしえんじぎょうしょ', closesOnHolidays: true });
    await add({
      name: '地域生活支援拠点',
      kana: 'ちいきせいかつしえんきょてん',
      closesOnHolidays: false,
      businessHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
        weekday,
        opensAt: '00:00',
        closesAt: '24:00',
      })),
    });
    // 2026-05-06 (水) is こどもの日 振替休日; a week later is an ordinary Wednesday.
    t.clock.set('2026-05-06T10:00:00+09:00');
    expect(await names({ openNow: true })).toEqual(['地域生活支援拠点']);
    const all = (await admin.get('/api/directory')).json();
    expect(all.entries.map((e: { name: string; isOpen: boolean }) => [e.name, e.isOpen])).toEqual([
      ['相談支援事業所', false],
      ['地域生活支援拠点', true],
    ]);
    t.clock.set('2026-05-13T10:00:00+09:00');
    expect((await names({ openNow: true })).sort()).toEqual(['地域生活支援拠点', '相談支援事業所'].sort());
    // A chosen time: 22:00 on that ordinary Wednesday.
    expect(await names({ openNow: true, at: '2026-05-13T22:00:00+09:00' })).toEqual(['地域生活支援拠点']);
  });

  it('orders by distance from coordinates, from an entry and from a daily-life area centre, and limits by distance', async () => {
    // Around Tokyo station: 0.5 km, 3 km and 30 km away, and one without coordinates.
    const near = await add({ name: '近い', latitude: 35.6857, longitude: 139.7671 });
    await add({ name: '中くらい', latitude: 35.7082, longitude: 139.7517 });
    await add({ name: '遠い', latitude: 35.9, longitude: 139.9 });
    await add({ name: '座標なし' });
    expect(await names({ latitude: 35.6812, longitude: 139.7671 })).toEqual([
      '近い',
      '中くらい',
      '遠い',
      '座標なし',
    ]);
    const page = (await admin.get('/api/directory?latitude=35.6812&longitude=139.7671&withinKm=5')).json();
    expect(page.entries.map((e: { name: string }) => e.name)).toEqual(['近い', '中くらい']);
    expect(page.entries[0].distanceMetres).toBeGreaterThan(400);
    expect(page.entries[0].distanceMetres).toBeLessThan(600);
    expect((await names({ nearOrganisationId: near })).slice(0, 3)).toEqual(['近い', '中くらい', '遠い']);
    await t.database.db
      .updateTable('regions')
      .set({ centreLatitude: 35.9, centreLongitude: 139.9 })
      .where('id', '=', regions.daily)
      .execute();
    expect((await names({ nearRegionId: regions.daily })).slice(0, 3)).toEqual(['遠い', '中くらい', '近い']);
    // Paging keeps the order and the total.
    const second = (
      await admin.get('/api/directory?latitude=35.6812&longitude=139.7671&limit=2&offset=2')
    ).json();
    expect(second).toMatchObject({ total: 4 });
    expect(second.entries.map((e: { name: string }) => e.name)).toEqual(['遠い', '座標なし']);
  });

  it('orders words searched near a place by distance unless the best match is asked for', async () => {
    // 「ホーム」 is the better match by name but 30 km away; 「グループホーム」 is 0.5 km away.
    await add({ name: 'ホーム', kana: 'ほーむ', latitude: 35.9, longitude: 139.9 });
    await add({ name: 'グループホーム', kana: 'ぐるーぷほーむ', latitude: 35.6857, longitude: 139.7671 });
    const tokyo = { latitude: 35.6812, longitude: 139.7671 };
    expect(await names({ q: 'ホーム', ...tokyo })).toEqual(['グループホーム', 'ホーム']);
    expect(await names({ q: 'ホーム', ...tokyo, sort: 'relevance' })).toEqual(['ホーム', 'グループホーム']);
    expect(await names({ q: 'ホーム' })).toEqual(['ホーム', 'グループホーム']);
  });

  it('refuses half a point, a distance without a point, an origin without coordinates and an unknown region, naming the field', async () => {
    const withoutPoint = await add({ name: '座標なし' });
    const cases: [string, string, string][] = [
      ['latitude=35.6', 'longitude', 'INVALID_INPUT'],
      ['withinKm=3', 'withinKm', 'INVALID_INPUT'],
      ['sort=distance', 'sort', 'INVALID_INPUT'],
      [`nearOrganisationId=${withoutPoint}`, 'nearOrganisationId', 'NO_COORDINATES'],
      ['nearRegionId=00000000-0000-4000-8000-000000000009', 'nearRegionId', 'UNKNOWN_ORIGIN'],
      ['regionId=00000000-0000-4000-8000-000000000009', 'regionId', 'UNKNOWN_REGION'],
      ['latitude=91&longitude=0', 'latitude', 'VALIDATION_FAILED'],
      ['openNow=maybe', 'openNow', 'VALIDATION_FAILED'],
    ];
    for (const [qs, field, code] of cases) {
      const response = await admin.get(`/api/directory?${qs.toString()}`);
      expect(response.statusCode, qs).toBe(400);
      expect(response.json(), qs).toMatchObject({ field, code });
    }
  });
});
