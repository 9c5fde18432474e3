import { randomBytes } from 'node:crypto';
import type {
  AddMemberByEmailBody,
  CreatedStaff,
  CreateStaffBody,
  StaffListQuery,
  StaffMember,
  UpdateStaffBody,
  UpsertMembershipBody,
} from '@tsunagu/contract';
import type { Actor } from '../../platform/access/actor.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import { can, staffScope, type Resource } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/passwords.ts';
import { revokeUserDevices } from '../../platform/auth/device-store.ts';
import { deleteUserSessions } from '../../platform/auth/session-store.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { OrganisationsService } from '../organisations/organisations.service.ts';
import * as repo from './staff.repository.ts';

/** A temporary password: 16 characters from an alphabet without look-alikes (about 80 bits). */
export function generateTemporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';
  const chars = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12)}`;
}

function staffResource(row: repo.StaffRow): Resource {
  return {
    kind: 'staff',
    userId: row.id,
    organisationIds: row.memberships.map((m) => m.organisationId),
    isSystemAdmin: row.isSystemAdmin,
  };
}

function toStaffMember(row: repo.StaffRow, actor: Actor): StaffMember {
  const resource = staffResource(row);
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    kana: row.kana,
    isSystemAdmin: row.isSystemAdmin,
    isDisabled: row.disabledAt !== null,
    hasTwoFactor: row.hasTwoFactor,
    mustChangePassword: row.mustChangePassword,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    memberships: row.memberships,
    abilities: {
      update: can(actor, 'staff.update', resource),
      resetCredentials: can(actor, 'staff.reset_credentials', resource),
      disable: can(actor, 'staff.disable', resource),
    },
  };
}

function rethrowEmailTaken(error: unknown): never {
  if ((error as { code?: string }).code === '23505') {
    throw new Conflict(
      'STAFF_EMAIL_EXISTS',
      'このメールアドレスのアカウントは既にあります。既存のアカウントを所属に追加してください。',
      'email',
    );
  }
  throw error;
}

/** 職員: staff accounts and their memberships. Names and e-mails are personal data: reads are audited. */
export function createStaffService(deps: Deps, { organisations }: { organisations: OrganisationsService }) {
  const { db, clock } = deps;

  /** The account if the caller may see it; otherwise 404, so existence does not leak. */
  async function visible(ctx: RequestContext, id: string): Promise<repo.StaffRow> {
    const row = await repo.findStaff(db, id);
    if (!row || !can(actorOf(ctx), 'staff.read', staffResource(row))) throw new NotFound('職員');
    return row;
  }

  async function reload(ctx: RequestContext, id: string): Promise<StaffMember> {
    const row = await repo.findStaff(db, id);
    if (!row) throw new NotFound('職員');
    return toStaffMember(row, actorOf(ctx));
  }

  async function requireOrganisation(organisationId: string, field: string): Promise<void> {
    if (!(await organisations.exists(organisationId))) {
      throw new Invalid(field, '所属機関が見つかりません。', 'UNKNOWN_ORGANISATION');
    }
  }

  /** Refuses to leave an organisation without an admin (a system admin could still fix it, but should not have to). */
  async function keepAnAdmin(trx: typeof db, organisationId: string): Promise<void> {
    if ((await repo.countOrgAdmins(trx, organisationId)) === 0) {
      throw new Conflict(
        'LAST_ORG_ADMIN',
        'この機関の最後の管理者です。先に別の職員を管理者にしてください。',
      );
    }
  }

  return {
    async list(ctx: RequestContext, query: StaffListQuery): Promise<{ staff: StaffMember[]; total: number }> {
      const actor = actorOf(ctx);
      return db.transaction().execute(async (trx) => {
        const { rows, total } = await repo.listStaff(trx, staffScope(actor), query);
        await recordAudit(trx, ctx, {
          action: 'staff.list',
          targetType: 'organisation',
          targetId: query.organisationId ?? null,
          details: { returned: rows.length, ...(query.q ? { q: query.q } : {}) },
        });
        return { staff: rows.map((r) => toStaffMember(r, actor)), total };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<StaffMember> {
      const actor = actorOf(ctx);
      const found = await db.transaction().execute(async (trx) => {
        const row = await repo.findStaff(trx, id);
        if (!row || !can(actor, 'staff.read', staffResource(row))) return null;
        await recordAudit(trx, ctx, { action: 'staff.read', targetType: 'user', targetId: id });
        return toStaffMember(row, actor);
      });
      if (!found) {
        await recordAuditAlone(db, ctx, {
          action: 'staff.read',
          outcome: 'denied',
          targetType: 'user',
          targetId: id,
        });
        throw new NotFound('職員');
      }
      return found;
    },

    async create(ctx: RequestContext, body: CreateStaffBody): Promise<CreatedStaff> {
      await requireAbility(db, ctx, 'staff.create', {
        kind: 'organisation',
        organisationId: body.organisationId,
      });
      await requireOrganisation(body.organisationId, 'organisationId');
      const temporaryPassword = body.initialPassword ? undefined : generateTemporaryPassword();
      const password = body.initialPassword ?? temporaryPassword!;
      if (body.initialPassword) {
        checkPasswordPolicy(body.initialPassword, 'initialPassword', body.email, [
          body.displayName,
          body.kana,
        ]);
      }
      const passwordHash = await hashPassword(password);
      const id = await db
        .transaction()
        .execute(async (trx) => {
          const now = clock.now();
          const id = await repo.insertUser(
            trx,
            {
              email: body.email.trim(),
              displayName: body.displayName.trim(),
              kana: body.kana.trim(),
              passwordHash,
              mustChangePassword: true,
            },
            now,
          );
          await repo.insertMembership(
            trx,
            { userId: id, organisationId: body.organisationId, profession: body.profession, role: body.role },
            now,
          );
          await recordAudit(trx, ctx, {
            action: 'staff.create',
            targetType: 'user',
            targetId: id,
            details: { organisationId: body.organisationId, role: body.role, profession: body.profession },
          });
          return id;
        })
        .catch(rethrowEmailTaken);
      return { staff: await reload(ctx, id), ...(temporaryPassword ? { temporaryPassword } : {}) };
    },

    async update(ctx: RequestContext, id: string, body: UpdateStaffBody): Promise<StaffMember> {
      const row = await visible(ctx, id);
      await requireAbility(db, ctx, 'staff.update', staffResource(row));
      await db
        .transaction()
        .execute(async (trx) => {
          await repo.updateUser(
            trx,
            id,
            {
              ...(body.email !== undefined ? { email: body.email.trim() } : {}),
              ...(body.displayName !== undefined ? { displayName: body.displayName.trim() } : {}),
              ...(body.kana !== undefined ? { kana: body.kana.trim() } : {}),
            },
            clock.now(),
          );
          await recordAudit(trx, ctx, {
            action: 'staff.update',
            targetType: 'user',
            targetId: id,
            details: { changed: Object.keys(body) },
          });
        })
        .catch(rethrowEmailTaken);
      return reload(ctx, id);
    },

    /** A new temporary password, shown once; the account must change it and is signed out everywhere. */
    async resetPassword(ctx: RequestContext, id: string): Promise<string> {
      const row = await visible(ctx, id);
      await requireAbility(db, ctx, 'staff.reset_credentials', staffResource(row));
      const temporaryPassword = generateTemporaryPassword();
      const passwordHash = await hashPassword(temporaryPassword);
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await repo.updateUser(
          trx,
          id,
          { passwordHash, mustChangePassword: true, passwordChangedAt: now },
          now,
        );
        const ended = await deleteUserSessions(trx, id);
        const devicesRevoked = await revokeUserDevices(trx, id);
        await recordAudit(trx, ctx, {
          action: 'staff.password_reset',
          targetType: 'user',
          targetId: id,
          details: { sessionsEnded: ended, devicesRevoked },
        });
      });
      return temporaryPassword;
    },

    /** Clears two-factor (lost phone, no recovery codes): the next sign-in enrols again. */
    async resetTwoFactor(ctx: RequestContext, id: string): Promise<StaffMember> {
      const row = await visible(ctx, id);
      await requireAbility(db, ctx, 'staff.reset_credentials', staffResource(row));
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await repo.updateUser(
          trx,
          id,
          { totpSecret: null, totpPendingSecret: null, totpLastStep: null },
          now,
        );
        await repo.deleteRecoveryCodes(trx, id);
        const ended = await deleteUserSessions(trx, id);
        // A lost phone may hold a device cookie: it must not keep the account's exemption.
        const devicesRevoked = await revokeUserDevices(trx, id);
        await recordAudit(trx, ctx, {
          action: 'staff.two_factor_reset',
          targetType: 'user',
          targetId: id,
          details: { sessionsEnded: ended, devicesRevoked },
        });
      });
      return reload(ctx, id);
    },

    /** Disabling ends every session of the account at once. */
    async setDisabled(ctx: RequestContext, id: string, disabled: boolean): Promise<StaffMember> {
      const row = await visible(ctx, id);
      await requireAbility(db, ctx, 'staff.disable', staffResource(row));
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await repo.updateUser(trx, id, { disabledAt: disabled ? now : null }, now);
        const ended = disabled ? await deleteUserSessions(trx, id) : 0;
        for (const m of row.memberships.filter((m) => m.role === 'org_admin')) {
          if (disabled) await keepAnAdmin(trx, m.organisationId);
        }
        await recordAudit(trx, ctx, {
          action: disabled ? 'staff.disable' : 'staff.enable',
          targetType: 'user',
          targetId: id,
          details: disabled ? { sessionsEnded: ended } : null,
        });
      });
      return reload(ctx, id);
    },

    async addMemberByEmail(
      ctx: RequestContext,
      organisationId: string,
      body: AddMemberByEmailBody,
    ): Promise<StaffMember> {
      if (!(await organisations.exists(organisationId))) throw new NotFound('機関');
      await requireAbility(db, ctx, 'membership.manage', { kind: 'organisation', organisationId });
      const user = await repo.findUserIdByEmail(db, body.email.trim());
      if (!user) throw new NotFound('このメールアドレスのアカウント', 'STAFF_NOT_FOUND');
      await db
        .transaction()
        .execute(async (trx) => {
          await repo.insertMembership(
            trx,
            { userId: user.id, organisationId, profession: body.profession, role: body.role },
            clock.now(),
          );
          await recordAudit(trx, ctx, {
            action: 'membership.add',
            targetType: 'user',
            targetId: user.id,
            details: { organisationId, role: body.role, profession: body.profession },
          });
        })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505')
            throw new Conflict('ALREADY_MEMBER', 'この職員は既にこの機関に所属しています。');
          throw error;
        });
      return reload(ctx, user.id);
    },

    async updateMembership(
      ctx: RequestContext,
      organisationId: string,
      userId: string,
      body: UpsertMembershipBody,
    ): Promise<StaffMember> {
      await requireAbility(db, ctx, 'membership.manage', { kind: 'organisation', organisationId });
      const wasAdmin = (await repo.findStaff(db, userId))?.memberships.some(
        (m) => m.organisationId === organisationId && m.role === 'org_admin',
      );
      await db.transaction().execute(async (trx) => {
        if (!(await repo.updateMembership(trx, { userId, organisationId, ...body })))
          throw new NotFound('所属');
        if (wasAdmin && body.role !== 'org_admin') await keepAnAdmin(trx, organisationId);
        await recordAudit(trx, ctx, {
          action: 'membership.update',
          targetType: 'user',
          targetId: userId,
          details: { organisationId, ...body },
        });
      });
      return reload(ctx, userId);
    },

    async removeMembership(ctx: RequestContext, organisationId: string, userId: string): Promise<void> {
      await requireAbility(db, ctx, 'membership.manage', { kind: 'organisation', organisationId });
      const wasAdmin = (await repo.findStaff(db, userId))?.memberships.some(
        (m) => m.organisationId === organisationId && m.role === 'org_admin',
      );
      await db.transaction().execute(async (trx) => {
        if (!(await repo.deleteMembership(trx, userId, organisationId))) throw new NotFound('所属');
        if (wasAdmin) await keepAnAdmin(trx, organisationId);
        await recordAudit(trx, ctx, {
          action: 'membership.remove',
          targetType: 'user',
          targetId: userId,
          details: { organisationId },
        });
      });
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
