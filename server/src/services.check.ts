import type { Context, RequestContext, SystemContext } from './platform/context.ts';
import type { Services } from './services.ts';

/**
 * Every service method takes a context (issue 17): the request's, or a job's `SystemContext` —
 * so each knows who asks, the policy can decide, and the audit row can name them (or the job).
 * A compile-time check, never imported: `npm run typecheck` fails below, naming the method
 * (`"liaison.sheets.get"`), when one takes none — and if a job's context could stand for a request's.
 */

/** Whether some parameter of the function is a context. */
type TakesContext<F> = F extends (...args: infer A) => unknown
  ? true extends { [I in keyof A]: [A[I]] extends [Context] ? true : false }[number]
    ? true
    : false
  : false;

/** The dotted names of the methods (of services and their parts) that take no context. */
export type MethodsWithoutContext<S, Path extends string = ''> = {
  [K in keyof S & string]: S[K] extends (...args: never[]) => unknown
    ? TakesContext<S[K]> extends true
      ? never
      : `${Path}${K}`
    : S[K] extends Record<string, unknown>
      ? MethodsWithoutContext<S[K], `${Path}${K}.`>
      : never;
}[keyof S & string];

type Missing = MethodsWithoutContext<Omit<Services, 'deps'>>;

/** `true` only while no service method lacks a context; otherwise the error names those that do. */
export const everyServiceMethodTakesAContext: [Missing] extends [never] ? true : Missing = true;

// The check finds such a method (were it to find none, this line would not be an error).
// @ts-expect-error a method without a context is named: "regions.list"
export const aMethodWithoutContextIsCaught: [MethodsWithoutContext<{ regions: { list(): void } }>] extends [
  never,
]
  ? true
  : false = true;

// A job's context cannot pass for a signed-in caller's: no job fakes an actor to reach a request's method.
declare const aJob: SystemContext;
// @ts-expect-error a SystemContext is not a RequestContext
export const aJobIsNoRequest: RequestContext = aJob;
