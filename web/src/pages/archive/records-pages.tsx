// Tài liệu lưu trữ (#/archive/records): the archive browser — archival records by fonds (phông), year,
// case file (hồ sơ) and retention, with a text filter, paged on the server ("1–50 / 1.234"), each row
// opening the record view. The record view (#/archive/records/:id): the record, the latest stored
// validation verdict, a "Kiểm tra chữ ký" button that validates the stored PDF on the server, export as
// a package, the PDF preview, the Appendix VI metadata, the LTA renewals, every stored object version
// (kind, SHA-256, retain-until, legal hold, last fixity result) and the record's events
// (record-details.tsx).
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, SelectField, TextField, useAction } from '../../components/form';
import { offsetPager, PageRange } from '../../components/offset-pages';
import { PdfPreview } from '../../components/pdf-preview';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { BackLink, Card, Props } from '../../documents/document-widgets';
import { formatBytes, formatDate, formatDateTime } from '../../format/format';
import { defineStrings, useLanguage, useStrings } from '../../i18n/i18n';
import { Link, navigate, to } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { ArchiveNav } from './archive-nav';
import { LatestVerdict, RecordEvents, RecordMetadata, RenewalList, verdictLabel } from './record-details';

type RecordsPageData = ResponseOf<'/api/archive/records/search', 'get'>;
type RecordItem = RecordsPageData['items'][number];
type RecordView = ResponseOf<'/api/archive/records/{id}', 'get'>;
type Version = RecordView['versions'][number];
type Job = ResponseOf<'/api/archive/packages/{id}', 'get'>;

export const RECORDS_STRINGS = defineStrings({
  vi: {
    recordsTitle: 'Tài liệu lưu trữ',
    recordsLead: 'Tài liệu đã nộp lưu, theo phông, năm và hồ sơ. Chọn một tài liệu để xem chi tiết.',
    year: 'Năm',
    file: 'Hồ sơ',
    allFiles: 'Tất cả hồ sơ',
    fonds: 'Phông',
    allFonds: 'Tất cả phông',
    retention: 'Thời hạn bảo quản',
    allRetentions: 'Tất cả thời hạn',
    text: 'Tiêu đề, số, ký hiệu',
    colYear: 'Năm',
    colFonds: 'Phông',
    colIssued: 'Ngày văn bản',
    range: '{from}–{to} / {total}',
    rangeLabel: 'Đang xem tài liệu {from}–{to} trên tổng số {total}',
    filter: 'Lọc',
    noRecords: 'Không có tài liệu lưu trữ nào.',
    colFile: 'Hồ sơ',
    colOrdinal: 'STT',
    colNumber: 'Số, ký hiệu',
    colSubject: 'Trích yếu',
    colAccepted: 'Ngày nhận lưu',
    colRetainUntil: 'Bảo quản đến',
    colHold: 'Phong tỏa',
    permanent: 'Vĩnh viễn',
    held: 'Đang phong tỏa',
    disposed: 'Đã tiêu hủy',
    recordInfo: 'Tài liệu lưu trữ',
    metadata: 'Thông tin tài liệu',
    sourceKind: 'Loại văn bản',
    kind_outgoing: 'Văn bản đi',
    kind_incoming: 'Văn bản đến',
    kind_digitised: 'Tài liệu số hóa',
    versions: 'Các phiên bản đối tượng lưu trữ',
    colKind: 'Loại đối tượng',
    colSha: 'SHA-256',
    colSize: 'Dung lượng',
    colCreated: 'Thời điểm lưu',
    colFixity: 'Kiểm tra toàn vẹn',
    fixity_ok: 'Nguyên vẹn',
    fixity_mismatch: 'Nội dung bị thay đổi',
    fixity_missing: 'Mất đối tượng',
    fixity_repaired: 'Đã khôi phục',
    fixity_never: 'Chưa kiểm tra',
    object_pdf_revision: 'Bản PDF',
    object_attachment: 'Tệp đính kèm',
    object_validation_report: 'Báo cáo xác thực',
    object_edxml_package: 'Gói edXML',
    object_metadata_xml: 'Siêu dữ liệu (XML)',
    object_ocr_derivative: 'Bản nhận dạng chữ (OCR)',
    noVersions: 'Chưa có đối tượng lưu trữ nào.',
    validate: 'Kiểm tra chữ ký',
    validating: 'Đang kiểm tra chữ ký…',
    verdict: 'Kết quả kiểm tra: {status}',
    exportPackage: 'Xuất gói lưu trữ',
    exporting: 'Đang xuất gói…',
    exportProgress: 'Đã ghi {done} / {total}',
    exportFailed: 'Xuất gói không thành công: {error}',
    download: 'Tải gói lưu trữ (.tar)',
    back: 'Tài liệu lưu trữ',
    openFile: 'Mở hồ sơ',
    ocrNote:
      'Tài liệu số hóa từ bản gốc giấy: bản xem trước là bản PDF/A nhận dạng chữ (OCR) của các bản quét, không phải bản gốc. Bản quét không có chữ ký số nên không kiểm tra chữ ký.',
  },
  en: {
    recordsTitle: 'Archival records',
    recordsLead: 'Records accepted into the archive, by fonds, year and case file. Pick one to see it.',
    year: 'Year',
    file: 'Case file',
    allFiles: 'All case files',
    fonds: 'Fonds',
    allFonds: 'All fonds',
    retention: 'Retention',
    allRetentions: 'All retention periods',
    text: 'Title, number, notation',
    colYear: 'Year',
    colFonds: 'Fonds',
    colIssued: 'Document date',
    range: '{from}–{to} of {total}',
    rangeLabel: 'Showing records {from}–{to} of {total}',
    filter: 'Filter',
    noRecords: 'No archival record.',
    colFile: 'Case file',
    colOrdinal: 'No.',
    colNumber: 'Number and notation',
    colSubject: 'Subject',
    colAccepted: 'Accepted',
    colRetainUntil: 'Retain until',
    colHold: 'Legal hold',
    permanent: 'Permanent',
    held: 'On legal hold',
    disposed: 'Disposed of',
    recordInfo: 'Archival record',
    metadata: 'Record details',
    sourceKind: 'Document kind',
    kind_outgoing: 'Outgoing document',
    kind_incoming: 'Incoming document',
    kind_digitised: 'Digitised record',
    versions: 'Stored object versions',
    colKind: 'Object kind',
    colSha: 'SHA-256',
    colSize: 'Size',
    colCreated: 'Stored',
    colFixity: 'Fixity',
    fixity_ok: 'Intact',
    fixity_mismatch: 'Content changed',
    fixity_missing: 'Object missing',
    fixity_repaired: 'Repaired',
    fixity_never: 'Not checked yet',
    object_pdf_revision: 'PDF',
    object_attachment: 'Attachment',
    object_validation_report: 'Validation report',
    object_edxml_package: 'edXML package',
    object_metadata_xml: 'Metadata (XML)',
    object_ocr_derivative: 'OCR text',
    noVersions: 'No stored object yet.',
    validate: 'Validate signatures',
    validating: 'Validating signatures…',
    verdict: 'Validation result: {status}',
    exportPackage: 'Export as a package',
    exporting: 'Exporting the package…',
    exportProgress: '{done} of {total} written',
    exportFailed: 'The export failed: {error}',
    download: 'Download the package (.tar)',
    back: 'Archival records',
    openFile: 'Open the case file',
    ocrNote:
      'Digitised from a paper original: the preview is the OCR PDF/A derived from its scans, not the original. A scan carries no digital signature, so there is nothing to validate.',
  },
});

/** The API's date-time fields are typed unknown by the generator; they are ISO strings or null. */
const when = (v: unknown) => formatDateTime(v as string | null);
const iso = (v: unknown) => (v as string | null) ?? '';

const objectKey = (kind: string) => `object_${kind.replace(/-/g, '_')}` as const;

const PAGE_SIZE = 50;

/** #/archive/records?fonds=&year=&file=&retention=&q=&page= — the archive browser, paged on the server. */
export function RecordsPage({ params }: PageProps) {
  const t = useStrings(RECORDS_STRINGS);
  const { lang } = useLanguage();
  useDocumentTitle(t('recordsTitle'));
  const fonds = params.get('fonds') ?? '';
  const year = params.get('year') ?? '';
  const fileId = params.get('file') ?? '';
  const retentionId = params.get('retention') ?? '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [input, setInput] = useState({ fonds, year, file: fileId, retention: retentionId, q });
  const set = (k: keyof typeof input) => (v: string) => setInput((x) => ({ ...x, [k]: v }));
  const yearNumber = /^\d{4}$/.test(year) ? Number(year) : undefined;
  const retentions = useApi(() => ok(api.GET('/api/archive/retention-periods')), []);
  const records = useApi(
    () =>
      ok(
        api.GET('/api/archive/records/search', {
          params: {
            query: {
              fonds: fonds || undefined,
              year: yearNumber,
              fileId: fileId || undefined,
              retentionId: retentionId || undefined,
              q: q || undefined,
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
            },
          },
        }),
      ),
    [fonds, yearNumber, fileId, retentionId, q, page],
  );
  const data = records.status === 'ready' ? records.data : undefined;
  // The case-file choices come with the page: the files holding records in the caller's scope (the
  // province archive: every unit's), labelled by unit; kept while the next page loads.
  const [fileChoices, setFileChoices] = useState<RecordsPageData['files']>([]);
  if (data && data.files !== fileChoices) setFileChoices(data.files);
  const manyUnits = new Set(fileChoices.map((f) => f.unitId)).size > 1;
  const columns: Column<RecordItem>[] = [
    { key: 'fonds', header: t('colFonds'), cell: (r) => r.fonds },
    { key: 'year', header: t('colYear'), cell: (r) => r.year },
    { key: 'file', header: t('colFile'), cell: (r) => r.fileCode },
    { key: 'ordinal', header: t('colOrdinal'), cell: (r) => r.docOrdinal },
    {
      key: 'number',
      header: t('colNumber'),
      cell: (r) => <Link to={`#/archive/records/${r.id}`}>{r.numberAndNotation || r.subject}</Link>,
    },
    { key: 'subject', header: t('colSubject'), cell: (r) => r.subject },
    { key: 'issued', header: t('colIssued'), cell: (r) => r.issuedDate ?? '' },
    {
      key: 'retain',
      header: t('colRetainUntil'),
      cell: (r) => (r.retainUntil ? formatDate(r.retainUntil) : t('permanent')),
    },
    {
      key: 'hold',
      header: t('colHold'),
      cell: (r) =>
        r.disposedAt ? (
          <Badge tone="overdue">{t('disposed')}</Badge>
        ) : r.legalHold ? (
          <Badge tone="warn">{t('held')}</Badge>
        ) : (
          ''
        ),
    },
  ];
  const current = { fonds, year, file: fileId, retention: retentionId, q };
  const go = (p: typeof current, toPage: number) =>
    navigate(to('#/archive/records', { ...p, page: toPage > 1 ? toPage : undefined }));
  const filter = (e: FormEvent) => {
    e.preventDefault();
    go(input, 1);
  };
  return (
    <>
      <h1>{t('recordsTitle')}</h1>
      <p className="lead">{t('recordsLead')}</p>
      <ArchiveNav current="#/archive/records" />
      <form className="filters" onSubmit={filter}>
        <SelectField<string>
          label={t('fonds')}
          value={input.fonds}
          onChange={set('fonds')}
          options={[
            { value: '', label: t('allFonds') },
            ...(data?.fonds ?? (fonds ? [fonds] : [])).map((f) => ({ value: f, label: f })),
          ]}
        />
        <TextField label={t('year')} type="number" value={input.year} onChange={set('year')} />
        <SelectField<string>
          label={t('file')}
          value={input.file}
          onChange={set('file')}
          options={[
            { value: '', label: t('allFiles') },
            ...fileChoices.map((f) => ({
              value: f.id,
              label: `${manyUnits ? `${f.unitName} · ` : ''}${f.fileCode} – ${f.title}`,
            })),
          ]}
        />
        <SelectField<string>
          label={t('retention')}
          value={input.retention}
          onChange={set('retention')}
          options={[
            { value: '', label: t('allRetentions') },
            ...(retentions.status === 'ready'
              ? retentions.data.items.map((r) => ({
                  value: r.id,
                  label: `${r.code} – ${r.years === null ? t('permanent') : `${r.years}`} – ${r.title}`,
                }))
              : []),
          ]}
        />
        <TextField label={t('text')} type="search" value={input.q} onChange={set('q')} />
        <button type="submit" className="btn">
          {t('filter')}
        </button>
      </form>
      <PageRange data={data} lang={lang} text={(r) => t('range', r)} label={(r) => t('rangeLabel', r)} />
      <DataTable
        caption={t('recordsTitle')}
        columns={columns}
        rows={data?.items}
        rowKey={(r) => r.id}
        error={records.status === 'failed' ? records.error : undefined}
        onRetry={records.reload}
        empty={t('noRecords')}
        pager={offsetPager(data, PAGE_SIZE, page, (p) => go(current, p))}
      />
    </>
  );
}

/** #/archive/records/:id — the record view. */
export function RecordPage({ id }: PageProps) {
  const t = useStrings(RECORDS_STRINGS);
  const view = useApi(
    () => ok(api.GET('/api/archive/records/{id}', { params: { path: { id: id! } } })),
    [id],
  );
  const record = view.status === 'ready' ? view.data.record : undefined;
  useDocumentTitle(record ? `${record.numberAndNotation} – ${record.subject}` : t('recordInfo'));
  return (
    <>
      <BackLink
        hash="#/archive/records"
        text={t('back')}
        current={record?.numberAndNotation ?? t('recordInfo')}
      />
      <AsyncView state={view} onRetry={view.reload}>
        {(data) => <RecordViewBody data={data} />}
      </AsyncView>
    </>
  );
}

function RecordViewBody({ data }: { data: RecordView }) {
  const t = useStrings(RECORDS_STRINGS);
  const { lang } = useLanguage();
  const { record, versions } = data;
  const [verdict, setVerdict] = useState<string>();
  const [round, setRound] = useState(0);
  const [latest, setLatest] = useState(data.latestValidation);
  // A paper original's scans and their OCR PDF/A: previewed, but there is no signature to check.
  const digitised = record.sourceKind === 'digitised';
  const validate = useAction(async () => {
    setVerdict(undefined);
    const r = await ok(
      api.POST('/api/archive/records/{id}/validate', { params: { path: { id: record.id } } }),
    );
    // The report's overall result as a person reads it (the verdict card's labels), never the raw code.
    const { status, indication } = r.report as { status?: unknown; indication?: unknown };
    setVerdict(
      t('verdict', {
        status: verdictLabel(
          {
            status: typeof status === 'string' ? status : '',
            indication: typeof indication === 'string' ? indication : null,
          },
          lang,
        ),
      }),
    );
    // The new report is now the latest stored verdict (read back from the server), and an event.
    const fresh = await ok(api.GET('/api/archive/records/{id}', { params: { path: { id: record.id } } }));
    setLatest(fresh.latestValidation);
    setRound((n) => n + 1);
    return r;
  });
  const [job, setJob] = useState<Job>();
  const exportPackage = useAction(async () => {
    setJob(undefined);
    let j: Job = await ok(api.POST('/api/archive/packages', { body: { recordIds: [record.id] } }));
    setJob(j);
    while (j.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      j = await ok(api.GET('/api/archive/packages/{id}', { params: { path: { id: j.id } } }));
      setJob(j);
    }
    return j;
  });
  const columns: Column<Version>[] = [
    { key: 'kind', header: t('colKind'), cell: (v) => t(objectKey(v.kind) as 'object_pdf_revision') },
    { key: 'sha', header: t('colSha'), cell: (v) => <code className="hash">{v.sha256}</code> },
    { key: 'size', header: t('colSize'), cell: (v) => formatBytes(v.size, lang), sortValue: (v) => v.size },
    {
      key: 'created',
      header: t('colCreated'),
      cell: (v) => when(v.createdAt),
      sortValue: (v) => iso(v.createdAt),
    },
    {
      key: 'retain',
      header: t('colRetainUntil'),
      cell: (v) => (v.retainUntil ? when(v.retainUntil) : ''),
    },
    { key: 'hold', header: t('colHold'), cell: (v) => (v.legalHold ? t('held') : '') },
    {
      key: 'fixity',
      header: t('colFixity'),
      cell: (v) => (
        <Badge tone={v.lastCheckResult === 'mismatch' || v.lastCheckResult === 'missing' ? 'overdue' : 'ok'}>
          {t(`fixity_${v.lastCheckResult ?? 'never'}`)}
          {v.lastCheckedAt ? ` (${when(v.lastCheckedAt)})` : ''}
        </Badge>
      ),
    },
  ];
  return (
    <>
      <h1>
        {record.numberAndNotation} – {record.subject}
      </h1>
      <Card title={t('metadata')}>
        <Props
          pairs={[
            [t('colFile'), <Link to={`#/archive/files/${record.fileId}`}>{record.fileCode}</Link>],
            [t('colOrdinal'), String(record.docOrdinal)],
            [t('colNumber'), record.numberAndNotation],
            [t('colSubject'), record.subject],
            [t('sourceKind'), t(`kind_${record.sourceKind}`)],
            [t('colAccepted'), when(record.acceptedAt)],
            [t('colRetainUntil'), record.retainUntil ? formatDate(record.retainUntil) : t('permanent')],
            [t('colHold'), record.legalHold ? t('held') : ''],
            [t('disposed'), record.disposedAt ? when(record.disposedAt) : ''],
          ]}
        />
      </Card>
      {digitised ? <p className="hint">{t('ocrNote')}</p> : <LatestVerdict validation={latest} />}
      <div className="toolbar">
        {digitised ? null : (
          <button
            type="button"
            className="btn btn-primary"
            disabled={validate.busy}
            onClick={() => void validate.run()}
          >
            {t('validate')}
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={exportPackage.busy}
          onClick={() => void exportPackage.run()}
        >
          {t('exportPackage')}
        </button>
      </div>
      <ActionFeedback action={validate} busyText={t('validating')} done={verdict} />
      <ActionFeedback
        action={exportPackage}
        busyText={
          job
            ? t('exportProgress', {
                done: formatBytes(job.bytesDone, lang),
                total: formatBytes(job.bytesTotal, lang),
              })
            : t('exporting')
        }
        done={
          job?.status === 'finished' ? (
            <a href={`/api/archive/packages/${job.id}/download`} download>
              {t('download')}
            </a>
          ) : job?.status === 'failed' ? (
            t('exportFailed', { error: job.error ?? '' })
          ) : undefined
        }
      />
      {versions.some((v) => v.kind === 'pdf-revision' || (digitised && v.kind === 'ocr-derivative')) ? (
        <PdfPreview href={`/api/archive/records/${record.id}/pdf`} name={record.numberAndNotation} />
      ) : null}
      <RecordMetadata metadata={data.metadata} />
      <RenewalList renewals={data.renewals} />
      <h2>{t('versions')}</h2>
      <DataTable
        caption={t('versions')}
        columns={columns}
        rows={versions}
        rowKey={(v) => v.id}
        empty={t('noVersions')}
      />
      <RecordEvents
        recordId={record.id}
        round={round}
        kindLabel={(k) => t(objectKey(k) as 'object_pdf_revision')}
      />
    </>
  );
}
