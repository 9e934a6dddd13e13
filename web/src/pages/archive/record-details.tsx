// The parts of the record view (#/archive/records/:id) beyond the record itself: the Decree 30 Appendix VI
// metadata it was archived with (document and case file tags, with the Circular 02/2019 archival fields)
// as labelled definition lists, the latest stored signature validation verdict, the LTA renewals, and
// the record's preservation events (newest first, paged on the server).
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { offsetPager, PageRange } from '../../components/offset-pages';
import { useApi } from '../../components/use-api';
import { Card, Props } from '../../documents/document-widgets';
import { formatDateTime } from '../../format/format';
import { defineStrings, useLanguage, useStrings, type Language } from '../../i18n/i18n';
import { AUDIT_EVENT_LABELS, VERDICT_LABELS, labelOf, type Label } from '../../labels/labels';
import { Link } from '../../router/hash-router';
import './records.css';

type RecordView = ResponseOf<'/api/archive/records/{id}', 'get'>;
type MetadataEntry = RecordView['metadata']['document'][number];
type Validation = NonNullable<RecordView['latestValidation']>;
type Renewal = RecordView['renewals'][number];
type RecordEvent = ResponseOf<'/api/archive/records/{id}/events', 'get'>['items'][number];

export const RECORD_DETAIL_STRINGS = defineStrings({
  vi: {
    metadataTitle: 'Siêu dữ liệu lưu trữ (Phụ lục VI Nghị định 30/2020, Thông tư 02/2019)',
    documentMetadata: 'Thông tin văn bản',
    fileMetadata: 'Thông tin hồ sơ',
    noMetadata: 'Không có siêu dữ liệu.',
    latestVerdict: 'Kết quả kiểm tra chữ ký gần nhất',
    noVerdict: 'Chưa có kết quả kiểm tra chữ ký nào được lưu cho tài liệu này.',
    verdictResult: 'Kết quả',
    verdictAt: 'Thời điểm kiểm tra',
    verdictBy: 'Người kiểm tra',
    verdictSystem: 'Hệ thống',
    verdictSignatures: 'Số chữ ký',
    verdictPdf: 'Bản PDF được kiểm tra',
    verdictCurrent: 'Bản PDF lưu trữ hiện hành',
    verdictOlder: 'Một phiên bản PDF cũ hơn',
    verdictReport: 'Xem báo cáo kiểm tra',
    renewals: 'Các lần gia hạn chữ ký (LTA)',
    noRenewals: 'Chưa gia hạn lần nào.',
    colRenewedAt: 'Thời điểm gia hạn',
    colReason: 'Lý do',
    colTsaNotAfter: 'Chứng thư TSA cũ hết hạn',
    colNewSha: 'SHA-256 phiên bản mới',
    reason_tsa_expiring: 'Chứng thư dấu thời gian sắp hết hạn',
    reason_weak_algorithm: 'Thuật toán không còn an toàn',
    reason_no_document_timestamp: 'Chưa có dấu thời gian tài liệu',
    reason_other: 'Khác',
    events: 'Nhật ký sự kiện của tài liệu',
    noEvents: 'Chưa có sự kiện nào.',
    colEventAt: 'Thời điểm',
    colEvent: 'Sự kiện',
    colActor: 'Người thực hiện',
    colDetail: 'Chi tiết',
    system: 'Hệ thống',
    range: '{from}–{to} / {total}',
    rangeLabel: 'Đang xem sự kiện {from}–{to} trên tổng số {total}',
  },
  en: {
    metadataTitle: 'Archival metadata (Decree 30/2020 Appendix VI, Circular 02/2019)',
    documentMetadata: 'Document',
    fileMetadata: 'Case file',
    noMetadata: 'No metadata.',
    latestVerdict: 'Latest signature validation',
    noVerdict: 'No signature validation has been recorded for this record yet.',
    verdictResult: 'Result',
    verdictAt: 'Validated at',
    verdictBy: 'Validated by',
    verdictSystem: 'The system',
    verdictSignatures: 'Signatures',
    verdictPdf: 'PDF validated',
    verdictCurrent: 'The current archival PDF',
    verdictOlder: 'An older PDF version',
    verdictReport: 'Open the validation report',
    renewals: 'Signature renewals (LTA)',
    noRenewals: 'Not renewed yet.',
    colRenewedAt: 'Renewed at',
    colReason: 'Reason',
    colTsaNotAfter: 'Previous TSA certificate expiry',
    colNewSha: 'SHA-256 of the new version',
    reason_tsa_expiring: 'Timestamp certificate about to expire',
    reason_weak_algorithm: 'Algorithm no longer secure',
    reason_no_document_timestamp: 'No document timestamp yet',
    reason_other: 'Other',
    events: "The record's events",
    noEvents: 'No event yet.',
    colEventAt: 'When',
    colEvent: 'Event',
    colActor: 'By',
    colDetail: 'Details',
    system: 'The system',
    range: '{from}–{to} of {total}',
    rangeLabel: 'Showing events {from}–{to} of {total}',
  },
});

/** Decree 30/2020 Appendix VI tags (documents; incoming adds the arrival tags). */
const DOCUMENT_TAG_LABELS: Readonly<Record<string, Label>> = {
  FileCode: { vi: 'Mã hồ sơ', en: 'File code' },
  DocOrdinal: { vi: 'Số thứ tự văn bản trong hồ sơ', en: 'Ordinal in the file' },
  TypeName: { vi: 'Tên loại văn bản', en: 'Document type' },
  CodeNumber: { vi: 'Số của văn bản', en: 'Number' },
  CodeNotation: { vi: 'Ký hiệu của văn bản', en: 'Notation' },
  IssuedDate: { vi: 'Ngày, tháng, năm văn bản', en: 'Date issued' },
  OrganName: { vi: 'Tên cơ quan, tổ chức ban hành văn bản', en: 'Issuing organisation' },
  Subject: { vi: 'Trích yếu nội dung', en: 'Subject' },
  Language: { vi: 'Ngôn ngữ', en: 'Language' },
  PageAmount: { vi: 'Số lượng trang của văn bản', en: 'Pages' },
  Description: { vi: 'Ghi chú', en: 'Notes' },
  SignerInfo: { vi: 'Thông tin người ký', en: 'Signer' },
  To: { vi: 'Nơi nhận', en: 'Recipients' },
  Priority: { vi: 'Mức độ khẩn', en: 'Urgency' },
  IssuedAmount: { vi: 'Số lượng bản phát hành', en: 'Copies issued' },
  DueDate: { vi: 'Thời hạn giải quyết', en: 'Due date' },
  ArrivalDate: { vi: 'Ngày đến', en: 'Arrival date' },
  ArrivalNumber: { vi: 'Số đến', en: 'Arrival number' },
  ToPlaces: { vi: 'Đơn vị, người nhận xử lý', en: 'Handled by' },
  TraceHeaderList: { vi: 'Quá trình xử lý văn bản', en: 'Handling trail' },
};

/** Appendix VI file tags and the archival fields of Circular 02/2019/TT-BNV. */
const FILE_TAG_LABELS: Readonly<Record<string, Label>> = {
  FileCode: { vi: 'Mã hồ sơ', en: 'File code' },
  Title: { vi: 'Tiêu đề hồ sơ', en: 'Title' },
  Maintenance: { vi: 'Thời hạn bảo quản', en: 'Retention' },
  Rights: { vi: 'Chế độ sử dụng', en: 'Access regime' },
  Creator: { vi: 'Người lập hồ sơ', en: 'Creator' },
  Language: { vi: 'Ngôn ngữ', en: 'Language' },
  StartDate: { vi: 'Thời gian bắt đầu', en: 'Start date' },
  EndDate: { vi: 'Thời gian kết thúc', en: 'End date' },
  DocTotal: { vi: 'Tổng số văn bản trong hồ sơ', en: 'Documents in the file' },
  PageTotal: { vi: 'Tổng số trang của hồ sơ', en: 'Pages in the file' },
  Description: { vi: 'Ghi chú', en: 'Notes' },
  Fonds: { vi: 'Phông lưu trữ', en: 'Fonds' },
  Catalogue: { vi: 'Mục lục số', en: 'Catalogue' },
  Keywords: { vi: 'Từ khóa', en: 'Keywords' },
  Reliability: { vi: 'Mức độ tin cậy', en: 'Reliability' },
  PhysicalCondition: { vi: 'Tình trạng vật lý', en: 'Physical condition' },
};

/** The results of a fixity check of one of the record's objects (table fixity_events). */
const FIXITY_EVENT_LABELS: Readonly<Record<string, Label>> = {
  FIXITY_OK: { vi: 'Kiểm tra toàn vẹn: nguyên vẹn', en: 'Fixity check: intact' },
  FIXITY_MISMATCH: { vi: 'Kiểm tra toàn vẹn: nội dung bị thay đổi', en: 'Fixity check: content changed' },
  FIXITY_MISSING: { vi: 'Kiểm tra toàn vẹn: mất đối tượng', en: 'Fixity check: object missing' },
  FIXITY_REPAIRED: { vi: 'Khôi phục đối tượng từ bản sao', en: 'Object repaired from the replica' },
  FIXITY_READ_REFUSED: { vi: 'Từ chối đọc đối tượng hỏng', en: 'Corrupt object refused on read' },
};

/** A validation report's result as a person reads it: the indication, else the status. */
const STATUS_LABELS: Readonly<Record<string, Label>> = {
  NO_SIGNATURE: VERDICT_LABELS.UNSIGNED,
  UNREADABLE: { vi: 'Không đọc được tệp', en: 'File unreadable' },
  ABORTED: { vi: 'Kiểm tra bị dừng', en: 'Validation stopped' },
};

export function verdictLabel(v: { status: string; indication: string | null }, lang: Language): string {
  const indication = v.indication as keyof typeof VERDICT_LABELS | null;
  if (indication && VERDICT_LABELS[indication]) return VERDICT_LABELS[indication][lang];
  return labelOf(STATUS_LABELS, v.status, lang);
}

const when = (v: unknown) => formatDateTime(v as string | null);

function MetadataList({ entries, labels }: { entries: MetadataEntry[]; labels: Record<string, Label> }) {
  const t = useStrings(RECORD_DETAIL_STRINGS);
  const { lang } = useLanguage();
  if (entries.length === 0) return <p className="empty">{t('noMetadata')}</p>;
  return <Props pairs={entries.map((e) => [labels[e.tag]?.[lang] ?? e.tag, e.value] as const)} />;
}

/** The Appendix VI metadata of the record and of its case file, as stored when it was archived. */
export function RecordMetadata({ metadata }: { metadata: RecordView['metadata'] }) {
  const t = useStrings(RECORD_DETAIL_STRINGS);
  return (
    <section className="record-metadata" aria-labelledby="record-metadata-title">
      <h2 id="record-metadata-title">{t('metadataTitle')}</h2>
      <div className="card-grid">
        <Card title={t('documentMetadata')}>
          <MetadataList entries={metadata.document} labels={DOCUMENT_TAG_LABELS} />
        </Card>
        <Card title={t('fileMetadata')}>
          <MetadataList entries={metadata.file} labels={FILE_TAG_LABELS} />
        </Card>
      </div>
    </section>
  );
}

/** The last validation report recorded for one of the record's PDFs, shown on load. */
export function LatestVerdict({ validation }: { validation: Validation | null }) {
  const t = useStrings(RECORD_DETAIL_STRINGS);
  const { lang } = useLanguage();
  return (
    <Card title={t('latestVerdict')}>
      {validation ? (
        <>
          <Props
            pairs={[
              [
                t('verdictResult'),
                <Badge tone={validation.indication === 'TOTAL_PASSED' ? 'ok' : 'overdue'}>
                  {verdictLabel(validation, lang)}
                </Badge>,
              ],
              [t('verdictAt'), when(validation.createdAt)],
              [t('verdictBy'), validation.requestedBy?.fullName ?? t('verdictSystem')],
              [t('verdictSignatures'), String(validation.signatures)],
              [t('verdictPdf'), validation.current ? t('verdictCurrent') : t('verdictOlder')],
            ]}
          />
          <p>
            <Link to={`#/validation/reports/${validation.id}`}>{t('verdictReport')}</Link>
          </p>
        </>
      ) : (
        <p className="empty">{t('noVerdict')}</p>
      )}
    </Card>
  );
}

const REASONS = ['tsa_expiring', 'weak_algorithm', 'no_document_timestamp'] as const;

/** The LTA renewals of the record's PDF, newest first (each one a new object version). */
function useRenewalReason(): (reason: string) => string {
  const t = useStrings(RECORD_DETAIL_STRINGS);
  return (r: string) => {
    const key = r.replace(/-/g, '_');
    return t(
      `reason_${(REASONS as readonly string[]).includes(key) ? (key as (typeof REASONS)[number]) : 'other'}`,
    );
  };
}

export function RenewalList({ renewals }: { renewals: Renewal[] }) {
  const t = useStrings(RECORD_DETAIL_STRINGS);
  const reason = useRenewalReason();
  const columns: Column<Renewal>[] = [
    { key: 'at', header: t('colRenewedAt'), cell: (r) => when(r.at) },
    { key: 'reason', header: t('colReason'), cell: (r) => reason(r.reason) },
    { key: 'tsa', header: t('colTsaNotAfter'), cell: (r) => when(r.previousTsaNotAfter) },
    { key: 'sha', header: t('colNewSha'), cell: (r) => <code className="hash">{r.sha256}</code> },
  ];
  return (
    <>
      <h2>{t('renewals')}</h2>
      <DataTable
        caption={t('renewals')}
        columns={columns}
        rows={renewals}
        rowKey={(r) => `${r.at}-${r.objectId}`}
        empty={t('noRenewals')}
      />
    </>
  );
}

const EVENTS_PAGE = 20;

/** Legal hold placed or lifted (ARCHIVAL_RECORD_HOLD_SET). */
const HOLD_LABELS: Readonly<Record<'true' | 'false', Label>> = {
  true: { vi: 'Phong tỏa', en: 'Hold placed' },
  false: { vi: 'Gỡ phong tỏa', en: 'Hold lifted' },
};

/** The problem of a corrupt object (ARCHIVE_OBJECT_CORRUPT): as the fixity results say it. */
const PROBLEM_LABELS: Readonly<Record<string, Label>> = {
  mismatch: FIXITY_EVENT_LABELS.FIXITY_MISMATCH!,
  missing: FIXITY_EVENT_LABELS.FIXITY_MISSING!,
};

/**
 * A short summary of an event's details as a person reads it — the object's kind, a hold placed or
 * lifted and its reason, a validation's result, a renewal's reason, a hash prefix — never raw JSON or a code.
 */
function eventDetail(
  e: RecordEvent,
  lang: Language,
  kindLabel: (kind: string) => string,
  renewalReason: (reason: string) => string,
): string {
  const d = e.detail as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.kind === 'string') parts.push(kindLabel(d.kind));
  if (e.type === 'ARCHIVAL_RECORD_HOLD_SET' && typeof d.legalHold === 'boolean')
    parts.push(HOLD_LABELS[d.legalHold ? 'true' : 'false'][lang]);
  if (typeof d.status === 'string' && e.type === 'SIGNATURE_VALIDATED')
    parts.push(verdictLabel({ status: d.status, indication: (d.indication as string | null) ?? null }, lang));
  if (typeof d.problem === 'string') parts.push(labelOf(PROBLEM_LABELS, d.problem, lang));
  if (typeof d.reason === 'string' && d.reason !== '')
    parts.push(e.type.startsWith('ARCHIVE_LTA_') ? renewalReason(d.reason) : d.reason);
  if (typeof d.sha256 === 'string') parts.push(`SHA-256 ${d.sha256.slice(0, 12)}…`);
  return parts.join(' · ');
}

/** The record's events, newest first, 20 a page from the server, with "1–20 / 57" above the pager. */
export function RecordEvents({
  recordId,
  round,
  kindLabel,
}: {
  recordId: string;
  round: number;
  /** The label of an archival object kind (pdf-revision, attachment, …). */
  kindLabel: (kind: string) => string;
}) {
  const t = useStrings(RECORD_DETAIL_STRINGS);
  const { lang } = useLanguage();
  const renewalReason = useRenewalReason();
  const [page, setPage] = useState(1);
  const events = useApi(
    () =>
      ok(
        api.GET('/api/archive/records/{id}/events', {
          params: {
            path: { id: recordId },
            query: { limit: EVENTS_PAGE, offset: (page - 1) * EVENTS_PAGE },
          },
        }),
      ),
    [recordId, page, round],
  );
  const columns: Column<RecordEvent>[] = [
    { key: 'at', header: t('colEventAt'), cell: (e) => when(e.occurredAt) },
    {
      key: 'type',
      header: t('colEvent'),
      cell: (e) => labelOf(e.source === 'fixity' ? FIXITY_EVENT_LABELS : AUDIT_EVENT_LABELS, e.type, lang),
    },
    { key: 'actor', header: t('colActor'), cell: (e) => e.actorName ?? t('system') },
    {
      key: 'detail',
      header: t('colDetail'),
      cell: (e) => eventDetail(e, lang, kindLabel, renewalReason),
    },
  ];
  const data = events.status === 'ready' ? events.data : undefined;
  return (
    <section aria-labelledby="record-events-title">
      <h2 id="record-events-title">{t('events')}</h2>
      <PageRange data={data} lang={lang} text={(r) => t('range', r)} label={(r) => t('rangeLabel', r)} />
      <DataTable
        caption={t('events')}
        columns={columns}
        rows={data?.items}
        rowKey={(e) => e.id}
        error={events.status === 'failed' ? events.error : undefined}
        onRetry={events.reload}
        empty={t('noEvents')}
        pager={offsetPager(data, EVENTS_PAGE, page, setPage)}
      />
    </section>
  );
}
