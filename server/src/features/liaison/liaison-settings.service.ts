import type { LiaisonSettings, UpdateLiaisonSettingsBody } from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { can } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Invalid, NotFound } from '../../platform/errors.ts';
import * as repo from './liaison.repository.ts';

/** 機関の連絡方法: whether an organisation uses tsunagu, and its FAX number and e-mail-to-FAX gateway. */
export function createLiaisonSettingsService(deps: Deps) {
  const { db, clock } = deps;

  async function get(ctx: RequestContext, organisationId: string): Promise<LiaisonSettings> {
    await requireAbility(db, ctx, 'organisation.read');
    const org = await repo.organisationContact(db, organisationId);
    if (!org) throw new NotFound('機関');
    const s = await repo.findSettings(db, organisationId);
    return {
      organisationId,
      usesTsunagu: s?.usesTsunagu ?? true,
      preferredChannel: s?.preferredChannel ?? 'email',
      faxNumber: s?.faxNumber ?? null,
      faxGatewayEmail: s?.faxGatewayEmail ?? null,
      note: s?.note ?? null,
      updatedAt: s?.updatedAt.toISOString() ?? null,
      abilities: {
        manage: can(actorOf(ctx), 'liaison.configure', { kind: 'organisation', organisationId }),
      },
    };
  }

  async function update(
    ctx: RequestContext,
    organisationId: string,
    body: UpdateLiaisonSettingsBody,
  ): Promise<LiaisonSettings> {
    if (!(await repo.organisationContact(db, organisationId))) throw new NotFound('機関');
    await requireAbility(db, ctx, 'liaison.configure', { kind: 'organisation', organisationId });
    if (body.preferredChannel === 'fax' && !body.faxNumber && !body.faxGatewayEmail)
      throw new Invalid('faxNumber', 'FAXを希望する機関には、FAX番号かメールFAXの宛先を登録してください。');
    await db.transaction().execute(async (trx) => {
      await repo.upsertSettings(trx, organisationId, body, {
        userId: actorOf(ctx).userId,
        now: clock.now(),
      });
      await recordAudit(trx, ctx, {
        action: 'liaison.settings_update',
        targetType: 'organisation',
        targetId: organisationId,
        details: {
          usesTsunagu: body.usesTsunagu,
          preferredChannel: body.preferredChannel,
          faxNumber: body.faxNumber ?? null,
          faxGatewayEmail: body.faxGatewayEmail ?? null,
        },
      });
    });
    return get(ctx, organisationId);
  }

  return { get, update };
}
