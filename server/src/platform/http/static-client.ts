import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Serves the built web client, compressed as the build prepared it (brotli or gzip, by the
 * browser's Accept-Encoding). Hashed assets are cached for a year; index.html never is,
 * so a new release reaches every tablet on its next load. Unknown paths outside /api get
 * index.html (the client routes them); unknown /api paths get a JSON 404.
 */
export async function installClientAndNotFound(
  app: FastifyInstance,
  clientDir: string | null,
): Promise<void> {
  const hasClient = clientDir !== null && existsSync(path.join(clientDir, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, {
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
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (
      hasClient &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !pathname.startsWith('/api/') &&
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
}
