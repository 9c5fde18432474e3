import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { Forbidden, Unauthenticated } from '../errors.ts';
import { cookieName, cookieOptions } from './cookies.ts';
import { CSRF_HEADER, isCsrfTokenValid, issueCsrfToken } from './csrf.ts';
import { authLevelOf, checksCsrf, extendsSession, type AuthLevel } from './route-levels.ts';
import {
  deleteSession,
  hashSessionId,
  loadSession,
  touchSession,
  type LoadedSession,
} from './session-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    session: LoadedSession | null;
  }
}

/** The session cookie's name over http; over https it is `__Host-tsunagu_session` (cookies.ts). */
export const SESSION_COOKIE = 'tsunagu_session';
/** Idle sessions are touched at most once a minute, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Sets the cookie of a session just issued (a sign-in step, a new password) and hands the
 * client the CSRF token bound to it, since the one it holds was bound to the id before.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  id: string,
  expiresAt: Date,
): void {
  reply.setCookie(cookieName(request, SESSION_COOKIE), id, {
    ...cookieOptions(request, deps),
    sameSite: 'lax',
    expires: expiresAt,
  });
  reply.header(CSRF_HEADER, issueCsrfToken(request, reply, deps, hashSessionId(id)));
}

/** Ends the session's cookie; the client gets a token for signing in again. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, deps: Deps): void {
  reply.clearCookie(cookieName(request, SESSION_COOKIE), {
    ...cookieOptions(request, deps),
    sameSite: 'lax',
  });
  reply.header(CSRF_HEADER, issueCsrfToken(request, reply, deps, null));
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

/** What the request's session cookie led to: none sent (or unknown), one that just ended, or a live one. */
type SessionOutcome = 'none' | 'ended' | 'live';
const outcomes = new WeakMap<FastifyRequest, Promise<SessionOutcome>>();

async function loadRequestSession(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
): Promise<SessionOutcome> {
  const raw = request.cookies[cookieName(request, SESSION_COOKIE)];
  const session = raw ? await loadSession(deps.db, hashSessionId(raw)) : null;
  if (!session) return 'none';
  const now = deps.clock.now();
  if (sessionEndReason(session, now, deps.config.sessionIdleMinutes)) {
    await deleteSession(deps.db, session.idHash);
    clearSessionCookie(request, reply, deps);
    return 'ended';
  }
  request.session = session;
  // A poll, a count or the live stream says nothing about whether anyone is still there: only a
  // person's own requests (and the client's activity signal while they type) keep a session.
  if (
    extendsSession(request.routeOptions.config, request.headers) &&
    now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS
  ) {
    await touchSession(deps.db, session.idHash, now);
  }
  return 'live';
}

/** The session behind the request's cookie, looked up once per request however often asked. */
function resolveSession(request: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<SessionOutcome> {
  let outcome = outcomes.get(request);
  if (!outcome) {
    outcome = loadRequestSession(request, reply, deps);
    outcomes.set(request, outcome);
  }
  return outcome;
}

/** The token for GET /api/auth/csrf: bound to the caller's live session, or to this browser before sign-in. */
export async function csrfTokenFor(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
): Promise<string> {
  await resolveSession(request, reply, deps);
  return issueCsrfToken(request, reply, deps, request.session?.idHash ?? null);
}

function requireLevel(level: AuthLevel, session: LoadedSession | null, outcome: SessionOutcome): void {
  if (level === 'public') return;
  if (!session) {
    throw outcome === 'ended'
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
}

/**
 * Cookies, the session behind each request, the route's sign-in requirement and CSRF. Every
 * decision comes from the matched route's config (or the not-found handler's), never from the
 * URL's text: the router decodes the path, so a prefix test on `request.url` misses `/%61pi/…`.
 */
export async function installAuthentication(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(cookie, { secret: deps.config.sessionSecret });

  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('session', null);

  app.addHook('onRequest', async (request, reply) => {
    const ua = request.headers['user-agent'];
    request.ctx = {
      kind: 'request',
      actor: null,
      ip: request.ip,
      requestId: request.id,
      userAgent: ua ? ua.slice(0, 300) : null,
    };
    const config = request.routeOptions.config;
    const level = authLevelOf(config);
    const csrf = checksCsrf(request.method, config);
    // A public read needs no session; a public change needs it only to check the token it is bound to.
    if (level === 'public' && !csrf) return;
    const outcome = await resolveSession(request, reply, deps);
    requireLevel(level, request.session, outcome);
    if (level !== 'public' && request.session) request.ctx.actor = actorFromSession(request.session);
    if (csrf && !isCsrfTokenValid(request, deps, request.session?.idHash ?? null)) {
      throw new Forbidden('CSRF_INVALID', '画面の有効期限が切れました。もう一度操作してください。');
    }
  });
}
