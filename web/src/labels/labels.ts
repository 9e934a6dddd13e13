// What a person reads instead of a code: roles, unit levels, urgency, classification, verdicts,
// edXML status codes and audit event types, in both languages. Each map is typed by the generated
// API enum it labels (api/types.ts), so a new value on the server fails the type check here until it
// has its label; no raw code (`DOCUMENT_SIGNED`, `TOTAL_PASSED`, `03`) reaches the screen.
import type {
  ArrivalVerdict,
  Classification,
  EdxmlStatusCode,
  ResponseOf,
  Role,
  UnitLevel,
  Urgency,
} from '../api/types';
import { AUDIT_EVENT_NAMES } from '../../../workflows/audit/audit-event-names';
import type { Language } from '../i18n/i18n';

export type Label = Readonly<Record<Language, string>>;

export const ROLE_LABELS: Readonly<Record<Role, Label>> = {
  specialist: { vi: 'Chuyên viên', en: 'Specialist' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  clerk: { vi: 'Văn thư', en: 'Clerk' },
  archivist: { vi: 'Lưu trữ viên', en: 'Archivist' },
  auditor: { vi: 'Thanh tra, kiểm tra', en: 'Auditor' },
  admin: { vi: 'Quản trị', en: 'Administrator' },
};

export const LEVEL_LABELS: Readonly<Record<UnitLevel, Label>> = {
  province: { vi: 'Cấp tỉnh', en: 'Province' },
  district: { vi: 'Cấp huyện', en: 'District' },
  commune: { vi: 'Cấp xã', en: 'Commune' },
};

export const URGENCY_LABELS: Readonly<Record<Urgency, Label>> = {
  normal: { vi: 'Thường', en: 'Normal' },
  urgent: { vi: 'Khẩn', en: 'Urgent' },
  very_urgent: { vi: 'Thượng khẩn', en: 'Very urgent' },
  flash: { vi: 'Hỏa tốc', en: 'Flash' },
};

export const CLASSIFICATION_LABELS: Readonly<Record<Classification, Label>> = {
  none: { vi: 'Thường', en: 'Unclassified' },
  confidential: { vi: 'Mật', en: 'Confidential' },
  secret: { vi: 'Tối mật', en: 'Secret' },
  top_secret: { vi: 'Tuyệt mật', en: 'Top secret' },
};

export const VERDICT_LABELS: Readonly<Record<ArrivalVerdict, Label>> = {
  pending: { vi: 'Đang kiểm tra', en: 'Checking' },
  TOTAL_PASSED: { vi: 'Hợp lệ', en: 'Valid' },
  TOTAL_FAILED: { vi: 'Không hợp lệ', en: 'Invalid' },
  INDETERMINATE: { vi: 'Chưa xác định', en: 'Indeterminate' },
  UNSIGNED: { vi: 'Không có chữ ký số', en: 'No digital signature' },
};

/** edXML status codes (QCVN 102:2016) of incoming documents and recalls. */
export const EDXML_STATUS_LABELS: Readonly<Record<EdxmlStatusCode, Label>> = {
  '01': { vi: 'Đã đến', en: 'Arrived' },
  '02': { vi: 'Từ chối tiếp nhận', en: 'Refused' },
  '03': { vi: 'Đã tiếp nhận', en: 'Accepted' },
  '04': { vi: 'Chờ phân công', en: 'Awaiting assignment' },
  '05': { vi: 'Đang xử lý', en: 'In progress' },
  '06': { vi: 'Hoàn thành', en: 'Completed' },
  '13': { vi: 'Yêu cầu thu hồi', en: 'Recall requested' },
  '15': { vi: 'Đồng ý thu hồi', en: 'Recall accepted' },
  '16': { vi: 'Từ chối thu hồi', en: 'Recall refused' },
};

type PeerProfile = ResponseOf<'/api/federation/peers', 'get'>[number]['profile'];

/** A federation peer's edXML profile (docs/edxml-federation.md "Peers"): each field's values. */
export const PEER_PROFILE_LABELS: {
  readonly [F in keyof PeerProfile]: Readonly<Record<PeerProfile[F], Label>>;
} = {
  layout: {
    sdk: {
      vi: 'Bố cục của SDK quốc gia (gốc edXML, edXMLManifest)',
      en: 'National SDK layout (edXML root, edXMLManifest)',
    },
    envelope: {
      vi: 'Bố cục cũ của VanBan (gốc edXMLEnvelope)',
      en: "VanBan's earlier layout (edXMLEnvelope root)",
    },
  },
  attachments: {
    sdk: {
      vi: 'PDF, Word, Excel giữ nguyên; tệp khác nén ZIP',
      en: 'PDF, Word, Excel as they are; other files zipped',
    },
    zip: { vi: 'Mọi tệp nén ZIP', en: 'Every file zipped' },
  },
  statusForm: {
    'message-header': {
      vi: 'Trạng thái trong MessageHeader (SDK quốc gia)',
      en: 'Status in a MessageHeader (national SDKs)',
    },
    status: { vi: 'Thông điệp edXML:Status', en: 'edXML:Status message' },
  },
  signatureAlgorithm: {
    'rsa-sha256': { vi: 'RSA-SHA256', en: 'RSA-SHA256' },
    'rsa-sha1': { vi: 'RSA-SHA1 (thuật toán yếu)', en: 'RSA-SHA1 (weak algorithm)' },
  },
};

/**
 * Audit event types (AuditEventPayloads in workflows/*-audit-events.ts and server/jobs/job-audit-events.ts:
 * a TypeScript union, a plain string in the API; test/web/pages/audit-labels.test.ts checks each has one).
 * One table with the server's export: workflows/audit/audit-event-names.ts (a module without imports,
 * bundled into the app by Vite).
 */
export const AUDIT_EVENT_LABELS: Readonly<Record<string, Label>> = AUDIT_EVENT_NAMES;

const OTHER_EVENT: Label = { vi: 'Sự kiện khác', en: 'Other event' };

/** The label of a code in a map, or `fallback` (a generic label: the code itself never shows alone). */
export function labelOf(
  map: Readonly<Record<string, Label>>,
  code: string,
  lang: Language,
  fallback = OTHER_EVENT,
): string {
  return (map[code] ?? fallback)[lang];
}
