// Nộp lưu (#/archive/transfers, #/archive/transfers/:id): the unit's transfers to its archive, and one
// transfer with its transfer list (mục lục hồ sơ nộp lưu); the archivist accepts it (the records and
// their objects are stored, the handover record is generated) or returns it with a reason.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, TextField, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { BackLink, Card, Props } from '../../documents/document-widgets';
import { formatDate, formatDateTime } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { ArchiveNav, useRetentionText } from './archive-nav';
import { CaseFileStatusBadge } from './archive-page';
import { ARCHIVE_STRINGS } from './archive-strings';

type TransferRow = ResponseOf<'/api/archive/transfers', 'get'>['items'][number];
type Transfer = ResponseOf<'/api/archive/transfers/{id}', 'get'>;

function TransferStatusBadge({ status }: { status: TransferRow['status'] }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const tone = status === 'accepted' ? 'ok' : status === 'returned' ? 'overdue' : 'warn';
  return <Badge tone={tone}>{t(`transfer_${status}`)}</Badge>;
}

export function TransfersPage() {
  const t = useStrings(ARCHIVE_STRINGS);
  useDocumentTitle(t('transfersTitle'));
  const list = useApi(() => ok(api.GET('/api/archive/transfers', { params: { query: {} } })), []);
  const columns: Column<TransferRow>[] = [
    {
      key: 'submitted',
      header: t('colSubmitted'),
      cell: (r) => (
        <Link to={`#/archive/transfers/${r.id}`}>{formatDateTime(r.submittedAt as string | null)}</Link>
      ),
      sortValue: (r) => String(r.submittedAt),
    },
    { key: 'submitter', header: t('colSubmitter'), cell: (r) => r.submittedBy.fullName },
    { key: 'files', header: t('colFiles'), cell: (r) => r.fileCount },
    { key: 'status', header: t('colStatus'), cell: (r) => <TransferStatusBadge status={r.status} /> },
  ];
  return (
    <>
      <h1>{t('transfersTitle')}</h1>
      <p className="lead">{t('transfersLead')}</p>
      <ArchiveNav current="#/archive/transfers" />
      <AsyncView state={list} onRetry={list.reload}>
        {(data) => (
          <DataTable
            caption={t('transfersTitle')}
            columns={columns}
            rows={data.items}
            rowKey={(r) => r.id}
            empty={t('noTransfers')}
          />
        )}
      </AsyncView>
    </>
  );
}

export function TransferPage({ id }: PageProps) {
  const t = useStrings(ARCHIVE_STRINGS);
  const view = useApi(
    () => ok(api.GET('/api/archive/transfers/{id}', { params: { path: { id: id! } } })),
    [id],
  );
  const [fresh, setFresh] = useState<Transfer>();
  const transfer = fresh ?? (view.status === 'ready' ? view.data : undefined);
  useDocumentTitle(t('transferTitle'));
  return (
    <>
      <BackLink hash="#/archive/transfers" text={t('backTransfers')} current={t('transferTitle')} />
      <AsyncView state={view} onRetry={view.reload}>
        {() => (transfer ? <TransferView transfer={transfer} onChange={setFresh} /> : null)}
      </AsyncView>
    </>
  );
}

function TransferView({ transfer, onChange }: { transfer: Transfer; onChange: (t: Transfer) => void }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const retentionText = useRetentionText();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const path = { params: { path: { id: transfer.id } } };
  const accept = useAction(async () => {
    setDone(undefined);
    const next = await ok(api.POST('/api/archive/transfers/{id}/accept', path));
    onChange(next);
    setDone(t('accepted', { n: next.recordCount }));
  });
  const giveBack = useAction(async () => {
    setDone(undefined);
    const next = await ok(api.POST('/api/archive/transfers/{id}/return', { ...path, body: { reason } }));
    onChange(next);
    setDone(t('returned'));
  });
  const actions = new Set(transfer.allowedActions);
  type Row = Transfer['files'][number];
  const columns: Column<Row>[] = [
    { key: 'ordinal', header: t('colOrdinal'), cell: (f) => f.ordinal },
    {
      key: 'code',
      header: t('colCode'),
      cell: (f) => <Link to={`#/archive/files/${f.id}`}>{f.fileCode}</Link>,
    },
    { key: 'title', header: t('colTitle'), cell: (f) => f.title },
    {
      key: 'dates',
      header: `${t('startDate')} – ${t('endDate')}`,
      cell: (f) => `${formatDate(f.startDate)} – ${formatDate(f.endDate)}`,
    },
    { key: 'retention', header: t('colRetention'), cell: (f) => retentionText(f.retention.years) },
    { key: 'docs', header: t('colDocuments'), cell: (f) => f.documentCount },
    { key: 'pages', header: t('colPages'), cell: (f) => f.pageTotal || '' },
    { key: 'status', header: t('colStatus'), cell: (f) => <CaseFileStatusBadge status={f.status} /> },
  ];
  return (
    <>
      <h1>
        {t('transferTitle')} – {transfer.unitName}
      </h1>
      <p>
        <TransferStatusBadge status={transfer.status} />
      </p>
      <ActionFeedback action={accept} busyText={t('accepting')} done={done} />
      <ActionFeedback action={giveBack} busyText={t('returning')} />
      <div className="doc-layout">
        <div className="doc-main">
          <Card title={t('transferTitle')}>
            <Props
              pairs={[
                [t('colSubmitter'), transfer.submittedBy.fullName],
                [t('colSubmitted'), formatDateTime(transfer.submittedAt as string | null)],
                [t('note'), transfer.note ?? ''],
                [
                  t('decidedBy'),
                  transfer.decidedBy
                    ? `${transfer.decidedBy.fullName}, ${formatDateTime(transfer.decidedAt as string | null)}`
                    : '',
                ],
                [t('returnReason'), transfer.returnReason ?? ''],
                [t('records'), transfer.status === 'accepted' ? String(transfer.recordCount) : ''],
              ]}
            />
            {transfer.handoverSha256 ? (
              <p>
                <a href={`/api/archive/transfers/${transfer.id}/handover.pdf`} download>
                  {t('handover')}
                </a>
              </p>
            ) : null}
          </Card>
          <Card title={t('transferList')}>
            <DataTable
              caption={t('transferList')}
              columns={columns}
              rows={transfer.files}
              rowKey={(f) => f.id}
              empty={t('noFiles')}
            />
          </Card>
        </div>
        {actions.size ? (
          <div className="doc-actions">
            <Card title={t('decideTitle')}>
              <button
                type="button"
                className="btn btn-primary"
                disabled={accept.busy || giveBack.busy}
                onClick={() => void accept.run()}
              >
                {t('accept')}
              </button>
            </Card>
            <Card title={t('returnTitle')}>
              <TextField label={t('reason')} value={reason} onChange={setReason} />
              <button
                type="button"
                className="btn"
                disabled={accept.busy || giveBack.busy}
                onClick={() => void giveBack.run()}
              >
                {t('returnIt')}
              </button>
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}
