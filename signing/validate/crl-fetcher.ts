/**
 * Online CRL retrieval for the validator (RFC 5280 §4.2.1.13 CRL distribution points, HTTP only),
 * with the safety rules an auditor's server needs: an optional host allow-list, no connection to
 * loopback, private, link-local, CGNAT or multicast addresses unless configured (the resolved
 * address is the one connected to, so DNS rebinding cannot redirect a checked name), a timeout, a
 * size cap and a small time-bounded cache. Failures yield no CRL, never an exception.
 */
import * as dns from 'node:dns/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import type { Certificate } from '../pki/certificate';
import type { RevocationFetcher } from './validate-pdf';

export interface CrlFetcherOptions {
  /** Host names (exact, case-insensitive) that may be contacted; all hosts when absent. */
  readonly allowList?: readonly string[];
  /** Allow loopback and private addresses (development PKI on localhost). Default false. */
  readonly allowPrivateAddresses?: boolean;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly cacheTtlMs?: number;
  readonly clock?: () => Date;
  /** Name resolution (injected in tests); default: all addresses from the system resolver. */
  readonly lookup?: (host: string) => Promise<string[]>;
}

/** RFC 6890 special-purpose ranges we never contact by default. */
export function isPrivateAddress(address: string): boolean {
  if (net.isIPv4(address)) {
    const [a, b] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (net.isIPv6(address)) {
    const x = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(x);
    if (mapped) return isPrivateAddress(mapped[1]);
    return (
      x === '::' ||
      x === '::1' ||
      /^f[cd]/.test(x) || // fc00::/7 unique local
      /^fe[89ab]/.test(x) || // fe80::/10 link-local
      /^ff/.test(x) // multicast
    );
  }
  return true; // not an IP address: refuse
}

export class HttpCrlFetcher implements RevocationFetcher {
  private readonly cache = new Map<string, { at: number; der: Buffer | null }>();
  private readonly options: Required<Omit<CrlFetcherOptions, 'allowList'>> & {
    allowList?: readonly string[];
  };

  constructor(options: CrlFetcherOptions = {}) {
    this.options = {
      allowPrivateAddresses: false,
      timeoutMs: 5000,
      maxBytes: 10 * 1024 * 1024,
      cacheTtlMs: 10 * 60 * 1000,
      clock: () => new Date(),
      lookup: async (host) => (await dns.lookup(host, { all: true })).map((a) => a.address),
      ...options,
    };
  }

  async fetchCrls(certificate: Certificate): Promise<readonly Buffer[]> {
    const out: Buffer[] = [];
    for (const url of certificate.crlDistributionPoints.slice(0, 4)) {
      const der = await this.fetchUrl(url);
      if (der) out.push(der);
    }
    return out;
  }

  /** The body at `url`, or null when refused, failed, too large or too slow. */
  async fetchUrl(url: string): Promise<Buffer | null> {
    const now = this.options.clock().getTime();
    const cached = this.cache.get(url);
    if (cached && now - cached.at < this.options.cacheTtlMs) return cached.der;
    const der = await this.fetchUncached(url);
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(url, { at: now, der });
    return der;
  }

  private async fetchUncached(url: string): Promise<Buffer | null> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if (u.protocol !== 'http:') return null; // RFC 5280 §4.2.1.13: CRLs over HTTP (or LDAP: unsupported)
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const allow = this.options.allowList;
    if (allow && !allow.some((h) => h.toLowerCase() === host.toLowerCase())) return null;
    let addresses: string[];
    try {
      addresses = net.isIP(host) ? [host] : await this.options.lookup(host);
    } catch {
      return null;
    }
    if (addresses.length === 0) return null;
    if (!this.options.allowPrivateAddresses && addresses.some(isPrivateAddress)) return null;
    return this.get(u, addresses[0]);
  }

  private get(u: URL, address: string): Promise<Buffer | null> {
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: address,
          port: u.port || 80,
          path: u.pathname + u.search,
          method: 'GET',
          headers: { Host: u.host, Accept: 'application/pkix-crl' },
          timeout: this.options.timeoutMs,
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return resolve(null);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > this.options.maxBytes) {
              req.destroy();
              resolve(null);
            } else chunks.push(c);
          });
          res.on('end', () => resolve(Buffer.concat(chunks)));
          res.on('error', () => resolve(null));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        resolve(null);
      });
      req.on('error', () => resolve(null));
      req.end();
    });
  }
}
