import { CodedError } from '../../signing/errors';

export type FederationErrorCode =
  | 'FEDERATION_PEER_NOT_FOUND'
  | 'FEDERATION_PEER_INVALID'
  | 'FEDERATION_PEER_CONFLICT'
  | 'FEDERATION_PEER_UNKNOWN'
  | 'FEDERATION_PEER_UNAVAILABLE'
  | 'FEDERATION_PEER_REFUSED'
  | 'FEDERATION_SIGNER_UNAVAILABLE'
  | 'FEDERATION_TLS_REQUIRED'
  | 'FEDERATION_INBOX_UNAVAILABLE'
  | 'FEDERATION_DELIVERY_PENDING';

/**
 * Errors of federation with other systems. HTTP (server/http/error-status.ts): *_NOT_FOUND → 404,
 * *_INVALID → 400, *_CONFLICT → 409, *_UNAVAILABLE → 503, FEDERATION_PEER_UNKNOWN → 422,
 * FEDERATION_PEER_REFUSED → 502, FEDERATION_TLS_REQUIRED → 403, FEDERATION_DELIVERY_PENDING → 409.
 */
export class FederationError extends CodedError {
  declare readonly code: FederationErrorCode;
  /**
   * The peer refused the message itself (a 4xx other than 408/429: invalid package, unknown recipient,
   * untrusted signer): sending it again cannot help, so the job fails at once (isPermanentJobError).
   */
  readonly permanent: boolean;

  constructor(
    code: FederationErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
    cause?: unknown,
    permanent = false,
  ) {
    super(code, message, { details, cause });
    this.permanent = permanent;
  }

  /** The peer answered `status` (4xx, not 408/429) with its error code: a permanent refusal. */
  static refused(
    peer: string,
    status: number,
    peerCode: string | undefined,
    peerMessage?: string,
  ): FederationError {
    const what = `${status}${peerCode ? ` ${peerCode}` : ''}`;
    return new FederationError(
      'FEDERATION_PEER_REFUSED',
      {
        vi: `Hệ thống liên thông ${peer} từ chối gói tin (${what})`,
        en: `Federation peer ${peer} refused the message (${what})`,
      },
      {
        peer,
        status,
        ...(peerCode ? { peerCode } : {}),
        ...(peerMessage ? { peerMessage } : {}),
      },
      undefined,
      true,
    );
  }

  static invalid(field: string, vi: string, en: string, details?: Record<string, unknown>): FederationError {
    return new FederationError('FEDERATION_PEER_INVALID', { vi, en }, { field, ...details });
  }

  static peerNotFound(id: string): FederationError {
    return new FederationError(
      'FEDERATION_PEER_NOT_FOUND',
      { vi: 'Không tìm thấy hệ thống liên thông', en: 'Federation peer not found' },
      { peerId: id },
    );
  }

  /** No enabled peer answers for an organisation code: nothing can be sent there. */
  static noPeerFor(organId: string): FederationError {
    return new FederationError(
      'FEDERATION_PEER_UNKNOWN',
      {
        vi: `Chưa cấu hình hệ thống liên thông cho cơ quan ${organId}`,
        en: `No federation peer is configured for organisation ${organId}`,
      },
      { organId },
    );
  }

  static unavailable(peer: string, reason: string, cause?: unknown): FederationError {
    return new FederationError(
      'FEDERATION_PEER_UNAVAILABLE',
      {
        vi: `Không kết nối được hệ thống liên thông ${peer}: ${reason}`,
        en: `Federation peer ${peer} is unavailable: ${reason}`,
      },
      { peer, reason },
      cause,
    );
  }

  static signerUnavailable(reason: string, cause?: unknown): FederationError {
    return new FederationError(
      'FEDERATION_SIGNER_UNAVAILABLE',
      {
        vi: `Máy chủ chưa có chứng thư ký gói tin edXML: ${reason}`,
        en: `The server has no edXML signing certificate: ${reason}`,
      },
      { reason },
      cause,
    );
  }
}
