import type { Kysely } from 'kysely';
import type { SignInFailureScope, Tables } from '../../db/tables.ts';
import { recordAuditAlone } from '../../platform/audit/audit.ts';
import { findDevices } from '../../platform/auth/device-store.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Deps } from '../../platform/deps.ts';
import { addressKey } from '../../platform/http/client-address.ts';
import { TooManyRequests } from '../../platform/errors.ts';
import * as repo from './auth.repository.ts';

/**
 * サインインの間隔制限. Failures are counted, never to lock anyone out, but to make guessing slow:
 * - an account from one address (a person mistyping, or a guesser) and one address across
 *   accounts (spraying) ask for a wait that doubles with each failure, up to 15 minutes;
 * - one account across addresses without a device cookie (a guesser with many addresses) is the
 *   cap: while it is on, the password step asks for the second factor along with the password;
 * - a browser holding the account's device cookie (it completed a sign-in there) is counted on its
 *   own and ignores the others, so nobody elsewhere can slow its owner down.
 * Counters are keyed by e-mail address, whether or not an account has it: an unknown address is
 * answered exactly like a known one.
 */
export const THROTTLE_RULES: Record<SignInFailureScope, { waitFrom: number; forgetAfterMinutes: number }> = {
  account_address: { waitFrom: 5, forgetAfterMinutes: 60 },
  address: { waitFrom: 20, forgetAfterMinutes: 60 },
  account: { waitFrom: 20, forgetAfterMinutes: 24 * 60 },
  device: { waitFrom: 5, forgetAfterMinutes: 60 },
};
export const FIRST_WAIT_SECONDS = 30;
export const LONGEST_WAIT_SECONDS = 15 * 60;

/** Seconds a counter asks for after its latest failure: none before `waitFrom`, then doubling. */
export function waitAfter(scope: SignInFailureScope, failures: number): number {
  const beyond = failures - THROTTLE_RULES[scope].waitFrom;
  return beyond < 0 ? 0 : Math.min(FIRST_WAIT_SECONDS * 2 ** beyond, LONGEST_WAIT_SECONDS);
}

function remainingWait(
  counter: { scope: SignInFailureScope; failures: number; lastFailureAt: Date },
  now: Date,
) {
  const elapsed = (now.getTime() - counter.lastFailureAt.getTime()) / 1000;
  if (elapsed >= THROTTLE_RULES[counter.scope].forgetAfterMinutes * 60) return 0;
  return Math.max(0, Math.ceil(waitAfter(counter.scope, counter.failures) - elapsed));
}

/** One sign-in try: who it names and where it comes from. */
export interface SignInAttempt {
  /** Normalised; counters use it whether or not an account has it. */
  email: string;
  /** The client address as counted (IPv6 by its /64). */
  address: string;
  userId: string | null;
  /** This browser's device token for the account, when it holds a valid one. */
  deviceHash: string | null;
}

/** The counter of the owner's own mistakes: the device's, or the account's from this address. */
function ownKeys(attempt: SignInAttempt): repo.FailureKey[] {
  return attempt.deviceHash
    ? [{ scope: 'device', subject: attempt.deviceHash }]
    : [{ scope: 'account_address', subject: `${attempt.email} ${attempt.address}` }];
}

/** The counters a try is judged by and counted on: its device's alone, if it has one. */
function keysOf(attempt: SignInAttempt): repo.FailureKey[] {
  if (attempt.deviceHash) return ownKeys(attempt);
  return [
    ...ownKeys(attempt),
    { scope: 'address', subject: attempt.address },
    { scope: 'account', subject: attempt.email },
  ];
}

function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分`;
}

/** The audited step a try belongs to (the account page's checks count like sign-in's). */
export type SignInAction =
  'auth.sign_in' | 'auth.two_factor' | 'auth.password_changed' | 'auth.recovery_codes_regenerated';

export function createSignInThrottle(deps: Deps) {
  const { db, clock } = deps;

  async function refuse(
    ctx: RequestContext,
    attempt: SignInAttempt,
    action: SignInAction,
    reason: string,
    error: TooManyRequests,
  ): Promise<never> {
    await recordAuditAlone(db, ctx, {
      action,
      outcome: 'denied',
      actorUserId: attempt.userId,
      targetType: 'user',
      targetId: attempt.userId,
      details: { reason, email: attempt.email, retryAfterSeconds: error.retryAfterSeconds },
    });
    throw error;
  }

  /** Counts one failure on each counter; returns the waits they now ask for (seconds, if any). */
  async function count(keys: repo.FailureKey[]): Promise<Partial<Record<SignInFailureScope, number>>> {
    const now = clock.now();
    const waits: Partial<Record<SignInFailureScope, number>> = {};
    for (const key of keys) {
      const forgetBefore = new Date(now.getTime() - THROTTLE_RULES[key.scope].forgetAfterMinutes * 60_000);
      const wait = waitAfter(key.scope, await repo.countFailure(db, key, now, forgetBefore));
      if (wait > 0) waits[key.scope] = wait;
    }
    return waits;
  }

  return {
    /** The try as counted: its address key, and the device cookie's token for this account if any. */
    async attemptOf(
      ctx: RequestContext,
      email: string,
      userId: string | null,
      deviceTokens: string[],
    ): Promise<SignInAttempt> {
      // The same query whether or not the account exists, so its timing tells nothing either.
      const devices = await findDevices(db, deviceTokens, clock.now());
      const device = devices.find((d) => userId !== null && d.userId === userId);
      return {
        email,
        address: addressKey(ctx.ip ?? ''),
        userId,
        deviceHash: device?.tokenHash ?? null,
      };
    },

    /**
     * Refuses (429, audited) while the device, or the account from this address, or this address
     * asks for a wait. Says whether the account cap is on (never for a device's try): the caller
     * decides what the cap asks for.
     */
    async admit(ctx: RequestContext, attempt: SignInAttempt, action: SignInAction): Promise<boolean> {
      const now = clock.now();
      const counters = await repo.readFailures(db, keysOf(attempt));
      const wait = Math.max(
        0,
        ...counters.filter((c) => c.scope !== 'account').map((c) => remainingWait(c, now)),
      );
      if (wait > 0) {
        await refuse(
          ctx,
          attempt,
          action,
          'throttled',
          new TooManyRequests(
            'SIGN_IN_THROTTLED',
            `サインインの失敗が続いたため、少し待っていただいています。約${waitText(wait)}後にもう一度お試しください。`,
            wait,
          ),
        );
      }
      const cap = counters.find((c) => c.scope === 'account');
      return cap !== undefined && remainingWait(cap, now) > 0;
    },

    /**
     * The cap is on and only a password came: ask for the second factor with it (429, audited),
     * unchecked. The try still counts towards the cap, so it stays on while the guessing goes on.
     */
    async askForSecondFactor(ctx: RequestContext, attempt: SignInAttempt): Promise<never> {
      const capSeconds = (await count([{ scope: 'account', subject: attempt.email }])).account ?? 0;
      return refuse(
        ctx,
        attempt,
        'auth.sign_in',
        'second_factor_required',
        new TooManyRequests(
          'SIGN_IN_CODE_REQUIRED',
          'このアカウントへのサインインの失敗が続いているため、確認コードも必要です。パスワードと一緒に' +
            `確認コードを入力するか、約${waitText(capSeconds)}後にもう一度お試しください。`,
          capSeconds,
        ),
      );
    },

    /** Counts a failure on each counter of the try and audits it (never the password or the code). */
    async fail(ctx: RequestContext, attempt: SignInAttempt, action: SignInAction, reason: string) {
      const waits = await count(keysOf(attempt));
      await recordAuditAlone(db, ctx, {
        action,
        outcome: 'failed',
        actorUserId: attempt.userId,
        targetType: 'user',
        targetId: attempt.userId,
        details: { reason, email: attempt.email, ...(Object.keys(waits).length > 0 ? { waits } : {}) },
      });
    },

    /**
     * A completed sign-in forgives the owner's own mistakes (the device's count, or the account's
     * from this address). The address's and the account's counts stay: others may have made them.
     */
    async forgive(trx: Kysely<Tables>, attempt: SignInAttempt): Promise<void> {
      await repo.forgetFailures(trx, ownKeys(attempt));
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
