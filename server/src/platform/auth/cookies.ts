import type { FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';

/**
 * Whether our cookies carry Secure. Production always does (TLS ends at the proxy). Elsewhere
 * only over https or on http://localhost, which browsers treat as secure: a tablet reaching
 * http://192.168.1.20:3000 on a LAN would drop a Secure cookie and never stay signed in.
 */
export function isSecureRequest(request: FastifyRequest, deps: Deps): boolean {
  if (deps.config.isProduction) return true;
  return request.protocol === 'https' || /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(request.host);
}

/**
 * A cookie's name for this request: `__Host-name` over https (the browser then keeps it only
 * with Secure, path / and no Domain, so no sibling host can plant or overwrite it), the plain
 * name over http, where browsers refuse the prefix. `request.protocol` follows
 * X-Forwarded-Proto behind a trusted proxy.
 */
export function cookieName(request: FastifyRequest, name: string): string {
  return request.protocol === 'https' ? `__Host-${name}` : name;
}

/** What our cookies share: the whole site, hidden from scripts, Secure where the browser keeps it. */
export function cookieOptions(request: FastifyRequest, deps: Deps) {
  return { path: '/', httpOnly: true, secure: isSecureRequest(request, deps) };
}
