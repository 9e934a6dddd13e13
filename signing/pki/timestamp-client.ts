import type { DigestAlgorithm } from '../cms/algorithms';

/**
 * Obtains RFC 3161 timestamp tokens. Implementations: DevTimestampClient (in-process development
 * TSA) and HttpTimestampClient (RFC 3161 §3.4 over HTTP).
 */
export interface TimestampClient {
  /**
   * A TimeStampToken (ContentInfo{SignedData} with TSTInfo, RFC 3161 §2.4.2) over `digest`, the
   * hash of the data to timestamp computed with `hash`. Throws PkiError TSA_ERROR when refused.
   */
  timestamp(digest: Buffer, hash: DigestAlgorithm): Promise<Buffer>;
}
