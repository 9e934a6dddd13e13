// Một hồ sơ (#/archive/files/:id): its Appendix VI / Circular 02 details, the documents in it in order
// (each opening its document page), and what the person may do now (`allowedActions` of the API):
// take a document out, close the file with its end date, reopen it, transfer it to the archive.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, TextField, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { BackLink, Card, Props } from '../../documents/document-widgets';
import { formatDate } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { CaseFileStatusBadge } from './archive-page';
import { AddDigitisedPanel, EditFilePanel, FileRecordsPanel } from './case-file-panels';
import { useRetentionText } from './archive-nav';
import { ARCHIVE_STRINGS } from './archive-strings';

type CaseFile = ResponseOf<'/api/archive/files/{id}', 'get'>;
type FiledDocument = CaseFile['documents'][number];

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

export function documentHash(d: Pick<FiledDocument, 'sourceKind' | 'sourceId'>): string {
  if (d.sourceKind === 'digitised') return `#/digitisation/${d.sourceId}`;
  return d.sourceKind === 'outgoing' ? `#/outbox/${d.sourceId}` : `#/inbox/${d.sourceId}`;
}

export function CaseFilePage({ id }: PageProps) {
  const t = useStrings(ARCHIVE_STRINGS);
  const view = useApi(() => ok(api.GET('/api/archive/files/{id}', { params: { path: { id: id! } } })), [id]);
  const [fresh, setFresh] = useState<CaseFile>();
  const file = fresh ?? (view.status === 'ready' ? view.data : undefined);
  useDocumentTitle(file ? `${file.fileCode} – ${file.title}` : t('fileInfo'));
  return (
    <>
      <BackLink hash="#/archive" text={t('back')} current={file?.fileCode ?? t('fileInfo')} />
      <AsyncView state={view} onRetry={view.reload}>
        {() => (file ? <CaseFileView file={file} onChange={setFresh} /> : null)}
      </AsyncView>
    </>
  );
}

function CaseFileView({ file, onChange }: { file: CaseFile; onChange: (f: CaseFile) => void }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const retentionText = useRetentionText();
  const actions = new Set(file.allowedActions);
  const [done, setDone] = useState<string>();
  const act = useAction(async (run: () => Promise<CaseFile>, text: string) => {
    setDone(undefined);
    const next = await run();
    onChange(next);
    setDone(text);
    return next;
  });
  const [endDate, setEndDate] = useState(today());
  const [note, setNote] = useState('');
  const path = { params: { path: { id: file.id } } };
  const columns: Column<FiledDocument>[] = [
    { key: 'ordinal', header: t('colOrdinal'), cell: (d) => d.docOrdinal, sortValue: (d) => d.docOrdinal },
    {
      key: 'number',
      header: t('colNumber'),
      cell: (d) => <Link to={documentHash(d)}>{d.numberAndNotation}</Link>,
    },
    { key: 'kind', header: t('colKind'), cell: (d) => t(`kind_${d.sourceKind}`) },
    { key: 'date', header: t('colDate'), cell: (d) => formatDate(d.date), sortValue: (d) => d.date },
    { key: 'subject', header: t('colSubject'), cell: (d) => d.subject },
    { key: 'pages', header: t('colPages'), cell: (d) => d.pageAmount ?? '' },
  ];
  if (actions.has('remove_document')) {
    columns.push({
      key: 'remove',
      header: t('remove'),
      headerText: t('remove'),
      cell: (d) => (
        <button
          type="button"
          className="btn btn-small"
          disabled={act.busy}
          aria-label={t('removeDoc', { number: d.numberAndNotation })}
          onClick={() =>
            void act.run(
              () =>
                ok(
                  api.DELETE('/api/archive/files/{id}/documents/{kind}/{docId}', {
                    params: { path: { id: file.id, kind: d.sourceKind, docId: d.sourceId } },
                  }),
                ),
              t('removed'),
            )
          }
        >
          {t('remove')}
        </button>
      ),
    });
  }
  return (
    <>
      <h1>
        {file.fileCode} – {file.title}
      </h1>
      <p>
        <CaseFileStatusBadge status={file.status} />
      </p>
      <ActionFeedback action={act} busyText="…" done={done} />
      <div className="doc-layout">
        <div className="doc-main">
          <Card title={t('fileInfo')}>
            <Props
              pairs={[
                [t('unit'), file.unitName],
                [t('year'), String(file.year)],
                [
                  t('retention'),
                  `${retentionText(file.retention.years)} (${file.retention.code} – ${file.retention.title})`,
                ],
                [t('colPerson'), file.personInCharge.fullName],
                [t('rights'), t(`rights_${file.rights}`)],
                [t('language'), file.language],
                [t('startDate'), formatDate(file.startDate)],
                [t('endDate'), formatDate(file.endDate)],
                [t('transferDue'), formatDate(file.transferDueOn)],
                [t('colDocuments'), String(file.documentCount)],
                [t('pageTotal'), file.pageTotal ? String(file.pageTotal) : ''],
                [t('keywords'), file.keywords ?? ''],
                [t('fonds'), file.fonds ?? ''],
                [t('catalogue'), file.catalogue ?? ''],
                [t('reliability'), t(`reliability_${file.reliability}`)],
                [t('description'), file.description ?? ''],
              ]}
            />
          </Card>
          {file.status === 'archived' ? <FileRecordsPanel fileId={file.id} /> : null}
          <Card title={t('documents')}>
            <DataTable
              caption={t('documents')}
              columns={columns}
              rows={file.documents}
              rowKey={(d) => `${d.sourceKind}:${d.sourceId}`}
              empty={t('noDocuments')}
            />
          </Card>
        </div>
        {actions.has('close') ||
        actions.has('reopen') ||
        actions.has('submit') ||
        actions.has('edit') ||
        actions.has('add_document') ? (
          <div className="doc-actions">
            {actions.has('add_document') && file.status === 'open' ? (
              <AddDigitisedPanel file={file} onAdded={onChange} />
            ) : null}
            {actions.has('edit') ? (
              <EditFilePanel key={file.updatedAt as string} file={file} onSaved={onChange} />
            ) : null}
            {actions.has('close') ? (
              <Card title={t('closeTitle')}>
                <TextField
                  label={t('endDate')}
                  type="date"
                  value={endDate}
                  onChange={setEndDate}
                  hint={t('closeHint')}
                />
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={act.busy}
                  onClick={() =>
                    void act.run(
                      () => ok(api.POST('/api/archive/files/{id}/close', { ...path, body: { endDate } })),
                      t('closed'),
                    )
                  }
                >
                  {t('closeFile')}
                </button>
              </Card>
            ) : null}
            {actions.has('submit') ? (
              <Card title={t('submitTitle')}>
                <p className="hint">{t('submitHint')}</p>
                <TextField label={t('note')} value={note} onChange={setNote} />
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={act.busy}
                  onClick={() =>
                    void act.run(async () => {
                      const tr = await ok(
                        api.POST('/api/archive/transfers', {
                          body: { fileIds: [file.id], note: note || undefined },
                        }),
                      );
                      navigate(`#/archive/transfers/${tr.id}`);
                      return { ...file, status: 'submitted', allowedActions: [] };
                    }, t('submitted'))
                  }
                >
                  {t('submit')}
                </button>
              </Card>
            ) : null}
            {actions.has('reopen') ? (
              <button
                type="button"
                className="btn"
                disabled={act.busy}
                onClick={() =>
                  void act.run(() => ok(api.POST('/api/archive/files/{id}/reopen', path)), t('reopened'))
                }
              >
                {t('reopen')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </>
  );
}
