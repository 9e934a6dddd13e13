/**
 * The words of the human report, in Vietnamese and English: what each ETSI EN 319 102-1 indication and
 * sub-indication (§5.1.3, Tables 4 and 5) means for the person holding the document, the modification
 * levels of docs/validation.md, and the labels of the report's sections.
 */
import type { Indication, ModificationLevel, SubIndication } from '../validation-result';

export type ReportLanguage = 'vi' | 'en';

export interface Phrase {
  readonly vi: string;
  readonly en: string;
}

export interface Verdict {
  readonly headline: Phrase;
  readonly explanation: Phrase;
}

export const INDICATION_NAMES: Readonly<Record<Indication, Phrase>> = {
  TOTAL_PASSED: { vi: 'Hợp lệ', en: 'Passed' },
  TOTAL_FAILED: { vi: 'Không hợp lệ', en: 'Failed' },
  INDETERMINATE: { vi: 'Chưa xác định', en: 'Indeterminate' },
};

/** A signature's verdict in plain words. `modified`: intact bytes, but a disallowed later change. */
export function signatureVerdict(
  indication: Indication,
  sub: SubIndication | undefined,
  o: { readonly documentTimestamp: boolean; readonly modified: boolean },
): Verdict {
  if (indication === 'TOTAL_PASSED') {
    return o.documentTimestamp
      ? {
          headline: { vi: 'Dấu thời gian hợp lệ', en: 'Valid document timestamp' },
          explanation: {
            vi: 'Dấu thời gian chứng minh tài liệu đã tồn tại ở dạng này tại thời điểm ghi trên dấu; tổ chức cấp dấu được tin cậy.',
            en: 'The timestamp proves the document existed in this form at the time it states; its authority is trusted.',
          },
        }
      : {
          headline: { vi: 'Chữ ký hợp lệ', en: 'Valid signature' },
          explanation: {
            vi: 'Nội dung được ký còn nguyên vẹn; chứng thư của người ký do tổ chức tin cậy cấp, còn hiệu lực và chưa bị thu hồi tại thời điểm cần kiểm tra.',
            en: 'The signed content is intact; the signer’s certificate was issued by a trusted authority, valid and not revoked at the relevant time.',
          },
        };
  }
  if (sub === 'FORMAT_FAILURE' && o.modified) {
    return {
      headline: { vi: 'Tài liệu đã bị sửa đổi sau khi ký', en: 'The document was modified after signing' },
      explanation: {
        vi: 'Các byte đã ký còn nguyên, nhưng một phiên bản thêm vào sau đó đã thay đổi nội dung theo cách chữ ký không cho phép: nội dung hiển thị hiện nay không phải nội dung đã được ký.',
        en: 'The signed bytes are intact, but a later revision changed the document in a way the signature does not allow: what a reader sees now is not what was signed.',
      },
    };
  }
  const table: Record<SubIndication, Verdict> = {
    HASH_FAILURE: {
      headline: {
        vi: 'Chữ ký không hợp lệ: nội dung đã ký bị thay đổi',
        en: 'Invalid: the signed content was changed',
      },
      explanation: {
        vi: 'Giá trị băm của phần nội dung được ký không khớp với giá trị trong chữ ký: tệp đã bị sửa sau khi ký.',
        en: 'The digest of the signed bytes does not match the one in the signature: the file was altered after signing.',
      },
    },
    SIG_CRYPTO_FAILURE: {
      headline: {
        vi: 'Chữ ký không hợp lệ: giá trị chữ ký sai',
        en: 'Invalid: the signature value does not verify',
      },
      explanation: {
        vi: 'Giá trị chữ ký không kiểm tra được bằng khóa công khai của chứng thư người ký.',
        en: 'The signature value does not verify with the public key of the signer’s certificate.',
      },
    },
    FORMAT_FAILURE: {
      headline: { vi: 'Chữ ký không hợp lệ: sai cấu trúc', en: 'Invalid: malformed signature' },
      explanation: {
        vi: 'Cấu trúc chữ ký trong PDF không đúng quy cách (vùng ký /ByteRange, /Contents hoặc dữ liệu CMS), nên không thể tin vào phạm vi đã ký.',
        en: 'The signature’s structure in the PDF is malformed (/ByteRange, /Contents or the CMS), so what it covers cannot be relied on.',
      },
    },
    REVOKED: {
      headline: { vi: 'Chứng thư của người ký đã bị thu hồi', en: 'The signer’s certificate was revoked' },
      explanation: {
        vi: 'Chứng thư đã bị thu hồi và không có dấu thời gian chứng minh chữ ký được tạo trước khi thu hồi.',
        en: 'The certificate was revoked and no timestamp proves the signature was made before the revocation.',
      },
    },
    NO_CERTIFICATE_CHAIN_FOUND: {
      headline: {
        vi: 'Chưa xác định: không có chuỗi tới gốc tin cậy',
        en: 'Indeterminate: no path to a trusted root',
      },
      explanation: {
        vi: 'Chứng thư của người ký không được cấp bởi tổ chức chứng thực nào trong danh sách tin cậy đã cấu hình. Nội dung có thể vẫn nguyên vẹn.',
        en: 'The signer’s certificate was not issued by any authority on the configured trust list. The content may still be intact.',
      },
    },
    NO_SIGNING_CERTIFICATE_FOUND: {
      headline: {
        vi: 'Chưa xác định: không tìm thấy chứng thư người ký',
        en: 'Indeterminate: signer certificate not found',
      },
      explanation: {
        vi: 'Chữ ký không chứa (hoặc không gắn đúng) chứng thư của người ký.',
        en: 'The signature does not carry (or does not correctly bind) the signer’s certificate.',
      },
    },
    OUT_OF_BOUNDS_NO_POE: {
      headline: {
        vi: 'Chưa xác định: chứng thư đã hết hạn',
        en: 'Indeterminate: the certificate has expired',
      },
      explanation: {
        vi: 'Chứng thư đã hết hạn tại thời điểm kiểm tra và không có dấu thời gian tin cậy chứng minh chữ ký được tạo khi chứng thư còn hiệu lực.',
        en: 'The certificate had expired at the validation time and no trusted timestamp proves the signature was made while it was valid.',
      },
    },
    NOT_YET_VALID: {
      headline: {
        vi: 'Chưa xác định: chứng thư chưa có hiệu lực',
        en: 'Indeterminate: certificate not yet valid',
      },
      explanation: {
        vi: 'Tại thời điểm kiểm tra, chứng thư chưa đến ngày có hiệu lực.',
        en: 'At the validation time the certificate was not yet valid.',
      },
    },
    TRY_LATER: {
      headline: {
        vi: 'Chưa xác định: thiếu thông tin thu hồi',
        en: 'Indeterminate: no revocation information',
      },
      explanation: {
        vi: 'Không có danh sách thu hồi (CRL) hay phản hồi OCSP cho chứng thư; hãy kiểm tra lại khi có kết nối tới dịch vụ tra cứu của tổ chức chứng thực.',
        en: 'No CRL or OCSP response covers the certificate; validate again when the authority’s revocation services can be reached.',
      },
    },
    CRYPTO_CONSTRAINTS_FAILURE: {
      headline: {
        vi: 'Chưa xác định: thuật toán không đủ an toàn',
        en: 'Indeterminate: algorithm not acceptable',
      },
      explanation: {
        vi: 'Thuật toán băm, thuật toán ký hoặc độ dài khóa không được hỗ trợ hoặc không còn đủ an toàn tại thời điểm kiểm tra.',
        en: 'The digest or signature algorithm or the key size is unsupported or no longer strong enough at the validation time.',
      },
    },
    CRYPTO_CONSTRAINTS_FAILURE_NO_POE: {
      headline: {
        vi: 'Chưa xác định: thuật toán đã hết hạn an toàn, không có bằng chứng thời điểm ký',
        en: 'Indeterminate: algorithm past its sunset, no proof of existence',
      },
      explanation: {
        vi: 'Chữ ký dùng thuật toán hoặc độ dài khóa chỉ được chấp nhận đến một thời điểm đã qua, và không có dấu thời gian tin cậy chứng minh chữ ký đã tồn tại trước thời điểm đó.',
        en: 'The signature uses an algorithm or key size accepted only until a date that has passed, and no trusted timestamp proves the signature existed before that date.',
      },
    },
    SIG_CONSTRAINTS_FAILURE: {
      headline: {
        vi: 'Chưa xác định: chữ ký thiếu thuộc tính bắt buộc',
        en: 'Indeterminate: a required attribute is missing',
      },
      explanation: {
        vi: 'Chữ ký PAdES thiếu thuộc tính bắt buộc (ví dụ signing-certificate-v2).',
        en: 'The PAdES signature lacks a required attribute (e.g. signing-certificate-v2).',
      },
    },
    CHAIN_CONSTRAINTS_FAILURE: {
      headline: {
        vi: 'Chưa xác định: chuỗi chứng thư vi phạm ràng buộc',
        en: 'Indeterminate: certificate chain constraints violated',
      },
      explanation: {
        vi: 'Một chứng thư trong chuỗi không được phép dùng cho mục đích này (mục đích sử dụng khóa, ràng buộc CA hoặc độ dài chuỗi).',
        en: 'A certificate in the chain may not be used this way (key usage, CA constraints or path length).',
      },
    },
    SIGNED_DATA_NOT_FOUND: {
      headline: {
        vi: 'Chưa xác định: không đọc được dữ liệu đã ký',
        en: 'Indeterminate: signed data unreadable',
      },
      explanation: {
        vi: 'Không đọc được phần dữ liệu mà chữ ký bao trùm.',
        en: 'The data the signature covers could not be read.',
      },
    },
  };
  if (sub !== undefined && table[sub]) return table[sub];
  return indication === 'TOTAL_FAILED'
    ? {
        headline: { vi: 'Chữ ký không hợp lệ', en: 'Invalid signature' },
        explanation: table.FORMAT_FAILURE.explanation,
      }
    : {
        headline: { vi: 'Chưa xác định được hiệu lực', en: 'Validity could not be determined' },
        explanation: {
          vi: 'Các kiểm tra không đi đến kết luận.',
          en: 'The checks could not reach a conclusion.',
        },
      };
}

/** The document's verdict. */
export function documentVerdict(
  status: 'VALIDATED' | 'NO_SIGNATURE' | 'UNREADABLE' | 'ABORTED',
  indication: Indication | null,
  problemCode: string | null,
): Verdict {
  if (status === 'NO_SIGNATURE')
    return {
      headline: { vi: 'Tài liệu không có chữ ký số', en: 'The document has no digital signature' },
      explanation: {
        vi: 'Không tìm thấy chữ ký số nào trong tệp: không có gì bảo đảm nguồn gốc và tính toàn vẹn của tài liệu.',
        en: 'No digital signature was found: nothing vouches for the document’s origin and integrity.',
      },
    };
  if (status === 'UNREADABLE')
    return {
      headline: { vi: 'Tệp không phải PDF đọc được', en: 'The file is not a readable PDF' },
      explanation: {
        vi: 'Không thể kiểm tra chữ ký vì tệp không phải PDF hoặc bị hỏng tới mức không phục hồi được.',
        en: 'Signatures cannot be checked: the file is not a PDF or is damaged beyond repair.',
      },
    };
  if (status === 'ABORTED')
    return {
      headline: {
        vi:
          problemCode === 'VALIDATION_TIMEOUT'
            ? 'Chưa xác định: kiểm tra quá thời gian cho phép'
            : problemCode === 'VALIDATION_MEMORY_LIMIT'
              ? 'Chưa xác định: kiểm tra vượt giới hạn bộ nhớ'
              : 'Chưa xác định: kiểm tra bị dừng',
        en:
          problemCode === 'VALIDATION_TIMEOUT'
            ? 'Indeterminate: validation exceeded its time limit'
            : problemCode === 'VALIDATION_MEMORY_LIMIT'
              ? 'Indeterminate: validation exceeded its memory limit'
              : 'Indeterminate: validation was stopped',
      },
      explanation: {
        vi: 'Tệp đã được kiểm tra trong môi trường cách ly và bị dừng trước khi có kết luận; một tệp được tạo ra để làm treo hoặc cạn bộ nhớ máy chủ cũng có biểu hiện này. Không có chữ ký nào được coi là hợp lệ.',
        en: 'The file was checked in isolation and stopped before a conclusion; a file crafted to hang or exhaust the server behaves this way. No signature is considered valid.',
      },
    };
  if (indication === 'TOTAL_PASSED')
    return {
      headline: { vi: 'Tất cả chữ ký hợp lệ', en: 'All signatures are valid' },
      explanation: {
        vi: 'Mọi chữ ký và dấu thời gian trong tài liệu đều hợp lệ.',
        en: 'Every signature and timestamp in the document is valid.',
      },
    };
  if (indication === 'TOTAL_FAILED')
    return {
      headline: { vi: 'Có chữ ký không hợp lệ', en: 'At least one signature is invalid' },
      explanation: {
        vi: 'Ít nhất một chữ ký không hợp lệ: không được dựa vào tài liệu này như một bản đã ký nguyên vẹn.',
        en: 'At least one signature failed: do not rely on this document as an intact signed original.',
      },
    };
  return {
    headline: {
      vi: 'Chưa xác định được hiệu lực của chữ ký',
      en: 'Signature validity could not be determined',
    },
    explanation: {
      vi: 'Không có chữ ký nào bị phát hiện là sai, nhưng ít nhất một chữ ký chưa xác định được hiệu lực (xem lý do bên dưới).',
      en: 'No signature was found invalid, but at least one could not be determined (see the reasons below).',
    },
  };
}

export const MODIFICATION_NAMES: Readonly<Record<ModificationLevel, Phrase>> = {
  NONE: { vi: 'Không có thay đổi', en: 'No change' },
  LTA_UPDATES: {
    vi: 'Bổ sung dữ liệu kiểm tra lâu dài (DSS, dấu thời gian)',
    en: 'Long-term validation data (DSS, timestamps)',
  },
  FORM_FILLING: { vi: 'Điền biểu mẫu, ký thêm', en: 'Form filling and further signatures' },
  ANNOTATIONS: { vi: 'Thêm chú thích', en: 'Annotations' },
  OTHER: { vi: 'Thay đổi nội dung khác (không được phép)', en: 'Other changes (not allowed)' },
};

export const REVOCATION_NAMES: Readonly<Record<string, Phrase>> = {
  good: { vi: 'Chưa bị thu hồi', en: 'Not revoked' },
  revoked: { vi: 'Đã bị thu hồi', en: 'Revoked' },
  unknown: { vi: 'Không rõ (thiếu thông tin thu hồi)', en: 'Unknown (no revocation data)' },
  'trust-anchor': { vi: 'Gốc tin cậy', en: 'Trust anchor' },
};

export const REVOCATION_SOURCES: Readonly<Record<string, Phrase>> = {
  cms: { vi: 'trong chữ ký', en: 'in the signature' },
  dss: { vi: 'trong DSS của tài liệu', en: 'in the document’s DSS' },
  online: { vi: 'tra cứu trực tuyến', en: 'fetched online' },
  offline: { vi: 'do người kiểm tra cung cấp', en: 'supplied by the auditor' },
};

export const COVERAGE_NAMES: Readonly<Record<string, Phrase>> = {
  ENTIRE_FILE: { vi: 'Toàn bộ tệp', en: 'The whole file' },
  ENTIRE_REVISION: { vi: 'Toàn bộ phiên bản đã ký', en: 'The whole signed revision' },
  PARTIAL: { vi: 'Một phần (không hợp lệ)', en: 'Partial (not valid)' },
  NONE: { vi: 'Không xác định', en: 'None' },
};

export const TRUST_SOURCES: Readonly<Record<string, Phrase>> = {
  shipped: { vi: 'gốc Việt Nam kèm theo', en: 'shipped Vietnamese root' },
  admin: { vi: 'quản trị viên thêm', en: 'added by an administrator' },
  development: { vi: 'PKI phát triển', en: 'development PKI' },
  file: { vi: 'tệp cấu hình', en: 'configuration file' },
  'command-line': { vi: 'dòng lệnh', en: 'command line' },
};

/** Section labels and fixed phrases. */
export const LABELS = {
  title: { vi: 'Báo cáo kiểm tra chữ ký số', en: 'Digital signature validation report' },
  file: { vi: 'Tệp', en: 'File' },
  sha256: { vi: 'Mã băm SHA-256', en: 'SHA-256' },
  size: { vi: 'Kích thước', en: 'Size' },
  bytes: { vi: 'byte', en: 'bytes' },
  generatedAt: { vi: 'Lập báo cáo lúc', en: 'Report generated' },
  validationTime: { vi: 'Thời điểm kiểm tra', en: 'Validation time' },
  revocationMode: { vi: 'Thông tin thu hồi', en: 'Revocation data' },
  offline: { vi: 'chỉ dữ liệu có trong tệp (ngoại tuyến)', en: 'embedded data only (offline)' },
  online: { vi: 'dữ liệu trong tệp và tra cứu trực tuyến', en: 'embedded and fetched online' },
  summary: { vi: 'Tóm tắt tài liệu', en: 'Document summary' },
  signatureCount: { vi: 'Số chữ ký', en: 'Signatures' },
  revisions: { vi: 'Số phiên bản (lần lưu)', en: 'Revisions' },
  lastCovered: { vi: 'Phiên bản cuối được ký', en: 'Last revision signed' },
  readerSees: { vi: 'Nội dung hiển thị hiện nay', en: 'What a reader sees now' },
  seesSigned: {
    vi: 'chính là nội dung đã được ký (chữ ký cuối cùng bao trùm toàn bộ tệp)',
    en: 'is what was signed (the last signature covers the whole file)',
  },
  seesUnsigned: {
    vi: 'có {n} phiên bản được thêm sau chữ ký cuối cùng mà không ai ký: nội dung hiển thị có thể khác nội dung đã ký',
    en: '{n} revision(s) were added after the last signature and nobody signed them: what is shown may differ from what was signed',
  },
  seesChanged: {
    vi: 'khác với nội dung đã ký: có thay đổi không được phép sau khi ký',
    en: 'differs from what was signed: there are disallowed changes after signing',
  },
  yes: { vi: 'Có', en: 'Yes' },
  no: { vi: 'Không', en: 'No' },
  encrypted: { vi: 'Tệp được mã hóa', en: 'Encrypted' },
  repaired: { vi: 'Tệp phải sửa bảng tham chiếu khi đọc', en: 'Cross-reference repaired on reading' },
  repairedUnsigned: {
    vi: 'Phiên bản chưa ai ký phải sửa bảng tham chiếu mới đọc được',
    en: 'Unsigned revision needed cross-reference repair to be read',
  },
  warnings: { vi: 'Lưu ý', en: 'Notes' },
  trustAnchors: { vi: 'Gốc tin cậy đã dùng', en: 'Trust anchors used' },
  signature: { vi: 'Chữ ký', en: 'Signature' },
  documentTimestamp: { vi: 'Dấu thời gian tài liệu', en: 'Document timestamp' },
  field: { vi: 'Trường chữ ký', en: 'Signature field' },
  signer: { vi: 'Người ký', en: 'Signer' },
  kind: { vi: 'Loại', en: 'Kind' },
  kindSignature: { vi: 'Chữ ký phê duyệt', en: 'Approval signature' },
  kindCertification: { vi: 'Chữ ký chứng nhận (DocMDP P={p})', en: 'Certification signature (DocMDP P={p})' },
  kindTimestamp: { vi: 'Dấu thời gian tài liệu (RFC 3161)', en: 'Document timestamp (RFC 3161)' },
  indication: { vi: 'Kết luận (ETSI EN 319 102-1)', en: 'Indication (ETSI EN 319 102-1)' },
  claimedTime: { vi: 'Thời điểm ký tự khai', en: 'Claimed signing time' },
  provenTime: { vi: 'Thời điểm được chứng minh (dấu thời gian)', en: 'Proven time (timestamp)' },
  noProof: { vi: 'không có dấu thời gian tin cậy', en: 'no trusted timestamp' },
  untrustedTimestamp: { vi: 'dấu thời gian không được tin cậy', en: 'timestamp not trusted' },
  coverage: { vi: 'Phạm vi được ký', en: 'Coverage' },
  revision: { vi: 'Phiên bản được ký', en: 'Signed revision' },
  algorithms: { vi: 'Thuật toán', en: 'Algorithms' },
  intact: { vi: 'Nội dung đã ký còn nguyên', en: 'Signed bytes intact' },
  modifiedAfter: { vi: 'Thay đổi sau khi ký', en: 'Changes after signing' },
  chain: { vi: 'Chuỗi chứng thư', en: 'Certificate chain' },
  subject: { vi: 'Chủ thể', en: 'Subject' },
  validity: { vi: 'Hiệu lực', en: 'Validity' },
  revocation: { vi: 'Tình trạng thu hồi', en: 'Revocation' },
  timestamps: { vi: 'Dấu thời gian', en: 'Timestamps' },
  changes: { vi: 'Các thay đổi sau khi ký, theo phiên bản', en: 'Changes after signing, by revision' },
  changeDetails: { vi: 'Chi tiết từng đối tượng thay đổi', en: 'Changed objects in detail' },
  changeCount: { vi: 'Số thay đổi', en: 'Changes' },
  fields: { vi: 'Trường biểu mẫu', en: 'Form fields' },
  genTime: { vi: 'Thời điểm ghi trên dấu', en: 'Time stated' },
  object: { vi: 'Đối tượng', en: 'Object' },
  level: { vi: 'Mức', en: 'Level' },
  detail: { vi: 'Chi tiết', en: 'Detail' },
  noChanges: { vi: 'Không có phiên bản nào sau chữ ký này.', en: 'No revision after this signature.' },
  moreChanges: {
    vi: '… và {n} thay đổi khác (xem báo cáo JSON)',
    en: '… and {n} more changes (see the JSON report)',
  },
  reasons: { vi: 'Lý do kỹ thuật (tiếng Anh)', en: 'Technical reasons' },
  allowed: { vi: 'được phép', en: 'allowed' },
  notAllowed: { vi: 'không được phép', en: 'not allowed' },
  page: { vi: 'Trang {i}/{n}', en: 'Page {i} of {n}' },
  footer: {
    vi: 'Báo cáo do VanBan lập theo ETSI EN 319 102-1; kết luận chỉ có giá trị với tệp có mã băm trên.',
    en: 'Generated by VanBan following ETSI EN 319 102-1; it applies only to the file with the hash above.',
  },
  none: { vi: '—', en: '—' },
  from: { vi: 'từ', en: 'from' },
  to: { vi: 'đến', en: 'to' },
  revisionN: { vi: 'Phiên bản {n}', en: 'Revision {n}' },
  problem: { vi: 'Vấn đề', en: 'Problem' },
} as const satisfies Record<string, Phrase>;

export function say(p: Phrase, lang: ReportLanguage, params: Record<string, string | number> = {}): string {
  return p[lang].replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}
