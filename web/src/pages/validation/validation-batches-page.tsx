// Kiểm tra theo lô (#/validation/batches): a batch from many PDFs (name, file picker with drag and
// drop; the batch is created, then each file uploaded with its progress; the batch page opens), and the
// recent batches of the unit and the units below with their progress.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import type { UploadProgress as Progress } from '../../api/upload';
import { DataTable, type Column } from '../../components/data-table';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ActionFeedback, TextField, useAction, useFormErrors } from '../../components/form';
import { Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDateTime } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { VALIDATION_STRINGS, type ValidationBatch } from './validation-strings';
import { uploadPdf, ValidationTabs } from './validation-widgets';

type BatchListItem = ResponseOf<'/api/validation/batches', 'get'>['items'][number];

export function ValidationBatchesPage() {
  const t = useStrings(VALIDATION_STRINGS);
  useDocumentTitle(t('tabBatches'));
  const [name, setName] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState<{ index: number; progress?: Progress }>();
  const [noFiles, setNoFiles] = useState(false);
  const batches = useApi(() => ok(api.GET('/api/validation/batches')), []);

  const create = useAction(async () => {
    const batch = await ok(api.POST('/api/validation/batches', { body: { name: name.trim() } }));
    for (const [index, file] of files.entries()) {
      setUploading({ index });
      await uploadPdf<ValidationBatch>(`/api/validation/batches/${batch.id}/files`, file, (progress) =>
        setUploading({ index, progress }),
      );
    }
    setUploading(undefined);
    navigate(`#/validation/batches/${batch.id}`);
    return batch;
  });
  const errors = useFormErrors(create.error, ['name']);

  const columns: Column<BatchListItem>[] = [
    {
      key: 'name',
      header: t('colName'),
      cell: (b) => <a href={`#/validation/batches/${b.id}`}>{b.name}</a>,
      sortValue: (b) => b.name,
    },
    {
      key: 'created',
      header: t('colCreated'),
      cell: (b) => formatDateTime(String(b.createdAt)),
      sortValue: (b) => String(b.createdAt),
    },
    { key: 'progress', header: t('colProgress'), cell: (b) => `${b.done}/${b.total}` },
  ];
  const current = uploading ? files[uploading.index] : undefined;

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('batchesLead')}</p>
      <ValidationTabs active="batches" />
      <form
        className="card"
        aria-label={t('newBatch')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setNoFiles(files.length === 0);
          if (files.length === 0 || create.busy) return;
          void create.run().finally(() => setUploading(undefined));
        }}
      >
        <h2>{t('newBatch')}</h2>
        <TextField
          label={t('batchName')}
          name="name"
          value={name}
          required
          error={errors.fields.name}
          onChange={setName}
        />
        <FilePicker
          label={t('batchFiles')}
          hint={t('dropHint')}
          files={files}
          multiple
          onChange={(chosen) => {
            setFiles(chosen);
            if (chosen.length > 0) setNoFiles(false);
          }}
          name="files"
        />
        {noFiles ? <Notice kind="error">{t('batchNoFiles')}</Notice> : null}
        <button type="submit" className="btn btn-primary" disabled={create.busy} aria-busy={create.busy}>
          {t('batchCreate')}
        </button>
        {create.busy && uploading && current ? (
          <div id="batch-upload-progress">
            <p>{t('uploadingFiles', { done: uploading.index, total: files.length })}</p>
            <UploadProgress name={current.name} progress={uploading.progress} />
          </div>
        ) : null}
        <ActionFeedback action={create} busyText={t('batchCreating')} showError={!errors.fields.name} />
        {errors.form && errors.fields.name ? <Notice kind="error">{errors.form}</Notice> : null}
      </form>
      <h2>{t('batchesRecent')}</h2>
      <DataTable
        caption={t('batchesRecent')}
        columns={columns}
        rows={batches.status === 'ready' ? batches.data.items : undefined}
        error={batches.status === 'failed' ? batches.error : undefined}
        onRetry={batches.reload}
        rowKey={(b) => b.id}
        empty={t('noBatches')}
        pageSize={20}
      />
    </>
  );
}
