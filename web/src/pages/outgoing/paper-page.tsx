// #/seal/paper — Đăng ký văn bản giấy: a document issued on paper, registered with its scan, takes the
// next number of the outgoing register (clerk); its page opens with the number assigned.
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ActionFeedback, CheckboxField, useAction, useFormErrors } from '../../components/form';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card, setFlash } from '../../documents/document-widgets';
import type { OutgoingDocument } from '../../documents/outgoing-document';
import { useStrings } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { SHELL_STRINGS } from '../../shell-strings';
import { FormPage, useMissing } from './form-parts';
import {
  EMPTY_METADATA,
  METADATA_FIELDS,
  MetadataForm,
  metadataBody,
  missingMetadata,
  type Metadata,
} from './metadata-form';
import { OUTGOING_STRINGS } from './outgoing-strings';
import { usePdfUpload } from './use-pdf-upload';

export function PaperPage() {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const shell = useStrings(SHELL_STRINGS);
  const [scan, setScan] = useState<File[]>([]);
  const [meta, setMeta] = useState<Metadata>(EMPTY_METADATA);
  const [perType, setPerType] = useState(false);
  const { check, notice } = useMissing();
  const [registering, setRegistering] = useState(false);
  const { uploadPdf, current } = usePdfUpload();

  const register = useAction(async () => {
    setRegistering(false);
    const scanFileId = await uploadPdf(scan[0]!);
    setRegistering(true);
    const doc = (await ok(
      api.POST('/api/outgoing/paper', {
        body: { ...metadataBody(meta), scanFileId, perTypeRegister: perType },
      }),
    )) as OutgoingDocument;
    setFlash(o('paperRegistered', { number: doc.numberAndNotation }));
    navigate(`#/seal/${doc.id}`);
    return doc;
  });
  const errors = useFormErrors(register.error, METADATA_FIELDS);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const names = [...(scan.length ? [] : [o('paperScan')]), ...missingMetadata(meta, t)];
    if (check(register, names)) void register.run();
  };

  return (
    <FormPage
      id="paper-title"
      title={o('registerPaper')}
      lead={o('paperLead')}
      back={{ hash: '#/seal', text: shell('navSeal') }}
      onSubmit={onSubmit}
    >
      <Card title={o('paperScanCard')}>
        <FilePicker label={o('paperScan')} name="scan" files={scan} onChange={setScan} required />
      </Card>
      <Card title={o('draftMetadata')}>
        <MetadataForm value={meta} onChange={setMeta} errors={errors.fields} />
      </Card>
      <CheckboxField label={o('perTypeRegister')} checked={perType} onChange={setPerType} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={register.busy}>
          {o('registerPaperButton')}
        </button>
      </div>
      {current ? <UploadProgress name={current.name} progress={current.progress} /> : null}
      {notice}
      <ActionFeedback
        action={register}
        busyText={registering ? o('registeringPaper') : t('uploading')}
        showError={errors.form !== undefined}
      />
    </FormPage>
  );
}
