// Bảng thời hạn bảo quản (#/archive/retention): the province-wide retention table (Circular
// 10/2022/TT-BNV) with each entry's legal reference; entries written from memory show "Cần đối chiếu".
// The admin adds entries here.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, TextField, useAction, useFormErrors } from '../../components/form';
import { Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { useStrings } from '../../i18n/i18n';
import { useMe } from '../../session/session';
import { ArchiveNav, useRetentionText } from './archive-nav';
import { ARCHIVE_STRINGS } from './archive-strings';

type Entry = ResponseOf<'/api/archive/retention-periods', 'get'>['items'][number];

export function RetentionPage() {
  const t = useStrings(ARCHIVE_STRINGS);
  useDocumentTitle(t('retentionTitle'));
  const admin = useMe().user.roles.includes('admin');
  const retentionText = useRetentionText();
  const list = useApi(() => ok(api.GET('/api/archive/retention-periods', { params: { query: {} } })), []);
  const [reviewed, setReviewed] = useState<string>();
  const review = useAction(async (r: Entry) => {
    setReviewed(undefined);
    const next = await ok(
      api.PATCH('/api/archive/retention-periods/{id}', {
        params: { path: { id: r.id } },
        body: { needsReview: !r.needsReview },
      }),
    );
    setReviewed(t(next.needsReview ? 'markedToCheck' : 'markedChecked', { code: next.code }));
    list.reload();
  });
  const columns: Column<Entry>[] = [
    { key: 'code', header: t('code'), cell: (r) => r.code, sortValue: (r) => r.code },
    { key: 'title', header: t('entryTitle'), cell: (r) => r.title },
    { key: 'years', header: t('colRetention'), cell: (r) => retentionText(r.years) },
    {
      key: 'legal',
      header: t('colLegal'),
      cell: (r) => (
        <>
          {r.legalReference} {r.needsReview ? <Badge tone="warn">{t('needsReview')}</Badge> : null}
        </>
      ),
    },
    { key: 'files', header: t('colFilesUsing'), cell: (r) => r.fileCount },
  ];
  if (admin) {
    columns.push({
      key: 'review',
      header: t('colReview'),
      headerText: t('colReview'),
      cell: (r) => (
        <button
          type="button"
          className="btn btn-small"
          disabled={review.busy}
          aria-label={t(r.needsReview ? 'markCheckedOf' : 'markToCheckOf', { code: r.code })}
          onClick={() => void review.run(r)}
        >
          {r.needsReview ? t('markChecked') : t('markToCheck')}
        </button>
      ),
    });
  }
  return (
    <>
      <h1>{t('retentionTitle')}</h1>
      <p className="lead">{t('retentionLead')}</p>
      {admin ? null : <ArchiveNav current="#/archive/retention" />}
      {admin ? <AddEntry onDone={list.reload} /> : null}
      <ActionFeedback action={review} busyText={t('saving')} done={reviewed} />
      <AsyncView state={list} onRetry={list.reload}>
        {(data) => (
          <DataTable
            caption={t('retentionTitle')}
            columns={columns}
            rows={data.items}
            rowKey={(r) => r.id}
            empty={t('noFiles')}
          />
        )}
      </AsyncView>
    </>
  );
}

function AddEntry({ onDone }: { onDone: () => void }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [years, setYears] = useState('');
  const [legalReference, setLegal] = useState('');
  const [added, setAdded] = useState<string>();
  const add = useAction(async () => {
    setAdded(undefined);
    const e = await ok(
      api.POST('/api/archive/retention-periods', {
        body: { code, title, legalReference, years: years.trim() ? Number(years) : null },
      }),
    );
    setAdded(t('addedEntry', { code: e.code }));
    onDone();
  });
  const errors = useFormErrors(add.error, ['code', 'title', 'years', 'legalReference'], {
    RETENTION_DUPLICATE: 'code',
  });
  return (
    <form
      className="card"
      aria-labelledby="add-retention"
      onSubmit={(e) => {
        e.preventDefault();
        void add.run();
      }}
    >
      <h2 id="add-retention">{t('addRetention')}</h2>
      <TextField label={t('code')} value={code} onChange={setCode} error={errors.fields.code} required />
      <TextField
        label={t('entryTitle')}
        value={title}
        onChange={setTitle}
        error={errors.fields.title}
        required
      />
      <TextField
        label={t('yearsLabel')}
        type="number"
        value={years}
        onChange={setYears}
        error={errors.fields.years}
      />
      <TextField
        label={t('legalReference')}
        value={legalReference}
        onChange={setLegal}
        error={errors.fields.legalReference}
        required
      />
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
      <button type="submit" className="btn btn-primary" disabled={add.busy}>
        {t('add')}
      </button>
      <ActionFeedback action={add} busyText={t('adding')} done={added} showError={false} />
    </form>
  );
}
