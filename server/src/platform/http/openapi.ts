import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI 3 document is generated from the route schemas (the contract), served at
 * /api/openapi.json, with a browsable reference at /api/docs.
 */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tsunagu API',
        description:
          'にも包括（精神障害にも対応した地域包括ケアシステム）の情報連携API。サインインはセッションCookie、変更系リクエストは x-csrf-token ヘッダーが必要です。',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tsunagu_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { auth: 'public' } }, async () =>
    app.swagger(),
  );
}
