import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { LoadedSession } from '../auth/session-store.ts';
import { Unauthenticated } from '../errors.ts';

/** Fastify with the TypeBox type provider: route handlers get typed, validated input. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The session of a route that requires one (the authentication hook guarantees it). */
export function sessionOf(request: FastifyRequest): LoadedSession {
  if (!request.session) throw new Unauthenticated();
  return request.session;
}

/** Limits for routes that guess secrets: per client address, on top of the per-account lockout. */
export const signInRateLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

/**
 * Limits for routes that answer whether an address is taken (creating staff) or reach another
 * account by its address (inviting): per signed-in account, so a probe cannot sweep a list.
 * Counted after validation (preHandler): only a well-formed request looks an address up, and a
 * malformed one is answered 400 naming its field rather than 429.
 */
export const addressLookupRateLimit = {
  rateLimit: {
    hook: 'preHandler' as const,
    max: 20,
    timeWindow: '10 minutes',
    keyGenerator: (request: FastifyRequest) => request.ctx.actor?.userId ?? request.ip,
  },
};
