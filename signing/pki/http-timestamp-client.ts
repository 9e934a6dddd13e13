import * as crypto from 'node:crypto';
import { DigestAlgorithm } from '../cms/algorithms';
import { TimestampClient } from './timestamp-client';
import { acceptTimestampResponse, buildTimestampRequest, randomNonce, tsaError } from './timestamp-token';

/** The part of `fetch` the client uses; injected so tests and the trust allow-list control egress. */
export type Fetcher = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: Uint8Array; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export interface HttpTimestampClientOptions {
  policy?: string;
  /** Extra headers, e.g. Authorization for a commercial TSA (from configuration, never env). */
  headers?: Record<string, string>;
  timeoutMillis?: number;
  random?: (n: number) => Buffer;
}

/**
 * RFC 3161 §3.4 over HTTP: POST application/timestamp-query, expect application/timestamp-reply.
 * Every request carries a random nonce and certReq=true; the reply must echo imprint and nonce.
 */
export class HttpTimestampClient implements TimestampClient {
  constructor(
    private readonly url: string,
    private readonly fetcher: Fetcher,
    private readonly options: HttpTimestampClientOptions = {},
  ) {}

  async timestamp(digest: Buffer, hash: DigestAlgorithm): Promise<Buffer> {
    const nonce = randomNonce(this.options.random ?? crypto.randomBytes);
    const body = buildTimestampRequest(digest, hash, { nonce, certReq: true, policy: this.options.policy });
    let reply: Buffer;
    try {
      const res = await this.fetcher(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', ...this.options.headers },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMillis ?? 15000),
      });
      if (!res.ok) throw tsaError(`HTTP ${res.status} from ${this.url}`);
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('application/timestamp-reply')) throw tsaError(`unexpected content type ${type}`);
      reply = Buffer.from(await res.arrayBuffer());
    } catch (cause) {
      if (cause instanceof Error && 'code' in cause && (cause as { code: string }).code === 'TSA_ERROR')
        throw cause;
      throw tsaError(`cannot reach ${this.url}`, cause);
    }
    return acceptTimestampResponse(reply, digest, nonce);
  }
}
