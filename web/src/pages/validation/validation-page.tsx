// Kiểm tra chữ ký số (#/validation): pick or drop a PDF, choose the revocation options (only the data
// embedded in the file; CRL / OCSP files the auditor holds; a past validation time), upload it with its
// progress; the report opens at its
// own address (#/validation/reports/:id), so reload, the language switch and Back keep it.
import { useId, useState } from 'react';
import type { ResponseOf } from '../../api/types';
import type { UploadProgress as Progress } from '../../api/upload';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ActionFeedback, CheckboxField, useAction } from '../../components/form';
import { useDocumentTitle } from '../../components/use-document-title';
import { useStrings } from '../../i18n/i18n';
import { navigate, to } from '../../router/hash-router';
import { VALIDATION_STRINGS } from './validation-strings';
import { uploadPdfWithEvidence, ValidationTabs } from './validation-widgets';

type Validated = ResponseOf<'/api/validation/validate', 'post'>;

/** `2026-03-01T10:00` typed in Vietnam time → the instant in ISO 8601 (whatever the browser's zone). */
export function vietnamInstant(local: string): string | undefined {
  if (!local) return undefined;
  const withSeconds = /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  const instant = new Date(`${withSeconds}+07:00`);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

export function ValidationPage() {
  const t = useStrings(VALIDATION_STRINGS);
  useDocumentTitle(t('title'));
  const atId = useId();
  const crlId = useId();
  const ocspId = useId();
  const [crls, setCrls] = useState<File[]>([]);
  const [ocsps, setOcsps] = useState<File[]>([]);
  const [offline, setOffline] = useState(false);
  const [at, setAt] = useState('');
  const [current, setCurrent] = useState<File>();
  const [progress, setProgress] = useState<Progress>();

  const validate = useAction(async (file: File) => {
    setCurrent(file);
    setProgress(undefined);
    const url = to('/api/validation/validate', {
      offline: offline ? 'true' : undefined,
      at: vietnamInstant(at),
    });
    const answer = await uploadPdfWithEvidence<Validated>(url, file, { crls, ocsps }, setProgress);
    navigate(`#/validation/reports/${answer.record.id}`);
    return answer;
  });

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <ValidationTabs active="file" />
      <FilePicker
        label={t('pick')}
        hint={t('dropHint')}
        files={[]}
        onChange={(files) => {
          if (files[0] && !validate.busy) void validate.run(files[0]);
        }}
        name="pdf"
      />
      <fieldset className="validation-options">
        <legend>{t('options')}</legend>
        <div className="toolbar">
          <div className="field">
            <label htmlFor={atId}>{t('at')}</label>
            <input
              id={atId}
              type="datetime-local"
              step={1}
              value={at}
              aria-describedby={`${atId}-hint`}
              onChange={(e) => setAt(e.target.value)}
            />
            <p className="hint" id={`${atId}-hint`}>
              {t('atHint')}
            </p>
          </div>
          <CheckboxField label={t('offline')} checked={offline} onChange={setOffline} name="offline" />
        </div>
        <div className="toolbar">
          <div className="field">
            <label htmlFor={crlId}>{t('crlFiles')}</label>
            <input
              id={crlId}
              type="file"
              multiple
              accept=".crl,.pem,.der"
              name="crl"
              aria-describedby={`${crlId}-hint`}
              onChange={(e) => setCrls([...(e.target.files ?? [])])}
            />
          </div>
          <div className="field">
            <label htmlFor={ocspId}>{t('ocspFiles')}</label>
            <input
              id={ocspId}
              type="file"
              multiple
              accept=".der,.ocsp,.resp"
              name="ocsp"
              aria-describedby={`${crlId}-hint`}
              onChange={(e) => setOcsps([...(e.target.files ?? [])])}
            />
          </div>
        </div>
        <p className="hint" id={`${crlId}-hint`}>
          {t('evidenceHint')}
        </p>
      </fieldset>
      <div id="validation-progress">
        {validate.busy && current ? <UploadProgress name={current.name} progress={progress} /> : null}
        <ActionFeedback action={validate} busyText={t('validating', { name: current?.name ?? '' })} />
      </div>
    </>
  );
}
