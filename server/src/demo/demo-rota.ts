import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';
import * as calendarsRepo from '../features/calendars/calendars.repository.ts';
import { holidayOn } from '../features/calendars/calendar.ts';
import * as onCallRepo from '../features/on-call/on-call.repository.ts';
import { addDays, tokyoDate, tokyoInstant, weekdayOf } from '../platform/tokyo-time.ts';

/**
 * The demo 当番表 and 営業日カレンダー: the 地域生活支援拠点 carries the on-call phone for 架空市 and
 * 架空町 at night (17:00 → 9:00) and on weekend and holiday days (9:00 → 17:00; 架空町 every day), its three
 * coordinators in turn, for three weeks from the day of seeding. One night is left unassigned on
 * purpose, so that the coverage check has something to show; the city office has a closure and
 * the 基幹 a Saturday consultation day. Everything here is invented.
 */
export async function seedDemoRota(
  trx: Kysely<Tables>,
  ids: {
    regions: ReadonlyMap<string, string>;
    organisations: ReadonlyMap<string, string>;
    users: ReadonlyMap<string, string>;
  },
  now: Date,
): Promise<void> {
  const kyoten = ids.organisations.get('kyoten')!;
  const coordinators = ['kyoten', 'kyoten2', 'kyoten3'].map((k) => ids.users.get(k)!);
  const regionIds = ['city', 'town'].map((k) => ids.regions.get(k)!);
  const town = ids.regions.get('town')!;
  const today = tokyoDate(now);
  const isDayOff = (date: string) => [0, 6].includes(weekdayOf(date)) || holidayOn(date) !== null;
  const unassignedNight = addDays(today, 9);

  let turn = 0;
  for (let d = -1; d < 21; d++) {
    const date = addDays(today, d);
    // 架空町 has no 障害福祉課 of its own in the demo, so it needs someone on call by day as well.
    const windows: [Date, Date, string[]][] = [
      [tokyoInstant(date, 9 * 60), tokyoInstant(date, 17 * 60), isDayOff(date) ? regionIds : [town]],
    ];
    if (date !== unassignedNight) {
      windows.push([tokyoInstant(date, 17 * 60), tokyoInstant(addDays(date, 1), 9 * 60), regionIds]);
    }
    for (const [startsAt, endsAt, covered] of windows) {
      const primaryUserId = coordinators[turn % 3]!;
      const backupUserId = coordinators[(turn + 1) % 3]!;
      turn++;
      const shiftId = await onCallRepo.insertShift(
        trx,
        {
          organisationId: kyoten,
          startsAt,
          endsAt,
          primaryUserId,
          backupUserId,
          contactPhone: '090-0000-2101',
          note: null,
          createdByUserId: coordinators[0]!,
          regionIds: covered,
        },
        now,
      );
      await onCallRepo.insertHistory(
        trx,
        { shiftId, kind: 'created', actorUserId: coordinators[0]!, changes: {} },
        now,
      );
    }
  }

  // The city office closes for an inspection on a weekday two weeks ahead.
  let inspection = addDays(today, 14);
  while (isDayOff(inspection)) inspection = addDays(inspection, 1);
  await calendarsRepo.insertClosure(
    trx,
    {
      organisationId: ids.organisations.get('shiyakusho')!,
      startsOn: inspection,
      endsOn: inspection,
      isYearly: false,
      reason: '庁舎の電気設備点検',
    },
    now,
  );
  // The 基幹 opens on a Saturday morning for a consultation day.
  let saturday = addDays(today, 7);
  while (weekdayOf(saturday) !== 6) saturday = addDays(saturday, 1);
  await calendarsRepo.upsertSpecialDay(
    trx,
    {
      organisationId: ids.organisations.get('kikan')!,
      date: saturday,
      hours: [{ opensAt: '09:00', closesAt: '12:00' }],
      reason: '休日相談会',
    },
    now,
  );
}
