import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * What a route requires of the caller:
 * - public: nothing (sign-in, the CSRF token, the web client's files, unknown paths)
 * - partial: a session at any sign-in stage (the two-factor steps, sign-out)
 * - password-change: a finished sign-in, even if the password must be changed first
 * - signed-in (default): a finished sign-in with a usable password
 */
export type AuthLevel = 'public' | 'partial' | 'password-change' | 'signed-in';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Undeclared means `signed-in`: a route is protected unless it says otherwise. */
    auth?: AuthLevel;
    /**
     * `false` exempts a route's changes from the CSRF check. Only for a route whose request
     * carries its own authority (no cookie grants it anything) or that changes nothing.
     */
    csrf?: false;
    /**
     * `false`: a request to this route is not a sign that someone is at the screen, so it does
     * not move the session's idle clock (the live stream, open for hours on an unattended screen).
     */
    extendsSession?: false;
  }
  interface FastifyInstance {
    /** Every route registered on the app, with what it requires (see installRouteRegistry). */
    routeTable(): RegisteredRoute[];
  }
}

/** One method of one registered route, as the authentication hook will treat it. */
export interface RegisteredRoute {
  method: string;
  url: string;
  auth: AuthLevel;
  csrf: boolean;
}

/** The header a client sets on a request nobody asked for just now (a poll, a count, a refresh after a live event). */
export const BACKGROUND_HEADER = 'x-tsunagu-background';

/**
 * Whether a request shows that someone is using the app, so the session's idle clock starts
 * again: not when the matched route says it never does (the live stream) and not when the
 * client marked the request as its own background work (`x-tsunagu-background: 1`; any other
 * value counts as a person's request, the safe side for an unmarked one is to extend).
 */
export function extendsSession(
  config: { extendsSession?: false },
  headers: Record<string, unknown>,
): boolean {
  return config.extendsSession !== false && headers[BACKGROUND_HEADER] !== '1';
}

/** Methods that must not change anything, so they carry no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The level of a matched route (or of the not-found handler): what it declares, else signed-in. */
export function authLevelOf(config: { auth?: AuthLevel }): AuthLevel {
  return config.auth ?? 'signed-in';
}

/** Whether a request to a matched route must carry a CSRF token bound to its caller. */
export function checksCsrf(method: string, config: { csrf?: false }): boolean {
  return !SAFE_METHODS.has(method) && config.csrf !== false;
}

/**
 * Collects every route as it is registered. Installed first in buildApp, so its onRoute hook
 * sees every later route: features, plugins (the API reference, static files) and the
 * automatic HEAD routes. Method and URL are copied at once (Fastify reuses the options object
 * for a prefixed route's trailing-slash twin, which it registers without calling onRoute: it is
 * listed here too). The config is read when the table is asked for, because a scope's own
 * onRoute hook (declareAuthLevel) runs after this one and may still set the level.
 */
export function installRouteRegistry(app: FastifyInstance): void {
  const routes: { methods: string[]; url: string; hasTwin: boolean; options: RouteOptions }[] = [];
  app.addHook('onRoute', (route) => {
    const prefix = route.prefix ?? '';
    routes.push({
      methods: [route.method].flat(),
      url: route.url,
      hasTwin: route.routePath === '' && prefix.length > 0,
      options: route,
    });
  });
  app.decorate('routeTable', () =>
    routes.flatMap(({ methods, url, hasTwin, options }) =>
      methods.flatMap((method) =>
        [url, ...(hasTwin && app.hasRoute({ method, url: `${url}/` }) ? [`${url}/`] : [])].map((path) => ({
          method,
          url: path,
          auth: authLevelOf(options.config ?? {}),
          csrf: checksCsrf(method, options.config ?? {}),
        })),
      ),
    ),
  );
}

/**
 * Gives every route registered in `scope` (a plugin's own routes, which its options cannot
 * configure) `level`, unless the route declares one itself.
 */
export function declareAuthLevel(scope: FastifyInstance, level: AuthLevel): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, auth: route.config?.auth ?? level };
  });
}
