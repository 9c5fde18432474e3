import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../db/database.ts';
import type { Tables } from '../../db/tables.ts';
import { chainMac, chainRowColumns, readChainHead, type ChainRow } from './audit-chain.ts';

/** Advisory lock id that makes one process at a time the sealer on a shared PostgreSQL. */
const SEALER_LOCK = 7_319_004_211;
const BATCH = 1000;

export interface AuditSealerOptions {
  db: Kysely<Tables>;
  engine: Engine;
  key: Buffer;
  checkpointFile: string;
  sealIntervalMs?: number;
  checkpointIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface Checkpoint {
  at: string;
  chainPosition: string;
  seq: string;
  mac: string;
  host: string;
  pid: number;
}

/**
 * The single sealer: writers only insert rows and queue them; this chains each queued row's
 * keyed MAC to the previous one, so concurrent requests never queue on the chain head. It
 * writes a checkpoint of the head to an append-only file outside the database at least
 * every minute and at shutdown, which lets `audit verify` notice rows cut off the end.
 */
export class AuditSealer {
  readonly #o: Required<Omit<AuditSealerOptions, 'onError'>> & Pick<AuditSealerOptions, 'onError'>;
  #sealTimer: NodeJS.Timeout | null = null;
  #checkpointTimer: NodeJS.Timeout | null = null;
  #lastCheckpointPosition: string | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: AuditSealerOptions) {
    this.#o = { sealIntervalMs: 1000, checkpointIntervalMs: 60_000, ...options };
  }

  /** Seals everything queued now; returns how many rows it sealed. */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.#sealBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  async #sealBatch(): Promise<number> {
    const { db, engine, key } = this.#o;
    return db.transaction().execute(async (trx) => {
      if (engine === 'postgres') {
        const got = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_xact_lock(${SEALER_LOCK}) as locked`.execute(trx);
        if (!got.rows[0]?.locked) return 0;
      }
      const rows = await sql<ChainRow>`select ${chainRowColumns}
        from audit_pending p join audit_events e on e.seq = p.seq
        order by p.seq limit ${BATCH}`.execute(trx);
      if (rows.rows.length === 0) return 0;
      const head = await readChainHead(trx);
      let position = BigInt(head?.chainPosition ?? '0');
      let previous = head?.mac ?? '';
      const seals = rows.rows.map((row) => {
        position += 1n;
        previous = chainMac(key, previous, position.toString(), row);
        return { chainPosition: position.toString(), auditSeq: row.seq, mac: previous };
      });
      await trx.insertInto('auditSeals').values(seals).execute();
      await trx
        .deleteFrom('auditPending')
        .where(
          'seq',
          'in',
          seals.map((s) => s.auditSeq),
        )
        .execute();
      return seals.length;
    });
  }

  /** Appends the chain head to the checkpoint file (fsynced) if it moved since the last one. */
  async writeCheckpoint(force = false): Promise<Checkpoint | null> {
    const head = await readChainHead(this.#o.db);
    if (!head) return null;
    if (!force && head.chainPosition === this.#lastCheckpointPosition) return null;
    const checkpoint: Checkpoint = {
      at: new Date().toISOString(),
      chainPosition: head.chainPosition,
      seq: head.auditSeq,
      mac: head.mac,
      host: hostname(),
      pid: process.pid,
    };
    appendDurably(this.#o.checkpointFile, JSON.stringify(checkpoint) + '\n');
    this.#lastCheckpointPosition = head.chainPosition;
    return checkpoint;
  }

  /** Seals now, then keeps sealing every second and checkpointing every minute. */
  start(): void {
    const tick = (work: () => Promise<unknown>) => () => {
      this.#running = this.#running.then(work).catch((error: unknown) => this.#o.onError?.(error));
    };
    const sealAndMaybeCheckpoint = async () => {
      const sealed = await this.sealPending();
      // The first seal after start is checkpointed at once, so a fresh install has a checkpoint.
      if (sealed > 0 && this.#lastCheckpointPosition === null) await this.writeCheckpoint();
    };
    tick(sealAndMaybeCheckpoint)();
    this.#sealTimer = setInterval(tick(sealAndMaybeCheckpoint), this.#o.sealIntervalMs);
    this.#checkpointTimer = setInterval(
      tick(() => this.writeCheckpoint()),
      this.#o.checkpointIntervalMs,
    );
    this.#sealTimer.unref();
    this.#checkpointTimer.unref();
  }

  /** Stops the timers, then seals what is queued and checkpoints the head: at shutdown. */
  async stop(): Promise<void> {
    if (this.#sealTimer) clearInterval(this.#sealTimer);
    if (this.#checkpointTimer) clearInterval(this.#checkpointTimer);
    this.#sealTimer = null;
    this.#checkpointTimer = null;
    await this.#running;
    await this.sealPending();
    await this.writeCheckpoint();
  }
}

function appendDurably(file: string, line: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
