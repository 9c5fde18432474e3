import { ensureClientBuilt } from './client-build.ts';

/**
 * `npm start`: builds the web client if it is missing or older than its sources, then
 * serves the app on the embedded database, seeding the fictional demo region on first start.
 */
await ensureClientBuilt();
const { serve } = await import('../server/src/main.ts');
await serve({ demo: true });
