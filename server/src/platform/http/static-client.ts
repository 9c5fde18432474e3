import fastifyStatic from '@fastify/static';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { declareAuthLevel } from '../auth/route-levels.ts';

/**
 * The not-found handler's own level: public (it answers a JSON 404 or the client shell and
 * touches no data) and no CSRF check (it changes nothing, so a change to an unknown path is a
 * plain 404). Fastify builds the not-found context from `config` as it does a route's
 * (lib/four-oh-four.js), though its types list only the hooks; were that dropped, unknown paths
 * would fall to `signed-in` (closed) and http.test.ts would fail.
 */
const notFoundOptions = { config: { auth: 'public', csrf: false } satisfies FastifyContextConfig };

/**
 * Whether a path the router did not match lies under /api however it is written: an absolute
 * URL, percent-encoding, doubled slashes, backslashes, dot segments or capitals. Such a path
 * gets a JSON 404, never the client shell. Undecodable text is not a client route either.
 */
export function isApiPath(url: string): boolean {
  const pathname = (url.split('?')[0] ?? '/').replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  const normal = path.posix.normalize(`/${decoded.replaceAll('\\', '/')}`).toLowerCase();
  return normal === '/api' || normal.startsWith('/api/');
}

/**
 * Serves the built web client, compressed as the build prepared it (brotli or gzip, by the
 * browser's Accept-Encoding). Hashed assets are cached for a year; index.html never is,
 * so a new release reaches every tablet on its next load. Unknown paths outside /api get
 * index.html (the client routes them); unknown /api paths get a JSON 404. The files and the
 * shell are public: they hold nothing personal, and the client asks the API who is signed in.
 */
export async function installClientAndNotFound(
  app: FastifyInstance,
  clientDir: string | null,
): Promise<void> {
  const hasClient = clientDir !== null && existsSync(path.join(clientDir, 'index.html'));
  await app.register(async (client) => {
    declareAuthLevel(client, 'public');
    if (hasClient) {
      await client.register(fastifyStatic, {
        root: clientDir,
        wildcard: false,
        index: false,
        // The build writes .br and .gz beside each asset: sent to a browser that accepts them.
        preCompressed: true,
        setHeaders(reply, filePath) {
          reply.header(
            'cache-control',
            filePath.includes(`${path.sep}assets${path.sep}`)
              ? 'public, max-age=31536000, immutable'
              : 'no-cache',
          );
        },
      });
    }
    // Set in this scope, so the handler has the static plugin's reply.sendFile.
    client.setNotFoundHandler({ preValidation: [], ...notFoundOptions }, (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (
        hasClient &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        !isApiPath(request.url) &&
        !path.extname(pathname)
      ) {
        return reply
          .header('cache-control', 'no-cache')
          .type('text/html; charset=utf-8')
          .sendFile('index.html');
      }
      return reply
        .status(404)
        .type('application/json; charset=utf-8')
        .send({ code: 'ROUTE_NOT_FOUND', message: `${request.method} ${pathname} はありません。` });
    });
  });
}
