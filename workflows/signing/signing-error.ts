import { CodedError } from '../../signing/errors';

/**
 * Codes of the signing workflows (credentials, signing a stored document, two-step sessions). The HTTP
 * statuses are in server/http/error-status.ts (suffix rules, plus exact entries for the others).
 */
export type SigningErrorCode =
  | 'SIGNING_CREDENTIAL_NOT_FOUND'
  | 'SIGNING_OWNER_NOT_FOUND'
  | 'DEV_PKI_UNAVAILABLE'
  | 'SIGNING_CREDENTIAL_INVALID'
  | 'SIGNING_CREDENTIAL_DUPLICATE'
  | 'SIGNING_CREDENTIAL_INACTIVE'
  | 'SIGNING_TOKEN_NOT_FOUND'
  | 'SIGNING_KEY_EXTERNAL'
  | 'SIGNING_KEY_NOT_EXTERNAL'
  | 'SIGNING_KEY_INVALID'
  | 'SIGNING_PIN_MISSING'
  | 'SIGNING_PIN_INCORRECT'
  | 'SIGNING_PIN_LOCKED'
  | 'SIGNING_LEVEL_INVALID'
  | 'SIGNING_SERVICE_UNAVAILABLE'
  | 'SIGNING_SESSION_NOT_FOUND'
  | 'SIGNING_SESSION_EXPIRED'
  | 'SIGNING_SESSION_USED'
  | 'SIGNING_SESSION_STALE'
  | 'SIGNING_IMAGE_INVALID'
  | 'SIGNING_IMAGE_NOT_TRANSPARENT'
  | 'SIGNING_IMAGE_DIMENSIONS'
  | 'SIGNING_SETTINGS_INVALID'
  | 'PREPARED_PDF_INVALID'
  | 'DOCUMENT_FIELDS_MISSING';

export class SigningError extends CodedError {
  declare readonly code: SigningErrorCode;

  constructor(
    code: SigningErrorCode,
    message: { vi: string; en: string },
    options?: { details?: Record<string, unknown>; cause?: unknown },
  ) {
    super(code, message, options);
  }

  static credentialNotFound(id: string): SigningError {
    return new SigningError(
      'SIGNING_CREDENTIAL_NOT_FOUND',
      { vi: 'Không tìm thấy chứng thư ký số', en: 'Signing credential not found' },
      { details: { credentialId: id } },
    );
  }

  static ownerNotFound(owner: { userId: string } | { unitId: string }): SigningError {
    return new SigningError(
      'SIGNING_OWNER_NOT_FOUND',
      {
        vi: 'userId' in owner ? 'Không tìm thấy người dùng' : 'Không tìm thấy đơn vị',
        en: 'userId' in owner ? 'User not found' : 'Unit not found',
      },
      { details: { ...owner } },
    );
  }

  static credentialInvalid(vi: string, en: string, details?: Record<string, unknown>): SigningError {
    return new SigningError('SIGNING_CREDENTIAL_INVALID', { vi, en }, { details });
  }

  static inactive(id: string): SigningError {
    return new SigningError(
      'SIGNING_CREDENTIAL_INACTIVE',
      { vi: 'Chứng thư ký số đã bị ngừng sử dụng', en: 'The signing credential is deactivated' },
      { details: { credentialId: id } },
    );
  }

  static serviceMissing(service: 'timestamp' | 'revocation', level: string): SigningError {
    return new SigningError(
      'SIGNING_SERVICE_UNAVAILABLE',
      {
        vi: `Mức ${level} cần dịch vụ ${service === 'timestamp' ? 'cấp dấu thời gian' : 'thông tin thu hồi'} nhưng máy chủ chưa cấu hình`,
        en: `Level ${level} needs a ${service} service, which is not configured`,
      },
      { details: { service, level } },
    );
  }

  static preparedPdfMismatch(): SigningError {
    return new SigningError('PREPARED_PDF_INVALID', {
      vi: 'Tệp PDF đã chuẩn bị không khớp với phiên ký',
      en: 'The prepared PDF does not match the prepared signature',
    });
  }

  static keyTypeUnsupported(type: string): SigningError {
    return new SigningError(
      'SIGNING_KEY_INVALID',
      {
        vi: `Loại khóa ${type} không được hỗ trợ khi ký hai bước`,
        en: `Key type ${type} is not supported for two-step signing`,
      },
      { details: { type } },
    );
  }

  static externalOnly(id: string): SigningError {
    return new SigningError(
      'SIGNING_KEY_EXTERNAL',
      {
        vi: 'Khóa ký nằm trên thiết bị của người ký: hãy dùng ký hai bước (chuẩn bị / hoàn tất)',
        en: 'The key is on the signer’s own device: use two-step signing (prepare / complete)',
      },
      { details: { credentialId: id } },
    );
  }

  static notExternal(id: string): SigningError {
    return new SigningError(
      'SIGNING_KEY_NOT_EXTERNAL',
      {
        vi: 'Khóa ký do máy chủ quản lý: không dùng ký hai bước, hãy ký bằng mã PIN',
        en: 'The key is held by the server: sign with the PIN instead of two-step signing',
      },
      { details: { credentialId: id } },
    );
  }

  static pinMissing(): SigningError {
    return new SigningError('SIGNING_PIN_MISSING', {
      vi: 'Cần nhập mã PIN / mật khẩu của khóa ký (tiêu đề X-Signing-Pin)',
      en: 'The PIN / password of the signing key is required (X-Signing-Pin header)',
    });
  }

  /**
   * A wrong PIN for a server-held key (the PKCS#12 password the signer types as PIN), with the attempts
   * left before the credential is locked for `lockMs`.
   */
  static pinIncorrect(id: string, attemptsLeft: number, lockMs: number, cause?: unknown): SigningError {
    const minutes = Math.round(lockMs / 60_000);
    return new SigningError(
      'SIGNING_PIN_INCORRECT',
      {
        vi: `Mã PIN không đúng. Còn ${attemptsLeft} lần thử trước khi khóa ${minutes} phút.`,
        en: `Wrong PIN. ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left before a ${minutes}-minute lock.`,
      },
      { details: { credentialId: id, attemptsLeft, lockMinutes: minutes }, cause },
    );
  }

  static pinLocked(id: string, until: Date): SigningError {
    return new SigningError(
      'SIGNING_PIN_LOCKED',
      {
        vi: `Nhập sai mã PIN quá nhiều lần; khóa ký bị tạm khóa đến ${until.toISOString()}`,
        en: `Too many wrong PINs; the signing key is locked until ${until.toISOString()}`,
      },
      { details: { credentialId: id, lockedUntil: until.toISOString() } },
    );
  }

  static levelInvalid(level: string, allowed: readonly string[]): SigningError {
    return new SigningError(
      'SIGNING_LEVEL_INVALID',
      {
        vi: `Mức chữ ký ${level} không được phép ở bước này (cho phép: ${allowed.join(', ')})`,
        en: `Signature level ${level} is not allowed for this step (allowed: ${allowed.join(', ')})`,
      },
      { details: { level, allowed } },
    );
  }

  static sessionNotFound(id: string): SigningError {
    return new SigningError(
      'SIGNING_SESSION_NOT_FOUND',
      { vi: 'Không tìm thấy phiên ký', en: 'No such signing session' },
      { details: { sessionId: id } },
    );
  }

  static sessionExpired(id: string, at: Date): SigningError {
    return new SigningError(
      'SIGNING_SESSION_EXPIRED',
      {
        vi: `Phiên ký đã hết hạn lúc ${at.toISOString()}; hãy chuẩn bị ký lại`,
        en: `The signing session expired at ${at.toISOString()}; prepare a new one`,
      },
      { details: { sessionId: id, expiresAt: at.toISOString() } },
    );
  }

  static sessionUsed(id: string): SigningError {
    return new SigningError(
      'SIGNING_SESSION_USED',
      { vi: 'Phiên ký này đã được hoàn tất', en: 'This signing session is already completed' },
      { details: { sessionId: id } },
    );
  }

  static sessionStale(id: string): SigningError {
    return new SigningError(
      'SIGNING_SESSION_STALE',
      {
        vi: 'Văn bản đã thay đổi sau khi chuẩn bị ký; hãy chuẩn bị ký lại',
        en: 'The document changed after the signature was prepared; prepare again',
      },
      { details: { sessionId: id } },
    );
  }

  static imageInvalid(): SigningError {
    return new SigningError('SIGNING_IMAGE_INVALID', {
      vi: 'Ảnh chữ ký / con dấu phải là PNG hoặc JPEG',
      en: 'The signature or seal image must be a PNG or a JPEG',
    });
  }

  static imageNotTransparent(colourType: number): SigningError {
    return new SigningError(
      'SIGNING_IMAGE_NOT_TRANSPARENT',
      {
        vi: `Ảnh PNG không có nền trong suốt (kiểu màu ${colourType}, không có kênh alpha hay tRNS): con dấu sẽ che chữ`,
        en: `The PNG has no transparency (colour type ${colourType}, no alpha channel or tRNS): the seal would cover the text`,
      },
      { details: { colourType, hasAlpha: false, hasTrns: false } },
    );
  }

  static imageDimensions(width: number, height: number, min: number, max: number): SigningError {
    return new SigningError(
      'SIGNING_IMAGE_DIMENSIONS',
      {
        vi: `Ảnh có kích thước ${width} × ${height} điểm ảnh; mỗi cạnh phải từ ${min} đến ${max} điểm ảnh`,
        en: `The image is ${width} × ${height} pixels; each side must be ${min} to ${max} pixels`,
      },
      { details: { width, height, min, max } },
    );
  }

  static fieldsMissing(documentId: string, limitBytes?: number): SigningError {
    const fields = 'so_van_ban, ngay_ban_hanh';
    return new SigningError(
      'DOCUMENT_FIELDS_MISSING',
      limitBytes === undefined
        ? {
            vi: `Văn bản chưa có ô số và ngày ban hành (${fields}) để điền khi cấp số`,
            en: `The document has no number and date fields (${fields}) to fill when numbering`,
          }
        : {
            vi:
              `Văn bản lớn hơn ${limitBytes.toLocaleString('vi-VN')} byte chưa có ô số và ngày ban hành; ` +
              `hãy tạo các ô ${fields} trong tệp dự thảo`,
            en: `A draft larger than ${limitBytes} bytes must already have the number and date fields (${fields})`,
          },
      { details: { documentId, ...(limitBytes === undefined ? {} : { limitBytes }) } },
    );
  }
}
