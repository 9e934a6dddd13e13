import { CodedError } from '../../signing/errors';

export type DocumentErrorCode =
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_INVALID'
  | 'DOCUMENT_STATE_INVALID'
  | 'DOCUMENT_NUMBER_DUPLICATE'
  | 'DOCUMENT_CLASSIFIED'
  | 'DOCUMENT_PAPER_ONLY'
  | 'RECIPIENT_UNKNOWN'
  | 'RECIPIENT_DISSOLVED'
  | 'RECIPIENTS_EMPTY'
  | 'INCOMING_NOT_FOUND'
  | 'INCOMING_STATE_INVALID'
  | 'INCOMING_NOT_ASSIGNEE'
  | 'REVIEW_PENDING'
  | 'REVIEW_NOT_YOUR_TURN';

/**
 * Errors of the document workflows. HTTP (server/): *_NOT_FOUND → 404, *_STATE_INVALID,
 * DOCUMENT_NUMBER_DUPLICATE, REVIEW_PENDING → 409, REVIEW_NOT_YOUR_TURN, DOCUMENT_CLASSIFIED, DOCUMENT_PAPER_ONLY, INCOMING_NOT_ASSIGNEE → 403,
 * the others → 422.
 */
export class DocumentError extends CodedError {
  declare readonly code: DocumentErrorCode;
  constructor(
    code: DocumentErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(code, message, { details, cause });
  }

  static notFound(documentId: string): DocumentError {
    return new DocumentError(
      'DOCUMENT_NOT_FOUND',
      { vi: 'Không tìm thấy văn bản', en: 'Document not found' },
      { documentId },
    );
  }

  static incomingNotFound(incomingId: string): DocumentError {
    return new DocumentError(
      'INCOMING_NOT_FOUND',
      { vi: 'Không tìm thấy văn bản đến', en: 'Incoming document not found' },
      { incomingId },
    );
  }

  static invalid(field: string, vi: string, en: string): DocumentError {
    return new DocumentError('DOCUMENT_INVALID', { vi, en }, { field });
  }

  static state(documentId: string, status: string, action: string): DocumentError {
    return new DocumentError(
      'DOCUMENT_STATE_INVALID',
      {
        vi: `Không thể thực hiện "${action}" khi văn bản ở trạng thái "${status}"`,
        en: `Cannot ${action} a document in status ${status}`,
      },
      { documentId, status, action },
    );
  }

  static incomingState(incomingId: string, code: string, action: string): DocumentError {
    return new DocumentError(
      'INCOMING_STATE_INVALID',
      {
        vi: `Không thể thực hiện "${action}" khi văn bản đến ở trạng thái ${code}`,
        en: `Cannot ${action} an incoming document in status ${code}`,
      },
      { incomingId, statusCode: code, action },
    );
  }
}
