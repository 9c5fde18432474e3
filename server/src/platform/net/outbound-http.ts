import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { checkOutbound, type OutboundPolicy, type OutboundTarget } from './outbound-address.ts';

/** One attempt's outcome: `error` is null exactly when the receiver answered 2xx. */
export interface OutboundAttempt {
  status: number | null;
  error: string | null;
  /** The policy refused the URL: no connection was made. */
  refused: boolean;
}

/**
 * POSTs to a URL someone else chose: checks it (outbound-address.ts), then connects to the
 * checked address and nowhere else. The socket's lookup answers that address, so there is no
 * second DNS resolution for a changed answer to slip into, while TLS (SNI, certificate name) and
 * the Host header still carry the URL's name. Redirects are not followed: a 3xx is a failure.
 */
export async function postOutbound(
  rawUrl: string,
  policy: OutboundPolicy,
  message: {
    headers: Record<string, string>;
    body: string | Buffer;
    timeoutMs: number;
    requireHttps?: boolean;
    /** The caller's own end (a job's timeout): the request stops at whichever comes first. */
    signal?: AbortSignal;
  },
): Promise<OutboundAttempt> {
  const target = await checkOutbound(rawUrl, policy, { requireHttps: message.requireHttps ?? false });
  if (!target.ok) return { status: null, error: `not sent: ${target.detail}`, refused: true };
  if (message.signal?.aborted) return { status: null, error: 'not sent: aborted', refused: false };
  const dispatcher = new Agent({ connect: { lookup: pinnedLookup(target), timeout: message.timeoutMs } });
  try {
    const response = await request(target.url, {
      method: 'POST',
      headers: message.headers,
      body: message.body,
      dispatcher,
      signal: message.signal
        ? AbortSignal.any([AbortSignal.timeout(message.timeoutMs), message.signal])
        : AbortSignal.timeout(message.timeoutMs),
    });
    await response.body.dump();
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return { status: response.statusCode, error: ok ? null : `HTTP ${response.statusCode}`, refused: false };
  } catch (error) {
    return {
      status: null,
      error: error instanceof Error ? error.message.slice(0, 300) : 'unknown error',
      refused: false,
    };
  } finally {
    await dispatcher.destroy();
  }
}

/** A lookup that answers the checked address for the checked name, and refuses any other name. */
function pinnedLookup(target: OutboundTarget): LookupFunction {
  return (hostname, options, callback) => {
    if (hostname !== target.host) {
      callback(new Error(`no lookup for ${hostname}: only the checked address is connected to`), '', 0);
    } else if (options.all) {
      callback(null, [{ address: target.address, family: target.family }]);
    } else {
      callback(null, target.address, target.family);
    }
  };
}
