import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import { auditOutcomes } from './enums.ts';

export const AuditOutcomeSchema = Type.Enum(auditOutcomes, { title: '結果' });

/** One row of the append-only audit log (監査ログ). */
export const AuditEvent = Type.Object({
  seq: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorUserId: Type.Union([Id(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorOrganisationId: Type.Union([Id(), Type.Null()]),
  actorOrganisationName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  outcome: AuditOutcomeSchema,
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  sealed: Type.Boolean(),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time', title: '開始日時' })),
    to: Type.Optional(Type.String({ format: 'date-time', title: '終了日時' })),
    actorUserId: Type.Optional(Id('操作者')),
    organisationId: Type.Optional(Id('機関')),
    action: Type.Optional(Type.String({ maxLength: 100, pattern: '^[a-z_.]+$', title: '操作' })),
    outcome: Type.Optional(AuditOutcomeSchema),
    targetId: Type.Optional(Type.String({ maxLength: 100, title: '対象ID' })),
    beforeSeq: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$', title: '続きの位置' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100, title: '件数' })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  events: Type.Array(AuditEvent),
  nextBeforeSeq: Type.Union([Type.String(), Type.Null()]),
});

export const auditProblemKinds = [
  'mac_mismatch',
  'missing_row',
  'position_gap',
  'truncated',
  'checkpoint_mismatch',
  'unsealed_old',
  'no_checkpoint_file',
] as const;

export const AuditProblem = Type.Object({
  kind: Type.Enum(auditProblemKinds),
  chainPosition: Type.Union([Type.String(), Type.Null()]),
  seq: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
});
export type AuditProblem = Static<typeof AuditProblem>;

export const AuditVerifyReport = Type.Object({
  ok: Type.Boolean(),
  sealedRows: Type.String(),
  unsealedRows: Type.String(),
  lastCheckpointPosition: Type.Union([Type.String(), Type.Null()]),
  problems: Type.Array(AuditProblem),
});
export type AuditVerifyReport = Static<typeof AuditVerifyReport>;
