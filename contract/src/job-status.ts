import { Type, type Static } from 'typebox';
import { Timestamp } from './common.ts';

/** A job's state as the status page shows it: `overdue` is a run past its timeout and grace, still held. */
export const JOB_STATES = ['queued', 'running', 'overdue', 'done', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const JobStateSchema = Type.Enum(JOB_STATES, { title: '状態' });

/** How many jobs of one queue are in one state (done and failed ones until they are pruned). */
export const JobCount = Type.Object({
  queue: Type.String(),
  state: JobStateSchema,
  count: Type.Integer({ minimum: 0 }),
});
export type JobCount = Static<typeof JobCount>;

/**
 * A failed or overdue job: what a system admin needs to see that a chain stopped. Keys and errors
 * carry ids and technical text, never a person's data.
 */
export const TroubledJob = Type.Object({
  id: Type.String(),
  queue: Type.String(),
  key: Type.String(),
  state: Type.Union([Type.Literal('failed'), Type.Literal('overdue')]),
  attempts: Type.Integer({ minimum: 0 }),
  maxAttempts: Type.Integer({ minimum: 0 }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp('登録日時'),
  runAt: Timestamp('実行予定日時'),
  startedAt: Type.Union([Timestamp('開始日時'), Type.Null()]),
  finishedAt: Type.Union([Timestamp('終了日時'), Type.Null()]),
  overdueAt: Type.Union([Timestamp('超過を検知した日時'), Type.Null()]),
});
export type TroubledJob = Static<typeof TroubledJob>;

/** GET /api/admin/jobs/status: the background work at a glance (system administrators). */
export const JobStatusReport = Type.Object({
  generatedAt: Timestamp('作成日時'),
  counts: Type.Array(JobCount),
  troubled: Type.Array(TroubledJob),
});
export type JobStatusReport = Static<typeof JobStatusReport>;
