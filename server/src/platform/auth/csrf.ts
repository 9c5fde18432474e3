import { Tokens } from '@fastify/csrf';
import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import { cookieName, cookieOptions } from './cookies.ts';

/** The header a change carries its token in; a response that changes the session hands the next one in it. */
export const CSRF_HEADER = 'x-csrf-token';
/** Before any session exists (the sign-in form), the token is bound to a random secret in this cookie. */
const PRE_SESSION_COOKIE = 'tsunagu_csrf';

const keyring = new Map<string, { key: Buffer; tokens: ReturnType<typeof Tokens> }>();

/** A key of its own for CSRF, derived from the server's secret (so it is not the cookie-signing key). */
function keysFor(deps: Deps) {
  const secret = deps.config.sessionSecret;
  let keys = keyring.get(secret);
  if (!keys) {
    const key = createHmac('sha256', secret).update('tsunagu csrf').digest();
    keys = { key, tokens: new Tokens({ hmacKey: key }) };
    keyring.set(secret, keys);
  }
  return keys;
}

/**
 * A session's CSRF secret: an HMAC of its id's hash. It needs no storage, no other session (and
 * no one without the server's key) can compute it, and it changes with the id at every sign-in step.
 */
function sessionSecret(deps: Deps, sessionIdHash: string): string {
  return createHmac('sha256', keysFor(deps).key).update(`session:${sessionIdHash}`).digest('base64url');
}

function preSessionSecret(request: FastifyRequest): string | null {
  const raw = request.cookies[cookieName(request, PRE_SESSION_COOKIE)];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid ? unsigned.value : null;
}

/**
 * A token for the caller: bound to their session, or (with none) to the pre-session cookie,
 * which is created here if the browser has none yet.
 */
export function issueCsrfToken(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  sessionIdHash: string | null,
): string {
  const { tokens } = keysFor(deps);
  if (sessionIdHash) return tokens.create(sessionSecret(deps, sessionIdHash));
  let secret = preSessionSecret(request);
  if (!secret) {
    secret = tokens.secretSync();
    reply.setCookie(cookieName(request, PRE_SESSION_COOKIE), secret, {
      ...cookieOptions(request, deps),
      sameSite: 'strict',
      signed: true,
    });
  }
  return tokens.create(secret);
}

/** Whether the request's token was issued to this session (or, with none, to this browser's pre-session cookie). */
export function isCsrfTokenValid(request: FastifyRequest, deps: Deps, sessionIdHash: string | null): boolean {
  const header = request.headers[CSRF_HEADER];
  const token = Array.isArray(header) ? header[0] : header;
  const secret = sessionIdHash ? sessionSecret(deps, sessionIdHash) : preSessionSecret(request);
  return !!token && !!secret && keysFor(deps).tokens.verify(secret, token);
}
