import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { InformationCategory } from '@tsunagu/contract';
import type { Database } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';
import type { Clock } from '../clock.ts';
import { JOBS_CHANNEL } from '../jobs/job-queue.ts';

export const LIVE_CHANNEL = 'tsunagu_live';

/** What changed, for whom it matters: the person (and category) it is about, or one user. */
export interface LiveEventInput {
  kind: string;
  personId?: string | null;
  category?: InformationCategory | null;
  subjectId?: string | null;
  authorOrganisationId?: string | null;
  /** For events addressed to one user only (their own notifications). */
  userId?: string | null;
  payload?: Record<string, unknown>;
}

export interface LiveEvent extends Required<Omit<LiveEventInput, 'payload'>> {
  id: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

type Listener = (payload: string) => void;

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const NOTIFY_PAYLOAD_MAX = 7900;

/** A NOTIFY payload of the live channel: the event itself, or only its id (read it from live_events). */
export function parseLiveNotice(payload: string): LiveEvent | string {
  if (!payload.startsWith('{')) return payload;
  const e = JSON.parse(payload) as Omit<LiveEvent, 'createdAt'> & { createdAt: string };
  return { ...e, createdAt: new Date(e.createdAt) };
}

/**
 * Fans changes out to every server process through PostgreSQL LISTEN/NOTIFY (PGlite's own
 * notify in embedded mode). Events are rows first (so a reconnecting client can resume from its
 * last event id), then a NOTIFY carrying the id, sent by the same transaction: it is delivered
 * only if, and when, the change commits.
 */
export class EventBus {
  readonly #database: Database;
  readonly #clock: Clock;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #reconnectListeners = new Set<() => void>();
  #client: pg.Client | null = null;
  #unsubscribe: (() => Promise<void>)[] = [];
  #stopped = false;

  constructor(database: Database, clock: Clock) {
    this.#database = database;
    this.#clock = clock;
  }

  /**
   * Records the event and notifies, inside the caller's transaction. The NOTIFY carries the
   * whole event (so receiving processes need not read it back), or only its id when it would
   * not fit in a NOTIFY payload.
   */
  async publish(trx: Kysely<Tables>, e: LiveEventInput): Promise<string> {
    return (await this.publishMany(trx, [e]))[0]!;
  }

  /** Records several events and their NOTIFYs in one statement (in this order); returns their ids. */
  async publishMany(trx: Kysely<Tables>, events: readonly LiveEventInput[]): Promise<string[]> {
    if (events.length === 0) return [];
    const createdAt = this.#clock.now();
    const rows = events.map(
      (
        e,
      ) => sql`(${e.kind}, ${e.personId ?? null}::uuid, ${e.category ?? null}::text, ${e.subjectId ?? null}::uuid,
        ${e.authorOrganisationId ?? null}::uuid, ${e.userId ?? null}::uuid, ${JSON.stringify(e.payload ?? {})}::jsonb,
        ${createdAt}::timestamptz)`,
    );
    // One round trip: the rows (ids in the order given), then a NOTIFY for each, built from it
    // (the event whole, or its id when too large), sent in id order.
    const result = await sql<{ id: string }>`with e as (
        insert into live_events (kind, person_id, category, subject_id, author_organisation_id, user_id, payload, created_at)
        values ${sql.join(rows)}
        returning id, kind, person_id, category, subject_id, author_organisation_id, user_id, payload),
      j as (select id, json_build_object('id', id::text, 'kind', kind, 'personId', person_id, 'category', category,
          'subjectId', subject_id, 'authorOrganisationId', author_organisation_id, 'userId', user_id,
          'payload', payload, 'createdAt', ${createdAt.toISOString()}::text)::text as body from e)
      select id::text as id, pg_notify(${LIVE_CHANNEL},
        case when octet_length(body) < ${NOTIFY_PAYLOAD_MAX} then body else id::text end)
      from (select * from j order by id) ordered`.execute(trx);
    return result.rows.map((r) => r.id);
  }

  on(channel: string, listener: Listener): () => void {
    const set = this.#listeners.get(channel) ?? new Set();
    set.add(listener);
    this.#listeners.set(channel, set);
    return () => set.delete(listener);
  }

  /** Called after a lost LISTEN connection is back: subscribers catch up from their last id. */
  onReconnect(listener: () => void): void {
    this.#reconnectListeners.add(listener);
  }

  #dispatch(channel: string, payload: string): void {
    for (const listener of this.#listeners.get(channel) ?? []) listener(payload);
  }

  async start(): Promise<void> {
    this.#stopped = false;
    const { pglite, pool } = this.#database;
    if (pglite) {
      for (const channel of [LIVE_CHANNEL, JOBS_CHANNEL]) {
        this.#unsubscribe.push(await pglite.listen(channel, (payload) => this.#dispatch(channel, payload)));
      }
      return;
    }
    if (pool) await this.#connect(pool, false);
  }

  async #connect(pool: pg.Pool, isReconnect: boolean): Promise<void> {
    const client = new pg.Client(pool.options);
    client.on('notification', (n) => this.#dispatch(n.channel, n.payload ?? ''));
    client.on('error', () => this.#scheduleReconnect(pool));
    client.on('end', () => this.#scheduleReconnect(pool));
    await client.connect();
    await client.query(`listen ${LIVE_CHANNEL}`);
    await client.query(`listen ${JOBS_CHANNEL}`);
    this.#client = client;
    if (isReconnect) for (const listener of this.#reconnectListeners) listener();
  }

  #scheduleReconnect(pool: pg.Pool): void {
    if (this.#stopped || this.#client === null) return;
    this.#client = null;
    const retry = () => {
      if (this.#stopped) return;
      this.#connect(pool, true).catch(() => setTimeout(retry, 1000).unref());
    };
    setTimeout(retry, 200).unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const unsubscribe of this.#unsubscribe.splice(0)) await unsubscribe();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }
}
