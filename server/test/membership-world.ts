import type { Kysely } from 'kysely';
import type { Tables } from '../src/db/tables.ts';
import { createOrganisation, createUser, type TestUser } from './factories.ts';

/** The world of issue 14: a clinic and a 居宅介護支援事業所, each with its own admin. */
export async function clinicAndCareOffice(db: Kysely<Tables>): Promise<{
  clinic: string;
  careOffice: string;
  clinicAdmin: TestUser;
  careAdmin: TestUser;
}> {
  const clinic = await createOrganisation(db, { name: 'こころのクリニック', kind: 'clinic' });
  const careOffice = await createOrganisation(db, {
    name: '居宅介護支援事業所そよかぜ',
    kind: 'home_care_support_office',
  });
  const clinicAdmin = await createUser(db, {
    organisationId: clinic,
    role: 'org_admin',
    displayName: '院田 かなめ',
  });
  const careAdmin = await createUser(db, {
    organisationId: careOffice,
    role: 'org_admin',
    displayName: '居宅 たける',
  });
  return { clinic, careOffice, clinicAdmin, careAdmin };
}
