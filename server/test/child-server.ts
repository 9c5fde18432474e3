import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { systemClock } from '../src/platform/clock.ts';
import { nextTotpCode, type TestUser } from './factories.ts';
import { testSecrets } from './test-app.ts';

export const cliPath = path.resolve(import.meta.dirname, '../bin/tsunagu.mjs');

export interface ChildServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** Sends a signal and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The child's environment: test secrets, any port, and only the database the test names. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return {
    ...inherited,
    ...testSecrets,
    TSUNAGU_CLIENT_DIR: '',
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    ...env,
  };
}

/** Runs `tsunagu <args>` as a child process (the real command, on Node 24) and collects its output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `tsunagu serve` until the process ends by itself (a job that kills it, in the job queue's
 * tests); after `timeoutMs` it is killed and the promise rejects with its output.
 */
export function serveUntilExit(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'serve'], {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not end by itself within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/**
 * Starts `tsunagu serve` in a child process and resolves once it listens. The bound is for a hung
 * start, not a measure of speed: seeding the demo takes ~12 s on a quiet 2-core machine and several
 * times that beside a CPU-bound neighbour (issue 13's hunt), so it is generous.
 */
export function startChildServer(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 150_000,
): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'serve', ...args], {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let settled = false;
    const exited = new Promise<number | null>((r) =>
      child.on('exit', (code, signal) => r(code ?? (signal ? -1 : null))),
    );
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /起動しました: (http:\/\/\S+)/.exec(output);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({
          url: match[1]!.replace('localhost', '127.0.0.1'),
          process: child,
          output: () => output,
          async kill(signal: NodeJS.Signals = 'SIGTERM') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(
          Object.assign(new Error(`server exited with ${code}:\n${output}`), { exitCode: code, output }),
        );
      }
    });
  });
}

/** Signs a user in to a child server (password, then the real clock's TOTP code). */
export async function signInChild(url: string, user: TestUser): Promise<HttpAgent> {
  const agent = new HttpAgent(url);
  const first = await agent.request('POST', '/api/auth/sign-in', {
    email: user.email,
    password: user.password,
  });
  if (first.status !== 200) throw new Error(`sign-in failed: ${first.status} ${first.text}`);
  const second = await agent.request('POST', '/api/auth/totp', { code: nextTotpCode(user, systemClock) });
  if (second.status !== 200) throw new Error(`two-factor failed: ${second.status} ${second.text}`);
  return agent;
}

/** A fetch client with a cookie jar and the CSRF header, for talking to a child server. */
export class HttpAgent {
  readonly base: string;
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;
  constructor(base: string) {
    this.base = base;
  }
  async request(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; json: () => unknown; text: string; headers: Headers }> {
    if (method !== 'GET' && !this.csrf) {
      const r = await this.request('GET', '/api/auth/csrf');
      this.csrf = (r.json() as { token: string }).token;
    }
    const response = await fetch(this.base + url, {
      method,
      headers: {
        cookie: this.cookieHeader(),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // The CSRF token is bound to the session: a sign-in step hands the new one.
    this.csrf = response.headers.get('x-csrf-token') ?? this.csrf;
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text), headers: response.headers };
  }

  /** The Cookie header this agent sends (for a stream opened beside it). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
