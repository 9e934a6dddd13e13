// The drafter's panels on a draft: submit (a returned draft with an optional revised PDF), add an
// attachment, remove one. Each announces its result through `onDone` (the page reloads and shows it).
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ActionFeedback, TextField, useAction } from '../../components/form';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card } from '../../documents/document-widgets';
import type { OutgoingDocument } from '../../documents/outgoing-document';
import { useStrings } from '../../i18n/i18n';
import { useMissing } from './form-parts';
import { OUTGOING_STRINGS } from './outgoing-strings';
import { ReviewerPicker } from './review-panels';
import { usePdfUpload } from './use-pdf-upload';

export type Done = (text: string) => void;

export function SubmitPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const returned = doc.status === 'returned';
  const [revised, setRevised] = useState<File[]>([]);
  const [reviewers, setReviewers] = useState<string[]>([]);
  const [phase, setPhase] = useState<'uploading' | 'submitting'>('submitting');
  const { uploadPdf, current } = usePdfUpload();
  const submit = useAction(async () => {
    const file = revised[0];
    let revisedFileId: string | undefined;
    if (file) {
      setPhase('uploading');
      revisedFileId = await uploadPdf(file);
    }
    setPhase('submitting');
    await ok(
      api.POST('/api/outgoing/{id}/submit', {
        params: { path: { id: doc.id } },
        body: {
          ...(revisedFileId ? { revisedFileId } : {}),
          ...(reviewers.length ? { reviewerUserIds: reviewers } : {}),
        },
      }),
    );
    onDone(o('draftSubmitted'));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run();
  };
  return (
    <Card title={returned ? o('resubmitTitle') : o('submitTitle')}>
      <form onSubmit={onSubmit} noValidate>
        {returned ? (
          <FilePicker
            label={o('revisedPdf')}
            hint={o('revisedPdfHint')}
            name="revised"
            files={revised}
            onChange={setRevised}
          />
        ) : null}
        <ReviewerPicker value={reviewers} onChange={setReviewers} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy}>
            {o('submitForReview')}
          </button>
        </div>
        {current ? <UploadProgress name={current.name} progress={current.progress} /> : null}
        <ActionFeedback action={submit} busyText={phase === 'uploading' ? t('uploading') : o('submitting')} />
      </form>
    </Card>
  );
}

export function AddAttachmentPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [files, setFiles] = useState<File[]>([]);
  const [name, setName] = useState('');
  const { check, notice } = useMissing();
  const { uploadPdf, current } = usePdfUpload();
  const add = useAction(async (file: File, label: string) => {
    const fileId = await uploadPdf(file);
    await ok(
      api.POST('/api/outgoing/{id}/attachments', {
        params: { path: { id: doc.id } },
        body: { fileId, name: label },
      }),
    );
    onDone(o('attachmentAdded', { name: label }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const file = files[0];
    if (check(add, file ? [] : [o('addAttachmentPdf')]) && file)
      void add.run(file, name.trim() || file.name.replace(/\.pdf$/i, ''));
  };
  return (
    <Card title={o('attachments')}>
      <form onSubmit={onSubmit} noValidate>
        <FilePicker label={o('addAttachmentPdf')} name="attachment" files={files} onChange={setFiles} />
        <TextField
          label={o('attachmentName')}
          hint={o('attachmentNameHint')}
          value={name}
          onChange={setName}
          autoComplete="off"
        />
        <div className="form-actions">
          <button type="submit" className="btn" disabled={add.busy}>
            {o('addAttachment')}
          </button>
        </div>
        {current ? <UploadProgress name={current.name} progress={current.progress} /> : null}
        {notice}
        <ActionFeedback action={add} busyText={t('uploading')} />
      </form>
    </Card>
  );
}

/** "Bỏ" next to an attachment of a draft (DELETE /api/outgoing/:id/attachments/:index). */
export function RemoveAttachmentButton({
  doc,
  index,
  name,
  onDone,
}: {
  doc: OutgoingDocument;
  index: number;
  name: string;
  onDone: Done;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const remove = useAction(async () => {
    await ok(
      api.DELETE('/api/outgoing/{id}/attachments/{index}', {
        params: { path: { id: doc.id, index } },
      }),
    );
    onDone(o('attachmentRemoved', { name }));
  });
  return (
    <span className="inline-action">
      <button
        type="button"
        className="btn btn-small"
        aria-label={o('removeAttachmentNamed', { name })}
        disabled={remove.busy}
        onClick={() => void remove.run()}
      >
        {t('remove')}
      </button>
      <ActionFeedback action={remove} busyText={t('working')} />
    </span>
  );
}
