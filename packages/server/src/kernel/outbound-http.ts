import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Outgoing HTTP to URLs that users typed (webhooks, external routing). Without the operator's leave
 * (`OUTBOUND_ALLOW_PRIVATE`), a URL whose host is or resolves to a loopback, private, link-local or
 * otherwise non-public address is refused — checked on the address actually connected to, so a DNS
 * answer that changes between check and connect (rebinding) gains nothing. Redirects are not followed;
 * answers are read up to a bound; every request has a timeout.
 */
export interface OutboundPolicy {
  allowPrivate: boolean;
}

export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Bytes of the answer kept; the rest is discarded unread. */
  maxResponseBytes: number;
}

export interface OutboundResponse {
  status: number;
  body: string;
  /** The answer was longer than `maxResponseBytes`. */
  truncated: boolean;
}

/** Only globally routable unicast addresses: everything else is some network's inside. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

/** Why this URL may not be asked at all (scheme, credentials), or undefined. Addresses are checked at connect. */
export function urlProblem(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'only http and https URLs are allowed';
  if (u.username || u.password) return 'credentials in the URL are not allowed (use the secret token)';
  return undefined;
}

function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const allowed = policy.allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0) {
        return callback(
          new OutboundRefused(`${hostname} resolves only to private or reserved addresses (not allowed)`),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** The one way modules call user-given URLs (built once, in compose.ts, from the configuration). */
export class OutboundHttp {
  constructor(readonly policy: OutboundPolicy) {}

  /** Network failures, refusals and timeouts reject with a readable Error. */
  request(r: OutboundRequest): Promise<OutboundResponse> {
    return outboundRequest(this.policy, r);
  }
}

function outboundRequest(policy: OutboundPolicy, r: OutboundRequest): Promise<OutboundResponse> {
  const problem = urlProblem(r.url);
  if (problem) return Promise.reject(new OutboundRefused(problem));
  const u = new URL(r.url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  // A literal address never goes through the lookup: check it here.
  if (isIP(host) && !policy.allowPrivate && !isPublicAddress(host)) {
    return Promise.reject(new OutboundRefused(`${host} is a private or reserved address (not allowed)`));
  }
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const req = lib.request(
      u,
      {
        method: r.method,
        headers: { ...r.headers, ...(r.body !== undefined ? { 'content-length': Buffer.byteLength(r.body) } : {}) },
        agent: u.protocol === 'https:' ? agents.https : agents.http,
        lookup: guardedLookup(policy),
        timeout: r.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        let truncated = false;
        res.on('data', (c: Buffer) => {
          if (kept >= r.maxResponseBytes) {
            truncated = true;
            return;
          }
          const part = c.subarray(0, r.maxResponseBytes - kept);
          if (part.length < c.length) truncated = true;
          chunks.push(part);
          kept += part.length;
        });
        res.on('end', () => {
          clearTimeout(overall);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), truncated });
        });
        res.on('error', (err) => {
          clearTimeout(overall);
          reject(err);
        });
      },
    );
    // `timeout` above is per socket inactivity; this bounds the whole exchange.
    const overall = setTimeout(
      () => req.destroy(new Error(`no complete answer within ${r.timeoutMs} ms`)),
      r.timeoutMs,
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${r.timeoutMs} ms`)));
    req.on('error', (err) => {
      clearTimeout(overall);
      reject(err);
    });
    req.end(r.body);
  });
}
