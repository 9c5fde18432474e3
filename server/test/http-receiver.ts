import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls, { TLSSocket } from 'node:tls';

let testCertificate: { key: string; cert: string } | null = null;

/** The names the test certificate is for: tests point a local DNS server's names at these hosts. */
export const TEST_TLS_NAMES = ['gateway.test', 'push.test'] as const;

/**
 * A self-signed certificate for 127.0.0.1, 127.0.0.2 and the names above, made with openssl and
 * added to this process's trusted CAs: push services speak only HTTPS, and production sends
 * webhooks only over HTTPS, so the test's receiver is a real TLS server the real client verifies.
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
        `subjectAltName=IP:127.0.0.1,IP:127.0.0.2,${TEST_TLS_NAMES.map((n) => `DNS:${n}`).join(',')}`,
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

/**
 * The test certificate as PEM files in `dir`: a child server started with NODE_EXTRA_CA_CERTS at
 * `certFile` trusts it, and a receiver in another process (a browser test's push service) serves it.
 */
export function writeTestCertificate(dir: string): { certFile: string; keyFile: string } {
  const { key, cert } = trustedTestCertificate();
  const certFile = path.join(dir, 'test-cert.pem');
  const keyFile = path.join(dir, 'test-key.pem');
  writeFileSync(certFile, cert);
  writeFileSync(keyFile, key, { mode: 0o600 });
  return { certFile, keyFile };
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The TLS server name (SNI) the client asked for; null over plain HTTP or for an IP address. */
  servername: string | null;
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

  /**
   * Starts listening on `host` (127.0.0.1 unless told; any 127.x address is this machine) and
   * `port` (any free one unless told); with `https`, over TLS with a certificate this process trusts
   * (or with `certificate`, one written by writeTestCertificate that the sender trusts).
   */
  async start(
    options: {
      https?: boolean;
      host?: string;
      port?: number;
      certificate?: { key: string; cert: string };
    } = {},
  ): Promise<string> {
    const host = options.host ?? '127.0.0.1';
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          path: req.url ?? '/',
          headers: req.headers,
          servername: req.socket instanceof TLSSocket ? req.socket.servername || null : null,
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
    this.#server = options.https
      ? createTlsServer(options.certificate ?? trustedTestCertificate(), handle)
      : createServer(handle);
    await new Promise<void>((resolve) => this.#server!.listen(options.port ?? 0, host, resolve));
    const scheme = options.https ? 'https' : 'http';
    this.url = `${scheme}://${host}:${this.port}`;
    return this.url;
  }

  get port(): number {
    return (this.#server!.address() as AddressInfo).port;
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

/**
 * A bare TCP listener that only counts who connects (and hangs up on them): put where a request
 * must never go, it proves that no connection was even attempted.
 */
export class ConnectionSpy {
  connections = 0;
  readonly #server = createNetServer((socket) => {
    this.connections++;
    socket.destroy();
  });

  async start(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, resolve);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
