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
 */
export const AUDIT_EVENT_LABELS: Readonly<Record<string, Label>> = {
  USER_LOGGED_IN: { vi: 'Đăng nhập', en: 'Signed in' },
  USER_LOGIN_FAILED: { vi: 'Đăng nhập không thành công', en: 'Failed sign-in' },
  USER_LOCKED_OUT: { vi: 'Tạm khóa đăng nhập', en: 'Sign-in locked' },
  USER_LOGGED_OUT: { vi: 'Đăng xuất', en: 'Signed out' },
  USER_CREATED: { vi: 'Tạo tài khoản', en: 'Account created' },
  USER_UPDATED: { vi: 'Sửa tài khoản', en: 'Account updated' },
  USER_PASSWORD_SET: { vi: 'Đặt mật khẩu', en: 'Password set' },
  USER_PASSWORD_RESET: { vi: 'Cấp lại mật khẩu (dùng một lần)', en: 'Password reset (one-time)' },
  USER_LOCKED: { vi: 'Khóa tài khoản', en: 'Account locked' },
  USER_UNLOCKED: { vi: 'Mở khóa tài khoản', en: 'Account unlocked' },
  API_TOKEN_CREATED: { vi: 'Cấp mã truy cập API', en: 'API token created' },
  API_TOKEN_REVOKED: { vi: 'Thu hồi mã truy cập API', en: 'API token revoked' },
  UNIT_CREATED: { vi: 'Thành lập đơn vị', en: 'Unit created' },
  UNIT_RENAMED: { vi: 'Đổi tên đơn vị', en: 'Unit renamed' },
  UNITS_MERGED: { vi: 'Sáp nhập đơn vị', en: 'Units merged' },
  UNIT_DISSOLVED: { vi: 'Giải thể đơn vị', en: 'Unit dissolved' },
  UNIT_GROUP_CREATED: { vi: 'Tạo nhóm nơi nhận', en: 'Recipient group created' },
  UNIT_GROUP_UPDATED: { vi: 'Sửa nhóm nơi nhận', en: 'Recipient group updated' },
  UNIT_GROUP_DELETED: { vi: 'Xóa nhóm nơi nhận', en: 'Recipient group deleted' },
  CASE_FILE_CREATED: { vi: 'Lập hồ sơ', en: 'Case file opened' },
  CASE_FILE_UPDATED: { vi: 'Sửa hồ sơ', en: 'Case file updated' },
  CASE_FILE_DOCUMENT_ADDED: { vi: 'Đưa văn bản vào hồ sơ', en: 'Document filed' },
  CASE_FILE_DOCUMENT_REMOVED: { vi: 'Rút văn bản khỏi hồ sơ', en: 'Document taken out of a file' },
  CASE_FILE_CLOSED: { vi: 'Kết thúc hồ sơ', en: 'Case file closed' },
  RETENTION_PERIOD_CREATED: { vi: 'Thêm thời hạn bảo quản', en: 'Retention entry added' },
  RETENTION_PERIOD_UPDATED: { vi: 'Sửa thời hạn bảo quản', en: 'Retention entry changed' },
  ARCHIVE_TRANSFER_SUBMITTED: { vi: 'Nộp lưu hồ sơ', en: 'Files transferred to the archive' },
  ARCHIVE_TRANSFER_RETURNED: { vi: 'Trả lại hồ sơ nộp lưu', en: 'Transfer returned' },
  ARCHIVE_TRANSFER_ACCEPTED: { vi: 'Tiếp nhận hồ sơ nộp lưu', en: 'Transfer accepted' },
  ARCHIVE_TRANSFER_DUE_ALERTED: { vi: 'Nhắc hạn nộp lưu', en: 'Transfer deadline alert' },
  ARCHIVAL_RECORD_HOLD_SET: { vi: 'Phong tỏa / gỡ phong tỏa tài liệu', en: 'Legal hold changed' },
  DISPOSAL_PROPOSED: { vi: 'Đề nghị tiêu hủy tài liệu', en: 'Disposal proposed' },
  DISPOSAL_APPROVED: { vi: 'Phê duyệt tiêu hủy', en: 'Disposal approved' },
  DISPOSAL_REJECTED: { vi: 'Từ chối tiêu hủy', en: 'Disposal rejected' },
  DISPOSAL_EXECUTED: { vi: 'Tiêu hủy tài liệu', en: 'Records disposed of' },
  DISPOSAL_OBJECTS_DELETED: {
    vi: 'Xóa tệp của tài liệu đã tiêu hủy',
    en: 'Disposed records’ objects deleted',
  },
  ARCHIVE_OBJECT_STORED: {
    vi: 'Lưu tệp tài liệu lưu trữ (khóa bất biến)',
    en: 'Archival object stored (locked)',
  },
  ARCHIVE_OBJECT_CORRUPT: { vi: 'Tệp tài liệu lưu trữ bị hỏng', en: 'Archival object corrupt' },
  ARCHIVE_OBJECT_REPAIRED: {
    vi: 'Khôi phục tệp tài liệu lưu trữ từ bản sao',
    en: 'Archival object repaired',
  },
  FIXITY_RUN_STARTED: { vi: 'Bắt đầu kiểm tra toàn vẹn kho lưu trữ', en: 'Fixity check started' },
  FIXITY_RUN_FINISHED: { vi: 'Kết thúc kiểm tra toàn vẹn kho lưu trữ', en: 'Fixity check finished' },
  FIXITY_RUN_CRASHED: { vi: 'Kiểm tra toàn vẹn bị gián đoạn', en: 'Fixity check crashed' },
  ARCHIVE_LTA_RENEWED: {
    vi: 'Gia hạn chữ ký lưu trữ dài hạn (LTA)',
    en: 'Long-term signature (LTA) renewed',
  },
  ARCHIVE_LTA_RENEWAL_FAILED: {
    vi: 'Gia hạn chữ ký lưu trữ dài hạn không thành công',
    en: 'Long-term signature (LTA) renewal failed',
  },
  ARCHIVE_PACKAGE_EXPORTED: { vi: 'Xuất gói tài liệu lưu trữ', en: 'Archival package exported' },
  ARCHIVE_PACKAGE_IMPORTED: { vi: 'Nhập gói tài liệu lưu trữ', en: 'Archival package imported' },
  UNIT_SIGNING_SETTINGS_SET: { vi: 'Đặt cấu hình ký số của đơn vị', en: 'Unit signing settings set' },
  DEMO_PROVINCE_SEEDED: { vi: 'Tạo dữ liệu tỉnh mẫu', en: 'Demo province seeded' },
  FILE_UPLOADED: { vi: 'Tải lên tệp', en: 'File uploaded' },
  DOCUMENT_DRAFTED: { vi: 'Soạn dự thảo', en: 'Draft written' },
  DOCUMENT_DRAFT_EDITED: { vi: 'Sửa dự thảo', en: 'Draft edited' },
  DOCUMENT_DRAFT_DELETED: { vi: 'Xóa dự thảo', en: 'Draft deleted' },
  DOCUMENT_RECIPIENTS_SET: { vi: 'Bổ sung nơi nhận', en: 'Recipients set' },
  DOCUMENT_SETTINGS_CHANGED: { vi: 'Đổi thiết lập xử lý văn bản', en: 'Document settings changed' },
  DOCUMENT_REVIEW_DECIDED: { vi: 'Ý kiến trình duyệt', en: 'Review decision' },
  REGISTER_BOOK_SAVED: { vi: 'Lập, sửa sổ đăng ký văn bản đến', en: 'Incoming register book saved' },
  INCOMING_HANDLING_NOTED: {
    vi: 'Giao lại, gia hạn, ghi tiến độ xử lý',
    en: 'Handling noted (reassigned, extended, progress)',
  },
  DOCUMENT_ATTACHMENT_ADDED: { vi: 'Thêm phụ lục', en: 'Attachment added' },
  DOCUMENT_ATTACHMENT_REMOVED: { vi: 'Bỏ phụ lục', en: 'Attachment removed' },
  DOCUMENT_STATUS_CHANGED: { vi: 'Đổi trạng thái văn bản đi', en: 'Outgoing status changed' },
  DOCUMENT_SIGNED: { vi: 'Ký số văn bản', en: 'Document signed' },
  DOCUMENT_SENT: { vi: 'Gửi văn bản', en: 'Document sent' },
  DOCUMENT_RECALLED: { vi: 'Thu hồi văn bản', en: 'Document recalled' },
  DOCUMENT_UPDATED: { vi: 'Cập nhật văn bản đã gửi', en: 'Sent document updated' },
  DIGITISED_RECORD_CREATED: { vi: 'Tạo hồ sơ số hóa', en: 'Digitised record created' },
  DIGITISED_SCAN_ADDED: { vi: 'Tải lên bản quét', en: 'Scan uploaded' },
  DIGITISED_OCR_QUEUED: { vi: 'Đưa hồ sơ vào nhận dạng chữ', en: 'OCR queued' },
  DIGITISED_OCR_DONE: { vi: 'Hoàn tất số hóa hồ sơ', en: 'Record digitised' },
  DIGITISED_OCR_FAILED: { vi: 'Nhận dạng chữ thất bại', en: 'OCR failed' },
  INCOMING_STATUS_CHANGED: { vi: 'Đổi trạng thái văn bản đến', en: 'Incoming status changed' },
  INCOMING_VALIDATED: { vi: 'Kiểm tra chữ ký văn bản đến', en: 'Incoming signatures validated' },
  INCOMING_URGENT_NOTICE: { vi: 'Báo văn bản khẩn đến', en: 'Urgent incoming document notice' },
  INCOMING_DEADLINE_REMINDER: { vi: 'Nhắc hạn xử lý', en: 'Deadline reminder' },
  PDF_SIGNED: { vi: 'Ký số tệp PDF', en: 'PDF signed' },
  SIGNING_CREDENTIAL_ADDED: { vi: 'Thêm chứng thư ký số', en: 'Signing credential added' },
  SIGNING_CREDENTIAL_DEACTIVATED: { vi: 'Ngừng chứng thư ký số', en: 'Signing credential deactivated' },
  SIGNING_CREDENTIAL_IMAGE_SET: { vi: 'Đặt hình chữ ký', en: 'Signature image set' },
  SIGNING_PIN_REJECTED: { vi: 'Mã PIN ký số sai', en: 'Signing PIN rejected' },
  SIGNING_SESSION_PREPARED: { vi: 'Chuẩn bị ký hai bước', en: 'Two-step signing prepared' },
  DEV_CERTIFICATE_REVOKED: { vi: 'Thu hồi chứng thư thử nghiệm', en: 'Development certificate revoked' },
  SIGNATURE_VALIDATED: { vi: 'Kiểm tra chữ ký số', en: 'Signature validated' },
  VALIDATION_BATCH_CREATED: { vi: 'Tạo lô kiểm tra chữ ký', en: 'Validation batch created' },
  VALIDATION_BATCH_FILE_ADDED: { vi: 'Thêm tệp vào lô kiểm tra', en: 'File added to validation batch' },
  TRUST_ANCHOR_ADDED: { vi: 'Thêm chứng thư gốc tin cậy', en: 'Trust anchor added' },
  TRUST_ANCHOR_REMOVED: { vi: 'Bỏ chứng thư gốc tin cậy', en: 'Trust anchor removed' },
  REVOCATION_HOSTS_SET: { vi: 'Đặt máy chủ kiểm tra thu hồi', en: 'Revocation hosts set' },
  EDXML_PACKAGE_EXPORTED: { vi: 'Xuất gói edXML', en: 'edXML package exported' },
  EDXML_DOCUMENT_DELIVERED: { vi: 'Chuyển văn bản liên thông', en: 'edXML document delivered' },
  EDXML_DELIVERY_FAILED: { vi: 'Chuyển liên thông không thành công', en: 'edXML delivery failed' },
  EDXML_DOCUMENT_RECEIVED: { vi: 'Nhận văn bản liên thông', en: 'edXML document received' },
  EDXML_STATUS_SENT: { vi: 'Gửi trạng thái liên thông', en: 'edXML status sent' },
  EDXML_STATUS_RECEIVED: { vi: 'Nhận trạng thái liên thông', en: 'edXML status received' },
  EDXML_RECALL_RECEIVED: { vi: 'Nhận yêu cầu thu hồi liên thông', en: 'edXML recall received' },
  EDXML_UPDATE_RECEIVED: { vi: 'Nhận cập nhật liên thông', en: 'edXML update received' },
  FEDERATION_PEER_CREATED: { vi: 'Thêm máy chủ liên thông', en: 'Federation peer added' },
  FEDERATION_PEER_UPDATED: { vi: 'Sửa máy chủ liên thông', en: 'Federation peer updated' },
  STORAGE_OBJECTS_DELETED: { vi: 'Xóa đối tượng lưu trữ', en: 'Stored objects deleted' },
  STORAGE_SWEPT: { vi: 'Dọn kho lưu trữ', en: 'Storage swept' },
};

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
