import https from 'node:https';
import tls from 'node:tls';
import { FederationError } from './federation-error';
import type { FederationPeer } from './federation-peer';

/** The inbox path every VanBan server serves (server/routes/federation-routes.ts). */
export const FEDERATION_INBOX_PATH = '/api/federation/inbox';

/** What the peer's inbox answered (its JSON body). */
export interface PeerAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Posts a signed edXML message to a peer's inbox; throws FEDERATION_PEER_UNAVAILABLE or _REFUSED. */
export type PeerTransport = (peer: FederationPeer, message: Buffer) => Promise<PeerAnswer>;

const MAX_ANSWER = 64 * 1024;

/**
 * The HTTPS transport: POST `application/xml` to `{peer.baseUrl}/api/federation/inbox` and nowhere else —
 * the address comes from the peer configuration, never from a package. TLS is verified against the peer's
 * configured CAs (or the system roots) with the usual host name check; no redirect is followed, no
 * connection is reused, and the request is abandoned after `timeoutMs`. A 2xx answer is returned; a 4xx
 * other than 408/429 (the peer refused the message: FEDERATION_PEER_REFUSED with the peer's status and error
 * code, permanent: the job fails at once) and anything else — 5xx, 408, 429, no answer, a timeout
 * (FEDERATION_PEER_UNAVAILABLE) — throw; only the latter retry with back-off.
 */
export function httpsPeerTransport(o: { readonly timeoutMs?: number } = {}): PeerTransport {
  const timeoutMs = o.timeoutMs ?? 60_000;
  return (peer, message) =>
    new Promise<PeerAnswer>((resolve, reject) => {
      const url = new URL(`${peer.baseUrl}${FEDERATION_INBOX_PATH}`);
      if (url.protocol !== 'https:') {
        reject(FederationError.unavailable(peer.name, 'the peer address is not https'));
        return;
      }
      let ca: string[] | undefined;
      if (peer.tlsCaPem) {
        ca = [...peer.tlsCaPem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map(
          (m) => m[0],
        );
      }
      const req = https.request(
        url,
        {
          method: 'POST',
          agent: false,
          ...(ca ? { ca } : {}),
          rejectUnauthorized: true,
          checkServerIdentity: tls.checkServerIdentity,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/xml',
            'content-length': String(message.length),
            accept: 'application/json',
            'user-agent': 'VanBan-federation/1',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_ANSWER) chunks.push(c);
          });
          res.on('error', (e) => reject(FederationError.unavailable(peer.name, e.message, e)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            let body: Record<string, unknown> = {};
            try {
              const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
            } catch {
              // not JSON: keep {}
            }
            if (status >= 200 && status < 300) {
              resolve({ status, body });
              return;
            }
            const err = (body.error ?? {}) as { code?: unknown; message?: unknown; messageVi?: unknown };
            const code = typeof err.code === 'string' ? err.code.slice(0, 100) : undefined;
            // A refusal of the message itself is permanent; 408 and 429 (and 5xx) mean "later".
            if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
              const said = typeof err.messageVi === 'string' ? err.messageVi : err.message;
              reject(
                FederationError.refused(
                  peer.name,
                  status,
                  code,
                  typeof said === 'string' ? said.slice(0, 500) : undefined,
                ),
              );
              return;
            }
            reject(FederationError.unavailable(peer.name, `HTTP ${status}${code ? ` ${code}` : ''}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => reject(FederationError.unavailable(peer.name, e.message, e)));
      req.end(message);
    });
}
