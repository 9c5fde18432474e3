import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { declareAuthLevel } from '../auth/route-levels.ts';

/**
 * The OpenAPI 3 document is generated from the route schemas (the contract), served at
 * /api/openapi.json, with a browsable reference at /api/docs. In production both are for
 * signed-in users (the document maps every route an attacker could try); elsewhere public.
 */
export async function installOpenApi(app: FastifyInstance, isProduction: boolean): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tsunagu API',
        description:
          'にも包括（精神障害にも対応した地域包括ケアシステム）の情報連携API。サインインはセッションCookie（https では __Host-tsunagu_session）、変更系リクエストは x-csrf-token ヘッダーが必要です（GET /api/auth/csrf で取得。トークンはセッションに結びつき、サインインの各段階で新しいものが x-csrf-token レスポンスヘッダーで渡されます）。',
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
  // The reference's own routes (the page, its assets, /api/docs/json) come from the plugin, which
  // cannot configure them: the scope gives them their level.
  await app.register(async (docs) => {
    declareAuthLevel(docs, isProduction ? 'signed-in' : 'public');
    await docs.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });
}
