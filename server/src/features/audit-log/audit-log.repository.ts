import { sql, type Kysely } from 'kysely';
import type { AuditQuery } from '@tsunagu/contract';
import type { AuditScope } from '../../platform/access/policy.ts';
import type { Tables } from '../../db/tables.ts';

export interface AuditRow {
  seq: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorOrganisationId: string | null;
  actorOrganisationName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
  sealed: boolean;
}

/** Audit events newest first, within the caller's scope and filters; keyset-paged by seq. */
export function listAuditEvents(
  db: Kysely<Tables>,
  scope: AuditScope,
  q: AuditQuery,
  limit: number,
): Promise<AuditRow[]> {
  let query = db
    .selectFrom('auditEvents as e')
    .leftJoin('users as u', 'u.id', 'e.actorUserId')
    .leftJoin('organisations as o', 'o.id', 'e.actorOrganisationId')
    .select([
      'e.seq',
      'e.occurredAt',
      'e.actorUserId',
      'u.displayName as actorName',
      'e.actorOrganisationId',
      'o.name as actorOrganisationName',
      'e.action',
      'e.targetType',
      'e.targetId',
      'e.outcome',
      'e.ip',
      'e.requestId',
      'e.details',
      sql<boolean>`exists (select 1 from audit_seals s where s.audit_seq = e.seq)`.as('sealed'),
    ]);
  if (!scope.all) {
    const orgId = scope.organisationId;
    if (orgId === null) return Promise.resolve([]);
    query = query.where((eb) =>
      eb.or([
        eb('e.actorOrganisationId', '=', orgId),
        sql<boolean>`e.concerned_organisation_ids @> array[${orgId}]::uuid[]`,
      ]),
    );
  }
  // The filter stays on the acting organisation: matching concerned organisations here would let
  // an admin learn which organisation an address they invited belongs to.
  if (q.organisationId) query = query.where('e.actorOrganisationId', '=', q.organisationId);
  if (q.actorUserId) query = query.where('e.actorUserId', '=', q.actorUserId);
  if (q.from) query = query.where('e.occurredAt', '>=', new Date(q.from));
  if (q.to) query = query.where('e.occurredAt', '<', new Date(q.to));
  if (q.action) {
    const action = q.action;
    query = query.where((eb) =>
      eb.or([eb('e.action', '=', action), eb('e.action', 'like', `${action.replace(/_/g, '\\_')}.%`)]),
    );
  }
  if (q.outcome) query = query.where('e.outcome', '=', q.outcome);
  if (q.targetId) query = query.where('e.targetId', '=', q.targetId);
  if (q.beforeSeq) query = query.where('e.seq', '<', q.beforeSeq);
  return query.orderBy('e.seq', 'desc').limit(limit).execute();
}
