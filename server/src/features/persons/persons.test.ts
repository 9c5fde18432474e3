import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../test/agent.ts';
import {
  auditRows,
  createOrganisation,
  createRegionTree,
  createUser,
  signIn,
  type TestUser,
} from '../../../test/factories.ts';
import { addToTeam, grantConsent, recordItem, registerPerson } from '../../../test/person-factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

let t: TestApp;
let office: string;
let clinic: string;
let lead: Agent;
let leadUser: TestUser;
let regions: Awaited<ReturnType<typeof createRegionTree>>;

beforeEach(async () => {
  t = await createTestApp();
  t.clock.set('2026-11-25T10:00:00+09:00');
  regions = await createRegionTree(t.database.db);
  office = await createOrganisation(t.database.db, { name: '相談支援事業所ひだまり' });
  clinic = await createOrganisation(t.database.db, {
    name: 'こころのクリニック',
    kind: 'clinic',
    sector: 'medical',
  });
  leadUser = await createUser(t.database.db, { organisationId: office });
  lead = await signIn(t.app, leadUser, t.clock);
});
afterEach(async () => t.close());

describe('the person (本人)', () => {
  it('registers a person; the registering organisation becomes the lead and sees the identity', async () => {
    const response = await lead.post('/api/persons', {
      name: '山川 さくら',
      kana: 'ヤマカワ サクラ',
      birthDate: '1975-06-15',
      phone: '090-1234-5678',
      address: '架空県架空市北町1-2',
      dailyLifeAreaId: regions.daily,
      responsibleMunicipalityId: regions.municipality,
      usesWelfareServices: false,
      teamRole: 'planning_consultation',
    });
    expect(response.statusCode).toBe(201);
    const person = response.json();
    expect(person.identity).toMatchObject({
      name: '山川 さくら',
      kana: 'やまかわ さくら', // ふりがな is stored in one form, hiragana
      birthDate: '1975-06-15',
      usesWelfareServices: false,
    });
    expect(person.team).toMatchObject([
      {
        organisationId: office,
        userId: leadUser.id,
        isLead: true,
        role: 'planning_consultation',
        startedOn: '2026-11-25',
        isActive: true,
      },
    ]);
    expect(person.access).toMatchObject({ onTeam: true, isLead: true });
    expect(person.abilities).toMatchObject({ manageTeam: true, manageGrants: true, recordItem: true });
    expect(await auditRows(t.database.db, 'person.register')).toHaveLength(1);
  });

  it('refuses impossible dates, wrong regions and bad fields, saving nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ birthDate: '1990-02-30' }, 'birthDate'],
      [{ birthDate: '2030-01-01' }, 'birthDate'],
      [{ kana: 'yamada' }, 'kana'],
      [{ name: '' }, 'name'],
      [{ name: 'あ'.repeat(101) }, 'name'],
      [{ dailyLifeAreaId: regions.municipality }, 'dailyLifeAreaId'],
      [{ responsibleMunicipalityId: regions.daily }, 'responsibleMunicipalityId'],
      [{ responsibleMunicipalityId: '00000000-0000-4000-8000-000000000000' }, 'responsibleMunicipalityId'],
      [{ teamRole: 'boss' }, 'teamRole'],
      [{ usesWelfareServices: 'yes' }, 'usesWelfareServices'],
    ];
    for (const [patch, field] of cases) {
      const response = await lead.post('/api/persons', {
        name: '試験 太郎',
        kana: 'しけん たろう',
        birthDate: '1980-01-01',
        usesWelfareServices: true,
        teamRole: 'planning_consultation',
        ...patch,
      });
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().field, JSON.stringify(patch)).toBe(field);
    }
    expect((await lead.get('/api/persons')).json().total).toBe(0);
  });

  it('opens the person page with the person’s own voice first, each entry saying whose words they are', async () => {
    const { id } = await registerPerson(lead);
    await recordItem(lead, id, {
      category: 'voice',
      topic: 'hopes',
      kind: 'own_words',
      source: 'person',
      content: '「一人暮らしを続けたい」',
    });
    await recordItem(lead, id, {
      category: 'voice',
      topic: 'dislikes',
      kind: 'supporter_understanding',
      source: 'supporter_observation',
      content: '大きな声で話しかけられるのが苦手なようだ',
    });
    await recordItem(lead, id, {
      category: 'life_history',
      source: 'person',
      kind: 'own_words',
      content: '若い頃は漁港で働いていた',
    });
    await recordItem(lead, id, {
      category: 'daily_living',
      topic: 'likes',
      source: 'person',
      kind: 'own_words',
      content: '猫と過ごす時間が好き',
    });
    const page = (await lead.get(`/api/persons/${id}`)).json();
    expect(Object.keys(page).slice(0, 3)).toEqual(['id', 'identity', 'voice']);
    expect(page.voice.map((v: { topic: string; kind: string }) => [v.topic, v.kind]).sort()).toEqual([
      ['dislikes', 'supporter_understanding'],
      ['hopes', 'own_words'],
    ]);
    expect(page.life.map((l: { content: string }) => l.content).sort()).toEqual([
      '猫と過ごす時間が好き',
      '若い頃は漁港で働いていた',
    ]);
    expect((await auditRows(t.database.db, 'person.read')).at(-1)).toMatchObject({
      personId: id,
      outcome: 'allowed',
      viaEmergency: false,
    });
  });

  it('finds persons by partial name or reading (hiragana, katakana, half-width), only among those the caller may see', async () => {
    const a = await registerPerson(lead, { name: '川上 陽子', kana: 'かわかみ ようこ' });
    await registerPerson(lead, { name: '森 一郎', kana: 'もり いちろう' });
    const other = await signIn(t.app, await createUser(t.database.db, { organisationId: clinic }), t.clock);
    await registerPerson(other, { name: '川村 次郎', kana: 'かわむら じろう' });
    const search = async (q: string) =>
      (await lead.get('/api/persons?q=' + encodeURIComponent(q)))
        .json()
        .persons.map((p: { id: string }) => p.id);
    expect(await search('ヨウコ')).toEqual([a.id]);
    expect(await search('ｶﾜｶﾐ')).toEqual([a.id]);
    expect(await search('陽')).toEqual([a.id]);
    expect(await search('かわ')).toEqual([a.id]);
    expect((await lead.get('/api/persons')).json().total).toBe(2);
  });

  it('lists "my persons" with stale items and certificates expiring within 90 days', async () => {
    const { id } = await registerPerson(lead);
    await recordItem(lead, id, { category: 'medication', observedOn: '2026-08-01' });
    await recordItem(lead, id, { category: 'medication', observedOn: '2026-10-10' });
    await recordItem(lead, id, { category: 'medication', observedOn: '2026-11-24' });
    await lead.post(`/api/persons/${id}/grants`, {
      organisationId: office,
      categories: ['welfare_services'],
      basis: 'consent',
      method: 'written',
      obtainedOn: '2026-11-25',
    });
    await lead.post(`/api/persons/${id}/certificates`, {
      kind: 'disability_handbook',
      grade: 2,
      validUntil: '2027-01-31',
    });
    await lead.post(`/api/persons/${id}/certificates`, {
      kind: 'outpatient_medical',
      validUntil: '2027-10-31',
    });
    const [row] = (await lead.get('/api/persons')).json().persons;
    expect(row).toMatchObject({
      id,
      isLead: true,
      myTeamRole: 'planning_consultation',
      staleItems: 1,
      dueItems: 1,
      expiringCertificates: 1,
    });
    const page = (await lead.get(`/api/persons/${id}`)).json();
    expect(
      page.certificates.map((c: { kind: string; expiryState: string; daysUntilExpiry: number }) => [
        c.kind,
        c.expiryState,
        c.daysUntilExpiry,
      ]),
    ).toEqual([
      ['disability_handbook', 'within_90', 67],
      ['outpatient_medical', 'valid', 340],
    ]);
  });

  it('counts, without naming them, the persons on the team whom consent no longer lets the office see', async () => {
    const clinicUser = await createUser(t.database.db, { organisationId: clinic });
    const persons: Record<string, string> = {};
    for (const [key, name] of [
      ['visible', '見える 一郎'],
      ['expired', '期限 二郎'],
      ['withdrawn', '撤回 三郎'],
      ['none', '未記録 四郎'],
    ] as const) {
      persons[key] = (await registerPerson(lead, { name })).id;
      await addToTeam(lead, persons[key], clinic, 'attending_physician');
    }
    await grantConsent(lead, persons.visible!, clinic, ['identity', 'medical']);
    await grantConsent(lead, persons.expired!, clinic, ['identity', 'medical'], { expiresOn: '2026-12-31' });
    const withdrawn = await grantConsent(lead, persons.withdrawn!, clinic, ['identity']);
    expect(
      (await lead.post(`/api/grants/${withdrawn.id}/withdraw`, { note: '本人の申し出' })).statusCode,
    ).toBe(200);
    t.clock.set('2027-01-05T10:00:00+09:00');

    const clinicAgent = await signIn(t.app, clinicUser, t.clock);
    const list = (await clinicAgent.get('/api/persons')).json();
    expect(list.persons.map((p: { name: string }) => p.name)).toEqual(['見える 一郎']);
    expect(list.outsideConsent).toEqual({ expired: 1, withdrawn: 1, none: 1 });
    expect(JSON.stringify(list)).not.toMatch(/期限 二郎|撤回 三郎|未記録 四郎/);
    // A search says nothing of them; the lead, who registered them, sees all four.
    expect((await clinicAgent.get('/api/persons?q=郎')).json().outsideConsent).toEqual({
      expired: 0,
      withdrawn: 0,
      none: 0,
    });
    const leadList = (await (await signIn(t.app, leadUser, t.clock)).get('/api/persons')).json();
    expect(leadList.total).toBe(4);
    expect(leadList.outsideConsent).toEqual({ expired: 0, withdrawn: 0, none: 0 });
  });

  it('validates certificates by kind', async () => {
    const { id } = await registerPerson(lead);
    await grantConsent(lead, id, office, ['welfare_services']);
    expect(
      (
        await lead.post(`/api/persons/${id}/certificates`, {
          kind: 'disability_handbook',
          validUntil: '2027-01-01',
        })
      ).json(),
    ).toMatchObject({ field: 'grade' });
    expect(
      (
        await lead.post(`/api/persons/${id}/certificates`, {
          kind: 'disability_handbook',
          grade: 4,
          validUntil: '2027-01-01',
        })
      ).json(),
    ).toMatchObject({ field: 'grade' });
    expect(
      (
        await lead.post(`/api/persons/${id}/certificates`, {
          kind: 'service_recipient',
          supportCategory: '3',
          validFrom: '2027-02-01',
          validUntil: '2027-01-01',
        })
      ).json(),
    ).toMatchObject({ field: 'validUntil' });
    expect(
      (
        await lead.post(`/api/persons/${id}/certificates`, {
          kind: 'outpatient_medical',
          supportCategory: '3',
          validUntil: '2027-01-01',
        })
      ).json(),
    ).toMatchObject({ field: 'supportCategory' });
    const ok = await lead.post(`/api/persons/${id}/certificates`, {
      kind: 'service_recipient',
      number: '0123456789',
      supportCategory: '3',
      validFrom: '2026-04-01',
      validUntil: '2027-03-31',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().certificates).toHaveLength(1);
  });

  it('keeps family contacts with the people who must never be told, and refuses contacts without consent for 家族・環境', async () => {
    const { id } = await registerPerson(lead);
    expect(
      (
        await lead.post(`/api/persons/${id}/contacts`, {
          name: '山川 一郎',
          relationship: 'parent',
          isExcluded: false,
        })
      ).statusCode,
    ).toBe(403);
    await grantConsent(lead, id, office, ['family_environment']);
    await lead.post(`/api/persons/${id}/contacts`, {
      name: '山川 一郎',
      relationship: 'parent',
      phone: '099-000-0000',
      isExcluded: false,
    });
    const page = (
      await lead.post(`/api/persons/${id}/contacts`, {
        name: '元配偶者',
        relationship: 'spouse',
        isExcluded: true,
        exclusionNote: 'DVのため、所在を含め一切伝えない',
      })
    ).json();
    expect(page.contacts[0]).toMatchObject({ name: '元配偶者', isExcluded: true });
    expect(page.contacts).toHaveLength(2);
    // A team member without consent for 家族・環境 still learns whom never to tell.
    const nurseUser = await createUser(t.database.db, { organisationId: clinic });
    await addToTeam(lead, id, clinic, 'attending_physician', { userId: nurseUser.id });
    await grantConsent(lead, id, clinic, ['identity']);
    const nursePage = (await (await signIn(t.app, nurseUser, t.clock)).get(`/api/persons/${id}`)).json();
    expect(nursePage.contacts).toBeNull();
    expect(nursePage.doNotTell).toEqual([
      { name: '元配偶者', relationship: 'spouse', note: 'DVのため、所在を含め一切伝えない' },
    ]);
    expect(JSON.stringify(nursePage)).not.toContain('山川 一郎');
  });
});

describe('the support team (日常的な支援チーム)', () => {
  it('lets the lead add and end members and refuses a non-lead; keeps at least one lead', async () => {
    const { id } = await registerPerson(lead);
    const nurseUser = await createUser(t.database.db, { organisationId: clinic, profession: 'nurse' });
    const team = await addToTeam(lead, id, clinic, 'attending_physician', { userId: nurseUser.id });
    expect(team).toHaveLength(2);
    const nurse = await signIn(t.app, nurseUser, t.clock);
    await grantConsent(lead, id, clinic, ['identity']);
    const refused = await nurse.post(`/api/persons/${id}/team`, { organisationId: clinic, role: 'other' });
    expect(refused.statusCode).toBe(403);
    expect(
      (
        await lead.post(`/api/persons/${id}/team`, {
          organisationId: clinic,
          userId: nurseUser.id,
          role: 'other',
        })
      ).statusCode,
    ).toBe(409);
    const stranger = await createUser(t.database.db, { organisationId: office });
    expect(
      (
        await lead.post(`/api/persons/${id}/team`, {
          organisationId: clinic,
          userId: stranger.id,
          role: 'other',
        })
      ).json(),
    ).toMatchObject({ field: 'userId' });
    expect(
      (
        await lead.post(`/api/persons/${id}/team`, {
          organisationId: '00000000-0000-4000-8000-000000000000',
          role: 'other',
        })
      ).json(),
    ).toMatchObject({ field: 'organisationId' });

    const leadMember = team.find((m) => m.organisationId === office)!;
    const lastLead = await lead.patch(`/api/persons/${id}/team/${leadMember.id}`, { isLead: false });
    expect(lastLead.statusCode).toBe(409);
    expect(lastLead.json()).toMatchObject({ code: 'LAST_LEAD' });
    const clinicMember = team.find((m) => m.organisationId === clinic)!;
    expect(
      (await lead.patch(`/api/persons/${id}/team/${clinicMember.id}`, { endedOn: '2026-11-01' })).json(),
    ).toMatchObject({ field: 'endedOn' });
    const ended = await lead.patch(`/api/persons/${id}/team/${clinicMember.id}`, { endedOn: '2026-11-25' });
    expect(ended.json().team.find((m: { id: string }) => m.id === clinicMember.id)).toMatchObject({
      isActive: false,
      endedOn: '2026-11-25',
    });
    expect((await nurse.get(`/api/persons/${id}`)).statusCode).toBe(404);
  });
});

describe('consent (同意) and its legal basis', () => {
  it('records a grant with its basis, method, who obtained it and expiry', async () => {
    const { id } = await registerPerson(lead);
    await addToTeam(lead, id, clinic, 'attending_physician');
    const grant = await grantConsent(lead, id, clinic, ['identity', 'medical', 'daily_living'], {
      expiresOn: '2027-11-24',
    });
    expect(grant).toMatchObject({
      organisationId: clinic,
      categories: ['daily_living', 'identity', 'medical'],
      basis: 'consent',
      method: 'written',
      state: 'active',
      obtainedBy: { userId: leadUser.id },
    });
    const meeting = await lead.post(`/api/persons/${id}/grants`, {
      organisationId: clinic,
      categories: ['crisis'],
      basis: 'support_meeting',
      obtainedOn: '2026-11-25',
    });
    expect(meeting.json()).toMatchObject({ basis: 'support_meeting', method: null });
    const statute = await lead.post(`/api/persons/${id}/grants`, {
      organisationId: clinic,
      categories: ['medical'],
      basis: 'other_statute',
      statute: '精神保健福祉法第47条',
      obtainedOn: '2026-11-25',
    });
    expect(statute.json()).toMatchObject({ basis: 'other_statute', statute: '精神保健福祉法第47条' });
    expect((await lead.get(`/api/persons/${id}`)).json().grants).toHaveLength(3);
  });

  it('refuses consent for an organisation not on the team and other bad grants, saving nothing', async () => {
    const { id } = await registerPerson(lead);
    await addToTeam(lead, id, clinic, 'attending_physician');
    const outsider = await createOrganisation(t.database.db);
    const base = {
      organisationId: clinic,
      categories: ['medical'],
      basis: 'consent',
      method: 'oral',
      obtainedOn: '2026-11-25',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ organisationId: outsider }, 'organisationId'],
      [{ categories: [] }, 'categories'],
      [{ categories: ['medical', 'medical'] }, 'categories'],
      [{ categories: ['gossip'] }, 'categories.0'],
      [{ method: null }, 'method'],
      [{ basis: 'support_meeting' }, 'method'],
      [{ basis: 'other_statute', method: null }, 'statute'],
      [{ obtainedOn: '2026-12-31' }, 'obtainedOn'],
      [{ expiresOn: '2026-11-01', obtainedOn: '2026-11-20' }, 'expiresOn'],
      [{ obtainedOn: '2026-13-01' }, 'obtainedOn'],
    ];
    for (const [patch, field] of cases) {
      const response = await lead.post(`/api/persons/${id}/grants`, { ...base, ...patch });
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().field, JSON.stringify(patch)).toBe(field);
    }
    expect((await lead.get(`/api/persons/${id}/grants`)).json().grants).toEqual([]);
  });

  it('attaches a scanned consent form checked by content, served as a download', async () => {
    const { id } = await registerPerson(lead);
    await addToTeam(lead, id, clinic, 'attending_physician');
    const grant = await grantConsent(lead, id, clinic, ['medical']);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const upload = (content: Buffer, filename: string, type: string) => {
      const boundary = '----tsunagu';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return lead.request('PUT', `/api/grants/${grant.id}/document`, undefined, {
        payload: body,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: lead.cookieHeader(),
          'x-csrf-token': lead.csrfToken!,
        },
      });
    };
    const fake = await upload(Buffer.from('<script>alert(1)</script>'), 'consent.pdf', 'application/pdf');
    expect(fake.statusCode, fake.body).toBe(415);
    expect(fake.json()).toMatchObject({ code: 'UNSUPPORTED_FILE_TYPE', field: 'file' });
    const ok = await upload(pdf, '同意書.pdf', 'application/octet-stream');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().hasDocument).toBe(true);
    const download = await lead.get(`/api/grants/${grant.id}/document`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(download.rawPayload.equals(pdf)).toBe(true);

    // A file name is the client's text too: NUL and control characters are replaced, not stored.
    const named = await upload(pdf, 'scan\u0000\u001b[1m\u007f.pdf', 'application/pdf');
    expect(named.statusCode, named.body).toBe(200);
    const renamed = await lead.get(`/api/grants/${grant.id}/document`);
    expect(renamed.headers['content-disposition']).toContain('filename="scan__[1m_.pdf"');
  });
});
