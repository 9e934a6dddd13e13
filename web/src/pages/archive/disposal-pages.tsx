// Tiêu hủy (#/archive/disposals, #/archive/disposals/:id): the unit archivist's list of records past
// their retention with "Đề nghị tiêu hủy", the proposals, and one proposal with its two approvals (the
// unit leader, the province archive), rejection and execution — each offered as `allowedActions` says.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, TextField, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { useMe } from '../../session/session';
import { BackLink, Card, Props } from '../../documents/document-widgets';
import { formatDate, formatDateTime } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { Link, navigate } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { ArchiveNav } from './archive-nav';
import { ARCHIVE_STRINGS } from './archive-strings';

type RecordRow = ResponseOf<'/api/archive/records', 'get'>['items'][number];
type Proposal = ResponseOf<'/api/archive/disposals/{id}', 'get'>;

function DisposalStatusBadge({ status }: { status: Proposal['status'] }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const tone = status === 'executed' ? 'ended' : status === 'rejected' ? 'overdue' : 'warn';
  return <Badge tone={tone}>{t(`disposal_${status}`)}</Badge>;
}

function useRecordColumns(): Column<RecordRow>[] {
  const t = useStrings(ARCHIVE_STRINGS);
  return [
    {
      key: 'file',
      header: t('colCode'),
      cell: (r) => <Link to={`#/archive/files/${r.fileId}`}>{r.fileCode}</Link>,
    },
    { key: 'ordinal', header: t('colOrdinal'), cell: (r) => r.docOrdinal },
    { key: 'number', header: t('colNumber'), cell: (r) => r.numberAndNotation },
    { key: 'subject', header: t('colSubject'), cell: (r) => r.subject },
    { key: 'until', header: t('colRetainUntil'), cell: (r) => formatDate(r.retainUntil) },
  ];
}

export function DisposalsPage() {
  const t = useStrings(ARCHIVE_STRINGS);
  useDocumentTitle(t('disposalsTitle'));
  const archivist = useMe().user.roles.includes('archivist');
  const proposals = useApi(() => ok(api.GET('/api/archive/disposals', { params: { query: {} } })), []);
  const columns: Column<Proposal>[] = [
    {
      key: 'proposed',
      header: t('colProposed'),
      cell: (p) => (
        <Link to={`#/archive/disposals/${p.id}`}>{formatDateTime(p.proposedAt as string | null)}</Link>
      ),
    },
    { key: 'unit', header: t('unit'), cell: (p) => p.unitName },
    { key: 'proposer', header: t('colProposer'), cell: (p) => p.proposedBy.fullName },
    { key: 'records', header: t('colRecords'), cell: (p) => p.records.length },
    { key: 'status', header: t('colStatus'), cell: (p) => <DisposalStatusBadge status={p.status} /> },
  ];
  return (
    <>
      <h1>{t('disposalsTitle')}</h1>
      <p className="lead">{t('disposalsLead')}</p>
      <ArchiveNav current="#/archive/disposals" />
      {archivist ? <ProposeForm /> : null}
      <section aria-labelledby="proposals-title">
        <h2 id="proposals-title">{t('proposalsTitle')}</h2>
        <AsyncView state={proposals} onRetry={proposals.reload}>
          {(data) => (
            <DataTable
              caption={t('proposalsTitle')}
              columns={columns}
              rows={data.items}
              rowKey={(p) => p.id}
              empty={t('noProposals')}
            />
          )}
        </AsyncView>
      </section>
    </>
  );
}

function ProposeForm() {
  const t = useStrings(ARCHIVE_STRINGS);
  const expired = useApi(
    () => ok(api.GET('/api/archive/records', { params: { query: { expired: 'true' } } })),
    [],
  );
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const propose = useAction(async () => {
    const p = await ok(api.POST('/api/archive/disposals', { body: { recordIds: [...chosen], reason } }));
    navigate(`#/archive/disposals/${p.id}`);
    return p;
  });
  const columns: Column<RecordRow>[] = [
    {
      key: 'choose',
      header: t('propose'),
      headerText: t('propose'),
      cell: (r) => (
        <input
          type="checkbox"
          aria-label={t('select', { name: `${r.fileCode} / ${r.docOrdinal}` })}
          checked={chosen.has(r.id)}
          onChange={(e) => {
            const next = new Set(chosen);
            if (e.target.checked) next.add(r.id);
            else next.delete(r.id);
            setChosen(next);
          }}
        />
      ),
    },
    ...useRecordColumns(),
  ];
  return (
    <section aria-labelledby="expired-title" className="card">
      <h2 id="expired-title">{t('expiredTitle')}</h2>
      <AsyncView state={expired} onRetry={expired.reload}>
        {(data) => (
          <>
            <DataTable
              caption={t('expiredTitle')}
              columns={columns}
              rows={data.items}
              rowKey={(r) => r.id}
              empty={t('noExpired')}
            />
            {data.items.length > 0 ? (
              <>
                <TextField label={t('proposeReason')} value={reason} onChange={setReason} />
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={propose.busy || chosen.size === 0}
                  onClick={() => void propose.run()}
                >
                  {t('propose')}
                </button>
                <ActionFeedback action={propose} busyText={t('proposing')} />
              </>
            ) : null}
          </>
        )}
      </AsyncView>
    </section>
  );
}

export function DisposalPage({ id }: PageProps) {
  const t = useStrings(ARCHIVE_STRINGS);
  const view = useApi(
    () => ok(api.GET('/api/archive/disposals/{id}', { params: { path: { id: id! } } })),
    [id],
  );
  const [fresh, setFresh] = useState<Proposal>();
  const p = fresh ?? (view.status === 'ready' ? view.data : undefined);
  useDocumentTitle(t('disposalTitle'));
  return (
    <>
      <BackLink hash="#/archive/disposals" text={t('backDisposals')} current={t('disposalTitle')} />
      <AsyncView state={view} onRetry={view.reload}>
        {() => (p ? <DisposalView proposal={p} onChange={setFresh} /> : null)}
      </AsyncView>
    </>
  );
}

function DisposalView({ proposal: p, onChange }: { proposal: Proposal; onChange: (p: Proposal) => void }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const path = { params: { path: { id: p.id } } };
  const act = useAction(async (call: () => Promise<Proposal>, text: string) => {
    setDone(undefined);
    const next = await call();
    onChange(next);
    setDone(text);
  });
  const actions = new Set(p.allowedActions);
  const approval = (a: Proposal['leaderApproval']) =>
    a ? t('approvedBy', { name: a.by.fullName, at: formatDateTime(a.at as string | null) }) : t('notYet');
  return (
    <>
      <h1>
        {t('disposalTitle')} – {p.unitName}
      </h1>
      <p>
        <DisposalStatusBadge status={p.status} />
      </p>
      <ActionFeedback action={act} busyText="…" done={done} />
      <div className="doc-layout">
        <div className="doc-main">
          <Card title={t('disposalTitle')}>
            <Props
              pairs={[
                [
                  t('colProposer'),
                  `${p.proposedBy.fullName}, ${formatDateTime(p.proposedAt as string | null)}`,
                ],
                [t('proposeReason'), p.reason],
                [t('leaderApproval'), approval(p.leaderApproval)],
                [t('archiveApproval'), approval(p.archiveApproval)],
                [t('rejection'), p.rejection ? `${p.rejection.by.fullName}: ${p.rejection.reason}` : ''],
              ]}
            />
          </Card>
          <Card title={t('colRecords')}>
            <DataTable
              caption={t('colRecords')}
              columns={useRecordColumns()}
              rows={p.records}
              rowKey={(r) => r.id}
              empty={t('noExpired')}
            />
          </Card>
        </div>
        {actions.size ? (
          <div className="doc-actions">
            {actions.has('approve_leader') || actions.has('approve_archive') ? (
              <Card title={t('approved')}>
                {actions.has('approve_leader') ? (
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={act.busy}
                    onClick={() =>
                      void act.run(
                        () =>
                          ok(
                            api.POST('/api/archive/disposals/{id}/approve', {
                              ...path,
                              body: { as: 'unit_leader' },
                            }),
                          ),
                        t('approved'),
                      )
                    }
                  >
                    {t('approveLeader')}
                  </button>
                ) : null}
                {actions.has('approve_archive') ? (
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={act.busy}
                    onClick={() =>
                      void act.run(
                        () =>
                          ok(
                            api.POST('/api/archive/disposals/{id}/approve', {
                              ...path,
                              body: { as: 'province_archive' },
                            }),
                          ),
                        t('approved'),
                      )
                    }
                  >
                    {t('approveArchive')}
                  </button>
                ) : null}
              </Card>
            ) : null}
            {actions.has('reject') ? (
              <Card title={t('reject')}>
                <TextField label={t('rejection')} value={reason} onChange={setReason} />
                <button
                  type="button"
                  className="btn"
                  disabled={act.busy}
                  onClick={() =>
                    void act.run(
                      () => ok(api.POST('/api/archive/disposals/{id}/reject', { ...path, body: { reason } })),
                      t('rejected'),
                    )
                  }
                >
                  {t('reject')}
                </button>
              </Card>
            ) : null}
            {actions.has('execute') ? (
              <button
                type="button"
                className="btn btn-danger"
                disabled={act.busy}
                onClick={() =>
                  void act.run(() => ok(api.POST('/api/archive/disposals/{id}/execute', path)), t('executed'))
                }
              >
                {t('execute')}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </>
  );
}
