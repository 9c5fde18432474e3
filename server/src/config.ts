import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from './platform/http/client-address.ts';
import { parseAllowlist, type OutboundPolicy } from './platform/net/outbound-address.ts';
import { generateVapidKeys } from './platform/push/web-push.ts';

/** Everything the server reads from its environment, validated once and passed down. */
export interface Config {
  isProduction: boolean;
  host: string;
  port: number;
  /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
  databaseUrl: string | null;
  /** Owner role's URL for migrations; the server itself connects as the limited app role. */
  migrationDatabaseUrl: string | null;
  /** The limited role the server connects as; migrate grants it what it needs and no more. */
  appRole: string | null;
  databasePoolSize: number;
  dataDir: string;
  sessionSecret: string;
  auditKey: Buffer;
  encryptionKey: Buffer;
  auditCheckpointFile: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Who may tell the client's address and protocol (TSUNAGU_TRUST_PROXY). */
  trustProxy: TrustProxy;
  publicUrl: string;
  logLevel: string;
  /** Where the built web client lives; null serves the API only. */
  clientDir: string | null;
  /** smtp://… for e-mail notifications; null turns e-mail off. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Benchmark baseline routes (/api/bench/*); never in production. */
  benchRoutes: boolean;
  /** Test-only job queues that crash, hang or fail on purpose (TSUNAGU_TEST_JOBS=1); refused in production. */
  testJobs: boolean;
  /** Names this process's job worker across restarts (so a restart takes back its own jobs at once). */
  workerId: string;
  /** Web Push (VAPID) keys; null turns push off. Generated for development. */
  vapid: { publicKey: string; privateKey: string; subject: string } | null;
  /** How long a 連携シート's guest link (QR + PIN) stays open, in hours. */
  liaisonLinkHours: number;
  /** Where webhooks and Web Push may connect (TSUNAGU_WEBHOOK_ALLOWLIST, TSUNAGU_DNS_SERVERS). */
  outbound: OutboundPolicy;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function intFrom(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return n;
}

interface SecretsFile {
  sessionSecret: string;
  auditKey: string;
  encryptionKey: string;
  vapidPublicKey?: string;
  vapidPrivateKey?: string;
}

/** Development only: secrets generated once and kept beside the embedded database. */
function loadOrCreateDevSecrets(dataDir: string): SecretsFile {
  const file = path.join(dataDir, 'secrets.json');
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SecretsFile) : null;
  if (existing?.vapidPublicKey && existing.vapidPrivateKey) return existing;
  mkdirSync(dataDir, { recursive: true });
  const vapid = generateVapidKeys();
  // An older file gains the Web Push keys and keeps everything else.
  const secrets: SecretsFile = {
    sessionSecret: existing?.sessionSecret ?? randomBytes(32).toString('base64url'),
    auditKey: existing?.auditKey ?? randomBytes(32).toString('base64url'),
    encryptionKey: existing?.encryptionKey ?? randomBytes(32).toString('base64url'),
    vapidPublicKey: vapid.publicKey,
    vapidPrivateKey: vapid.privateKey,
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function keyFrom(name: string, value: string, isProduction: boolean): Buffer {
  const key = Buffer.from(value, 'base64url');
  if (key.length < 32) {
    throw new ConfigError(
      `${name} must be at least 32 random bytes, base64url-encoded (generate one with: openssl rand -base64 48)` +
        (isProduction ? '' : ' — or unset it to use a generated development key'),
    );
  }
  return key;
}

/** The hop count's ceiling: more proxies in a row than this is a typo. */
const MAX_PROXY_HOPS = 10;

/**
 * TSUNAGU_TRUST_PROXY: the reverse proxies' addresses or ranges (comma-separated), or how many
 * proxies stand in front (a hop count). `true` would believe any sender's X-Forwarded-For, so a
 * client could choose the address it is throttled and audited under: it is refused everywhere.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^(true|yes|on)$/i.test(value)) {
    throw new ConfigError(
      `TSUNAGU_TRUST_PROXY=${value} は使えません（どの接続元の X-Forwarded-For も信じることになり、` +
        'サインインの制限や監査ログのアドレスを偽れるため）。リバースプロキシのアドレス（例: ' +
        '127.0.0.1 や 10.0.0.0/8、カンマ区切り）か、前にあるプロキシの段数（例: 1）を指定してください。',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_PROXY_HOPS) {
      throw new ConfigError(
        `TSUNAGU_TRUST_PROXY の段数は 1〜${MAX_PROXY_HOPS} で指定してください（"${value}"）。`,
      );
    }
    return hops;
  }
  const addresses = value.split(',').map((entry) => entry.trim());
  try {
    // The very parser Fastify trusts them with: what passes here, Fastify understands.
    proxyAddr.compile(addresses);
  } catch {
    throw new ConfigError(
      `TSUNAGU_TRUST_PROXY="${value}" を読めません。プロキシの IP アドレスか CIDR（例: ` +
        '127.0.0.1,10.0.0.0/8）をカンマ区切りで、または段数（例: 1）を指定してください。',
    );
  }
  return addresses;
}

const weakSecrets = new Set(['secret', 'changeme', 'change-me', 'password', 'tsunagu', 'development']);

export function loadConfig(env: Env = process.env): Config {
  const isProduction = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.TSUNAGU_DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const migrationDatabaseUrl = env.TSUNAGU_MIGRATION_DATABASE_URL?.trim() || null;
  let appRole = env.TSUNAGU_APP_ROLE?.trim() || null;
  if (!appRole && databaseUrl && migrationDatabaseUrl && migrationDatabaseUrl !== databaseUrl) {
    appRole = decodeURIComponent(new URL(databaseUrl).username) || null;
  }
  if (appRole && !/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) {
    throw new ConfigError('TSUNAGU_APP_ROLE must be a plain lower-case PostgreSQL role name');
  }

  let secrets: SecretsFile;
  const given = {
    sessionSecret: env.TSUNAGU_SESSION_SECRET,
    auditKey: env.TSUNAGU_AUDIT_KEY,
    encryptionKey: env.TSUNAGU_ENCRYPTION_KEY,
  };
  if (isProduction) {
    const missing = Object.entries({
      TSUNAGU_SESSION_SECRET: given.sessionSecret,
      TSUNAGU_AUDIT_KEY: given.auditKey,
      TSUNAGU_ENCRYPTION_KEY: given.encryptionKey,
    })
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length > 0) {
      throw new ConfigError(`production mode needs ${missing.join(', ')} (see README: 本番運用)`);
    }
    secrets = given as SecretsFile;
  } else {
    const dev =
      given.sessionSecret && given.auditKey && given.encryptionKey ? null : loadOrCreateDevSecrets(dataDir);
    secrets = {
      sessionSecret: given.sessionSecret ?? dev!.sessionSecret,
      auditKey: given.auditKey ?? dev!.auditKey,
      encryptionKey: given.encryptionKey ?? dev!.encryptionKey,
    };
  }
  const vapidPublicKey = env.TSUNAGU_VAPID_PUBLIC_KEY?.trim() || null;
  const vapidPrivateKey = env.TSUNAGU_VAPID_PRIVATE_KEY?.trim() || null;
  if ((vapidPublicKey === null) !== (vapidPrivateKey === null)) {
    throw new ConfigError(
      'TSUNAGU_VAPID_PUBLIC_KEY and TSUNAGU_VAPID_PRIVATE_KEY go together: set both or neither',
    );
  }
  const devVapid = !isProduction && !vapidPublicKey ? loadOrCreateDevSecrets(dataDir) : null;
  const vapidKeys = vapidPublicKey
    ? { publicKey: vapidPublicKey, privateKey: vapidPrivateKey! }
    : devVapid?.vapidPublicKey && devVapid.vapidPrivateKey
      ? { publicKey: devVapid.vapidPublicKey, privateKey: devVapid.vapidPrivateKey }
      : null;
  const vapidSubject = env.TSUNAGU_VAPID_SUBJECT?.trim() || 'mailto:no-reply@tsunagu.invalid';
  if (!/^(mailto:|https:\/\/)/.test(vapidSubject)) {
    throw new ConfigError('TSUNAGU_VAPID_SUBJECT must be a mailto: address or an https:// URL');
  }
  if (secrets.sessionSecret.length < 32 || weakSecrets.has(secrets.sessionSecret.toLowerCase())) {
    throw new ConfigError('TSUNAGU_SESSION_SECRET is weak: use at least 32 random characters');
  }
  const testJobs = env.TSUNAGU_TEST_JOBS === '1';
  if (testJobs && isProduction) {
    throw new ConfigError('TSUNAGU_TEST_JOBS is for tests only and refused in production');
  }
  const port = intFrom(env, 'PORT', 3000, 0, 65535);
  const clientDir =
    env.TSUNAGU_CLIENT_DIR === '' ? null : path.resolve(env.TSUNAGU_CLIENT_DIR ?? defaultClientDir());
  return {
    isProduction,
    host: env.HOST ?? (isProduction ? '0.0.0.0' : 'localhost'),
    port,
    databaseUrl,
    migrationDatabaseUrl,
    appRole,
    databasePoolSize: intFrom(env, 'TSUNAGU_DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir,
    sessionSecret: secrets.sessionSecret,
    auditKey: keyFrom('TSUNAGU_AUDIT_KEY', secrets.auditKey, isProduction),
    encryptionKey: keyFrom('TSUNAGU_ENCRYPTION_KEY', secrets.encryptionKey, isProduction),
    auditCheckpointFile: path.resolve(
      env.TSUNAGU_AUDIT_CHECKPOINT_FILE ?? path.join(dataDir, 'audit-checkpoints.jsonl'),
    ),
    sessionIdleMinutes: intFrom(env, 'TSUNAGU_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: intFrom(env, 'TSUNAGU_SESSION_MAX_HOURS', 12, 1, 72),
    trustProxy: parseTrustProxy(env.TSUNAGU_TRUST_PROXY),
    publicUrl: (env.TSUNAGU_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    logLevel: env.TSUNAGU_LOG_LEVEL ?? (isProduction ? 'info' : 'warn'),
    clientDir,
    smtpUrl: env.TSUNAGU_SMTP_URL?.trim() || null,
    benchRoutes: !isProduction && env.TSUNAGU_BENCH_ROUTES === '1',
    testJobs,
    mailFrom: env.TSUNAGU_MAIL_FROM ?? 'つなぐ <no-reply@tsunagu.invalid>',
    workerId:
      env.TSUNAGU_WORKER_ID ??
      `${hostname()}:${databaseUrl ? (port === 0 ? `pid${process.pid}` : port) : dataDir}`,
    vapid: vapidKeys ? { ...vapidKeys, subject: vapidSubject } : null,
    liaisonLinkHours: intFrom(env, 'TSUNAGU_LIAISON_LINK_HOURS', 72, 1, 24 * 14),
    outbound: outboundFrom(env, isProduction),
  };
}

/** Outbound HTTP: https only and loopback refused in production; the closed network's gateways listed. */
function outboundFrom(env: Env, isProduction: boolean): OutboundPolicy {
  let allowlist: OutboundPolicy['allowlist'];
  try {
    allowlist = parseAllowlist(env.TSUNAGU_WEBHOOK_ALLOWLIST ?? '');
  } catch (error) {
    throw new ConfigError(`TSUNAGU_WEBHOOK_ALLOWLIST: ${error instanceof Error ? error.message : ''}`);
  }
  const dnsServers = (env.TSUNAGU_DNS_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  try {
    // The resolver's own parser: the same one that will read them at every check.
    new Resolver().setServers(dnsServers);
  } catch {
    throw new ConfigError('TSUNAGU_DNS_SERVERS must list addresses, e.g. 192.0.2.53 or 127.0.0.1:5353');
  }
  return {
    httpsOnly: isProduction,
    allowLoopback: !isProduction,
    allowlist,
    dnsServers: dnsServers.length > 0 ? dnsServers : null,
  };
}

function defaultClientDir(): string {
  return path.resolve(import.meta.dirname, '../../client/dist');
}
