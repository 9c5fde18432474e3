import type { Kysely } from 'kysely';
import type { BusinessHoursRange } from '@tsunagu/contract';
import type { Tables } from '../src/db/tables.ts';

/** Business hours Monday to Friday, one range a day (a municipal office: 8:30–17:15). */
export function weekdayHours(opensAt = '08:30', closesAt = '17:15'): BusinessHoursRange[] {
  return [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt, closesAt }));
}

/** Sets an organisation's weekly hours and the regions it serves (factories write straight to the database). */
export async function configureOrganisation(
  db: Kysely<Tables>,
  organisationId: string,
  o: { hours?: readonly BusinessHoursRange[]; regionIds?: readonly string[] },
): Promise<void> {
  if (o.hours?.length) {
    await db
      .insertInto('organisationBusinessHours')
      .values(o.hours.map((h) => ({ organisationId, ...h })))
      .execute();
  }
  if (o.regionIds?.length) {
    await db
      .insertInto('organisationRegions')
      .values(o.regionIds.map((regionId) => ({ organisationId, regionId })))
      .execute();
  }
}

/** A live on-call shift, written directly. Instants as ISO strings with their offset. */
export async function createShift(
  db: Kysely<Tables>,
  s: {
    organisationId: string;
    startsAt: string;
    endsAt: string;
    primaryUserId: string;
    backupUserId?: string | null;
    regionIds: readonly string[];
    contactPhone?: string | null;
  },
): Promise<string> {
  const now = new Date();
  const { id } = await db
    .insertInto('onCallShifts')
    .values({
      organisationId: s.organisationId,
      startsAt: new Date(s.startsAt),
      endsAt: new Date(s.endsAt),
      primaryUserId: s.primaryUserId,
      backupUserId: s.backupUserId ?? null,
      contactPhone: s.contactPhone ?? null,
      note: null,
      createdByUserId: null,
      cancelledAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('onCallShiftRegions')
    .values(s.regionIds.map((regionId) => ({ shiftId: id, regionId })))
    .execute();
  return id;
}
