import type { ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables.ts';
import type { Actor } from '../access/actor.ts';
import { audienceOf, tokyoDateOf } from '../access/person-access.ts';
import { recordAudit } from '../audit/audit.ts';
import { standingSessions } from '../auth/session-store.ts';
import type { Clock } from '../clock.ts';
import type { RequestContext } from '../context.ts';
import { LIVE_CHANNEL, parseLiveNotice, type EventBus, type LiveEvent } from './event-bus.ts';
import { newestLiveEventId, prunedThrough } from './live-retention.ts';

/** The most a resuming stream replays; a client that missed more is told to reload. */
const REPLAY_LIMIT = 1000;

export type DeliveryRecorder = (
  personId: string,
  userId: string,
  seq: string,
  executor: Kysely<Tables>,
) => Promise<void>;

interface Connection {
  actor: Actor;
  ctx: RequestContext;
  res: ServerResponse;
  /** What this stream carried since its last audit row. */
  carried: { eventId: string; personId: string | null; kind: string }[];
  /** Highest message seq delivered per timeline, for the delivered receipts. */
  delivered: Map<string, string>;
}

/** The event as a client receives it: what changed and where, never the content (that is an audited read). */
function wire(e: LiveEvent) {
  return {
    id: e.id,
    kind: e.kind,
    personId: e.personId,
    subjectId: e.subjectId,
    category: e.category,
    payload: e.payload,
  };
}

/**
 * Live updates over Server-Sent Events. Every process keeps its own connections; events arrive
 * from any process through the bus. Each event is sent only to connections whose user may see
 * it now (one audience query per event, whatever the number of clients). A client that comes
 * back with Last-Event-ID gets what it missed. What a stream carries is audited in batches.
 */
export class StreamHub {
  readonly #db: Kysely<Tables>;
  readonly #clock: Clock;
  readonly #connections = new Set<Connection>();
  readonly #flushMs: number;
  readonly #idleMinutes: number;
  #onDelivered: DeliveryRecorder = async () => {};
  #lastSeen = '0';
  #flushTimer: NodeJS.Timeout | null = null;
  #queue: Promise<void> = Promise.resolve();

  constructor(p: {
    db: Kysely<Tables>;
    clock: Clock;
    bus: EventBus;
    flushMs?: number;
    /** Sessions idle longer than this end their streams. */
    idleMinutes: number;
  }) {
    this.#db = p.db;
    this.#clock = p.clock;
    this.#flushMs = p.flushMs ?? 5_000;
    this.#idleMinutes = p.idleMinutes;
    p.bus.on(LIVE_CHANNEL, (payload) => {
      const notice = parseLiveNotice(payload);
      this.#enqueue(() =>
        typeof notice === 'string'
          ? this.#deliverAfter(String(BigInt(notice) - 1n), notice)
          : this.#deliver([notice]),
      );
    });
    p.bus.onReconnect(() => this.#enqueue(() => this.#deliverAfter(this.#lastSeen)));
  }

  /** The messages feature records "delivered" receipts through this (platform never imports a feature). */
  setDeliveryRecorder(recorder: DeliveryRecorder): void {
    this.#onDelivered = recorder;
  }

  get size(): number {
    return this.#connections.size;
  }

  #enqueue(work: () => Promise<void>): void {
    this.#queue = this.#queue.then(work).catch(() => {});
  }

  /** Sends the events after `afterId` (up to `untilId`) to the connections that may see them. */
  async #deliverAfter(afterId: string, untilId?: string): Promise<void> {
    if (this.#connections.size === 0) {
      if (untilId && BigInt(untilId) > BigInt(this.#lastSeen)) this.#lastSeen = untilId;
      return;
    }
    let q = this.#db
      .selectFrom('liveEvents')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(REPLAY_LIMIT);
    if (untilId) q = q.where('id', '<=', untilId);
    await this.#deliver(await q.execute());
  }

  async #deliver(events: LiveEvent[]): Promise<void> {
    if (this.#connections.size === 0) {
      const last = events.at(-1)?.id;
      if (last && BigInt(last) > BigInt(this.#lastSeen)) this.#lastSeen = last;
      return;
    }
    for (const e of events) {
      const targets = await this.#audience(e, [...this.#connections]);
      for (const c of targets) this.#send(c, e);
      if (BigInt(e.id) > BigInt(this.#lastSeen)) this.#lastSeen = e.id;
    }
  }

  async #audience(e: LiveEvent, candidates: Connection[]): Promise<Connection[]> {
    if (e.userId) return candidates.filter((c) => c.actor.userId === e.userId);
    const addressed = e.payload.userIds;
    if (Array.isArray(addressed)) return candidates.filter((c) => addressed.includes(c.actor.userId));
    if (!e.personId || !e.category) return [];
    const now = this.#clock.now();
    const who = await audienceOf(
      this.#db,
      { personId: e.personId, category: e.category, recordedByOrganisationId: e.authorOrganisationId },
      { today: tokyoDateOf(now), now },
    );
    return candidates.filter(
      (c) =>
        who.userIds.has(c.actor.userId) ||
        (c.actor.organisationId !== null && who.organisationIds.has(c.actor.organisationId)),
    );
  }

  #send(c: Connection, e: LiveEvent): void {
    c.res.write(`id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(wire(e))}\n\n`);
    c.carried.push({ eventId: e.id, personId: e.personId, kind: e.kind });
    const seq = typeof e.payload.seq === 'string' ? e.payload.seq : null;
    if (e.personId && seq && e.kind === 'message.created') {
      const before = c.delivered.get(e.personId);
      if (!before || BigInt(seq) > BigInt(before)) c.delivered.set(e.personId, seq);
    }
  }

  /** Opens a stream for a signed-in user; replays what they missed after `lastEventId`. */
  async open(
    actor: Actor,
    ctx: RequestContext,
    res: ServerResponse,
    lastEventId: string | null,
  ): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const connection: Connection = { actor, ctx, res, carried: [], delivered: new Map() };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      this.#connections.delete(connection);
      void this.#flush(connection);
    });
    await this.#enqueue2(async () => {
      if (lastEventId && /^[0-9]{1,19}$/.test(lastEventId)) await this.#replay(connection, lastEventId);
      this.#connections.add(connection);
    });
    res.write(`event: ready\ndata: {}\n\n`);
  }

  /**
   * Sends what a client missed after `lastEventId`, or, when some of it is gone (pruned after the
   * retention period) or too much to replay, `event: reset`: the client reloads everything rather
   * than silently miss events. The reset's id is the newest event's, so the client resumes from
   * there on its next reconnection.
   */
  async #replay(connection: Connection, lastEventId: string): Promise<void> {
    const horizon = await prunedThrough(this.#db);
    const missed =
      BigInt(lastEventId) < BigInt(horizon)
        ? null
        : ((await this.#db
            .selectFrom('liveEvents')
            .selectAll()
            .where('id', '>', lastEventId)
            .orderBy('id')
            .limit(REPLAY_LIMIT + 1)
            .execute()) as LiveEvent[]);
    if (missed === null || missed.length > REPLAY_LIMIT) {
      const newest = await newestLiveEventId(this.#db, horizon);
      const reason = missed === null ? 'expired' : 'too_many';
      connection.res.write(`id: ${newest}\nevent: reset\ndata: ${JSON.stringify({ reason })}\n\n`);
      return;
    }
    for (const e of missed) for (const c of await this.#audience(e, [connection])) this.#send(c, e);
  }

  /** Runs `work` in order with event delivery, so a replay and live events never interleave. */
  #enqueue2(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => {});
    return run;
  }

  async #flush(c: Connection): Promise<void> {
    if (c.carried.length === 0 && c.delivered.size === 0) return;
    const carried = c.carried.splice(0);
    const delivered = [...c.delivered];
    c.delivered.clear();
    try {
      await this.#db.transaction().execute(async (trx) => {
        for (const [personId, seq] of delivered) await this.#onDelivered(personId, c.actor.userId, seq, trx);
        if (carried.length > 0) {
          await recordAudit(trx, c.ctx, {
            action: 'stream.deliver',
            details: {
              events: carried.map((x) => x.eventId),
              kinds: [...new Set(carried.map((x) => x.kind))],
              persons: [...new Set(carried.map((x) => x.personId).filter((p) => p !== null))],
            },
          });
        }
      });
    } catch {
      // The audit is unavailable: close the stream rather than carry on unaudited.
      c.res.end();
    }
  }

  /** Audits and records deliveries for every open stream (every few seconds, and at shutdown). */
  async flushAll(): Promise<void> {
    for (const c of this.#connections) await this.#flush(c);
  }

  /**
   * Ends the streams whose session no longer stands (signed out, expired, idle, disabled, or
   * switched to another organisation): a stream carries nothing its session could not fetch.
   */
  async endLapsedStreams(): Promise<number> {
    const open = [...this.#connections];
    if (open.length === 0) return 0;
    const standing = await standingSessions(
      this.#db,
      open.map((c) => ({ idHash: c.actor.sessionIdHash, organisationId: c.actor.organisationId })),
      this.#clock.now(),
      this.#idleMinutes,
    );
    const lapsed = open.filter((c) => !standing.has(c.actor.sessionIdHash));
    for (const c of lapsed) {
      this.#connections.delete(c);
      c.res.write('event: session-ended\ndata: {}\n\n');
      c.res.end();
    }
    return lapsed.length;
  }

  start(): void {
    this.#flushTimer = setInterval(
      () =>
        void this.endLapsedStreams().then(
          () => this.flushAll(),
          () => this.flushAll(),
        ),
      this.#flushMs,
    );
    this.#flushTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.#flushTimer) clearInterval(this.#flushTimer);
    await this.flushAll();
    for (const c of this.#connections) c.res.end();
    this.#connections.clear();
  }
}
