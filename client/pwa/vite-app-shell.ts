import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { APP_ICONS, THEME_COLOR, webAppManifest } from './app-identity.ts';

const WORKER_SOURCE = path.join(import.meta.dirname, 'service-worker.js');
/** Compressed twins of the files (the server picks them by Accept-Encoding): the same files. */
const COMPRESSED = /\.(br|gz)$/;

/** Every file under `dir`, as URL paths. */
function filesUnder(dir: string, base = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${base}/${entry.name}`)
      : [`${base}/${entry.name}`],
  );
}

/** The service worker with its shell list and version written in. */
function workerSource(shell: readonly string[], version: string): string {
  return readFileSync(WORKER_SOURCE, 'utf8')
    .replace('/* SHELL */ []', JSON.stringify(shell))
    .replace("/* VERSION */ 'dev'", JSON.stringify(version));
}

/**
 * tsunagu as an installable app: writes /manifest.webmanifest and /sw.js (the service worker with
 * the list of the build's files to keep as the app shell), links the manifest and icons from
 * index.html and gives the browser's bar the tokens' colour. In development the worker keeps
 * nothing (an empty shell) and only shows pushes.
 */
export function appShell(): Plugin {
  let publicDir = '';
  const manifest = JSON.stringify(webAppManifest(), null, 2);
  return {
    name: 'tsunagu-app-shell',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    transformIndexHtml() {
      return [
        { tag: 'meta', attrs: { name: 'theme-color', content: THEME_COLOR }, injectTo: 'head' },
        { tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' }, injectTo: 'head' },
        {
          tag: 'link',
          attrs: {
            rel: 'apple-touch-icon',
            href: `/icons/${APP_ICONS.find((i) => i.purpose === 'apple')!.file}`,
          },
          injectTo: 'head',
        },
        { tag: 'meta', attrs: { name: 'apple-mobile-web-app-title', content: 'つなぐ' }, injectTo: 'head' },
      ];
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url === '/sw.js') {
          response.setHeader('content-type', 'text/javascript; charset=utf-8');
          response.end(workerSource([], 'dev'));
        } else if (request.url === '/manifest.webmanifest') {
          response.setHeader('content-type', 'application/manifest+json; charset=utf-8');
          response.end(manifest);
        } else {
          next();
        }
      });
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const built = Object.keys(bundle).filter((name) => !COMPRESSED.test(name));
        const shell = [
          ...built.map((name) => `/${name}`),
          ...filesUnder(publicDir),
          '/manifest.webmanifest',
        ].sort();
        const index = bundle['index.html'];
        const hash = createHash('sha256').update(shell.join('\n'));
        if (index?.type === 'asset') hash.update(index.source);
        const version = hash.digest('hex').slice(0, 16);
        this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: manifest });
        this.emitFile({ type: 'asset', fileName: 'sw.js', source: workerSource(shell, version) });
      },
    },
  };
}
