import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers through @fastify/helmet: a strict Content-Security-Policy (no inline
 * scripts), no-sniff, frame denial, no referrer leaks. HSTS only when the request came over
 * TLS (directly or through a trusted proxy): sending it over plain http would be ignored at
 * best and would lock a LAN-only installation out of http at worst. Cache-Control: no-store
 * unless a route set its own.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    // Person data must not stay in a browser's or a proxy's cache (a shared office PC, a tablet
    // handed on). Every response is no-store unless its route chose its own Cache-Control: a
    // default kept by marking each person-data route would leak on the one route forgotten,
    // while the few that may be cached (the client's files, static-client.ts) already say so.
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}
