import { existsSync, readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { AuditProblem, AuditVerifyReport } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { chainMac, chainRowColumns, readChainHead, type ChainRow } from './audit-chain.ts';
import type { Checkpoint } from './audit-sealer.ts';

/** How old an unsealed row may be before verify reports it (the sealer runs every second). */
export const UNSEALED_TOLERANCE_SECONDS = 60;
const BATCH = 5000;

interface SealedRow extends ChainRow {
  chainPosition: string;
  auditSeq: string;
  mac: string;
  present: boolean;
}

function readCheckpoints(file: string): Checkpoint[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Checkpoint];
      } catch {
        return []; // a torn last line from a crash mid-append is not evidence either way
      }
    });
}

/**
 * Walks the whole chain and reports the first broken link: a row altered, removed or
 * reordered (its MAC no longer matches), a seal removed (a gap in positions), rows cut off
 * the end (the chain ends before the last checkpoint written outside the database), and
 * rows left unsealed for longer than the tolerance.
 */
export async function verifyAuditLog(
  db: Kysely<Tables>,
  options: { key: Buffer; checkpointFile: string },
): Promise<AuditVerifyReport> {
  const problems: AuditProblem[] = [];
  let previousMac = '';
  let expected = 1n;
  let sealedRows = 0n;
  let chainBroken = false;
  let after = '0';
  const macAt = new Map<string, string>();
  const checkpoints = readCheckpoints(options.checkpointFile);
  const checkpointPositions = new Set(checkpoints.map((c) => c.chainPosition));

  for (;;) {
    const batch =
      await sql<SealedRow>`select s.chain_position, s.audit_seq, s.mac, (e.seq is not null) as present, ${chainRowColumns}
      from audit_seals s left join audit_events e on e.seq = s.audit_seq
      where s.chain_position > ${after}
      order by s.chain_position limit ${BATCH}`.execute(db);
    for (const row of batch.rows) {
      sealedRows += 1n;
      if (checkpointPositions.has(row.chainPosition)) macAt.set(row.chainPosition, row.mac);
      if (chainBroken) continue;
      const position = BigInt(row.chainPosition);
      if (position !== expected) {
        chainBroken = true;
        problems.push({
          kind: 'position_gap',
          chainPosition: expected.toString(),
          seq: null,
          message: `鎖の位置 ${expected} から ${position - 1n} までの封印が失われています（削除された可能性）。`,
        });
        continue;
      }
      if (!row.present) {
        chainBroken = true;
        problems.push({
          kind: 'missing_row',
          chainPosition: row.chainPosition,
          seq: row.auditSeq,
          message: `監査ログ seq ${row.auditSeq}（鎖の位置 ${row.chainPosition}）が削除されています。`,
        });
        continue;
      }
      const mac = chainMac(options.key, previousMac, row.chainPosition, { ...row, seq: row.auditSeq });
      if (mac !== row.mac) {
        chainBroken = true;
        problems.push({
          kind: 'mac_mismatch',
          chainPosition: row.chainPosition,
          seq: row.auditSeq,
          message: `監査ログ seq ${row.auditSeq}（鎖の位置 ${row.chainPosition}）の内容または順序が改変されています。`,
        });
        continue;
      }
      previousMac = row.mac;
      expected = position + 1n;
    }
    if (batch.rows.length < BATCH) break;
    after = batch.rows.at(-1)!.chainPosition;
  }

  const head = await readChainHead(db);
  const headPosition = BigInt(head?.chainPosition ?? '0');
  const lastCheckpoint = checkpoints.reduce<Checkpoint | null>(
    (best, c) => (best === null || BigInt(c.chainPosition) > BigInt(best.chainPosition) ? c : best),
    null,
  );
  if (lastCheckpoint && BigInt(lastCheckpoint.chainPosition) > headPosition) {
    problems.push({
      kind: 'truncated',
      chainPosition: (headPosition + 1n).toString(),
      seq: null,
      message: `鎖は位置 ${headPosition} で終わっていますが、${lastCheckpoint.at} のチェックポイントは位置 ${lastCheckpoint.chainPosition} まで記録しています。末尾の監査ログが削除されています。`,
    });
  }
  for (const c of checkpoints) {
    const mac = macAt.get(c.chainPosition);
    if (mac !== undefined && mac !== c.mac) {
      problems.push({
        kind: 'checkpoint_mismatch',
        chainPosition: c.chainPosition,
        seq: c.seq,
        message: `鎖の位置 ${c.chainPosition} が ${c.at} のチェックポイントと一致しません（書き換えられています）。`,
      });
      break;
    }
  }
  if (!lastCheckpoint && sealedRows > 0n) {
    problems.push({
      kind: 'no_checkpoint_file',
      chainPosition: null,
      seq: null,
      message: `チェックポイントファイル ${options.checkpointFile} がないため、末尾の削除を検出できません。`,
    });
  }

  // A record check against the database clock, not a business rule.
  const unsealed = await sql<{ total: number; old: number; oldestSeq: string | null }>`select
      count(*)::int as total,
      (count(*) filter (where e.occurred_at < clock_timestamp() - make_interval(secs => ${UNSEALED_TOLERANCE_SECONDS})))::int as old,
      min(e.seq) filter (where e.occurred_at < clock_timestamp() - make_interval(secs => ${UNSEALED_TOLERANCE_SECONDS}))::text as oldest_seq
    from audit_events e where not exists (select 1 from audit_seals s where s.audit_seq = e.seq)`.execute(db);
  const u = unsealed.rows[0] ?? { total: 0, old: 0, oldestSeq: null };
  if (u.old > 0) {
    problems.push({
      kind: 'unsealed_old',
      chainPosition: null,
      seq: u.oldestSeq,
      message: `${UNSEALED_TOLERANCE_SECONDS}秒以上封印されていない監査ログが ${u.old} 件あります（最古 seq ${u.oldestSeq ?? '?'}）。サーバーが停止しているか、封印処理が妨げられています。`,
    });
  }
  return {
    ok: problems.length === 0,
    sealedRows: sealedRows.toString(),
    unsealedRows: String(u.total),
    lastCheckpointPosition: lastCheckpoint?.chainPosition ?? null,
    problems,
  };
}
