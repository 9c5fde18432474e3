import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSecureRequest } from '../../platform/auth/cookies.ts';
import { DEVICE_LIFETIME_DAYS, DEVICES_PER_BROWSER } from '../../platform/auth/device-store.ts';
import type { Deps } from '../../platform/deps.ts';

/**
 * The device cookie (信頼済みの端末): the tokens of the accounts that completed a sign-in in this
 * browser, newest first, signed with the session secret. Only the sign-in routes receive it
 * (path /api/auth), scripts cannot read it, and sign-out leaves it in place: it exempts its
 * accounts from what others' failed tries count.
 */
export const DEVICE_COOKIE = 'tsunagu_device';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The tokens this browser holds, when the cookie carries our signature; none otherwise. */
export function deviceTokensOf(request: FastifyRequest): string[] {
  const raw = request.cookies[DEVICE_COOKIE];
  if (!raw) return [];
  const cookie = request.unsignCookie(raw);
  if (!cookie.valid || cookie.value === null) return [];
  return cookie.value
    .split('.')
    .filter((token) => TOKEN.test(token))
    .slice(0, DEVICES_PER_BROWSER);
}

export function setDeviceCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Deps,
  tokens: string[],
): void {
  reply.setCookie(DEVICE_COOKIE, tokens.join('.'), {
    path: '/api/auth',
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request, deps),
    signed: true,
    maxAge: DEVICE_LIFETIME_DAYS * 86_400,
  });
}
