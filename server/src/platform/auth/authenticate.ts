import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';
import {
  deleteSession,
  hashSessionId,
  loadSession,
  touchSession,
  type LoadedSession,
} from './session-store.ts';

/**
 * What a route requires of the caller:
 * - public: nothing (sign-in, the CSRF token, the API description)
 * - partial: a session at any sign-in stage (the two-factor steps, sign-out)
 * - password-change: a finished sign-in, even if the password must be changed first
 * - signed-in (default): a finished sign-in with a usable password
 */
export type AuthLevel = 'public' | 'partial' | 'password-change' | 'signed-in';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    session: LoadedSession | null;
  }
}

export const SESSION_COOKIE = 'tsunagu_session';
/** Idle sessions are touched at most once a minute, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSecureRequest(request: FastifyRequest, deps: Deps): boolean {
  if (deps.config.isProduction) return true;
  // Browsers accept Secure cookies from http://localhost; a LAN address over http would drop them.
  return request.protocol === 'https' || /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(request.host);
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  id: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, deps),
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: Deps): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request, deps),
  });
}

export function actorFromSession(session: LoadedSession): Actor | null {
  if (session.stage !== 'complete') return null;
  return actorOfUser(session, session.activeOrganisationId, session.idHash);
}

/**
 * A user acting under one of their organisations (the chosen one, else their first); outside a
 * request (the demo's replayed days) `sessionIdHash` names what acts instead of a session.
 */
export function actorOfUser(
  user: Pick<LoadedSession, 'userId' | 'displayName' | 'isSystemAdmin' | 'memberships'>,
  activeOrganisationId: string | null,
  sessionIdHash: string,
): Actor {
  const active =
    user.memberships.find((m) => m.organisationId === activeOrganisationId) ?? user.memberships[0] ?? null;
  return {
    userId: user.userId,
    displayName: user.displayName,
    isSystemAdmin: user.isSystemAdmin,
    organisationId: active?.organisationId ?? null,
    role: active?.role ?? null,
    memberships: user.memberships,
    sessionIdHash,
  };
}

/** Why a session is no longer valid at `now`, or null if it is. */
export function sessionEndReason(session: LoadedSession, now: Date, idleMinutes: number): string | null {
  if (session.disabledAt) return 'disabled';
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  const onShift = session.idleExemptUntil !== null && now.getTime() < session.idleExemptUntil.getTime();
  if (!onShift && now.getTime() - session.lastSeenAt.getTime() > idleMinutes * 60_000) return 'idle';
  return null;
}

/** Cookies, CSRF, the session behind each request and the route's sign-in requirement. */
export async function installAuthentication(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(cookie, { secret: deps.config.sessionSecret });
  await app.register(csrf, {
    cookieKey: 'tsunagu_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', signed: true },
    getToken: (request) => {
      const header = request.headers['x-csrf-token'];
      return Array.isArray(header) ? header[0] : header;
    },
  });

  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request, reply) => {
    const ua = request.headers['user-agent'];
    request.ctx = {
      actor: null,
      ip: request.ip,
      requestId: request.id,
      userAgent: ua ? ua.slice(0, 300) : null,
    };
    // Only the API is protected here: the web client's files, the API reference and unknown paths
    // (answered 404) hold nothing personal; the client asks the API who is signed in.
    const isApi = request.url.startsWith('/api/') && !request.url.startsWith('/api/docs');
    const level: AuthLevel =
      request.is404 || !isApi ? 'public' : (request.routeOptions.config.auth ?? 'signed-in');
    const raw = request.cookies[SESSION_COOKIE];
    let expired = false;
    if (raw && level !== 'public') {
      const session = await loadSession(deps.db, hashSessionId(raw));
      const now = deps.clock.now();
      if (session) {
        const reason = sessionEndReason(session, now, deps.config.sessionIdleMinutes);
        if (reason) {
          await deleteSession(deps.db, session.idHash);
          clearSessionCookie(request, reply, deps);
          expired = true;
        } else {
          request.session = session;
          request.ctx.actor = actorFromSession(session);
          if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
            await touchSession(deps.db, session.idHash, now);
          }
        }
      }
    }
    if (!SAFE_METHODS.has(request.method) && request.url.startsWith('/api/')) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
      });
    }
    if (level === 'public') return;
    const session = request.session;
    if (!session) {
      throw expired
        ? new Unauthenticated(
            'SESSION_EXPIRED',
            '一定時間操作がなかったか有効期限が過ぎたため、サインアウトしました。もう一度サインインしてください。',
          )
        : new Unauthenticated();
    }
    if (level === 'partial') return;
    if (session.stage !== 'complete') {
      throw new Unauthenticated('TWO_FACTOR_REQUIRED', '二要素認証を完了してください。');
    }
    if (level === 'signed-in' && session.mustChangePassword) {
      throw new Forbidden('PASSWORD_CHANGE_REQUIRED', 'パスワードを変更してから利用してください。');
    }
  });
}
