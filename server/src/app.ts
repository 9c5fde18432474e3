import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type RouteOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { authRoutes } from './features/auth/auth.routes.ts';
import { auditLogRoutes } from './features/audit-log/audit-log.routes.ts';
import { organisationsRoutes } from './features/organisations/organisations.routes.ts';
import { regionsRoutes } from './features/regions/regions.routes.ts';
import { staffRoutes } from './features/staff/staff.routes.ts';
import { consentRoutes } from './features/consent/consent.routes.ts';
import { emergencyAccessRoutes } from './features/emergency-access/emergency-access.routes.ts';
import { informationRoutes } from './features/information/information.routes.ts';
import { notificationsRoutes } from './features/notifications/notifications.routes.ts';
import { personsRoutes } from './features/persons/persons.routes.ts';
import { supportTeamRoutes } from './features/support-team/support-team.routes.ts';
import { messagesRoutes } from './features/messages/messages.routes.ts';
import { liveRoutes } from './features/live/live.routes.ts';
import { escalationsRoutes } from './features/escalations/escalations.routes.ts';
import { handoverRoutes } from './features/handover/handover.routes.ts';
import { consultationsRoutes } from './features/consultations/consultations.routes.ts';
import { calendarsRoutes } from './features/calendars/calendars.routes.ts';
import { onCallRoutes } from './features/on-call/on-call.routes.ts';
import { plansRoutes } from './features/plans/plans.routes.ts';
import { dueRoutes } from './features/due/due.routes.ts';
import { liaisonRoutes } from './features/liaison/liaison.routes.ts';
import { jobStatusRoutes } from './features/job-status/job-status.routes.ts';
import { pushRoutes } from './features/push/push.routes.ts';
import { directoryRoutes } from './features/directory/directory.routes.ts';
import { directoryImportRoutes } from './features/directory/directory-import.routes.ts';
import { exclusionsRoutes } from './features/exclusions/exclusions.routes.ts';
import multipart from '@fastify/multipart';
import { UPLOAD_MAX_BYTES } from './platform/files/uploads.ts';
import { installAuthentication } from './platform/auth/authenticate.ts';
import { installRouteRegistry } from './platform/auth/route-levels.ts';
import type { Deps } from './platform/deps.ts';
import { TooManyRequests } from './platform/errors.ts';
import { installForwardedForGuard, trustProxyOption } from './platform/http/client-address.ts';
import { answerFrameworkError, installErrorHandler } from './platform/http/error-handler.ts';
import { installOpenApi } from './platform/http/openapi.ts';
import { installSecurityHeaders } from './platform/http/security.ts';
import { installSerializers } from './platform/http/serialization.ts';
import { installClientAndNotFound } from './platform/http/static-client.ts';
import type { App } from './platform/http/typed-app.ts';
import { installValidators } from './platform/http/validation.ts';
import { loggerOptions, type LogStream } from './platform/log-redaction.ts';
import { createServices } from './services.ts';

export interface BuildOptions {
  logger?: boolean;
  /** Where log lines go instead of stdout (a test reads them). */
  logStream?: LogStream;
  /** Called for every route as it is registered (tests walk them all). */
  onRoute?: (route: RouteOptions) => void;
}

/** The HTTP application: platform plugins first, then one line per feature. */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ? loggerOptions(deps.config.logLevel, options.logStream) : false,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Live streams hold keep-alive sockets; at shutdown (after the hub has ended them) close at once.
    forceCloseConnections: true,
    // One spelling per route: a path with a changed case, a doubled or trailing slash matches no
    // route (JSON 404), so only the route's own spelling (percent-decoded) reaches its handler.
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  // First, so that its onRoute hook sees every route registered after it.
  installRouteRegistry(app);
  installForwardedForGuard(app, deps.config.trustProxy);
  installValidators(app);
  installSerializers(app);
  installErrorHandler(app);
  await installSecurityHeaders(app);
  // Keyed by request.ip (IPv6 by its /64): the client as the trusted proxies report it, never as
  // an untrusted sender's X-Forwarded-For claims (platform/http/client-address.ts).
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequests(
        'RATE_LIMITED',
        'リクエストが多すぎます。しばらく待ってからお試しください。',
        Math.ceil(context.ttl / 1000),
      ),
  });
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 5 } });
  await installOpenApi(app, deps.config.isProduction);
  await installAuthentication(app, deps);

  app.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['運用'],
        summary: '稼働確認',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => {
      await deps.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      return { status: 'ok' as const };
    },
  );

  if (deps.config.benchRoutes) {
    // Baselines for `npm run bench`: the framework's ceiling and one primary-key SELECT, no sign-in.
    app.get('/api/bench/json', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({
      ok: true,
    }));
    app.get<{ Params: { id: string } }>(
      '/api/bench/pk/:id',
      { config: { auth: 'public' }, schema: { hide: true } },
      async (request) =>
        deps.db
          .selectFrom('informationItems')
          .select(['id', 'category', 'content', 'recordedAt'])
          .where('id', '=', request.params.id)
          .executeTakeFirst(),
    );
  }

  const services = createServices(deps);
  await app.register(authRoutes, services);
  await app.register(regionsRoutes, services);
  await app.register(organisationsRoutes, services);
  await app.register(staffRoutes, services);
  await app.register(auditLogRoutes, services);
  await app.register(personsRoutes, services);
  await app.register(exclusionsRoutes, services);
  await app.register(informationRoutes, services);
  await app.register(supportTeamRoutes, services);
  await app.register(consentRoutes, services);
  await app.register(emergencyAccessRoutes, services);
  await app.register(notificationsRoutes, services);
  await app.register(messagesRoutes, services);
  await app.register(liveRoutes, services);
  await app.register(escalationsRoutes, services);
  await app.register(pushRoutes, services);
  await app.register(handoverRoutes, services);
  await app.register(consultationsRoutes, services);
  await app.register(calendarsRoutes, services);
  await app.register(onCallRoutes, services);
  await app.register(plansRoutes, services);
  await app.register(dueRoutes, services);
  await app.register(liaisonRoutes, services);
  await app.register(jobStatusRoutes, services);
  await app.register(directoryRoutes, services);
  await app.register(directoryImportRoutes, services);

  await installClientAndNotFound(app, deps.config.clientDir);
  return app;
}
