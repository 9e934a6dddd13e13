// Một lô kiểm tra (#/validation/batches/:id): its progress (a labelled <progress>, asked again every
// 1.5 s while files are pending and the page is shown), files that could not be validated, and per file
// its state, verdict (label and code) and a link to its report.
import { useEffect, useState } from 'react';
import { api, ok } from '../../api/client';
import { AsyncView } from '../../components/async-view';
import { DataTable, type Column } from '../../components/data-table';
import { useApi, type ApiState } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { useLanguage, useStrings } from '../../i18n/i18n';
import type { PageProps } from '../page-props';
import {
  BATCH_STATE_LABELS,
  VALIDATION_STRINGS,
  type BatchFile,
  type ValidationBatch,
} from './validation-strings';
import { BatchVerdictBadge, ValidationTabs } from './validation-widgets';

/** How long the page waits before asking again while files are pending. */
export const BATCH_POLL_MS = 1500;

function BatchDetail({ batch }: { batch: ValidationBatch }) {
  const t = useStrings(VALIDATION_STRINGS);
  const { lang } = useLanguage();
  const p = batch.progress;
  const fileName = (f: BatchFile) => f.fileName ?? f.sha256.slice(0, 16);
  const columns: Column<BatchFile>[] = [
    { key: 'seq', header: t('colSeq'), cell: (f) => f.seq },
    { key: 'file', header: t('colFile'), cell: fileName },
    {
      key: 'state',
      header: t('colState'),
      cell: (f) => (
        <>
          {BATCH_STATE_LABELS[f.state][lang]}
          {f.error ? <div className="reasons">{f.error}</div> : null}
        </>
      ),
    },
    { key: 'verdict', header: t('colVerdict'), cell: (f) => <BatchVerdictBadge verdict={f.verdict} /> },
    {
      key: 'report',
      header: t('colReport'),
      cell: (f) =>
        f.reportId ? (
          <a
            href={`#/validation/reports/${f.reportId}`}
            aria-label={t('openReportOf', { name: fileName(f) })}
          >
            {t('open')}
          </a>
        ) : (
          <span aria-label={t('noReport')}>—</span>
        ),
    },
  ];
  return (
    <div id="batch-detail">
      <h2>{batch.name}</h2>
      <div className="progress">
        <progress
          max={Math.max(1, p.total)}
          value={p.done + p.failed}
          aria-label={t('progressLabel')}
          aria-describedby="batch-progress"
        />
        <span id="batch-progress" role="status">
          {t('progress', { done: p.done, total: p.total })}
        </span>
        {p.failed > 0 ? (
          <span className="badge badge-failed">{t('failedFiles', { n: p.failed })}</span>
        ) : null}
      </div>
      <div id="batch-files-table">
        <DataTable
          caption={batch.name}
          columns={columns}
          rows={batch.files}
          rowKey={(f) => f.id}
          empty={t('batchNoFiles')}
        />
      </div>
    </div>
  );
}

export function ValidationBatchPage({ id }: PageProps) {
  const t = useStrings(VALIDATION_STRINGS);
  useDocumentTitle(t('tabBatches'));
  const batch = useApi(
    () => ok(api.GET('/api/validation/batches/{id}', { params: { path: { id: id ?? '' } } })),
    [id],
  );
  const data = batch.status === 'ready' ? batch.data : undefined;
  // While asking again, the last answer stays on screen (no loading flash every poll).
  const [last, setLast] = useState<ValidationBatch>();
  if (data && data !== last) setLast(data);
  const { reload } = batch;
  useEffect(() => {
    if (!data || data.progress.pending === 0) return;
    const timer = setTimeout(reload, BATCH_POLL_MS);
    return () => clearTimeout(timer);
  }, [data, reload]);
  const shown: ApiState<ValidationBatch> =
    batch.status === 'loading' && last ? { status: 'ready', data: last } : batch;
  return (
    <>
      <h1>{t('title')}</h1>
      <ValidationTabs active="batches" />
      <AsyncView state={shown} onRetry={batch.reload}>
        {(b) => <BatchDetail batch={b} />}
      </AsyncView>
    </>
  );
}
