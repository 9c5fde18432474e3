import {
  INVITATION_DAYS,
  type AddMemberByEmailBody,
  type AddMemberResult,
  type Membership,
  type MyInvitation,
  type OrganisationInvitation,
  type StaffMember,
  type UpsertMembershipBody,
} from '@tsunagu/contract';
import { requireAbility } from '../../platform/access/guard.ts';
import { can } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, isUniqueViolation, NotFound } from '../../platform/errors.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { OrganisationsService } from '../organisations/organisations.service.ts';
import * as repo from './invitations.repository.ts';
import { keepAnAdmin } from './staff-rules.ts';
import { organisationsOf, toStaffMember } from './staff.service.ts';
import * as staffRepo from './staff.repository.ts';

const alreadyMember = (field?: string) =>
  new Conflict('ALREADY_MEMBER', 'この職員は既にこの機関に所属しています。', field);

/** A membership that already exists (the primary key refused it). */
function rethrowAlreadyMember(error: unknown): never {
  if (isUniqueViolation(error)) throw alreadyMember();
  throw error;
}

/** What both sides of an invitation read; the inviter adds the address, the addressee the organisation's name. */
function invitationOf(r: repo.InvitationRow) {
  return {
    id: r.id,
    organisationId: r.organisationId,
    profession: r.profession,
    role: r.role,
    invitedByName: r.invitedByName,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  };
}

/**
 * 所属: who belongs to which organisation. An organisation admin brings in an account only by an
 * invitation its owner accepts (a system admin may add directly), and the answer to an invitation
 * is the same whether or not the address has an account. Every change is audited as concerning
 * the organisation and all of the account's organisations (decision 0005).
 */
export function createMembershipsService(
  deps: Deps,
  {
    organisations,
    notifications,
  }: { organisations: OrganisationsService; notifications: NotificationsService },
) {
  const { db, clock } = deps;

  async function manage(ctx: RequestContext, organisationId: string): Promise<void> {
    if (!(await organisations.exists(ctx, organisationId))) throw new NotFound('機関');
    await requireAbility(db, ctx, 'membership.manage', { kind: 'organisation', organisationId });
  }

  async function reload(ctx: RequestContext, userId: string): Promise<StaffMember> {
    const row = await staffRepo.findStaff(db, userId);
    if (!row) throw new NotFound('職員');
    return toStaffMember(row, actorOf(ctx));
  }

  /** The organisations of the account that holds `email`; none when no account has it. */
  async function organisationsAt(email: string): Promise<string[]> {
    const account = await staffRepo.findStaffByEmail(db, email);
    return account ? organisationsOf(account) : [];
  }

  async function invite(
    ctx: RequestContext,
    organisationId: string,
    body: AddMemberByEmailBody,
  ): Promise<AddMemberResult> {
    const email = body.email.trim();
    const account = await staffRepo.findStaffByEmail(db, email);
    // Only for the admin's own members, whom their staff list shows anyway: no other organisation's account leaks.
    if (account && organisationsOf(account).includes(organisationId)) throw alreadyMember('email');
    await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const id = await repo.upsertPendingInvitation(trx, {
        organisationId,
        email,
        profession: body.profession,
        role: body.role,
        invitedByUserId: actorOf(ctx).userId,
        now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      });
      await recordAudit(trx, ctx, {
        action: 'membership.invite',
        targetType: 'invitation',
        targetId: id,
        details: { organisationId, email, role: body.role, profession: body.profession },
        concernedOrganisationIds: [organisationId, ...(account ? organisationsOf(account) : [])],
      });
      if (account) {
        await notifications.notify(trx, ctx, [account.id], {
          kind: 'membership_invitation',
          personId: null,
          subjectId: id,
          payload: { organisationId },
        });
      }
    });
    return { outcome: 'invited', message: '招待を送りました。' };
  }

  async function addDirectly(
    ctx: RequestContext,
    organisationId: string,
    body: AddMemberByEmailBody,
  ): Promise<AddMemberResult> {
    const account = await staffRepo.findStaffByEmail(db, body.email.trim());
    if (!account) throw new NotFound('このメールアドレスのアカウント', 'STAFF_NOT_FOUND');
    await db
      .transaction()
      .execute(async (trx) => {
        await staffRepo.insertMembership(
          trx,
          { userId: account.id, organisationId, profession: body.profession, role: body.role },
          clock.now(),
        );
        await recordAudit(trx, ctx, {
          action: 'membership.add',
          targetType: 'user',
          targetId: account.id,
          details: { organisationId, role: body.role, profession: body.profession },
          concernedOrganisationIds: [organisationId, ...organisationsOf(account)],
        });
      })
      .catch(rethrowAlreadyMember);
    return { outcome: 'added', message: '所属に追加しました。', staff: await reload(ctx, account.id) };
  }

  /** The invitation if the signed-in user is its addressee and it still waits; else 404 (audited). */
  async function addressed(
    ctx: RequestContext,
    invitationId: string,
    attempted: string,
  ): Promise<{ invitation: repo.InvitationRow; me: staffRepo.StaffRow }> {
    const me = await staffRepo.findStaff(db, actorOf(ctx).userId);
    const invitation = await repo.findInvitation(db, invitationId);
    if (
      !me ||
      !invitation ||
      invitation.status !== 'pending' ||
      invitation.email.toLowerCase() !== me.email.toLowerCase()
    ) {
      await recordAuditAlone(db, ctx, {
        action: attempted,
        outcome: 'denied',
        targetType: 'invitation',
        targetId: invitationId,
        concernedOrganisationIds: invitation ? [invitation.organisationId] : [],
      });
      throw new NotFound('招待');
    }
    if (invitation.expiresAt.getTime() <= clock.now().getTime()) {
      throw new Conflict(
        'INVITATION_EXPIRED',
        'この招待は有効期限が切れています。招待した機関に、もう一度送ってもらってください。',
      );
    }
    return { invitation, me };
  }

  return {
    /** Adds by e-mail: an invitation from an organisation admin, a direct addition from a system admin. */
    async add(
      ctx: RequestContext,
      organisationId: string,
      body: AddMemberByEmailBody,
    ): Promise<AddMemberResult> {
      await manage(ctx, organisationId);
      return can(actorOf(ctx), 'membership.add_direct')
        ? addDirectly(ctx, organisationId, body)
        : invite(ctx, organisationId, body);
    },

    async update(
      ctx: RequestContext,
      organisationId: string,
      userId: string,
      body: UpsertMembershipBody,
    ): Promise<StaffMember> {
      await requireAbility(db, ctx, 'membership.manage', { kind: 'organisation', organisationId });
      const account = await staffRepo.findStaff(db, userId);
      const wasAdmin = account?.memberships.some(
        (m) => m.organisationId === organisationId && m.role === 'org_admin',
      );
      await db.transaction().execute(async (trx) => {
        if (!(await staffRepo.updateMembership(trx, { userId, organisationId, ...body })))
          throw new NotFound('所属');
        if (wasAdmin && body.role !== 'org_admin') await keepAnAdmin(trx, organisationId);
        await recordAudit(trx, ctx, {
          action: 'membership.update',
          targetType: 'user',
          targetId: userId,
          details: { organisationId, ...body },
          concernedOrganisationIds: account ? organisationsOf(account) : [],
        });
      });
      return reload(ctx, userId);
    },

    async remove(ctx: RequestContext, organisationId: string, userId: string): Promise<void> {
      await requireAbility(db, ctx, 'membership.manage', { kind: 'organisation', organisationId });
      const account = await staffRepo.findStaff(db, userId);
      const wasAdmin = account?.memberships.some(
        (m) => m.organisationId === organisationId && m.role === 'org_admin',
      );
      await db.transaction().execute(async (trx) => {
        if (!(await staffRepo.deleteMembership(trx, userId, organisationId))) throw new NotFound('所属');
        if (wasAdmin) await keepAnAdmin(trx, organisationId);
        await recordAudit(trx, ctx, {
          action: 'membership.remove',
          targetType: 'user',
          targetId: userId,
          details: { organisationId },
          concernedOrganisationIds: account ? organisationsOf(account) : [],
        });
      });
    },

    /** The organisation's pending invitations, each with the address as typed (nothing about any account). */
    async listInvitations(
      ctx: RequestContext,
      organisationId: string,
    ): Promise<{ invitations: OrganisationInvitation[] }> {
      await manage(ctx, organisationId);
      const withdraw = can(actorOf(ctx), 'membership.manage', { kind: 'organisation', organisationId });
      return db.transaction().execute(async (trx) => {
        const rows = await repo.listPendingForOrganisation(trx, organisationId, clock.now());
        await recordAudit(trx, ctx, {
          action: 'membership.invitation_list',
          targetType: 'organisation',
          targetId: organisationId,
          details: { returned: rows.length },
        });
        return {
          invitations: rows.map((r) => ({ ...invitationOf(r), email: r.email, abilities: { withdraw } })),
        };
      });
    },

    async withdrawInvitation(
      ctx: RequestContext,
      organisationId: string,
      invitationId: string,
    ): Promise<void> {
      await manage(ctx, organisationId);
      const invitation = await repo.findInvitation(db, invitationId);
      if (!invitation || invitation.organisationId !== organisationId) throw new NotFound('招待');
      const concerned = [organisationId, ...(await organisationsAt(invitation.email))];
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        if (
          !(await repo.decideInvitation(trx, invitationId, 'withdrawn', { userId: actorOf(ctx).userId, now }))
        )
          throw new NotFound('招待');
        await recordAudit(trx, ctx, {
          action: 'membership.invitation_withdraw',
          targetType: 'invitation',
          targetId: invitationId,
          details: { organisationId, email: invitation.email },
          concernedOrganisationIds: concerned,
        });
      });
    },

    /** Invitations waiting for the signed-in user (matched by their account's address). */
    async myInvitations(ctx: RequestContext): Promise<{ invitations: MyInvitation[] }> {
      const me = await staffRepo.findStaff(db, actorOf(ctx).userId);
      const rows = me ? await repo.listPendingForAddress(db, me.email, clock.now()) : [];
      return {
        invitations: rows.map((r) => ({ ...invitationOf(r), organisationName: r.organisationName })),
      };
    },

    /** The addressee joins the organisation: the membership and its audit rows commit together. */
    async acceptInvitation(ctx: RequestContext, invitationId: string): Promise<{ membership: Membership }> {
      const { invitation: i, me } = await addressed(ctx, invitationId, 'membership.invitation_accept');
      const concerned = [i.organisationId, ...organisationsOf(me)];
      await db
        .transaction()
        .execute(async (trx) => {
          const now = clock.now();
          if (!(await repo.decideInvitation(trx, i.id, 'accepted', { userId: me.id, now })))
            throw new NotFound('招待');
          await staffRepo.insertMembership(
            trx,
            { userId: me.id, organisationId: i.organisationId, profession: i.profession, role: i.role },
            now,
          );
          await recordAudit(trx, ctx, {
            action: 'membership.invitation_accept',
            targetType: 'invitation',
            targetId: i.id,
            details: { organisationId: i.organisationId },
            concernedOrganisationIds: concerned,
          });
          await recordAudit(trx, ctx, {
            action: 'membership.add',
            targetType: 'user',
            targetId: me.id,
            details: {
              organisationId: i.organisationId,
              role: i.role,
              profession: i.profession,
              invitationId: i.id,
            },
            concernedOrganisationIds: concerned,
          });
        })
        .catch(rethrowAlreadyMember);
      return {
        membership: {
          organisationId: i.organisationId,
          organisationName: i.organisationName,
          role: i.role,
          profession: i.profession,
        },
      };
    },

    async declineInvitation(ctx: RequestContext, invitationId: string): Promise<void> {
      const { invitation: i, me } = await addressed(ctx, invitationId, 'membership.invitation_decline');
      await db.transaction().execute(async (trx) => {
        if (!(await repo.decideInvitation(trx, i.id, 'declined', { userId: me.id, now: clock.now() })))
          throw new NotFound('招待');
        await recordAudit(trx, ctx, {
          action: 'membership.invitation_decline',
          targetType: 'invitation',
          targetId: i.id,
          details: { organisationId: i.organisationId },
          concernedOrganisationIds: [i.organisationId, ...organisationsOf(me)],
        });
      });
    },
  };
}

export type MembershipsService = ReturnType<typeof createMembershipsService>;
