// Danh mục hồ sơ (#/archive): the case files of the person's unit, by year and status (in the address),
// with "Lập hồ sơ mới" (code, title, retention). Specialists, leaders, clerks and archivists of the unit.
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, SelectField, TextField, useAction, useFormErrors } from '../../components/form';
import { Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { Link, navigate, to } from '../../router/hash-router';
import type { PageProps } from '../page-props';
import { ArchiveNav, useRetentionText } from './archive-nav';
import { ARCHIVE_STRINGS } from './archive-strings';

export type CaseFileRow = ResponseOf<'/api/archive/files', 'get'>['items'][number];
type Status = NonNullable<CaseFileRow['status']>;
const STATUSES: readonly Status[] = ['open', 'closed', 'submitted', 'archived'];

export function CaseFileStatusBadge({ status }: { status: Status }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const tone =
    status === 'open' ? 'info' : status === 'archived' ? 'ok' : status === 'submitted' ? 'warn' : 'ended';
  return <Badge tone={tone}>{t(`status_${status}`)}</Badge>;
}

export function ArchivePage({ params }: PageProps) {
  const t = useStrings(ARCHIVE_STRINGS);
  useDocumentTitle(t('title'));
  const year = params.get('year') ?? '';
  const status = (params.get('status') ?? '') as Status | '';
  const files = useApi(
    () =>
      ok(
        api.GET('/api/archive/files', {
          params: { query: { year: year ? Number(year) : undefined, status: status || undefined } },
        }),
      ),
    [year, status],
  );
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<string>();
  const retentionText = useRetentionText();
  const [yearInput, setYearInput] = useState(year);
  const [statusInput, setStatusInput] = useState<Status | ''>(status);

  const [chosen, setChosen] = useState<readonly string[]>([]);
  const transfer = useAction(async () => {
    const tr = await ok(api.POST('/api/archive/transfers', { body: { fileIds: [...chosen] } }));
    navigate(`#/archive/transfers/${tr.id}`);
    return tr;
  });
  const columns: Column<CaseFileRow>[] = [
    {
      key: 'choose',
      header: t('chooseForTransfer'),
      headerText: t('chooseForTransfer'),
      cell: (f) =>
        f.status === 'closed' ? (
          <input
            type="checkbox"
            aria-label={t('select', { name: f.fileCode })}
            checked={chosen.includes(f.id)}
            onChange={(e) =>
              setChosen(e.target.checked ? [...chosen, f.id] : chosen.filter((id) => id !== f.id))
            }
          />
        ) : null,
    },
    {
      key: 'code',
      header: t('colCode'),
      cell: (f) => <Link to={`#/archive/files/${f.id}`}>{f.fileCode}</Link>,
      sortValue: (f) => f.fileCode,
    },
    { key: 'title', header: t('colTitle'), cell: (f) => f.title, sortValue: (f) => f.title },
    { key: 'year', header: t('year'), cell: (f) => f.year, sortValue: (f) => f.year },
    { key: 'retention', header: t('colRetention'), cell: (f) => retentionText(f.retention.years) },
    { key: 'person', header: t('colPerson'), cell: (f) => f.personInCharge.fullName },
    {
      key: 'docs',
      header: t('colDocuments'),
      cell: (f) => f.documentCount,
      sortValue: (f) => f.documentCount,
    },
    { key: 'status', header: t('colStatus'), cell: (f) => <CaseFileStatusBadge status={f.status} /> },
    {
      key: 'due',
      header: t('colDue'),
      cell: (f) => formatDate(f.transferDueOn),
      sortValue: (f) => f.transferDueOn,
    },
  ];

  const filter = (e: FormEvent) => {
    e.preventDefault();
    navigate(to('#/archive', { year: yearInput, status: statusInput }));
  };

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ArchiveNav current="#/archive" />
      {created ? <Notice kind="ok">{created}</Notice> : null}
      {adding ? (
        <NewFileForm
          onCancel={() => setAdding(false)}
          onDone={(code, id) => {
            setAdding(false);
            setCreated(t('created', { code }));
            navigate(`#/archive/files/${id}`);
          }}
        />
      ) : (
        <div className="toolbar">
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            {t('newFile')}
          </button>
        </div>
      )}
      <form className="filters" onSubmit={filter}>
        <TextField label={t('year')} type="number" value={yearInput} onChange={setYearInput} />
        <SelectField<Status | ''>
          label={t('status')}
          value={statusInput}
          onChange={setStatusInput}
          options={[
            { value: '', label: t('allStatuses') },
            ...STATUSES.map((s) => ({ value: s, label: t(`status_${s}`) })),
          ]}
        />
        <button type="submit" className="btn">
          {t('show')}
        </button>
      </form>
      <AsyncView state={files} onRetry={files.reload}>
        {(data) => (
          <>
            <DataTable
              caption={t('tabFiles')}
              columns={columns}
              rows={data.items}
              rowKey={(f) => f.id}
              empty={t('noFiles')}
            />
            {data.items.some((f) => f.status === 'closed') ? (
              <div className="toolbar">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={transfer.busy || chosen.length === 0}
                  onClick={() => void transfer.run()}
                >
                  {t('transferChosen', { n: chosen.length })}
                </button>
                <ActionFeedback action={transfer} busyText={t('submitting')} />
              </div>
            ) : null}
          </>
        )}
      </AsyncView>
    </>
  );
}

function NewFileForm({
  onCancel,
  onDone,
}: {
  onCancel: () => void;
  onDone: (code: string, id: string) => void;
}) {
  const t = useStrings(ARCHIVE_STRINGS);
  const retentionText = useRetentionText();
  const periods = useApi(() => ok(api.GET('/api/archive/retention-periods', { params: { query: {} } })), []);
  const [fileCode, setFileCode] = useState('');
  const [title, setTitle] = useState('');
  const [retentionId, setRetentionId] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const create = useAction(async () => {
    const f = await ok(
      api.POST('/api/archive/files', {
        body: { fileCode, title, retentionId: retentionId || undefined, year: Number(year) || undefined },
      }),
    );
    onDone(f.fileCode, f.id);
    return f;
  });
  const errors = useFormErrors(create.error, ['fileCode', 'title', 'retentionId', 'year'], {
    CASE_FILE_DUPLICATE: 'fileCode',
    RETENTION_NOT_FOUND: 'retentionId',
  });
  return (
    <form
      className="card"
      aria-labelledby="new-file-title"
      onSubmit={(e) => {
        e.preventDefault();
        void create.run();
      }}
    >
      <h2 id="new-file-title">{t('newFileTitle')}</h2>
      <TextField label={t('year')} type="number" value={year} onChange={setYear} error={errors.fields.year} />
      <TextField
        label={t('fileCode')}
        value={fileCode}
        onChange={setFileCode}
        hint={t('fileCodeHint')}
        error={errors.fields.fileCode}
        required
      />
      <TextField
        label={t('fileTitle')}
        value={title}
        onChange={setTitle}
        error={errors.fields.title}
        required
      />
      <AsyncView state={periods} onRetry={periods.reload}>
        {(data) => (
          <SelectField
            label={t('retention')}
            value={retentionId}
            onChange={setRetentionId}
            error={errors.fields.retentionId}
            options={[
              { value: '', label: t('chooseRetention') },
              ...data.items.map((r) => ({
                value: r.id,
                label: `${r.code} – ${r.title} (${retentionText(r.years)})`,
              })),
            ]}
          />
        )}
      </AsyncView>
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={create.busy}>
          {t('create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
      <ActionFeedback action={create} busyText={t('creating')} showError={false} />
    </form>
  );
}
