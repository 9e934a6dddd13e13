// Số hóa tài liệu giấy (#/digitisation): a new digitised record from scans (title, origin, optional
// number, date and issuer; several files with drag and drop: the record is created, each scan uploaded
// with its progress, the OCR queued, and the record page opens), and the unit's records with their
// status and OCR progress.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { UploadProgress as Progress } from '../../api/upload';
import { DataTable, type Column } from '../../components/data-table';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ActionFeedback, SelectField, TextField, useAction, useFormErrors } from '../../components/form';
import { Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDateTime } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { DIGITISATION_STRINGS } from './digitisation-strings';
import { StatusBadge, uploadScan, type DigitisedRecord } from './digitisation-widgets';

type Origin = DigitisedRecord['origin'];

export function DigitisationPage() {
  const t = useStrings(DIGITISATION_STRINGS);
  useDocumentTitle(t('title'));
  const [title, setTitle] = useState('');
  const [origin, setOrigin] = useState<Origin>('paper_original');
  const [documentNumber, setDocumentNumber] = useState('');
  const [documentDate, setDocumentDate] = useState('');
  const [issuer, setIssuer] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [noFiles, setNoFiles] = useState(false);
  const [uploading, setUploading] = useState<{ index: number; progress?: Progress }>();
  const records = useApi(() => ok(api.GET('/api/digitisation/records')), []);

  const create = useAction(async () => {
    const record = await ok(
      api.POST('/api/digitisation/records', {
        body: {
          title: title.trim(),
          origin,
          documentNumber: documentNumber.trim() || null,
          documentDate: documentDate || null,
          issuer: issuer.trim() || null,
        },
      }),
    );
    try {
      for (const [index, file] of files.entries()) {
        setUploading({ index });
        await uploadScan(record.id, file, (progress) => setUploading({ index, progress }));
      }
    } finally {
      setUploading(undefined);
      records.reload();
    }
    await ok(api.POST('/api/digitisation/records/{id}/ocr', { params: { path: { id: record.id } } }));
    navigate(`#/digitisation/${record.id}`);
    return record;
  });
  const errors = useFormErrors(create.error, ['title', 'documentNumber', 'documentDate', 'issuer']);

  const columns: Column<DigitisedRecord>[] = [
    {
      key: 'title',
      header: t('colTitle'),
      cell: (r) => <a href={`#/digitisation/${r.id}`}>{r.title}</a>,
      sortValue: (r) => r.title,
    },
    { key: 'status', header: t('colStatus'), cell: (r) => <StatusBadge status={r.status} /> },
    { key: 'progress', header: t('colProgress'), cell: (r) => `${r.pagesDone}/${r.pagesTotal}` },
    {
      key: 'created',
      header: t('colCreated'),
      cell: (r) => formatDateTime(String(r.createdAt)),
      sortValue: (r) => String(r.createdAt),
    },
  ];
  const current = uploading ? files[uploading.index] : undefined;

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <form
        className="card"
        aria-label={t('newRecord')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setNoFiles(files.length === 0);
          if (files.length === 0 || create.busy) return;
          void create.run();
        }}
      >
        <h2>{t('newRecord')}</h2>
        <TextField
          label={t('recordTitle')}
          name="title"
          value={title}
          required
          error={errors.fields.title}
          onChange={setTitle}
        />
        <SelectField
          label={t('origin')}
          name="origin"
          value={origin}
          onChange={setOrigin}
          options={[
            { value: 'paper_original', label: t('originPaper') },
            { value: 'old_archive', label: t('originArchive') },
          ]}
        />
        <TextField
          label={t('documentNumber')}
          name="documentNumber"
          value={documentNumber}
          error={errors.fields.documentNumber}
          onChange={setDocumentNumber}
        />
        <TextField
          label={t('documentDate')}
          name="documentDate"
          type="date"
          value={documentDate}
          error={errors.fields.documentDate}
          onChange={setDocumentDate}
        />
        <TextField
          label={t('issuer')}
          name="issuer"
          value={issuer}
          error={errors.fields.issuer}
          onChange={setIssuer}
        />
        <FilePicker
          label={t('scans')}
          hint={t('scansHint')}
          files={files}
          multiple
          pdfOnly={false}
          onChange={(chosen) => {
            setFiles(chosen);
            if (chosen.length > 0) setNoFiles(false);
          }}
          name="scans"
        />
        {noFiles ? <Notice kind="error">{t('noScans')}</Notice> : null}
        <button type="submit" className="btn btn-primary" disabled={create.busy} aria-busy={create.busy}>
          {t('createAndOcr')}
        </button>
        {create.busy && uploading && current ? (
          <div>
            <p>{t('uploadingFile', { done: uploading.index + 1, total: files.length })}</p>
            <UploadProgress name={current.name} progress={uploading.progress} />
          </div>
        ) : null}
        <ActionFeedback action={create} busyText={t('creating')} showError={!errors.fields.title} />
      </form>
      <h2>{t('recent')}</h2>
      <DataTable
        caption={t('recent')}
        columns={columns}
        rows={records.status === 'ready' ? records.data.items : undefined}
        error={records.status === 'failed' ? records.error : undefined}
        onRetry={records.reload}
        rowKey={(r) => r.id}
        empty={t('noRecords')}
        pageSize={20}
      />
    </>
  );
}
