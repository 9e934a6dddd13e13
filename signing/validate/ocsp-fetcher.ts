/**
 * Online OCSP for the validator (RFC 6960): an OCSPRequest for one certificate (§4.1.1, CertID
 * hashed with SHA-1 as §4.3 and RFC 5019 §2.1.1 require of clients), POSTed over HTTP (Appendix
 * A.1) to the responders named in the certificate's authorityInfoAccess (RFC 5280 §4.2.2.1), with an
 * optional nonce (RFC 8954). The safety rules are those of the CRL fetcher: a host allow-list, no
 * loopback, private, link-local, CGNAT or multicast address unless configured (the resolved address
 * is the one connected to), a timeout, a size cap and a small time-bounded cache. Failures yield no
 * response, never an exception; whether a response is signed by an authorised responder and speaks
 * of this certificate is decided by the validator (OcspResponse.isAuthorisedBy / find).
 */
import * as crypto from 'node:crypto';
import * as dns from 'node:dns/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import {
  children,
  decodeOid,
  explicit,
  integerFromUnsigned,
  nullValue,
  octetString,
  oid,
  readTlv,
  readWhole,
  sequence,
} from '../cms/der';
import { OID } from '../cms/oids';
import type { Certificate } from '../pki/certificate';
import { isPrivateAddress } from './crl-fetcher';

export interface OcspFetcherOptions {
  /** Host names (exact, case-insensitive) that may be contacted; all hosts when absent. */
  readonly allowList?: readonly string[];
  /** Allow loopback and private addresses (development PKI on localhost). Default false. */
  readonly allowPrivateAddresses?: boolean;
  readonly timeoutMs?: number;
  /** Largest response accepted (default 1 MiB; responses are a few kilobytes). */
  readonly maxBytes?: number;
  readonly cacheTtlMs?: number;
  /** Send a nonce (RFC 8954) and reject a response echoing another one. Default true. */
  readonly nonce?: boolean;
  readonly clock?: () => Date;
  readonly random?: (n: number) => Buffer;
  /** Name resolution (injected in tests); default: all addresses from the system resolver. */
  readonly lookup?: (host: string) => Promise<string[]>;
}

/** At most this many responders are asked per certificate (AIA may list several). */
const MAX_RESPONDERS = 2;

export class HttpOcspFetcher {
  private readonly cache = new Map<string, { at: number; der: Buffer | null }>();
  private readonly options: Required<Omit<OcspFetcherOptions, 'allowList'>> & {
    allowList?: readonly string[];
  };

  constructor(options: OcspFetcherOptions = {}) {
    this.options = {
      allowPrivateAddresses: false,
      timeoutMs: 5000,
      maxBytes: 1024 * 1024,
      cacheTtlMs: 5 * 60 * 1000,
      nonce: true,
      clock: () => new Date(),
      random: crypto.randomBytes,
      lookup: async (host) => (await dns.lookup(host, { all: true })).map((a) => a.address),
      // Members given as undefined keep their defaults.
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    };
  }

  /** DER OCSPResponses about `certificate` (issued by `issuer`) from its responders; empty when none answered. */
  async fetchOcsp(certificate: Certificate, issuer: Certificate): Promise<readonly Buffer[]> {
    for (const url of certificate.ocspUrls.slice(0, MAX_RESPONDERS)) {
      const der = await this.ask(url, certificate, issuer);
      if (der) return [der];
    }
    return [];
  }

  private async ask(url: string, certificate: Certificate, issuer: Certificate): Promise<Buffer | null> {
    const certId = certIdFor(certificate, issuer);
    const key = `${url} ${certId.toString('hex')}`;
    const now = this.options.clock().getTime();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < this.options.cacheTtlMs) return cached.der;
    const der = await this.askUncached(url, certId);
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, { at: now, der });
    return der;
  }

  private async askUncached(url: string, certId: Buffer): Promise<Buffer | null> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if (u.protocol !== 'http:') return null; // RFC 6960 Appendix A.1: OCSP over HTTP
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

    const nonce = this.options.nonce ? this.options.random(32) : undefined;
    const body = ocspRequestDer(certId, nonce);
    const der = await this.post(u, addresses[0], body);
    if (der === null) return null;
    const answer = inspectResponse(der);
    if (answer === null || answer.status !== 0) return null; // not "successful" (§4.2.1)
    // RFC 8954 §2.1: a response carrying a nonce other than ours is a replay or a mix-up.
    if (nonce && answer.nonce && !answer.nonce.equals(octetString(nonce))) return null;
    return der;
  }

  private post(u: URL, address: string, body: Buffer): Promise<Buffer | null> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (v: Buffer | null) => {
        if (!settled) {
          settled = true;
          resolve(v);
        }
      };
      const req = http.request(
        {
          host: address,
          port: u.port || 80,
          path: (u.pathname || '/') + u.search,
          method: 'POST',
          headers: {
            Host: u.host,
            'Content-Type': 'application/ocsp-request',
            'Content-Length': body.length,
            Accept: 'application/ocsp-response',
          },
          timeout: this.options.timeoutMs,
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            return done(null);
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > this.options.maxBytes) {
              req.destroy();
              done(null);
            } else chunks.push(c);
          });
          res.on('end', () => done(Buffer.concat(chunks)));
          res.on('error', () => done(null));
        },
      );
      // The timeout bounds the whole exchange, not only idle time between packets.
      const timer = setTimeout(() => {
        req.destroy();
        done(null);
      }, this.options.timeoutMs);
      timer.unref();
      req.on('close', () => clearTimeout(timer));
      req.on('timeout', () => {
        req.destroy();
        done(null);
      });
      req.on('error', () => done(null));
      req.end(body);
    });
  }
}

/** CertID (RFC 6960 §4.1.1) with SHA-1 over the issuer's name and public key BIT STRING value. */
export function certIdFor(certificate: Certificate, issuer: Certificate): Buffer {
  const [, key] = children(readTlv(issuer.subjectPublicKeyInfoDer));
  const sha1 = (b: Buffer) => crypto.createHash('sha1').update(b).digest();
  const serial = certificate.serialNumber.toString(16);
  return sequence(
    sequence(oid(OID.sha1), nullValue()),
    octetString(sha1(issuer.subjectDer)),
    octetString(sha1(key.content.subarray(1))),
    integerFromUnsigned(Buffer.from(serial.length % 2 ? `0${serial}` : serial, 'hex')),
  );
}

/**
 * OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest } with one Request and, when given, the nonce
 * extension in requestExtensions [2] (RFC 8954 §2.1: extnValue holds the DER OCTET STRING).
 */
export function ocspRequestDer(certId: Buffer, nonce?: Buffer): Buffer {
  const requestList = sequence(sequence(certId));
  const extensions = nonce
    ? [explicit(2, sequence(sequence(oid(OID.ocspNonce), octetString(octetString(nonce)))))]
    : [];
  return sequence(sequence(requestList, ...extensions));
}

/** The responseStatus and, in a successful basic response, the nonce extension's value. */
function inspectResponse(der: Buffer): { status: number; nonce?: Buffer } | null {
  try {
    const top = children(readWhole(der));
    const status = top[0]?.tag === 0x0a ? top[0].content[0] : -1;
    if (status !== 0) return { status };
    const [type, octets] = children(children(top[1])[0]);
    if (decodeOid(type) !== OID.ocspBasic) return null;
    const [tbs] = children(readWhole(octets.content));
    const ext = children(tbs).find((f) => f.tag === 0xa1); // responseExtensions [1] EXPLICIT
    if (!ext) return { status };
    for (const e of children(children(ext)[0])) {
      const parts = children(e);
      if (decodeOid(parts[0]) === OID.ocspNonce) return { status, nonce: parts[parts.length - 1].content };
    }
    return { status };
  } catch {
    return null;
  }
}
