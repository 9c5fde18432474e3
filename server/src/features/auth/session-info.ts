import type { SessionInfo } from '@tsunagu/contract';
import { sessionAbilities } from '../../platform/access/policy.ts';
import { actorFromSession } from '../../platform/auth/authenticate.ts';
import { open } from '../../platform/auth/secret-box.ts';
import { loadSession, type LoadedSession } from '../../platform/auth/session-store.ts';
import { totpCodeAt } from '../../platform/auth/totp.ts';
import type { Deps } from '../../platform/deps.ts';
import * as repo from './auth.repository.ts';

/** A signed-in step's outcome: the session (for the cookie) and what the client should show. */
export interface SessionIssued {
  sessionId: string;
  expiresAt: Date;
  info: SessionInfo;
  /** After a completed sign-in: the device cookie's new tokens (this account's first). */
  deviceTokens?: string[];
}

/** What the client is told about a session: its stage, user, organisations and abilities. */
export function createSessionInfo(deps: Deps) {
  const { db, clock, config } = deps;

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
            addDirectoryEntries: false,
            importDirectory: false,
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

  async function issued(sessionId: string, idHash: string, deviceTokens?: string[]): Promise<SessionIssued> {
    const session = await loadSession(db, idHash);
    if (!session) throw new Error('session vanished while signing in');
    return {
      sessionId,
      expiresAt: session.expiresAt,
      info: await describe(session),
      ...(deviceTokens ? { deviceTokens } : {}),
    };
  }

  return { describe, issued };
}
