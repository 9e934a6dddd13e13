// The validation pages' strings (vi first, en) and the labels of the validation API's codes: batch file
// states and verdicts, trust anchor sources. The label maps are typed by the generated enums, so a new
// value on the server fails the type check until it has its label.
import type { ResponseOf } from '../../api/types';
import { defineStrings } from '../../i18n/i18n';
import type { Label } from '../../labels/labels';

export type ValidationBatch = ResponseOf<'/api/validation/batches/{id}', 'get'>;
export type BatchFile = ValidationBatch['files'][number];
export type BatchFileState = BatchFile['state'];
export type BatchVerdict = NonNullable<BatchFile['verdict']>;
export type TrustConfiguration = ResponseOf<'/api/admin/trust', 'get'>;
export type TrustAnchor = TrustConfiguration['anchors'][number];
export type TrustMode = TrustConfiguration['mode'];
type RawReportView = ResponseOf<'/api/validation/reports/{id}/view', 'get'>['view'];
type RawSignatureView = RawReportView['signatures'][number];
/** Label–value rows (openapi-fetch answers the schema's pairs as string arrays). */
export type Facts = readonly (readonly string[])[];
/** The report as people read it, as GET /api/validation/reports/:id/view answers it. */
export type ReportView = Omit<RawReportView, 'facts' | 'signatures'> & {
  readonly facts: Facts;
  readonly signatures: readonly (Omit<RawSignatureView, 'facts'> & { readonly facts: Facts })[];
};
export type ReportTone = ReportView['tone'];

export const BATCH_STATE_LABELS: Readonly<Record<BatchFileState, Label>> = {
  queued: { vi: 'Đang chờ', en: 'Queued' },
  running: { vi: 'Đang kiểm tra', en: 'Validating' },
  done: { vi: 'Xong', en: 'Done' },
  failed: { vi: 'Lỗi', en: 'Failed' },
};

export const BATCH_VERDICT_LABELS: Readonly<Record<BatchVerdict, Label>> = {
  TOTAL_PASSED: { vi: 'Hợp lệ', en: 'Passed' },
  TOTAL_FAILED: { vi: 'Không hợp lệ', en: 'Failed' },
  INDETERMINATE: { vi: 'Chưa xác định', en: 'Indeterminate' },
  NO_SIGNATURE: { vi: 'Không có chữ ký', en: 'No signature' },
  UNREADABLE: { vi: 'Không đọc được', en: 'Unreadable' },
};

export const BATCH_VERDICT_TONE: Readonly<Record<BatchVerdict, ReportTone>> = {
  TOTAL_PASSED: 'passed',
  TOTAL_FAILED: 'failed',
  UNREADABLE: 'failed',
  INDETERMINATE: 'indeterminate',
  NO_SIGNATURE: 'indeterminate',
};

export const ANCHOR_SOURCE_LABELS: Readonly<Record<TrustAnchor['source'], Label>> = {
  shipped: { vi: 'Gốc Việt Nam kèm theo', en: 'Shipped Vietnamese root' },
  admin: { vi: 'Quản trị viên thêm', en: 'Added by an administrator' },
  file: { vi: 'Tệp cấu hình', en: 'Configuration file' },
  development: { vi: 'PKI phát triển', en: 'Development PKI' },
};

export const TRUST_MODE_LABELS: Readonly<Record<TrustMode, Label>> = {
  development: {
    vi: 'Chế độ phát triển: CA gốc của PKI phát triển được tin cậy.',
    en: 'Development mode: the development PKI root is trusted.',
  },
  production: { vi: 'Chế độ vận hành.', en: 'Production mode.' },
};

export const VALIDATION_STRINGS = defineStrings({
  vi: {
    title: 'Kiểm tra chữ ký số',
    lead: 'Kiểm tra chữ ký số của văn bản PDF theo ETSI EN 319 102-1: tính toàn vẹn, chứng thư, thu hồi, dấu thời gian và mọi thay đổi sau khi ký.',
    tabs: 'Các mục kiểm tra chữ ký',
    tabFile: 'Kiểm tra tệp',
    tabBatches: 'Kiểm tra theo lô',
    tabTrust: 'Chứng thư tin cậy',
    pick: 'Chọn tệp PDF',
    dropHint: 'hoặc kéo thả tệp PDF vào đây',
    options: 'Tùy chọn kiểm tra',
    offline: 'Chỉ dùng dữ liệu thu hồi có trong tệp (không tra cứu trực tuyến)',
    at: 'Kiểm tra tại thời điểm (để trống: bây giờ)',
    atHint: 'Giờ Việt Nam (UTC+07:00).',
    crlFiles: 'Tệp CRL bạn có (tùy chọn)',
    ocspFiles: 'Phản hồi OCSP bạn có (tùy chọn)',
    evidenceHint: 'Dùng cùng dữ liệu thu hồi trong tệp và được kiểm tra như dữ liệu đó (nguồn: ngoại tuyến).',
    validating: 'Đang kiểm tra {name}…',
    download: 'Tải báo cáo',
    downloadPdf: 'Tải báo cáo PDF',
    downloadHtml: 'Tải báo cáo HTML',
    downloadJson: 'Tải báo cáo JSON',
    another: 'Kiểm tra tệp khác',
    batchesLead: 'Nhiều tệp được kiểm tra ở chế độ nền; kết quả của từng tệp hiện ra khi xong.',
    newBatch: 'Tạo lô kiểm tra',
    batchName: 'Tên lô kiểm tra',
    batchFiles: 'Các tệp PDF',
    batchCreate: 'Tạo lô và tải tệp lên',
    batchCreating: 'Đang tạo lô và tải tệp lên…',
    batchNoFiles: 'Hãy chọn ít nhất một tệp PDF.',
    uploadingFiles: 'Đang tải lên {done}/{total} tệp',
    batchesRecent: 'Các lô gần đây',
    noBatches: 'Chưa có lô kiểm tra nào.',
    colName: 'Tên',
    colCreated: 'Tạo lúc',
    colProgress: 'Tiến độ',
    colSeq: 'STT',
    colFile: 'Tệp',
    colState: 'Trạng thái',
    colVerdict: 'Kết luận',
    colReport: 'Báo cáo',
    progress: 'Đã kiểm tra {done}/{total} tệp',
    progressLabel: 'Tiến độ kiểm tra lô',
    failedFiles: '{n} tệp không kiểm tra được',
    open: 'Xem',
    openReportOf: 'Xem báo cáo của {name}',
    noReport: 'Chưa có',
    trustLead:
      'Các chứng thư gốc mà mọi lần kiểm tra đều tin cậy. Chứng thư gốc Việt Nam kèm theo hệ thống luôn có mặt, được ghim bằng dấu vân tay SHA-256.',
    anchors: 'Chứng thư tin cậy',
    colSubject: 'Chủ thể',
    colSource: 'Nguồn',
    colSha256: 'SHA-256',
    colValidity: 'Hiệu lực',
    colActions: 'Thao tác',
    validityRange: '{from} – {to}',
    remove: 'Gỡ',
    removeAnchor: 'Gỡ chứng thư {subject}',
    removing: 'Đang gỡ chứng thư…',
    addTitle: 'Thêm chứng thư tin cậy',
    addAnchor: 'Thêm chứng thư tin cậy (PEM)',
    pemHint: 'Dán chứng thư PEM (-----BEGIN CERTIFICATE-----) hoặc chọn tệp chứng thư bên dưới.',
    pemFile: 'Hoặc chọn tệp chứng thư (.pem, .crt, .cer)',
    pemFileHint: 'hoặc kéo thả tệp chứng thư vào đây: nội dung PEM hiện ở ô trên',
    pemFileUnreadable: 'Không đọc được tệp {name}.',
    label: 'Ghi chú',
    add: 'Thêm',
    adding: 'Đang thêm chứng thư…',
    hostsTitle: 'Máy chủ CRL/OCSP',
    hosts: 'Máy chủ CRL/OCSP được phép tra cứu (mỗi dòng một tên)',
    hostsNone: 'Chưa cho phép máy chủ nào: chỉ dùng dữ liệu thu hồi có trong tệp.',
    hostsAllowed: 'Máy chủ được phép tra cứu: {hosts}',
    save: 'Lưu',
    saving: 'Đang lưu…',
    saved: 'Đã lưu.',
    added: 'Đã thêm chứng thư.',
    removed: 'Đã gỡ chứng thư.',
    readOnly: 'Chỉ quản trị viên của đơn vị cấp tỉnh mới thay đổi được cấu hình tin cậy.',
  },
  en: {
    title: 'Signature validation',
    lead: 'Validate the digital signatures of a PDF per ETSI EN 319 102-1: integrity, certificates, revocation, timestamps and every change after signing.',
    tabs: 'Signature validation sections',
    tabFile: 'Validate a file',
    tabBatches: 'Batches',
    tabTrust: 'Trust anchors',
    pick: 'Choose a PDF',
    dropHint: 'or drop a PDF here',
    options: 'Validation options',
    offline: 'Only revocation data embedded in the file (no online lookups)',
    at: 'Validate at (empty: now)',
    atHint: 'Vietnam time (UTC+07:00).',
    crlFiles: 'CRL files you hold (optional)',
    ocspFiles: 'OCSP responses you hold (optional)',
    evidenceHint: 'Used beside the revocation data in the file and checked like it (source: offline).',
    validating: 'Validating {name}…',
    download: 'Download the report',
    downloadPdf: 'Download PDF report',
    downloadHtml: 'Download HTML report',
    downloadJson: 'Download JSON report',
    another: 'Validate another file',
    batchesLead: 'Many files are validated in the background; each file’s verdict appears when done.',
    newBatch: 'New batch',
    batchName: 'Batch name',
    batchFiles: 'PDF files',
    batchCreate: 'Create the batch and upload',
    batchCreating: 'Creating the batch and uploading…',
    batchNoFiles: 'Choose at least one PDF.',
    uploadingFiles: 'Uploading {done}/{total} files',
    batchesRecent: 'Recent batches',
    noBatches: 'No batches yet.',
    colName: 'Name',
    colCreated: 'Created',
    colProgress: 'Progress',
    colSeq: 'No.',
    colFile: 'File',
    colState: 'State',
    colVerdict: 'Verdict',
    colReport: 'Report',
    progress: '{done}/{total} files validated',
    progressLabel: 'Batch progress',
    failedFiles: '{n} files could not be validated',
    open: 'Open',
    openReportOf: 'Open the report of {name}',
    noReport: 'None yet',
    trustLead:
      'The anchors every validation trusts. The Vietnamese roots shipped with the system are always there, pinned by their SHA-256 fingerprints.',
    anchors: 'Trust anchors',
    colSubject: 'Subject',
    colSource: 'Source',
    colSha256: 'SHA-256',
    colValidity: 'Validity',
    colActions: 'Actions',
    validityRange: '{from} – {to}',
    remove: 'Remove',
    removeAnchor: 'Remove the anchor {subject}',
    removing: 'Removing the anchor…',
    addTitle: 'Add a trust anchor',
    addAnchor: 'Add a trust anchor (PEM)',
    pemHint: 'Paste a PEM certificate (-----BEGIN CERTIFICATE-----) or choose a certificate file below.',
    pemFile: 'Or choose a certificate file (.pem, .crt, .cer)',
    pemFileHint: 'or drop a certificate file here: its PEM shows in the box above',
    pemFileUnreadable: 'Could not read the file {name}.',
    label: 'Label',
    add: 'Add',
    adding: 'Adding the anchor…',
    hostsTitle: 'CRL/OCSP hosts',
    hosts: 'CRL/OCSP hosts that may be contacted (one per line)',
    hostsNone: 'No host allowed: only revocation data embedded in files is used.',
    hostsAllowed: 'Hosts that may be contacted: {hosts}',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Saved.',
    added: 'Anchor added.',
    removed: 'Anchor removed.',
    readOnly: 'Only an administrator of the province-level unit changes the trust configuration.',
  },
});
