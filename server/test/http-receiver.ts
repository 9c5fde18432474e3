import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

let testCertificate: { key: string; cert: string } | null = null;

/**
 * A self-signed certificate for 127.0.0.1, made with openssl and added to this process's
 * trusted CAs: push services speak only HTTPS (the web-push library refuses http), so the
 * test's push service is a real TLS server the real client verifies.
 */
function trustedTestCertificate(): { key: string; cert: string } {
  if (testCertificate) return testCertificate;
  const dir = mkdtempSync(path.join(tmpdir(), 'tsunagu-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    testCertificate = {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), testCertificate.cert]);
  return testCertificate;
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

/**
 * A real local HTTP server that records what it receives: the webhook receiver of an SMS
 * gateway, or the push service a browser subscription points at. It can refuse the next few
 * requests (to exercise retries).
 */
export class HttpReceiver {
  readonly received: Received[] = [];
  #server: Server | null = null;
  #failNext = 0;
  #failStatus = 503;
  #waiters: { count: number; resolve: () => void }[] = [];
  url = '';

  /** Answer the next `n` requests with `status` (then 201 again). */
  failNext(n: number, status = 503): void {
    this.#failNext = n;
    this.#failStatus = status;
  }

  /** Starts listening on 127.0.0.1; with `https`, over TLS with a certificate this process trusts. */
  async start(options: { https?: boolean } = {}): Promise<string> {
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks),
          at: Date.now(),
        });
        if (this.#failNext > 0) {
          this.#failNext--;
          res.writeHead(this.#failStatus).end();
        } else {
          res.writeHead(201).end();
        }
        for (const w of this.#waiters.splice(0)) {
          if (this.received.length >= w.count) w.resolve();
          else this.#waiters.push(w);
        }
      });
    };
    this.#server = options.https ? createTlsServer(trustedTestCertificate(), handle) : createServer(handle);
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const scheme = options.https ? 'https' : 'http';
    this.url = `${scheme}://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs = 5000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`expected ${count} requests, got ${this.received.length}`)),
        timeoutMs,
      );
      this.#waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
