import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Invalid } from '../errors.ts';

/**
 * Where the server may send HTTP requests whose URL someone else chose (an SMS gateway's
 * webhook, a browser's Web Push endpoint), so that such a URL cannot reach the internal network
 * (SSRF): only public unicast addresses, unless the installation lists a closed network's gateway.
 */
export interface OutboundPolicy {
  /** Production: plain http is refused. */
  httpsOnly: boolean;
  /** Development and tests: loopback passes unlisted (a receiver on this machine). */
  allowLoopback: boolean;
  allowlist: OutboundAllowlist;
  /** TSUNAGU_DNS_SERVERS (`ip` or `ip:port`); null asks the system's resolver. */
  dnsServers: readonly string[] | null;
}

/** TSUNAGU_WEBHOOK_ALLOWLIST: names whose addresses pass whatever they are, and address ranges that pass. */
export interface OutboundAllowlist {
  hosts: readonly string[];
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export type OutboundRefusalReason = 'scheme' | 'https_required' | 'unresolvable' | 'internal_address';

/** The checked address to connect to, and the name that TLS and the Host header still carry. */
export interface OutboundTarget {
  ok: true;
  url: URL;
  /** The URL's host without IPv6 brackets: what the connection looks up (and only that). */
  host: string;
  address: string;
  family: 4 | 6;
}

export interface OutboundRefusal {
  ok: false;
  reason: OutboundRefusalReason;
  /** For logs and a delivery's last error: names the host and address, never a person. */
  detail: string;
}

/** Parses TSUNAGU_WEBHOOK_ALLOWLIST: comma-separated host names, addresses or CIDR ranges. */
export function parseAllowlist(raw: string): OutboundAllowlist {
  const hosts: string[] = [];
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of raw.split(',').map((e) => e.trim().toLowerCase())) {
    if (entry === '') continue;
    const bare = entry.replace(/^\[(.*)\]$/, '$1');
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`"${entry}" is not a CIDR range`);
      ranges.push(ipaddr.parseCIDR(entry));
    } else if (isIP(bare) !== 0) {
      const address = ipaddr.parse(bare);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?$/.test(entry)) {
      hosts.push(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`"${entry}" is neither a host name, an address nor a CIDR range`);
    }
  }
  return { hosts, ranges };
}

/**
 * Resolves the URL's host once and answers the one address to connect to, or why not. Every
 * address the name resolves to must pass (a name that mixes a public and an internal address is
 * refused): a public unicast address, loopback where the policy allows it, or one the allowlist
 * covers (by the name itself or by a range). `requireHttps` holds whatever the mode (Web Push).
 */
export async function checkOutbound(
  rawUrl: string,
  policy: OutboundPolicy,
  options: { requireHttps?: boolean } = {},
): Promise<OutboundTarget | OutboundRefusal> {
  const refuse = (reason: OutboundRefusalReason, detail: string): OutboundRefusal => ({
    ok: false,
    reason,
    detail,
  });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse('scheme', 'not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return refuse('scheme', `${url.protocol} is not http or https`);
  if (url.protocol === 'http:' && (policy.httpsOnly || options.requireHttps))
    return refuse('https_required', 'plain http is refused: https only');
  // WHATWG URL has already normalised every IPv4 notation (2130706433, 0x7f.1) to dotted form.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : await resolveOnce(host, policy.dnsServers);
  } catch (error) {
    return refuse('unresolvable', `${host} did not resolve (${errorCode(error)})`);
  }
  if (addresses.length === 0) return refuse('unresolvable', `${host} has no address`);
  const listedName = policy.allowlist.hosts.includes(host.replace(/\.$/, ''));
  for (const address of addresses) {
    const kind = addressKind(address);
    if (!listedName && !isAllowedAddress(address, kind, policy))
      return refuse('internal_address', `${host} is ${address} (${kind}), not in TSUNAGU_WEBHOOK_ALLOWLIST`);
  }
  // One address, one attempt: IPv4 first, since a host without IPv6 routes is the common case.
  const address = addresses.find((a) => isIP(a) === 4) ?? addresses[0]!;
  return { ok: true, url, host, address, family: isIP(address) === 4 ? 4 : 6 };
}

/** The same check at registration: a 400 naming `field`, in Japanese, saying why. */
export async function requireOutbound(
  field: string,
  rawUrl: string,
  policy: OutboundPolicy,
  options: { requireHttps?: boolean } = {},
): Promise<OutboundTarget> {
  const checked = await checkOutbound(rawUrl, policy, options);
  if (checked.ok) return checked;
  throw new Invalid(field, refusalMessages[checked.reason], refusalCodes[checked.reason]);
}

const refusalMessages: Record<OutboundRefusalReason, string> = {
  scheme: 'http:// か https:// で始まるURLを指定してください。',
  https_required: 'https:// のURLだけを登録できます（本番では http:// は使えません）。',
  unresolvable: 'URLのホスト名からアドレスを引けませんでした。URLを確かめてください。',
  internal_address:
    '内部ネットワークのアドレスには送信できません（ループバック、プライベート、リンクローカルなど）。' +
    '閉じたネットワークのゲートウェイに送るときは、サーバーの設定で許可リスト TSUNAGU_WEBHOOK_ALLOWLIST に' +
    'そのホスト名かアドレスの範囲を加えてください。',
};

const refusalCodes: Record<OutboundRefusalReason, string> = {
  scheme: 'URL_SCHEME',
  https_required: 'HTTPS_REQUIRED',
  unresolvable: 'UNRESOLVABLE_HOST',
  internal_address: 'INTERNAL_ADDRESS',
};

/** The one resolution of a check: the configured DNS servers, else the system's resolver. */
async function resolveOnce(host: string, servers: readonly string[] | null): Promise<string[]> {
  if (servers === null) return (await lookup(host, { all: true, order: 'verbatim' })).map((a) => a.address);
  // A resolver of its own for each check: nothing cached from an earlier answer.
  const resolver = new Resolver({ timeout: 2_000, tries: 2 });
  resolver.setServers(servers);
  const none = (error: unknown): string[] => {
    if (errorCode(error) === 'ENODATA' || errorCode(error) === 'ENOTFOUND') return [];
    throw error;
  };
  const [v4, v6] = await Promise.all([
    resolver.resolve4(host).catch(none),
    resolver.resolve6(host).catch(none),
  ]);
  return [...v4, ...v6];
}

/** ipaddr.js's name for the range an address is in ('unicast' = public); IPv4-mapped IPv6 as IPv4. */
function addressKind(address: string): string {
  return ipaddr.process(address).range();
}

function isAllowedAddress(address: string, kind: string, policy: OutboundPolicy): boolean {
  if (kind === 'unicast' || (kind === 'loopback' && policy.allowLoopback)) return true;
  const ranges = policy.allowlist.ranges;
  return (
    ranges.length > 0 && ipaddr.subnetMatch(ipaddr.process(address), { listed: [...ranges] }) === 'listed'
  );
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return error instanceof Error ? error.message.slice(0, 100) : 'unknown';
}
