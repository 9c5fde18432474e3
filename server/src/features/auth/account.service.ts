import type { AccountOverview, ChangePasswordBody } from '@tsunagu/contract';
import { recordAudit } from '../../platform/audit/audit.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import {
  deleteUserSessions,
  hashSessionId,
  loadSession,
  rotateSession,
  type LoadedSession,
} from '../../platform/auth/session-store.ts';
import { generateRecoveryCodes, hashRecoveryCode } from '../../platform/auth/totp.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, Invalid } from '../../platform/errors.ts';
import * as repo from './auth.repository.ts';
import type { SessionIssued } from './session-info.ts';
import { normaliseEmail, type SignInService } from './sign-in.service.ts';
import { createSignInThrottle, type SignInAction } from './sign-in-throttle.ts';

/** My account (マイアカウント): password, recovery codes, where I am signed in. */
export function createAccountService(deps: Deps, signIn: SignInService) {
  const { db, clock } = deps;

  const throttle = createSignInThrottle(deps);

  /**
   * A signed-in session proving who it is again (the current password, a current code): a stolen
   * session guessing is slowed down like a sign-in from its address, and counted towards the cap.
   */
  async function checkAgain(
    ctx: RequestContext,
    account: { id: string; email: string },
    action: SignInAction,
    check: () => Promise<boolean>,
    refusal: { reason: string; error: AppError },
  ): Promise<void> {
    const attempt = await throttle.attemptOf(ctx, normaliseEmail(account.email), account.id, []);
    await throttle.admit(ctx, attempt, action);
    if (await check()) return;
    await throttle.fail(ctx, attempt, action, refusal.reason);
    throw refusal.error;
  }

  return {
    async overview(ctx: RequestContext, session: LoadedSession): Promise<AccountOverview> {
      const account = await repo.findAccountById(db, session.userId);
      if (!account) throw new Error('signed-in account vanished');
      const sessions = await repo.listUserSessions(db, session.userId);
      return {
        email: account.email,
        displayName: account.displayName,
        hasTwoFactor: account.totpSecret !== null,
        remainingRecoveryCodes: await repo.countUnusedRecoveryCodes(db, session.userId),
        passwordChangedAt: account.passwordChangedAt.toISOString(),
        sessions: sessions.map((s) => ({
          isCurrent: s.idHash === session.idHash,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          ip: s.ip,
          userAgent: s.userAgent,
        })),
      };
    },

    /** Changes the password, ends every other session and gives this one a new id. */
    async changePassword(
      ctx: RequestContext,
      session: LoadedSession,
      body: ChangePasswordBody,
    ): Promise<SessionIssued> {
      const account = await repo.findAccountById(db, session.userId);
      if (!account) throw new Error('signed-in account vanished');
      await checkAgain(
        ctx,
        account,
        'auth.password_changed',
        () => verifyPassword(account.passwordHash, body.currentPassword),
        {
          reason: 'wrong_password',
          error: new Invalid('currentPassword', '現在のパスワードが正しくありません。', 'WRONG_PASSWORD'),
        },
      );
      if (body.newPassword === body.currentPassword) {
        throw new Invalid(
          'newPassword',
          '新しいパスワードは現在のものと違うものにしてください。',
          'PASSWORD_UNCHANGED',
        );
      }
      checkPasswordPolicy(body.newPassword, 'newPassword', account.email, [
        account.displayName,
        account.kana,
      ]);
      const passwordHash = await hashPassword(body.newPassword);
      const now = clock.now();
      const newId = await db.transaction().execute(async (trx) => {
        await repo.setPassword(trx, account.id, passwordHash, now);
        const ended = await deleteUserSessions(trx, account.id, session.idHash);
        const id = await rotateSession(trx, session.idHash, { stage: 'complete', now });
        await recordAudit(trx, ctx, {
          action: 'auth.password_changed',
          targetType: 'user',
          targetId: account.id,
          details: { otherSessionsEnded: ended },
        });
        return id;
      });
      const reloaded = await loadSession(db, hashSessionId(newId));
      return {
        sessionId: newId,
        expiresAt: reloaded!.expiresAt,
        info: await signIn.describe(ctx, reloaded!),
      };
    },

    /** New recovery codes (the old ones stop working); proves possession with a current code. */
    async regenerateRecoveryCodes(
      ctx: RequestContext,
      session: LoadedSession,
      code: string,
    ): Promise<string[]> {
      const account = await repo.findAccountById(db, session.userId);
      if (!account?.totpSecret) throw new Error('complete session without two-factor');
      await checkAgain(
        ctx,
        account,
        'auth.recovery_codes_regenerated',
        () => signIn.checkTotp(ctx, account, code),
        {
          reason: 'wrong_totp',
          error: new AppError(400, 'INVALID_TOTP', '確認コードが正しくありません。', 'code'),
        },
      );
      const codes = generateRecoveryCodes();
      await db.transaction().execute(async (trx) => {
        await repo.replaceRecoveryCodes(trx, account.id, codes.map(hashRecoveryCode), clock.now());
        await recordAudit(trx, ctx, {
          action: 'auth.recovery_codes_regenerated',
          targetType: 'user',
          targetId: account.id,
        });
      });
      return codes;
    },
  };
}
