import type { Actor } from './access/actor.ts';

/** Who is asking and from where: built once per request, passed to every service call. */
export interface RequestContext {
  readonly kind: 'request';
  /** Null before sign-in (the sign-in routes, a guest link): such a request reads no person. */
  actor: Actor | null;
  ip: string | null;
  requestId: string;
  userAgent: string | null;
}

/**
 * Work that no request started — a job, a command, the demo seed. The system acts, never a staff
 * member: it has no actor (so no rule for staff applies to it by mistake), and its audit rows say
 * which job ran and why (`details.system`), with the job's key as their request id.
 */
export interface SystemContext {
  readonly kind: 'system';
  readonly actor: null;
  readonly ip: null;
  readonly userAgent: null;
  /** The job's key, or the command's name: the audit row's request id. */
  readonly requestId: string;
  /** The queue or the command, e.g. `escalation`, `cli:backup`. */
  readonly job: string;
  /** Why it runs, in a few words (audited with every row it writes). */
  readonly purpose: string;
}

/** Every service method takes one: the request's, or the system's for a job. */
export type Context = RequestContext | SystemContext;

/** A context for work that no request started (a job, a command, a seed). */
export function systemContext(job: string, purpose: string, requestId: string = job): SystemContext {
  return { kind: 'system', actor: null, ip: null, userAgent: null, requestId, job, purpose };
}

/** The actor, or a programming error: routes that reach services are signed-in routes. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Error('a signed-in actor is required here');
  return ctx.actor;
}
