// The incoming document (văn bản đến) as GET /api/incoming and /api/incoming/:id answer it, picked from
// the generated schema, and the labels of what the API gives as plain strings: the ETSI EN 319 102-1
// indication and sub-indication of each signature (signing/validate/validation-result.ts; the
// schema types them `string`), so no code reaches the screen without its words.
import type { ResponseOf } from '../../api/types';
import type { Language } from '../../i18n/i18n';
import type { Label } from '../../labels/labels';

export type IncomingItem = ResponseOf<'/api/incoming', 'get'>['items'][number];
export type IncomingDetail = ResponseOf<'/api/incoming/{id}', 'get'>;
export type IncomingSummary = ResponseOf<'/api/incoming/summary', 'get'>;
export type IncomingAction = IncomingDetail['actions'][number];
export type ArrivalValidation = IncomingDetail['validation'];
export type DoneValidation = Extract<ArrivalValidation, { state: 'done' }>;
export type SignatureResult = DoneValidation['signatures'][number];
export type HandlingResult = NonNullable<IncomingDetail['handlingResult']>;
export type Assignee = ResponseOf<'/api/incoming/assignees', 'get'>['items'][number];

/** The incoming statuses a person filters by (edXML 01–06). */
export const INCOMING_STATUS_CODES = ['01', '02', '03', '04', '05', '06'] as const;

/** The list each document page belongs to (its breadcrumb and menu entry). */
export type IncomingSection = 'inbox' | 'assignments';

export const INCOMING_SECTION_HASH: Readonly<Record<IncomingSection, string>> = {
  inbox: '#/inbox',
  assignments: '#/assignments',
};

/** ETSI EN 319 102-1 Table 5: the sub-indications the validator produces. */
const SUB_INDICATION_LABELS: Readonly<Record<string, Label>> = {
  FORMAT_FAILURE: { vi: 'Sai cấu trúc chữ ký', en: 'Malformed signature' },
  HASH_FAILURE: { vi: 'Nội dung đã ký bị thay đổi', en: 'The signed content was changed' },
  SIG_CRYPTO_FAILURE: { vi: 'Giá trị chữ ký sai', en: 'The signature value does not verify' },
  REVOKED: { vi: 'Chứng thư đã bị thu hồi', en: 'The certificate was revoked' },
  SIG_CONSTRAINTS_FAILURE: { vi: 'Không đáp ứng ràng buộc chữ ký', en: 'Signature constraints not met' },
  CHAIN_CONSTRAINTS_FAILURE: {
    vi: 'Chuỗi chứng thư không đáp ứng ràng buộc',
    en: 'Certificate chain constraints not met',
  },
  CRYPTO_CONSTRAINTS_FAILURE: {
    vi: 'Thuật toán mật mã không còn được chấp nhận',
    en: 'Cryptographic algorithm no longer accepted',
  },
  CRYPTO_CONSTRAINTS_FAILURE_NO_POE: {
    vi: 'Thuật toán đã hết hạn an toàn, không có bằng chứng thời điểm ký',
    en: 'Algorithm past its sunset, no proof of existence',
  },
  NO_SIGNING_CERTIFICATE_FOUND: {
    vi: 'Không tìm thấy chứng thư người ký',
    en: 'No signing certificate found',
  },
  NO_CERTIFICATE_CHAIN_FOUND: {
    vi: 'Không có chuỗi tới gốc tin cậy',
    en: 'No path to a trusted root',
  },
  NOT_YET_VALID: { vi: 'Chứng thư chưa có hiệu lực', en: 'The certificate is not yet valid' },
  OUT_OF_BOUNDS_NO_POE: {
    vi: 'Chứng thư hết hạn, không có bằng chứng thời điểm ký',
    en: 'Certificate expired, no proof of the signing time',
  },
  TRY_LATER: {
    vi: 'Chưa có thông tin thu hồi, cần kiểm tra lại sau',
    en: 'Revocation data not available yet, try later',
  },
  SIGNED_DATA_NOT_FOUND: { vi: 'Không tìm thấy dữ liệu được ký', en: 'The signed data was not found' },
};

const OTHER_SUB_INDICATION: Label = { vi: 'Lý do khác', en: 'Other reason' };

/** A sub-indication in words, its ETSI name beside it (auditors and vendors speak in those names). */
export function subIndicationText(code: string, lang: Language): string {
  const label = SUB_INDICATION_LABELS[code] ?? OTHER_SUB_INDICATION;
  return `${label[lang]} (${code})`;
}

/** Whether a signature's indication is one the verdict badge labels. */
export function isIndication(s: string): s is 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' {
  return s === 'TOTAL_PASSED' || s === 'TOTAL_FAILED' || s === 'INDETERMINATE';
}
