import type { Grant, RecordGrantBody } from '@tsunagu/contract';
import { openPerson, requirePersonAbility, type PersonGate } from '../../platform/access/person-guard.ts';
import { personScope } from '../../platform/access/person-access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { Upload } from '../../platform/files/uploads.ts';
import type { SupportTeamService } from '../support-team/support-team.service.ts';
import * as repo from './consent.repository.ts';

/** Days before expiry from which a grant appears on the renewal list. */
export const RENEWAL_WINDOW_DAYS = 30;

export function grantState(
  row: Pick<repo.GrantRow, 'withdrawnAt' | 'expiresOn'>,
  today: string,
): Grant['state'] {
  if (row.withdrawnAt) return 'withdrawn';
  if (row.expiresOn !== null && row.expiresOn < today) return 'expired';
  return 'active';
}

function toGrant(row: repo.GrantRow, today: string): Grant {
  return {
    id: row.id,
    personId: row.personId,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    categories: row.categories,
    basis: row.basis,
    method: row.method,
    statute: row.statute,
    obtainedOn: row.obtainedOn,
    obtainedBy: {
      userId: row.obtainedByUserId,
      name: row.obtainedByName,
      organisationId: row.obtainedByOrganisationId,
      organisationName: row.obtainedByOrganisationName,
    },
    expiresOn: row.expiresOn,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    withdrawnBy: row.withdrawnAt
      ? {
          userId: row.withdrawnByUserId,
          name: row.withdrawnByName,
          organisationId: row.withdrawnByOrganisationId,
          organisationName: row.withdrawnByOrganisationName,
        }
      : null,
    withdrawalNote: row.withdrawalNote,
    state: grantState(row, today),
    hasDocument: row.hasDocument,
    createdAt: row.createdAt.toISOString(),
  };
}

/** 同意: grants of access per receiving organisation and category, with their legal basis. */
export function createConsentService(deps: Deps, { team }: { team: SupportTeamService }) {
  const { db, clock } = deps;

  async function openGrant(ctx: RequestContext, grantId: string, attempted: string) {
    const row = await repo.findGrant(db, grantId);
    if (!row) throw new NotFound('同意の記録');
    const gate = await openPerson(deps, ctx, row.personId, attempted);
    return { row, gate };
  }

  return {
    /** The grants of a person the caller has opened (the read is audited by the page that shows it). */
    async list(_ctx: RequestContext, gate: PersonGate): Promise<Grant[]> {
      return (await repo.listGrants(db, gate.access.personId)).map((r) => toGrant(r, gate.scope.today));
    },

    async listFor(ctx: RequestContext, personId: string): Promise<Grant[]> {
      const gate = await openPerson(deps, ctx, personId, 'grant.list');
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listGrants(trx, personId);
        await recordAudit(trx, ctx, {
          action: 'grant.list',
          targetType: 'person',
          targetId: personId,
          personId,
          viaEmergency: gate.viaEmergency,
        });
        return rows.map((r) => toGrant(r, gate.scope.today));
      });
    },

    async record(ctx: RequestContext, personId: string, body: RecordGrantBody): Promise<Grant> {
      const gate = await openPerson(deps, ctx, personId, 'grant.manage');
      await requirePersonAbility(deps, ctx, gate, 'grant.manage');
      const today = gate.scope.today;
      if (!(await team.isOnTeam(ctx, personId, body.organisationId, today))) {
        throw new Invalid(
          'organisationId',
          '提供先の機関がご本人の支援チームにいません。先にチームに加えてください。',
          'ORGANISATION_NOT_ON_TEAM',
        );
      }
      if (body.basis === 'consent' && !body.method)
        throw new Invalid('method', '同意の方法（書面・口頭・電子）を選んでください。');
      if (body.basis !== 'consent' && body.method)
        throw new Invalid('method', '同意の方法は、根拠が「本人の同意」のときだけ指定します。');
      if (body.basis === 'other_statute' && !body.statute?.trim())
        throw new Invalid('statute', '根拠となる法令を入力してください。');
      if (body.obtainedOn > today)
        throw new Invalid('obtainedOn', '同意を得た日に未来の日付は指定できません。');
      if (body.expiresOn && body.expiresOn < body.obtainedOn)
        throw new Invalid('expiresOn', '有効期限は同意を得た日より後にしてください。');
      if (body.expiresOn && body.expiresOn < today)
        throw new Invalid('expiresOn', '有効期限が過ぎた同意は記録できません。');
      const actor = actorOf(ctx);
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.insertGrant(
          trx,
          {
            personId,
            organisationId: body.organisationId,
            categories: body.categories,
            basis: body.basis,
            method: body.method ?? null,
            statute: body.statute?.trim() || null,
            obtainedOn: body.obtainedOn,
            expiresOn: body.expiresOn ?? null,
            obtainedByUserId: actor.userId,
            obtainedByOrganisationId: actor.organisationId!,
          },
          clock.now(),
        );
        await recordAudit(trx, ctx, {
          action: 'grant.record',
          targetType: 'grant',
          targetId: id,
          personId,
          details: { organisationId: body.organisationId, categories: body.categories, basis: body.basis },
        });
        return id;
      });
      return toGrant((await repo.findGrant(db, id))!, today);
    },

    /** 撤回: takes effect on the very next request, because every read checks grants in SQL. */
    async withdraw(ctx: RequestContext, grantId: string, note: string | null | undefined): Promise<Grant> {
      const { row, gate } = await openGrant(ctx, grantId, 'grant.manage');
      await requirePersonAbility(deps, ctx, gate, 'grant.manage', {}, { type: 'grant', id: grantId });
      const actor = actorOf(ctx);
      await db.transaction().execute(async (trx) => {
        const done = await repo.withdrawGrant(trx, grantId, {
          at: clock.now(),
          userId: actor.userId,
          organisationId: actor.organisationId!,
          note: note?.trim() || null,
        });
        if (!done) throw new Conflict('ALREADY_WITHDRAWN', 'この同意は既に撤回されています。');
        await recordAudit(trx, ctx, {
          action: 'grant.withdraw',
          targetType: 'grant',
          targetId: grantId,
          personId: row.personId,
          details: { organisationId: row.organisationId },
        });
      });
      return toGrant((await repo.findGrant(db, grantId))!, gate.scope.today);
    },

    async attachDocument(ctx: RequestContext, grantId: string, upload: Upload): Promise<Grant> {
      const { row, gate } = await openGrant(ctx, grantId, 'grant.manage');
      await requirePersonAbility(deps, ctx, gate, 'grant.manage', {}, { type: 'grant', id: grantId });
      await db.transaction().execute(async (trx) => {
        await repo.saveDocument(
          trx,
          {
            grantId,
            filename: upload.filename,
            contentType: upload.contentType,
            sizeBytes: upload.sizeBytes,
            sha256: upload.sha256,
            data: upload.data,
            uploadedByUserId: actorOf(ctx).userId,
          },
          clock.now(),
        );
        await recordAudit(trx, ctx, {
          action: 'grant.document_upload',
          targetType: 'grant',
          targetId: grantId,
          personId: row.personId,
          details: { sha256: upload.sha256, sizeBytes: upload.sizeBytes },
        });
      });
      return toGrant((await repo.findGrant(db, grantId))!, gate.scope.today);
    },

    async document(ctx: RequestContext, grantId: string) {
      const { row, gate } = await openGrant(ctx, grantId, 'grant.document_read');
      return db.transaction().execute(async (trx) => {
        const doc = await repo.findDocument(trx, grantId);
        if (!doc) throw new NotFound('同意書の画像');
        await recordAudit(trx, ctx, {
          action: 'grant.document_read',
          targetType: 'grant',
          targetId: grantId,
          personId: row.personId,
          viaEmergency: gate.viaEmergency,
        });
        return doc;
      });
    },

    /** Consents to renew: expired or expiring soon, on teams the caller's organisation leads. */
    async renewals(ctx: RequestContext) {
      const scope = personScope(actorOf(ctx), clock.now());
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listRenewals(trx, scope, RENEWAL_WINDOW_DAYS);
        await recordAudit(trx, ctx, { action: 'grant.renewals', details: { returned: rows.length } });
        return rows;
      });
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
