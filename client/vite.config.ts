import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { appShell } from './pwa/vite-app-shell.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The web client: built into client/dist, which the server serves with an SPA fallback. */
export default defineConfig({
  root,
  // Each asset also as .br and .gz beside it, which the server sends to a browser that takes
  // them: about a third of the bytes over a phone's or a small office's slow line.
  // The app shell: a web app manifest and the service worker that keeps the build's files.
  plugins: [
    react(),
    appShell(),
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' }),
  ],
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
