import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Agent } from '../../../test/agent.ts';
import { createOrganisation, createUser, signIn } from '../../../test/factories.ts';
import { registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { createEmptyTestDatabase } from '../../../test/test-database.ts';
import { migrateToLatest, migrationProvider } from '../../db/migrate.ts';

/** 検索キー through the API: old and variant forms meet, different surnames do not. */
let t: TestApp | undefined;
afterEach(async () => t?.close());

const names = (list: { name?: string; displayName?: string }[]) =>
  list.map((x) => x.name ?? x.displayName).sort();
const searchPersons = async (agent: Agent, q: string) =>
  names((await agent.get(`/api/persons?q=${encodeURIComponent(q)}`)).json().persons);
const searchStaff = async (agent: Agent, q: string) =>
  names((await agent.get(`/api/staff?q=${encodeURIComponent(q)}`)).json().staff);
const searchOrganisations = async (agent: Agent, q: string) =>
  names((await agent.get(`/api/organisations?q=${encodeURIComponent(q)}`)).json().organisations);

describe('searching by 検索キー', () => {
  it('finds persons under old and variant forms both ways; 斉藤 and 斎藤 meet only through their reading', async () => {
    t = await createTestApp();
    t.clock.set('2026-11-25T10:00:00+09:00');
    const office = await createOrganisation(t.database.db);
    const lead = await signIn(t.app, await createUser(t.database.db, { organisationId: office }), t.clock);
    for (const [name, kana] of [
      ['髙橋 花子', 'たかはし はなこ'],
      ['高橋 一郎', 'タカハシ イチロウ'],
      ['﨑山 涼', 'さきやま りょう'],
      ['濵田 優', 'はまだ ゆう'],
      ['齋藤 花子', 'さいとう はなこ'],
      ['斎藤 三郎', 'さいとう さぶろう'],
      ['齊藤 一郎', 'さいとう いちろう'],
      ['斉藤 二郎', 'さいとう じろう'],
    ])
      await registerPerson(lead, { name, kana });

    for (const q of ['高橋', '髙橋', 'ﾀｶﾊｼ', 'たかはし']) {
      expect(await searchPersons(lead, q), q).toEqual(['高橋 一郎', '髙橋 花子']);
    }
    expect(await searchPersons(lead, '崎山')).toEqual(['﨑山 涼']);
    expect(await searchPersons(lead, '﨑')).toEqual(['﨑山 涼']);
    expect(await searchPersons(lead, '浜田')).toEqual(['濵田 優']);
    expect(await searchPersons(lead, '瀕')).toEqual([]);
    expect(await searchPersons(lead, '斎藤')).toEqual(['斎藤 三郎', '齋藤 花子']);
    expect(await searchPersons(lead, '齋藤')).toEqual(['斎藤 三郎', '齋藤 花子']);
    expect(await searchPersons(lead, '斉藤')).toEqual(['斉藤 二郎', '齊藤 一郎']);
    expect(await searchPersons(lead, 'サイトウ')).toEqual([
      '斉藤 二郎',
      '斎藤 三郎',
      '齊藤 一郎',
      '齋藤 花子',
    ]);
    expect(await searchPersons(lead, '髙橋\u3000花子')).toEqual(['髙橋 花子']);
    // LIKE's wildcards are text here, not patterns.
    expect(await searchPersons(lead, '%')).toEqual([]);
  });

  it('finds staff and organisations under old and variant forms both ways', async () => {
    t = await createTestApp();
    const db = t.database.db;
    const clinic = await createOrganisation(db, {
      name: '髙橋内科クリニック',
      kana: 'たかはしないかくりにっく',
    });
    await createOrganisation(db, { name: '濵田訪問看護ステーション', kana: 'はまだほうもんかんご' });
    await createOrganisation(db, { name: '斎藤医院', kana: 'さいとういいん' });
    const admin = await signIn(
      t.app,
      await createUser(db, { organisationId: clinic, role: 'org_admin' }),
      t.clock,
    );
    await createUser(db, { organisationId: clinic, displayName: '高橋 健' });
    await createUser(db, { organisationId: clinic, displayName: '﨑田 恵' });

    expect(await searchOrganisations(admin, '高橋')).toEqual(['髙橋内科クリニック']);
    expect(await searchOrganisations(admin, '浜田')).toEqual(['濵田訪問看護ステーション']);
    expect(await searchOrganisations(admin, '斉藤')).toEqual([]);
    expect(await searchOrganisations(admin, 'ｻｲﾄｳ')).toEqual(['斎藤医院']);
    expect(await searchStaff(admin, '髙橋')).toEqual(['高橋 健']);
    expect(await searchStaff(admin, '崎田')).toEqual(['﨑田 恵']);
  });
});

describe('the migrations that bring rows written before them into the one form', () => {
  it('folds readings and phone numbers of existing rows and makes them findable by 検索キー', async () => {
    const database = await createEmptyTestDatabase();
    const db = database.db;
    const migrator = new Migrator({ db, provider: migrationProvider });
    const before = Object.keys(await migrationProvider.getMigrations())
      .sort()
      .filter((name) => name < '2026-12-08T0900')
      .at(-1)!;
    expect((await migrator.migrateTo(before)).error).toBeUndefined();

    // Rows as the old boundary stored them: readings and numbers as typed.
    const now = new Date();
    const office = (
      await sql<{
        id: string;
      }>`insert into organisations (name, kana, sector, kind, phone, fax, created_at, updated_at)
        values ('髙橋内科クリニック', 'ﾀｶﾊｼﾅｲｶｸﾘﾆｯｸ', 'medical', 'clinic', '（０３）１２３４－５６７８', '03 1234 5679', ${now}, ${now})
        returning id`.execute(db)
    ).rows[0]!.id;
    await sql`insert into organisations (name, kana, sector, kind, phone, created_at, updated_at)
      values ('ひまわり作業所', 'ﾋﾏﾜﾘ作業所', 'welfare', 'other', '内線のみ', ${now}, ${now})`.execute(db);
    const staff = (
      await sql<{
        id: string;
      }>`insert into users (email, display_name, kana, password_hash, password_changed_at, created_at, updated_at)
        values ('takahashi@test.tsunagu.example', '髙橋 次郎', 'タカハシ ジロウ', 'x', ${now}, ${now}, ${now}) returning id`.execute(
        db,
      )
    ).rows[0]!.id;
    await sql`insert into memberships (user_id, organisation_id, profession, role, created_at)
      values (${staff}::uuid, ${office}::uuid, 'nurse', 'staff', ${now})`.execute(db);
    const person = (
      await sql<{
        id: string;
      }>`insert into persons (name, kana, kana_display, birth_date, phone, registered_by_organisation_id, created_at, updated_at)
        values ('髙橋 﨑子', 'たかはしさきこ', ${'タカハシ\u3000サキコ'}, '1970-01-01', '０９０－１２３４－５６７８', ${office}::uuid, ${now}, ${now})
        returning id`.execute(db)
    ).rows[0]!.id;

    await migrateToLatest(db);
    expect(
      await db
        .selectFrom('persons')
        .select(['name', 'kanaDisplay', 'nameKey', 'kanaKey', 'phone'])
        .where('id', '=', person)
        .executeTakeFirst(),
    ).toEqual({
      name: '髙橋 﨑子',
      kanaDisplay: 'たかはし さきこ',
      nameKey: '高橋崎子',
      kanaKey: 'たかはしさきこ',
      phone: '090-1234-5678',
    });
    expect(
      await db.selectFrom('organisations').select(['name', 'kana', 'phone', 'fax']).orderBy('kana').execute(),
    ).toEqual([
      {
        name: '髙橋内科クリニック',
        kana: 'たかはしないかくりにっく',
        phone: '03-1234-5678',
        fax: '03-1234-5679',
      },
      // A number that does not fold into one stays as it was typed.
      { name: 'ひまわり作業所', kana: 'ひまわり作業所', phone: '内線のみ', fax: null },
    ]);

    t = await createTestApp({ database });
    t.clock.set('2026-11-25T10:00:00+09:00');
    const nurse = await signIn(t.app, await createUser(db, { organisationId: office }), t.clock);
    expect(await searchPersons(nurse, '高橋')).toEqual(['髙橋 﨑子']);
    expect(await searchPersons(nurse, '崎子')).toEqual(['髙橋 﨑子']);
    expect(await searchStaff(nurse, '高橋')).toEqual(['髙橋 次郎']);
    expect(await searchOrganisations(nurse, '高橋')).toEqual(['髙橋内科クリニック']);
  });
});
