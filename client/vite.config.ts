import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The web client: built into client/dist, which the server serves with an SPA fallback. */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Old PCs and tablets: plain ES2020 runs on every browser still in use in offices.
    target: 'es2020',
    chunkSizeWarningLimit: 300,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
  // `vite preview` serves the build under the server's Content-Security-Policy, to catch
  // anything (inline script, external font) the real server would block.
  preview: {
    port: 4173,
    proxy: { '/api': 'http://localhost:3000' },
    headers: {
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    },
  },
});
