import QRCode from 'qrcode';
import type { SessionInfo, SignInBody, TotpEnrollment } from '@tsunagu/contract';
import { sessionAbilities } from '../../platform/access/policy.ts';
import { recordAudit, recordAuditAlone } from '../../platform/audit/audit.ts';
import { actorFromSession } from '../../platform/auth/authenticate.ts';
import { burnPasswordCheck, verifyPassword } from '../../platform/auth/passwords.ts';
import { open, seal } from '../../platform/auth/secret-box.ts';
import {
  deleteSession,
  deleteUserSessions,
  hashSessionId,
  insertSession,
  loadSession,
  rotateSession,
  coverOnCallShift,
  setSessionOrganisation,
  type LoadedSession,
} from '../../platform/auth/session-store.ts';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  matchTotpStep,
  totpCodeAt,
  totpUri,
} from '../../platform/auth/totp.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, Conflict, NotFound, TooManyRequests } from '../../platform/errors.ts';
import * as repo from './auth.repository.ts';

/** Repeated failures lock an address: 5 within 15 minutes lock it for 15 minutes. */
export const LOCKOUT = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 } as const;

const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'メールアドレスまたはパスワードが正しくありません。');
const invalidCode = () =>
  new AppError(401, 'INVALID_TOTP', '確認コードが正しくありません。もう一度お試しください。');

function lockedError(until: Date, now: Date): TooManyRequests {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new TooManyRequests(
    'SIGN_IN_LOCKED',
    `サインインの失敗が続いたため、一時的にロックしています。約${Math.ceil(seconds / 60)}分後にもう一度お試しください。`,
    seconds,
  );
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A signed-in step's outcome: the session (for the cookie) and what the client should show. */
export interface SessionIssued {
  sessionId: string;
  expiresAt: Date;
  info: SessionInfo;
}

export function createSignInService(deps: Deps) {
  const { db, clock, config } = deps;

  async function failAttempt(
    ctx: RequestContext,
    email: string,
    reason: string,
    userId: string | null,
  ): Promise<void> {
    const now = clock.now();
    const { lockedUntil } = await repo.registerFailure(db, email, {
      now,
      windowStart: new Date(now.getTime() - LOCKOUT.windowMinutes * 60_000),
      lockUntil: new Date(now.getTime() + LOCKOUT.lockMinutes * 60_000),
      maxFailures: LOCKOUT.maxFailures,
    });
    const locked = lockedUntil !== null && lockedUntil.getTime() > now.getTime();
    await recordAuditAlone(db, ctx, {
      action:
        reason === 'wrong_totp' || reason === 'wrong_recovery_code' ? 'auth.two_factor' : 'auth.sign_in',
      outcome: 'failed',
      actorUserId: userId,
      targetType: 'user',
      targetId: userId,
      details: { reason, email, ...(locked ? { lockedUntil: lockedUntil.toISOString() } : {}) },
    });
  }

  async function refuseIfLocked(ctx: RequestContext, email: string, userId: string | null): Promise<void> {
    const now = clock.now();
    const until = await repo.lockedUntil(db, email);
    if (until && until.getTime() > now.getTime()) {
      await recordAuditAlone(db, ctx, {
        action: 'auth.sign_in',
        outcome: 'denied',
        actorUserId: userId,
        targetType: 'user',
        targetId: userId,
        details: { reason: 'locked', email },
      });
      throw lockedError(until, now);
    }
  }

  async function describe(session: LoadedSession): Promise<SessionInfo> {
    const actor = actorFromSession(session);
    const info: SessionInfo = {
      stage: session.stage,
      user: {
        id: session.userId,
        displayName: session.displayName,
        email: session.email,
        isSystemAdmin: session.isSystemAdmin,
        mustChangePassword: session.mustChangePassword,
      },
      memberships: session.memberships,
      activeOrganisationId: actor?.organisationId ?? null,
      abilities: actor
        ? sessionAbilities(actor)
        : {
            manageRegions: false,
            manageOrganisations: false,
            manageStaff: false,
            addMembersDirectly: false,
            readAudit: false,
          },
      idleTimeoutSeconds: config.sessionIdleMinutes * 60,
      expiresAt: session.expiresAt.toISOString(),
    };
    if (deps.demoMode && session.isDemo && session.stage === 'totp') {
      const account = await repo.findAccountById(db, session.userId);
      if (account?.totpSecret)
        info.demoTotpCode = totpCodeAt(open(config.encryptionKey, account.totpSecret), clock.now());
    }
    return info;
  }

  async function issued(sessionId: string, idHash: string): Promise<SessionIssued> {
    const session = await loadSession(db, idHash);
    if (!session) throw new Error('session vanished while signing in');
    return { sessionId, expiresAt: session.expiresAt, info: await describe(session) };
  }

  return {
    describe,

    /** Step 1: e-mail and password. The same answer for an unknown address as for a wrong password. */
    async signIn(
      ctx: RequestContext,
      body: SignInBody,
      previousSessionHash: string | null,
    ): Promise<SessionIssued> {
      const email = normaliseEmail(body.email);
      const account = await repo.findAccountByEmail(db, email);
      await refuseIfLocked(ctx, email, account?.id ?? null);
      if (!account) {
        await burnPasswordCheck(body.password);
        await failAttempt(ctx, email, 'unknown_account', null);
        throw invalidCredentials();
      }
      if (!(await verifyPassword(account.passwordHash, body.password))) {
        await failAttempt(ctx, email, 'wrong_password', account.id);
        throw invalidCredentials();
      }
      if (account.disabledAt) {
        await failAttempt(ctx, email, 'disabled', account.id);
        throw invalidCredentials();
      }
      const now = clock.now();
      const stage = account.totpSecret ? 'totp' : 'enroll_totp';
      const sessionId = await db.transaction().execute(async (trx) => {
        if (previousSessionHash) await deleteSession(trx, previousSessionHash);
        await repo.clearFailures(trx, email);
        const firstMembership = await trx
          .selectFrom('memberships')
          .innerJoin('organisations', 'organisations.id', 'memberships.organisationId')
          .select('memberships.organisationId')
          .where('memberships.userId', '=', account.id)
          .orderBy('organisations.kana')
          .limit(1)
          .executeTakeFirst();
        const id = await insertSession(trx, {
          userId: account.id,
          stage,
          activeOrganisationId: firstMembership?.organisationId ?? null,
          now,
          expiresAt: new Date(now.getTime() + config.sessionMaxHours * 3_600_000),
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        });
        await recordAudit(trx, ctx, {
          action: 'auth.password_verified',
          actorUserId: account.id,
          actorOrganisationId: firstMembership?.organisationId ?? null,
          targetType: 'user',
          targetId: account.id,
          details: { next: stage },
        });
        return id;
      });
      return issued(sessionId, hashSessionId(sessionId));
    },

    /** Step 2: the authenticator's code, usable once (±1 time step). */
    async verifyTotp(ctx: RequestContext, session: LoadedSession, code: string): Promise<SessionIssued> {
      if (session.stage !== 'totp')
        throw new Conflict('WRONG_SIGN_IN_STEP', 'この手順は現在のサインイン状態では使えません。');
      const email = normaliseEmail(session.email);
      await refuseIfLocked(ctx, email, session.userId);
      const account = await repo.findAccountById(db, session.userId);
      if (!account?.totpSecret)
        throw new Conflict('TWO_FACTOR_NOT_ENROLLED', '二要素認証が設定されていません。');
      const step = matchTotpStep(open(config.encryptionKey, account.totpSecret), code, clock.now());
      if (step === null || !(await repo.consumeTotpStep(db, account.id, step))) {
        await failAttempt(ctx, email, 'wrong_totp', account.id);
        throw invalidCode();
      }
      return completeSignIn(ctx, session, email, 'totp');
    },

    /** Step 2, when the phone is lost: a single-use recovery code. */
    async useRecoveryCode(ctx: RequestContext, session: LoadedSession, code: string): Promise<SessionIssued> {
      if (session.stage !== 'totp')
        throw new Conflict('WRONG_SIGN_IN_STEP', 'この手順は現在のサインイン状態では使えません。');
      const email = normaliseEmail(session.email);
      await refuseIfLocked(ctx, email, session.userId);
      if (!(await repo.consumeRecoveryCode(db, session.userId, hashRecoveryCode(code), clock.now()))) {
        await failAttempt(ctx, email, 'wrong_recovery_code', session.userId);
        throw new AppError(401, 'INVALID_RECOVERY_CODE', 'リカバリーコードが正しくないか、使用済みです。');
      }
      return completeSignIn(ctx, session, email, 'recovery_code');
    },

    /** Enrolment, step 1: a new secret shown as a QR code; kept pending until a code proves it. */
    async startEnrollment(ctx: RequestContext, session: LoadedSession): Promise<TotpEnrollment> {
      if (session.stage !== 'enroll_totp')
        throw new Conflict('WRONG_SIGN_IN_STEP', '二要素認証は既に設定されています。');
      const secret = generateTotpSecret();
      await db.transaction().execute(async (trx) => {
        await repo.setPendingTotpSecret(trx, session.userId, seal(config.encryptionKey, secret), clock.now());
        await recordAudit(
          trx,
          { ...ctx, actor: null },
          {
            action: 'auth.two_factor_enrollment_started',
            actorUserId: session.userId,
            targetType: 'user',
            targetId: session.userId,
          },
        );
      });
      const otpauthUri = totpUri(secret, session.email);
      return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 }) };
    },

    /** Enrolment, step 2: the first code activates the secret and yields the recovery codes, once. */
    async confirmEnrollment(
      ctx: RequestContext,
      session: LoadedSession,
      code: string,
    ): Promise<SessionIssued & { recoveryCodes: string[] }> {
      if (session.stage !== 'enroll_totp')
        throw new Conflict('WRONG_SIGN_IN_STEP', '二要素認証は既に設定されています。');
      const email = normaliseEmail(session.email);
      await refuseIfLocked(ctx, email, session.userId);
      const account = await repo.findAccountById(db, session.userId);
      if (!account?.totpPendingSecret) {
        throw new Conflict('ENROLLMENT_NOT_STARTED', '先に二要素認証の設定を開始してください。');
      }
      const now = clock.now();
      const step = matchTotpStep(open(config.encryptionKey, account.totpPendingSecret), code, now);
      if (step === null) {
        await failAttempt(ctx, email, 'wrong_totp', account.id);
        throw invalidCode();
      }
      const recoveryCodes = generateRecoveryCodes();
      const newId = await db.transaction().execute(async (trx) => {
        await repo.activateTotpSecret(trx, account.id, account.totpPendingSecret!, step, now);
        await repo.replaceRecoveryCodes(trx, account.id, recoveryCodes.map(hashRecoveryCode), now);
        await repo.clearFailures(trx, email);
        await repo.recordSignIn(trx, account.id, now);
        const id = await rotateSession(trx, session.idHash, { stage: 'complete', now });
        await recordAudit(
          trx,
          { ...ctx, actor: null },
          {
            action: 'auth.two_factor_enrolled',
            actorUserId: account.id,
            targetType: 'user',
            targetId: account.id,
          },
        );
        await recordAudit(
          trx,
          { ...ctx, actor: null },
          {
            action: 'auth.sign_in',
            actorUserId: account.id,
            actorOrganisationId: session.activeOrganisationId,
            targetType: 'user',
            targetId: account.id,
            details: { method: 'totp_enrollment' },
          },
        );
        return id;
      });
      return { ...(await issued(newId, hashSessionId(newId))), recoveryCodes };
    },

    async switchOrganisation(
      ctx: RequestContext,
      session: LoadedSession,
      organisationId: string,
    ): Promise<SessionInfo> {
      if (!session.memberships.some((m) => m.organisationId === organisationId)) {
        throw new NotFound('所属機関');
      }
      await db.transaction().execute(async (trx) => {
        await setSessionOrganisation(trx, session.idHash, organisationId);
        await recordAudit(trx, ctx, {
          action: 'auth.switch_organisation',
          targetType: 'organisation',
          targetId: organisationId,
        });
      });
      // Streams opened under the previous organisation end now here, within seconds elsewhere.
      void deps.hub.endLapsedStreams().catch(() => {});
      const reloaded = await loadSession(db, session.idHash);
      return describe(reloaded!);
    },

    async signOut(ctx: RequestContext, session: LoadedSession): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await deleteSession(trx, session.idHash);
        await recordAudit(trx, ctx, {
          action: 'auth.sign_out',
          actorUserId: session.userId,
          targetType: 'user',
          targetId: session.userId,
        });
      });
      void deps.hub.endLapsedStreams().catch(() => {});
    },

    /** Ends every session of the user, this one included. */
    async signOutEverywhere(ctx: RequestContext, session: LoadedSession): Promise<number> {
      const ended = await db.transaction().execute(async (trx) => {
        const n = await deleteUserSessions(trx, session.userId);
        await recordAudit(trx, ctx, {
          action: 'auth.sign_out_everywhere',
          actorUserId: session.userId,
          targetType: 'user',
          targetId: session.userId,
          details: { sessionsEnded: n },
        });
        return n;
      });
      void deps.hub.endLapsedStreams().catch(() => {});
      return ended;
    },
  };

  async function completeSignIn(
    ctx: RequestContext,
    session: LoadedSession,
    email: string,
    method: 'totp' | 'recovery_code',
  ): Promise<SessionIssued> {
    const now = clock.now();
    const newId = await db.transaction().execute(async (trx) => {
      await repo.clearFailures(trx, email);
      await repo.recordSignIn(trx, session.userId, now);
      const id = await rotateSession(trx, session.idHash, { stage: 'complete', now });
      const onCallUntil = await coverOnCallShift(trx, {
        idHash: hashSessionId(id),
        userId: session.userId,
        organisationId: session.activeOrganisationId,
        now,
      });
      const remaining =
        method === 'recovery_code' ? await repo.countUnusedRecoveryCodes(trx, session.userId) : undefined;
      await recordAudit(
        trx,
        { ...ctx, actor: null },
        {
          action: 'auth.sign_in',
          actorUserId: session.userId,
          actorOrganisationId: session.activeOrganisationId,
          targetType: 'user',
          targetId: session.userId,
          details: {
            method,
            ...(remaining !== undefined ? { remainingRecoveryCodes: remaining } : {}),
            ...(onCallUntil ? { onCallShiftUntil: onCallUntil.toISOString() } : {}),
          },
        },
      );
      return id;
    });
    return issued(newId, hashSessionId(newId));
  }
}

export type SignInService = ReturnType<typeof createSignInService>;
