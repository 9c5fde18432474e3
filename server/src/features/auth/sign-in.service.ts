import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { SessionInfo, SignInBody, TotpEnrollment } from '@tsunagu/contract';
import type { Tables } from '../../db/tables.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { replaceDevice } from '../../platform/auth/device-store.ts';
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
  totpUri,
} from '../../platform/auth/totp.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, Conflict, NotFound } from '../../platform/errors.ts';
import * as repo from './auth.repository.ts';
import { createSessionInfo, type SessionIssued } from './session-info.ts';
import { createSignInThrottle, type SignInAttempt } from './sign-in-throttle.ts';

const invalidCredentials = (withCode: boolean) =>
  withCode
    ? new AppError(
        401,
        'INVALID_CREDENTIALS',
        'メールアドレス、パスワードまたは確認コードが正しくありません。',
      )
    : new AppError(401, 'INVALID_CREDENTIALS', 'メールアドレスまたはパスワードが正しくありません。');
const invalidCode = () =>
  new AppError(401, 'INVALID_TOTP', '確認コードが正しくありません。もう一度お試しください。');
/** A step asked for at the wrong stage of sign-in (a second tab, a stale screen). */
const requireStage = (session: LoadedSession, stage: 'totp' | 'enroll_totp') => {
  if (session.stage === stage) return;
  throw new Conflict(
    'WRONG_SIGN_IN_STEP',
    stage === 'totp'
      ? 'この手順は現在のサインイン状態では使えません。'
      : '二要素認証は既に設定されています。',
  );
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A session finishing sign-in: the parts of it that completing needs. */
type FinishingSession = Pick<LoadedSession, 'idHash' | 'userId' | 'activeOrganisationId'>;

export function createSignInService(deps: Deps) {
  const { db, clock, config } = deps;

  const throttle = createSignInThrottle(deps);
  const { describe, issued } = createSessionInfo(deps);

  /** The authenticator's code for the account, used once (±1 time step); false if wrong or replayed. */
  async function checkTotp(account: { id: string; totpSecret: string | null }, code: string) {
    if (!account.totpSecret) return false;
    const step = matchTotpStep(open(config.encryptionKey, account.totpSecret), code, clock.now());
    return step !== null && (await repo.consumeTotpStep(db, account.id, step));
  }

  return {
    /** What the client is told of its own session (for the session's own request). */
    describe: (_ctx: RequestContext, session: LoadedSession) => describe(session),
    /** A current code, proving possession again (account changes). */
    checkTotp: (_ctx: RequestContext, account: { id: string; totpSecret: string | null }, code: string) =>
      checkTotp(account, code),

    /**
     * Step 1: e-mail and password; the same answer for an unknown address as for a wrong password.
     * With the authenticator's code as well, both steps at once: what the account cap asks for.
     */
    async signIn(
      ctx: RequestContext,
      body: SignInBody,
      previousSessionHash: string | null,
      deviceTokens: string[],
    ): Promise<SessionIssued> {
      const email = normaliseEmail(body.email);
      const account = await repo.findAccountByEmail(db, email);
      const attempt = await throttle.attemptOf(ctx, email, account?.id ?? null, deviceTokens);
      const capped = await throttle.admit(ctx, attempt, 'auth.sign_in');
      if (capped && body.code === undefined) await throttle.askForSecondFactor(ctx, attempt);
      const refused = async (reason: string): Promise<never> => {
        await throttle.fail(
          ctx,
          attempt,
          reason === 'wrong_totp' ? 'auth.two_factor' : 'auth.sign_in',
          reason,
        );
        throw invalidCredentials(body.code !== undefined);
      };
      if (!account) {
        await burnPasswordCheck(body.password);
        return refused('unknown_account');
      }
      if (!(await verifyPassword(account.passwordHash, body.password))) return refused('wrong_password');
      if (account.disabledAt) return refused('disabled');
      if (body.code !== undefined && !(await checkTotp(account, body.code))) return refused('wrong_totp');
      const now = clock.now();
      const stage = account.totpSecret ? 'totp' : 'enroll_totp';
      const { sessionId, tokens } = await db.transaction().execute(async (trx) => {
        if (previousSessionHash) await deleteSession(trx, previousSessionHash);
        const firstMembership = await trx
          .selectFrom('memberships')
          .innerJoin('organisations', 'organisations.id', 'memberships.organisationId')
          .select('memberships.organisationId')
          .where('memberships.userId', '=', account.id)
          .orderBy('organisations.kana')
          .limit(1)
          .executeTakeFirst();
        const activeOrganisationId = firstMembership?.organisationId ?? null;
        const id = await insertSession(trx, {
          userId: account.id,
          stage,
          activeOrganisationId,
          now,
          expiresAt: new Date(now.getTime() + config.sessionMaxHours * 3_600_000),
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        });
        await recordAudit(trx, ctx, {
          action: 'auth.password_verified',
          actorUserId: account.id,
          actorOrganisationId: activeOrganisationId,
          targetType: 'user',
          targetId: account.id,
          details: { next: body.code === undefined ? stage : 'complete' },
        });
        if (body.code === undefined) return { sessionId: id, tokens: undefined };
        const session = { idHash: hashSessionId(id), userId: account.id, activeOrganisationId };
        return finishSignIn(trx, ctx, session, attempt, 'totp_with_password', deviceTokens);
      });
      return issued(sessionId, hashSessionId(sessionId), tokens);
    },

    /** Step 2: the authenticator's code, usable once (±1 time step). The account cap never stops it. */
    async verifyTotp(
      ctx: RequestContext,
      session: LoadedSession,
      code: string,
      deviceTokens: string[],
    ): Promise<SessionIssued> {
      const attempt = await secondStep(ctx, session, 'totp', deviceTokens);
      const account = await repo.findAccountById(db, session.userId);
      if (!account?.totpSecret)
        throw new Conflict('TWO_FACTOR_NOT_ENROLLED', '二要素認証が設定されていません。');
      if (!(await checkTotp(account, code))) {
        await throttle.fail(ctx, attempt, 'auth.two_factor', 'wrong_totp');
        throw invalidCode();
      }
      return completeSignIn(ctx, session, attempt, 'totp', deviceTokens);
    },

    /** Step 2, when the phone is lost: a single-use recovery code. */
    async useRecoveryCode(
      ctx: RequestContext,
      session: LoadedSession,
      code: string,
      deviceTokens: string[],
    ): Promise<SessionIssued> {
      const attempt = await secondStep(ctx, session, 'totp', deviceTokens);
      if (!(await repo.consumeRecoveryCode(db, session.userId, hashRecoveryCode(code), clock.now()))) {
        await throttle.fail(ctx, attempt, 'auth.two_factor', 'wrong_recovery_code');
        throw new AppError(401, 'INVALID_RECOVERY_CODE', 'リカバリーコードが正しくないか、使用済みです。');
      }
      return completeSignIn(ctx, session, attempt, 'recovery_code', deviceTokens);
    },

    /** Enrolment, step 1: a new secret shown as a QR code; kept pending until a code proves it. */
    async startEnrollment(ctx: RequestContext, session: LoadedSession): Promise<TotpEnrollment> {
      requireStage(session, 'enroll_totp');
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
      deviceTokens: string[],
    ): Promise<SessionIssued & { recoveryCodes: string[] }> {
      const attempt = await secondStep(ctx, session, 'enroll_totp', deviceTokens);
      const account = await repo.findAccountById(db, session.userId);
      const pending = account?.totpPendingSecret;
      if (!pending) {
        throw new Conflict('ENROLLMENT_NOT_STARTED', '先に二要素認証の設定を開始してください。');
      }
      const now = clock.now();
      const step = matchTotpStep(open(config.encryptionKey, pending), code, now);
      if (step === null) {
        await throttle.fail(ctx, attempt, 'auth.two_factor', 'wrong_totp');
        throw invalidCode();
      }
      const recoveryCodes = generateRecoveryCodes();
      const { sessionId, tokens } = await db.transaction().execute(async (trx) => {
        await repo.activateTotpSecret(trx, session.userId, pending, step, now);
        await repo.replaceRecoveryCodes(trx, session.userId, recoveryCodes.map(hashRecoveryCode), now);
        await recordAudit(
          trx,
          { ...ctx, actor: null },
          {
            action: 'auth.two_factor_enrolled',
            actorUserId: session.userId,
            targetType: 'user',
            targetId: session.userId,
          },
        );
        return finishSignIn(trx, ctx, session, attempt, 'totp_enrollment', deviceTokens);
      });
      return { ...(await issued(sessionId, hashSessionId(sessionId), tokens)), recoveryCodes };
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

  /** A second step's try, at its stage; refused while its own counters ask for a wait (never by the cap). */
  async function secondStep(
    ctx: RequestContext,
    session: LoadedSession,
    stage: 'totp' | 'enroll_totp',
    deviceTokens: string[],
  ) {
    requireStage(session, stage);
    const attempt = await throttle.attemptOf(
      ctx,
      normaliseEmail(session.email),
      session.userId,
      deviceTokens,
    );
    await throttle.admit(ctx, attempt, 'auth.two_factor');
    return attempt;
  }

  /**
   * The end of every sign-in, in the caller's transaction: a new session id at stage complete,
   * the on-call shift it covers, the audit row, and a new device token for this browser.
   */
  async function finishSignIn(
    trx: Kysely<Tables>,
    ctx: RequestContext,
    session: FinishingSession,
    attempt: SignInAttempt,
    method: 'totp' | 'recovery_code' | 'totp_enrollment' | 'totp_with_password',
    deviceTokens: string[],
  ): Promise<{ sessionId: string; tokens: string[] }> {
    const now = clock.now();
    await throttle.forgive(trx, attempt);
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
          ...(attempt.deviceHash ? { knownDevice: true } : {}),
          ...(remaining !== undefined ? { remainingRecoveryCodes: remaining } : {}),
          ...(onCallUntil ? { onCallShiftUntil: onCallUntil.toISOString() } : {}),
        },
      },
    );
    return { sessionId: id, tokens: await replaceDevice(trx, session.userId, deviceTokens, now) };
  }

  async function completeSignIn(
    ctx: RequestContext,
    session: LoadedSession,
    attempt: SignInAttempt,
    method: 'totp' | 'recovery_code',
    deviceTokens: string[],
  ): Promise<SessionIssued> {
    const { sessionId, tokens } = await db
      .transaction()
      .execute((trx) => finishSignIn(trx, ctx, session, attempt, method, deviceTokens));
    return issued(sessionId, hashSessionId(sessionId), tokens);
  }
}

export type SignInService = ReturnType<typeof createSignInService>;
