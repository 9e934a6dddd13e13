// Panels of the case file page: editing the file's metadata (Appendix VI and the archival fields of
// Circular 02/2019: fonds, catalogue, keywords, access regime, reliability, physical condition), and the
// archival records of an archived file with their retention and legal hold (archivists place or lift it).
import { useState } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { AsyncView } from '../../components/async-view';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { ActionFeedback, SelectField, TextField, useAction, useFormErrors } from '../../components/form';
import { Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { Card } from '../../documents/document-widgets';
import { formatDate } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { useMe } from '../../session/session';
import { ARCHIVE_STRINGS } from './archive-strings';

type CaseFile = ResponseOf<'/api/archive/files/{id}', 'get'>;
type RecordRow = ResponseOf<'/api/archive/records', 'get'>['items'][number];

const FIELDS = [
  'title',
  'keywords',
  'fonds',
  'catalogue',
  'physicalCondition',
  'description',
  'language',
] as const;
type TextKey = (typeof FIELDS)[number];

export function EditFilePanel({ file, onSaved }: { file: CaseFile; onSaved: (f: CaseFile) => void }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<TextKey, string>>(() => ({
    title: file.title,
    keywords: file.keywords ?? '',
    fonds: file.fonds ?? '',
    catalogue: file.catalogue ?? '',
    physicalCondition: file.physicalCondition ?? '',
    description: file.description ?? '',
    language: file.language,
  }));
  const [rights, setRights] = useState(file.rights);
  const [reliability, setReliability] = useState(file.reliability);
  const [saved, setSaved] = useState<string>();
  const save = useAction(async () => {
    setSaved(undefined);
    const body = {
      ...Object.fromEntries(
        FIELDS.map((k) => [
          k,
          k === 'title' || k === 'language' ? values[k] : values[k].trim() ? values[k] : null,
        ]),
      ),
      rights,
      reliability,
    };
    const next = await ok(api.PATCH('/api/archive/files/{id}', { params: { path: { id: file.id } }, body }));
    onSaved(next);
    setSaved(t('saved'));
    setOpen(false);
  });
  const errors = useFormErrors(save.error, [...FIELDS]);
  const label: Record<TextKey, string> = {
    title: t('fileTitle'),
    keywords: t('keywords'),
    fonds: t('fonds'),
    catalogue: t('catalogue'),
    physicalCondition: t('physicalCondition'),
    description: t('description'),
    language: t('language'),
  };
  if (!open) {
    return (
      <Card title={t('editTitle')}>
        {saved ? (
          <p className="status-line done" role="status">
            {saved}
          </p>
        ) : null}
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          {t('edit')}
        </button>
      </Card>
    );
  }
  return (
    <Card title={t('editTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save.run();
        }}
      >
        {FIELDS.map((k) => (
          <TextField
            key={k}
            label={label[k]}
            value={values[k]}
            onChange={(v) => setValues({ ...values, [k]: v })}
            error={errors.fields[k]}
          />
        ))}
        <SelectField
          label={t('rights')}
          value={rights}
          onChange={setRights}
          options={[
            { value: 'open', label: t('rights_open') },
            { value: 'restricted', label: t('rights_restricted') },
          ]}
        />
        <SelectField
          label={t('reliability')}
          value={reliability}
          onChange={setReliability}
          options={[
            { value: 'born_digital', label: t('reliability_born_digital') },
            { value: 'digitised', label: t('reliability_digitised') },
            { value: 'mixed', label: t('reliability_mixed') },
          ]}
        />
        {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
        <div className="toolbar">
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            {t('save')}
          </button>
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {t('cancel')}
          </button>
        </div>
        <ActionFeedback action={save} busyText={t('saving')} showError={false} />
      </form>
    </Card>
  );
}

/** The records of an archived file (archivists, leaders, auditors), with the legal hold. */
export function FileRecordsPanel({ fileId }: { fileId: string }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const roles = useMe().user.roles;
  const archivist = roles.includes('archivist');
  const records = useApi(
    () => ok(api.GET('/api/archive/records', { params: { query: { fileId } } })),
    [fileId],
  );
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const hold = useAction(async (r: RecordRow) => {
    setDone(undefined);
    await ok(
      api.PUT('/api/archive/records/{id}/legal-hold', {
        params: { path: { id: r.id } },
        body: { legalHold: !r.legalHold, reason },
      }),
    );
    setDone(r.legalHold ? t('holdLifted') : t('holdPlaced'));
    records.reload();
  });
  if (!roles.some((r) => r === 'archivist' || r === 'leader' || r === 'auditor')) return null;
  const columns: Column<RecordRow>[] = [
    { key: 'ordinal', header: t('colOrdinal'), cell: (r) => r.docOrdinal },
    { key: 'number', header: t('colNumber'), cell: (r) => r.numberAndNotation },
    { key: 'subject', header: t('colSubject'), cell: (r) => r.subject },
    {
      key: 'until',
      header: t('colRetainUntil'),
      cell: (r) => (r.retainUntil ? formatDate(r.retainUntil) : t('permanent')),
    },
    {
      key: 'hold',
      header: t('legalHold'),
      cell: (r) =>
        archivist ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={hold.busy}
            aria-label={t(r.legalHold ? 'liftHoldOf' : 'placeHoldOn', { number: r.numberAndNotation })}
            onClick={() => void hold.run(r)}
          >
            {r.legalHold ? t('liftHold') : t('placeHold')}
          </button>
        ) : r.legalHold ? (
          <Badge tone="warn">{t('legalHold')}</Badge>
        ) : null,
    },
  ];
  return (
    <Card title={t('recordsTitle')}>
      {archivist ? <TextField label={t('holdReason')} value={reason} onChange={setReason} /> : null}
      <ActionFeedback action={hold} busyText={t('holding')} done={done} />
      <AsyncView state={records} onRetry={records.reload}>
        {(data) => (
          <DataTable
            caption={t('recordsTitle')}
            columns={columns}
            rows={data.items}
            rowKey={(r) => r.id}
            empty={t('noDocuments')}
          />
        )}
      </AsyncView>
    </Card>
  );
}

type DigitisedRow = ResponseOf<'/api/digitisation/records', 'get'>['items'][number];

/**
 * "Thêm bản số hóa": puts one of the unit's digitised paper records whose OCR is done into this open file
 * (POST /api/archive/files/:id/documents, sourceKind 'digitised'; docs/archive.md, "Digitised records in
 * the archive"). Shown to those who read the unit's digitised records; records already in the file are
 * left out (the server refuses one filed elsewhere).
 */
export function AddDigitisedPanel({ file, onAdded }: { file: CaseFile; onAdded: (f: CaseFile) => void }) {
  const t = useStrings(ARCHIVE_STRINGS);
  const list = useApi(
    () =>
      ok(api.GET('/api/digitisation/records', { params: { query: { unitId: file.unitId, limit: 200 } } })),
    [file.unitId],
  );
  const [chosen, setChosen] = useState('');
  const [done, setDone] = useState<string>();
  const add = useAction(async (sourceId: string) => {
    setDone(undefined);
    const next = await ok(
      api.POST('/api/archive/files/{id}/documents', {
        params: { path: { id: file.id } },
        body: { sourceKind: 'digitised', sourceId },
      }),
    );
    setChosen('');
    onAdded(next);
    setDone(t('digitisedAdded'));
    return next;
  });
  // Someone who may file but not read digitised records (a specialist) does not see the panel.
  if (list.status === 'failed') return null;
  const inFile = new Set(file.documents.filter((d) => d.sourceKind === 'digitised').map((d) => d.sourceId));
  const rows: DigitisedRow[] =
    list.status === 'ready' ? list.data.items.filter((r) => r.status === 'done' && !inFile.has(r.id)) : [];
  return (
    <Card title={t('addDigitisedTitle')}>
      <ActionFeedback action={add} busyText="…" done={done} />
      <AsyncView state={list} onRetry={list.reload}>
        {() =>
          rows.length === 0 ? (
            <p className="hint">{t('noDigitised')}</p>
          ) : (
            <>
              <SelectField
                label={t('digitisedRecord')}
                value={chosen}
                onChange={setChosen}
                options={[
                  { value: '', label: t('chooseDigitised') },
                  ...rows.map((r) => ({
                    value: r.id,
                    label: [r.documentNumber, r.title].filter(Boolean).join(' – '),
                  })),
                ]}
              />
              <button
                type="button"
                className="btn btn-primary"
                disabled={add.busy || chosen === ''}
                onClick={() => void add.run(chosen)}
              >
                {t('addDigitised')}
              </button>
            </>
          )
        }
      </AsyncView>
    </Card>
  );
}
