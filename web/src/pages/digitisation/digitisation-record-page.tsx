// Một hồ sơ số hóa (#/digitisation/:id): its details, the OCR progress (pages done / total, polled every
// two seconds while the job runs), the scans with their resolution and downloads (the untouched
// original and the searchable PDF/A), more scans and the OCR for a draft or failed record, and the
// recognised text.
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import { AsyncView } from '../../components/async-view';
import { DataTable, type Column } from '../../components/data-table';
import { FilePicker } from '../../components/file-picker';
import { ActionFeedback, useAction } from '../../components/form';
import { Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatBytes, formatDate, formatDateTime } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { DIGITISATION_STRINGS } from './digitisation-strings';
import { isRunning, StatusBadge, uploadScan, type DigitisedRecord } from './digitisation-widgets';

type ScanFile = DigitisedRecord['files'][number];

const POLL_MS = 2000;

export function DigitisationRecordPage({ id }: { id: string }) {
  const t = useStrings(DIGITISATION_STRINGS);
  const loaded = useApi(
    () => ok(api.GET('/api/digitisation/records/{id}', { params: { path: { id } } })),
    [id],
  );
  // The latest answer: the first load, then what actions and polling bring.
  const [fresh, setFresh] = useState<DigitisedRecord>();
  const record = fresh ?? (loaded.status === 'ready' ? loaded.data : undefined);
  useDocumentTitle(record?.title ?? t('title'));

  const running = record ? isRunning(record.status) : false;
  useEffect(() => {
    if (!running) return;
    let stopped = false;
    const timer = setInterval(() => {
      api.GET('/api/digitisation/records/{id}', { params: { path: { id } } }).then(
        (r) => {
          if (!stopped && r.data) setFresh(r.data);
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, running]);

  return (
    <>
      <p>
        <a href="#/digitisation">{t('back')}</a>
      </p>
      <AsyncView state={record ? { status: 'ready', data: record } : loaded} onRetry={loaded.reload}>
        {(r) => <RecordView record={r} onChange={setFresh} />}
      </AsyncView>
    </>
  );
}

function RecordView({
  record: r,
  onChange,
}: {
  record: DigitisedRecord;
  onChange: (r: DigitisedRecord) => void;
}) {
  const t = useStrings(DIGITISATION_STRINGS);
  const { lang } = useLanguage();
  const [files, setFiles] = useState<File[]>([]);
  const editable = r.canManage && (r.status === 'draft' || r.status === 'failed');

  const add = useAction(async () => {
    let last = r;
    for (const file of files) last = await uploadScan(r.id, file);
    setFiles([]);
    onChange(last);
    return last;
  });
  const start = useAction(async () => {
    const queued = await ok(
      api.POST('/api/digitisation/records/{id}/ocr', { params: { path: { id: r.id } } }),
    );
    onChange(queued);
    return queued;
  });

  const href = (f: ScanFile, which: 'original' | 'derivative') =>
    `/api/digitisation/records/${r.id}/files/${f.id}/${which}`;
  const columns: Column<ScanFile>[] = [
    { key: 'file', header: t('colFile'), cell: (f) => f.fileName ?? `#${f.seq}` },
    {
      key: 'type',
      header: t('colType'),
      cell: (f) => `${f.mediaType.replace(/^.*\//, '').toUpperCase()}, ${formatBytes(f.originalSize, lang)}`,
    },
    { key: 'pages', header: t('colPages'), cell: (f) => String(f.pages) },
    { key: 'dpi', header: t('colDpi'), cell: (f) => (f.dpi === null ? '—' : t('dpi', { dpi: f.dpi })) },
    { key: 'signed', header: t('colSigned'), cell: (f) => (f.signed ? t('signedYes') : t('signedNo')) },
    {
      key: 'download',
      header: t('colDownload'),
      cell: (f) => (
        <>
          <a href={href(f, 'original')}>
            {t('original')}
            <span className="visually-hidden"> — {f.fileName ?? `#${f.seq}`}</span>
          </a>
          {f.derivativeSha256 ? (
            <>
              {' · '}
              <a href={href(f, 'derivative')}>
                {t('derivative')}
                <span className="visually-hidden"> — {f.fileName ?? `#${f.seq}`}</span>
              </a>
            </>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <>
      <h1>{r.title}</h1>
      <section className="card" aria-labelledby="digitisation-details">
        <h2 id="digitisation-details">{t('details')}</h2>
        <dl className="digitisation-details">
          <dt>{t('colStatus')}</dt>
          <dd>
            <StatusBadge status={r.status} />
          </dd>
          <dt>{t('origin')}</dt>
          <dd>{r.origin === 'old_archive' ? t('originArchive') : t('originPaper')}</dd>
          {r.documentNumber ? (
            <>
              <dt>{t('documentNumber')}</dt>
              <dd>{r.documentNumber}</dd>
            </>
          ) : null}
          {r.documentDate ? (
            <>
              <dt>{t('documentDate')}</dt>
              <dd>{formatDate(r.documentDate)}</dd>
            </>
          ) : null}
          {r.issuer ? (
            <>
              <dt>{t('issuer')}</dt>
              <dd>{r.issuer}</dd>
            </>
          ) : null}
          {r.digitisedAt ? (
            <>
              <dt>{t('digitisedAt')}</dt>
              <dd>{formatDateTime(String(r.digitisedAt))}</dd>
            </>
          ) : null}
        </dl>
        <h3 id="digitisation-progress">{t('progress')}</h3>
        <progress
          className="digitisation-progress"
          aria-labelledby="digitisation-progress"
          max={Math.max(1, r.pagesTotal)}
          value={r.pagesDone}
        />
        <p role="status" aria-live="polite">
          {t('progressText', { done: r.pagesDone, total: r.pagesTotal })}
        </p>
        {r.error ? (
          <Notice kind={r.status === 'failed' ? 'error' : 'warn'}>
            {t('lastError', { error: r.error })}
          </Notice>
        ) : null}
      </section>

      <h2>{t('files')}</h2>
      <DataTable
        caption={t('files')}
        columns={columns}
        rows={r.files}
        rowKey={(f) => f.id}
        empty={t('noFiles')}
      />

      {editable ? (
        <form
          className="card"
          aria-label={t('addScans')}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (files.length > 0 && !add.busy) void add.run();
          }}
        >
          <h2>{t('addScans')}</h2>
          <FilePicker
            label={t('scans')}
            hint={t('scansHint')}
            files={files}
            multiple
            pdfOnly={false}
            onChange={setFiles}
            name="scans"
          />
          <button type="submit" className="btn" disabled={add.busy || files.length === 0}>
            {t('upload')}
          </button>
          <ActionFeedback action={add} busyText={t('uploading')} />
        </form>
      ) : null}
      {editable && r.pagesTotal > 0 ? (
        <div className="card">
          <button
            type="button"
            className="btn btn-primary"
            disabled={start.busy}
            onClick={() => void start.run()}
          >
            {t('startOcr')}
          </button>
          <ActionFeedback action={start} busyText={t('starting')} />
        </div>
      ) : null}

      <section aria-labelledby="digitisation-text">
        <h2 id="digitisation-text">{t('text')}</h2>
        {r.text ? (
          <>
            <pre className="ocr-text">{r.text}</pre>
            {r.textLength > r.text.length ? (
              <p>{t('textMore', { shown: r.text.length, total: r.textLength })}</p>
            ) : null}
          </>
        ) : (
          <p>{t('noText')}</p>
        )}
      </section>
    </>
  );
}
