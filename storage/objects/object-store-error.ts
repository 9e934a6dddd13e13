import { CodedError } from '../../signing/errors';

/** Codes thrown by every ObjectStore implementation; the HTTP layer maps them to statuses. */
export type ObjectStoreErrorCode =
  | 'OBJECT_NOT_FOUND'
  | 'OBJECT_CORRUPT'
  | 'OBJECT_RETAINED'
  | 'OBJECT_STORE_UNAVAILABLE'
  | 'OBJECT_TOO_LARGE'
  | 'OBJECT_KEY_INVALID'
  | 'OBJECT_METADATA_INVALID'
  | 'OBJECT_RETENTION_UNSUPPORTED'
  | 'ARCHIVE_OBJECT_NOT_FOUND'
  | 'ARCHIVE_OBJECT_CORRUPT';

/**
 * The one error class of storage/objects. Build instances through the static constructors so that
 * every code always carries the same bilingual message and details.
 */
export class ObjectStoreError extends CodedError {
  declare readonly code: ObjectStoreErrorCode;

  private constructor(
    code: ObjectStoreErrorCode,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, options);
  }

  static notFound(sha256: string): ObjectStoreError {
    return new ObjectStoreError(
      'OBJECT_NOT_FOUND',
      { vi: `Không tìm thấy đối tượng ${sha256}`, en: `Object ${sha256} not found` },
      { details: { sha256 } },
    );
  }

  static corrupt(sha256: string, actual: { sha256: string; size: number }): ObjectStoreError {
    return new ObjectStoreError(
      'OBJECT_CORRUPT',
      {
        vi: `Đối tượng ${sha256} bị hỏng: nội dung không khớp mã băm SHA-256`,
        en: `Object ${sha256} is corrupt: its content does not match its SHA-256`,
      },
      { details: { sha256, actualSha256: actual.sha256, actualSize: actual.size } },
    );
  }

  static retained(
    sha256: string,
    reason: 'retention' | 'legal-hold' | 'compliance-shorten' | 'compliance-downgrade' | 'governance-shorten',
    retainUntil?: Date,
  ): ObjectStoreError {
    const until = retainUntil ? retainUntil.toISOString() : undefined;
    const vi: Record<typeof reason, string> = {
      retention: `Đối tượng ${sha256} đang trong thời hạn lưu giữ (đến ${until}), không được xóa`,
      'legal-hold': `Đối tượng ${sha256} đang bị phong tỏa pháp lý, không được xóa`,
      'compliance-shorten': `Không được rút ngắn thời hạn lưu giữ COMPLIANCE của đối tượng ${sha256} (đến ${until})`,
      'compliance-downgrade': `Không được hạ chế độ lưu giữ COMPLIANCE của đối tượng ${sha256} xuống GOVERNANCE`,
      'governance-shorten': `Rút ngắn thời hạn lưu giữ GOVERNANCE của đối tượng ${sha256} cần quyền bỏ qua`,
    };
    const en: Record<typeof reason, string> = {
      retention: `Object ${sha256} is under retention until ${until} and cannot be deleted`,
      'legal-hold': `Object ${sha256} is under legal hold and cannot be deleted`,
      'compliance-shorten': `The COMPLIANCE retention of object ${sha256} (until ${until}) cannot be shortened`,
      'compliance-downgrade': `The COMPLIANCE retention of object ${sha256} cannot be downgraded to GOVERNANCE`,
      'governance-shorten': `Shortening the GOVERNANCE retention of object ${sha256} requires a bypass`,
    };
    return new ObjectStoreError(
      'OBJECT_RETAINED',
      { vi: vi[reason], en: en[reason] },
      { details: { sha256, reason, retainUntil: until } },
    );
  }

  static unavailable(backend: string, cause?: unknown): ObjectStoreError {
    return new ObjectStoreError(
      'OBJECT_STORE_UNAVAILABLE',
      {
        vi: `Kho lưu trữ đối tượng (${backend}) không sẵn sàng`,
        en: `The object store (${backend}) is unavailable`,
      },
      { details: { backend }, cause },
    );
  }

  static tooLarge(sha256: string, maxBytes: number): ObjectStoreError {
    return new ObjectStoreError(
      'OBJECT_TOO_LARGE',
      {
        vi: `Đối tượng ${sha256} lớn hơn giới hạn ${maxBytes} byte`,
        en: `Object ${sha256} is larger than the ${maxBytes}-byte limit`,
      },
      { details: { sha256, maxBytes } },
    );
  }

  static keyInvalid(key: string): ObjectStoreError {
    return new ObjectStoreError(
      'OBJECT_KEY_INVALID',
      {
        vi: 'Khóa đối tượng phải là mã băm SHA-256 dạng 64 ký tự hex chữ thường',
        en: 'An object key must be a SHA-256 as 64 lowercase hex characters',
      },
      { details: { key: key.slice(0, 80) } },
    );
  }

  static metadataInvalid(problem: string): ObjectStoreError {
    return new ObjectStoreError(
      'OBJECT_METADATA_INVALID',
      { vi: `Siêu dữ liệu đối tượng không hợp lệ: ${problem}`, en: `Invalid object metadata: ${problem}` },
      { details: { problem } },
    );
  }

  static retentionUnsupported(backend: string): ObjectStoreError {
    return new ObjectStoreError(
      'OBJECT_RETENTION_UNSUPPORTED',
      {
        vi: `Kho ${backend} không bật khóa đối tượng (object lock), không thể đặt thời hạn lưu giữ`,
        en: `The ${backend} store has no object lock enabled; retention cannot be set`,
      },
      { details: { backend } },
    );
  }

  static archiveObjectNotFound(id: string): ObjectStoreError {
    return new ObjectStoreError(
      'ARCHIVE_OBJECT_NOT_FOUND',
      { vi: `Không tìm thấy đối tượng lưu trữ ${id}`, en: `Archival object ${id} not found` },
      { details: { id } },
    );
  }

  /** An archival object whose stored bytes are damaged or gone; never served (workflows/archive). */
  static archiveObjectCorrupt(id: string, sha256: string, problem: 'mismatch' | 'missing'): ObjectStoreError {
    return new ObjectStoreError(
      'ARCHIVE_OBJECT_CORRUPT',
      {
        vi: `Đối tượng lưu trữ ${id} bị hỏng (${problem === 'missing' ? 'mất dữ liệu' : 'nội dung không khớp mã băm'}); đã báo cho lưu trữ viên và quản trị`,
        en: `Archival object ${id} is damaged (${problem === 'missing' ? 'missing' : 'content does not match its hash'}); archivists and admins have been alerted`,
      },
      { details: { id, sha256, problem } },
    );
  }
}
