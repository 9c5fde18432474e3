import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { nextOpenings } from '../features/calendars/calendar.ts';
import { createServices } from '../services.ts';
import { actorOfUser } from '../platform/auth/authenticate.ts';
import { loadUserByEmail } from '../platform/auth/session-store.ts';
import { ManualClock } from '../platform/clock.ts';
import type { RequestContext } from '../platform/context.ts';
import { createDeps } from '../platform/runtime.ts';
import { addDays, tokyoDate, tokyoInstant } from '../platform/tokyo-time.ts';
import { demoEmail } from './demo-data.ts';
import { findDemoPersonId } from './demo-persons.ts';

/**
 * The last few days of 佐藤 みらい's team, replayed through the real services on a clock that
 * walks through them: a 要確認 message from the clinic and its acknowledgements, a home-nursing
 * note, and one night — the group home's 緊急 message, the 拠点 coordinator taking it, her call to
 * the 拠点 later that night — whose 申し送り reached the team lead and the city office at their
 * next opening. So the timeline, 確認待ち, 緊急連絡, 相談対応記録, 申し送り and the notifications
 * show something on first start, made by the same code that makes them in use. The night is
 * the latest one whose next opening of the team lead's office has already come.
 */
export async function replayDemoHistory(database: Database, config: Config, now: Date): Promise<void> {
  const { db } = database;
  const personId = await findDemoPersonId(db);
  if (!personId) return;
  const org = async (name: string) =>
    (await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const leadOffice = await org('相談支援事業所ひだまり');
  const night = await latestNightHandedOver(database, leadOffice, now);
  if (!night) return;

  const clock = new ManualClock(tokyoInstant(addDays(night, -2), 10 * 60 + 15));
  const deps = createDeps({ database, clock, config, demoMode: true });
  const services = createServices(deps);
  const as = async (local: string) => contextOf(database, local);
  const at = async (date: string, hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    clock.set(tokyoInstant(date, h! * 60 + m!));
    await deps.jobs.runDue();
  };
  try {
    // Two days before: the clinic changes how the as-needed medicine is taken and asks the team to confirm.
    await at(addDays(night, -2), '10:15');
    const { message: medication } = await services.messages.post(
      await as('kango'),
      personId,
      {
        category: 'medication',
        priority: 'normal',
        requiresAck: true,
        body: '本日の受診で、不眠時の頓服の飲み方を見直しました（1日2回まで）。夜に眠れない様子が続くときは、クリニックにもお知らせください。',
      },
      [],
    );
    await at(addDays(night, -2), '11:02');
    await services.messages.acknowledge(
      await as('soudan'),
      medication.id,
      '承知しました。次の面談で本人とも確認します。',
    );

    // The day before: home nursing notices signs that the crisis plan names.
    await at(addDays(night, -1), '16:40');
    await services.messages.post(
      await as('houkan'),
      personId,
      {
        category: 'daily_living',
        priority: 'normal',
        body: '本日訪問しました。部屋の片付けが少し滞っています。本人は「大丈夫」と何度も話していました。睡眠は浅いとのことです。',
      },
      [],
    );

    // The night: the group home asks for help; the 拠点 is open all night and on her team.
    await at(night, '21:50');
    const { message: emergency } = await services.messages.post(
      await as('gh'),
      personId,
      {
        category: 'crisis',
        priority: 'emergency',
        callbackPhone: '099-000-1101',
        body: '21時半ごろから落ち着かず、「見張られている」と繰り返しています。頓服は21時に服用済みです。クライシスプランの悪化のサインに当たると思います。折り返しお願いします。',
      },
      [],
    );
    await at(night, '21:58');
    const urgentCase = await db
      .selectFrom('urgentCases')
      .select('id')
      .where('sourceKind', '=', 'message')
      .where('sourceId', '=', emergency.id)
      .executeTakeFirst();
    if (urgentCase) {
      await services.escalations.acknowledge(
        await as('kyoten'),
        urgentCase.id,
        '拠点の拠木です。本人と電話で話しました。プランにある「自分でできること」を一緒に確認し、温かいお茶を飲んで様子を見ることにしました。',
      );
    }

    await at(night, '23:45');
    await services.consultations.record(await as('kyoten'), {
      receivedAt: tokyoInstant(night, 23 * 60 + 20).toISOString(),
      channel: 'phone',
      callerRelationship: 'person',
      callerName: null,
      callerPhone: null,
      personId,
      personDescription: null,
      asked: '眠れない。明日、作業所に行けるか不安。',
      done: '話を聞き、頓服を21時に飲んだことを確認した。プランにある、音楽を聴いて横になることを一緒に決めた。',
      outcome: '23時40分、本人から「少し落ち着いた」。その後の連絡なし。',
      priority: 'normal',
      followUpNeeded: true,
      followUpOrganisationId: leadOffice,
      followUpUserId: null,
      followUpNote: '朝、本人に電話して様子を確かめてください。',
    });

    // Back to the present: the handovers gathered at the offices' opening are there to confirm.
    clock.set(now);
    await deps.jobs.runDue();
  } finally {
    await deps.hub.stop();
    await deps.jobs.stop();
  }
}

/** The latest night (as a Tokyo date) after which the office has already opened by `now`. */
async function latestNightHandedOver(database: Database, organisationId: string, now: Date) {
  for (let back = 1; back <= 14; back++) {
    const night = addDays(tokyoDate(now), -back);
    const opening = (
      await nextOpenings(database.db, [organisationId], tokyoInstant(night, 23 * 60 + 59))
    ).get(organisationId);
    if (opening && opening.getTime() <= now.getTime()) return night;
  }
  return null;
}

/** A request context for a demo staff member acting under their first organisation. */
async function contextOf(database: Database, local: string): Promise<RequestContext> {
  const user = await loadUserByEmail(database.db, demoEmail(local));
  return {
    kind: 'request',
    actor: actorOfUser(user, null, 'demo-history'),
    ip: null,
    requestId: 'demo-history',
    userAgent: null,
  };
}
