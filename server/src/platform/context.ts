import type { Actor } from './access/actor.ts';

/** Who is asking and from where: built once per request, passed to every service call. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string;
  userAgent: string | null;
}

/** A context for work that no request started (CLI, seed, timers). */
export function systemContext(requestId = 'system'): RequestContext {
  return { actor: null, ip: null, requestId, userAgent: null };
}

/** The actor, or a programming error: routes that reach services are signed-in routes. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Error('a signed-in actor is required here');
  return ctx.actor;
}
