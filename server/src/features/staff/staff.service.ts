import { randomBytes } from 'node:crypto';
import type {
  CreatedStaff,
  CreateStaffBody,
  Membership,
  StaffListQuery,
  StaffMember,
  UpdateStaffBody,
} from '@tsunagu/contract';
import type { Actor } from '../../platform/access/actor.ts';
import { requireAbility } from '../../platform/access/guard.ts';
import { can, staffScope, type Action, type Resource } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { checkPasswordPolicy, hashPassword } from '../../platform/auth/passwords.ts';
import { revokeUserDevices } from '../../platform/auth/device-store.ts';
import { deleteUserSessions } from '../../platform/auth/session-store.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { Conflict, Invalid, isUniqueViolation, NotFound } from '../../platform/errors.ts';
import { keepAnAdmin } from './staff-rules.ts';
import type { AccountChange } from '../notifications/account-notices.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { OrganisationsService } from '../organisations/organisations.service.ts';
import * as repo from './staff.repository.ts';

/** A temporary password: 16 characters from an alphabet without look-alikes (about 80 bits). */
export function generateTemporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679';
  const chars = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12)}`;
}

/** The organisations an account belongs to: every one of them sees what is done to it. */
export function organisationsOf(row: { memberships: readonly Membership[] }): string[] {
  return row.memberships.map((m) => m.organisationId);
}

export function staffResource(row: repo.StaffRow): Resource {
  return {
    kind: 'staff',
    userId: row.id,
    organisationIds: organisationsOf(row),
    isSystemAdmin: row.isSystemAdmin,
  };
}

export function toStaffMember(row: repo.StaffRow, actor: Actor): StaffMember {
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

const emailTaken = () =>
  new Conflict(
    'STAFF_EMAIL_EXISTS',
    'このメールアドレスのアカウントは既にあります。別の機関の職員なら、所属への招待を送ってください。',
    'email',
  );

function rethrowEmailTaken(error: unknown): never {
  if (isUniqueViolation(error)) throw emailTaken();
  throw error;
}

/**
 * 職員: staff accounts and their memberships. Names and e-mails are personal data: reads are
 * audited. Every change to an account, and every refused attempt, is audited as concerning all
 * of the account's organisations, and changes to sign-in are told to the account's owner.
 */
export function createStaffService(
  deps: Deps,
  {
    organisations,
    notifications,
  }: { organisations: OrganisationsService; notifications: NotificationsService },
) {
  const { db, clock } = deps;

  /**
   * The account if the caller may see it; otherwise 404, so existence does not leak. The refused
   * attempt is audited, and the account's organisations see it.
   */
  async function visible(ctx: RequestContext, id: string, attempted: Action): Promise<repo.StaffRow> {
    const row = await repo.findStaff(db, id);
    if (row && can(actorOf(ctx), 'staff.read', staffResource(row))) return row;
    await recordAuditAlone(db, ctx, {
      action: attempted,
      outcome: 'denied',
      targetType: 'user',
      targetId: id,
      concernedOrganisationIds: row ? organisationsOf(row) : [],
    });
    throw new NotFound('職員');
  }

  /** Tells the owner (in the app and by e-mail) what an administrator changed on their account. */
  async function tellOwner(
    trx: typeof db,
    ctx: RequestContext,
    userId: string,
    change: AccountChange,
    previousEmail?: string,
  ): Promise<void> {
    const actor = actorOf(ctx);
    await notifications.notifyAccountChange(trx, ctx, userId, {
      change,
      actorName: actor.displayName,
      actorOrganisationId: actor.organisationId,
      ...(previousEmail ? { previousEmail } : {}),
    });
  }

  async function reload(ctx: RequestContext, id: string): Promise<StaffMember> {
    const row = await repo.findStaff(db, id);
    if (!row) throw new NotFound('職員');
    return toStaffMember(row, actorOf(ctx));
  }

  async function requireOrganisation(
    ctx: RequestContext,
    organisationId: string,
    field: string,
  ): Promise<void> {
    if (!(await organisations.exists(ctx, organisationId))) {
      throw new Invalid(field, '所属機関が見つかりません。', 'UNKNOWN_ORGANISATION');
    }
  }

  /**
   * A taken address answers 409 to an admin creating staff (they need to know), but the look-up
   * is audited as a failure that the account's organisations see, and the route is rate-limited.
   */
  async function refuseTakenEmail(ctx: RequestContext, body: CreateStaffBody): Promise<void> {
    const taken = await repo.findUserIdByEmail(db, body.email.trim());
    if (!taken) return;
    const account = await repo.findStaff(db, taken.id);
    await recordAuditAlone(db, ctx, {
      action: 'staff.create',
      outcome: 'failed',
      targetType: 'organisation',
      targetId: body.organisationId,
      details: { reason: 'email_taken', email: body.email.trim() },
      concernedOrganisationIds: account ? organisationsOf(account) : [],
    });
    throw emailTaken();
  }

  /** An allowed change to a visible account: `requireAbility` audits a refusal for all its organisations. */
  async function changeable(ctx: RequestContext, id: string, action: Action): Promise<repo.StaffRow> {
    const row = await visible(ctx, id, action);
    await requireAbility(db, ctx, action, staffResource(row));
    return row;
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
      const row = await visible(ctx, id, 'staff.read');
      await db
        .transaction()
        .execute((trx) => recordAudit(trx, ctx, { action: 'staff.read', targetType: 'user', targetId: id }));
      return toStaffMember(row, actor);
    },

    async create(ctx: RequestContext, body: CreateStaffBody): Promise<CreatedStaff> {
      await requireAbility(db, ctx, 'staff.create', {
        kind: 'organisation',
        organisationId: body.organisationId,
      });
      await requireOrganisation(ctx, body.organisationId, 'organisationId');
      await refuseTakenEmail(ctx, body);
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
      const row = await changeable(ctx, id, 'staff.update');
      const email = body.email?.trim();
      const emailChanged = email !== undefined && email.toLowerCase() !== row.email.toLowerCase();
      await db
        .transaction()
        .execute(async (trx) => {
          await repo.updateUser(
            trx,
            id,
            {
              ...(email !== undefined ? { email } : {}),
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
            concernedOrganisationIds: organisationsOf(row),
          });
          // A changed address is told at the old one too: it is how a takeover would hide.
          await tellOwner(trx, ctx, id, 'update', emailChanged ? row.email : undefined);
        })
        .catch(rethrowEmailTaken);
      return reload(ctx, id);
    },

    /** A new temporary password, shown once; the account must change it and is signed out everywhere. */
    async resetPassword(ctx: RequestContext, id: string): Promise<string> {
      const row = await changeable(ctx, id, 'staff.reset_credentials');
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
          concernedOrganisationIds: organisationsOf(row),
        });
        await tellOwner(trx, ctx, id, 'password_reset');
      });
      return temporaryPassword;
    },

    /** Clears two-factor (lost phone, no recovery codes): the next sign-in enrols again. */
    async resetTwoFactor(ctx: RequestContext, id: string): Promise<StaffMember> {
      const row = await changeable(ctx, id, 'staff.reset_credentials');
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
          concernedOrganisationIds: organisationsOf(row),
        });
        await tellOwner(trx, ctx, id, 'two_factor_reset');
      });
      return reload(ctx, id);
    },

    /** Disabling ends every session of the account at once. */
    async setDisabled(ctx: RequestContext, id: string, disabled: boolean): Promise<StaffMember> {
      const row = await changeable(ctx, id, 'staff.disable');
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
          concernedOrganisationIds: organisationsOf(row),
        });
        await tellOwner(trx, ctx, id, disabled ? 'disable' : 'enable');
      });
      return reload(ctx, id);
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
