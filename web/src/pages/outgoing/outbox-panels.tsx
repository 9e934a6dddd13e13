// The clerk's and the drafters' panels once a document is sealed or issued: "Phát hành và gửi" (or
// "Gửi lại" to those missing it), "Thu hồi" with a reason, "Cập nhật văn bản đã gửi" (edXML business
// type 2: reason, corrected subject, optional corrected PDF) and "Thay thế văn bản" (type 3: a new
// draft with the same metadata and recipients, the reason and the replacing PDF).
import { useRef, useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import type { ResponseOf } from '../../api/types';
import { upload } from '../../api/upload';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ActionFeedback, useAction } from '../../components/form';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card, setFlash } from '../../documents/document-widgets';
import type { OutgoingDocument } from '../../documents/outgoing-document';
import { useStrings } from '../../i18n/i18n';
import { navigate, to } from '../../router/hash-router';
import type { Done } from './draft-panels';
import { RequiredTextarea, useMissing } from './form-parts';
import { OUTGOING_STRINGS } from './outgoing-strings';
import { usePdfUpload, type UploadState } from './use-pdf-upload';

type Updated = ResponseOf<'/api/outgoing/{id}/update', 'post'>;

export function SendPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  const again = doc.status === 'issued';
  const count = doc.recipients.length;
  const send = useAction(async () => {
    const r = await ok(api.POST('/api/outgoing/{id}/send', { params: { path: { id: doc.id } } }));
    const external = r.external.length ? ` ${o('sentExternal', { count: r.external.length })}` : '';
    onDone(`${o('sentResult', { delivered: r.delivered, already: r.alreadyDelivered })}${external}`);
  });
  return (
    <Card title={again ? o('sendAgainTitle') : o('sendTitle')}>
      <p className="hint">{again ? o('sendAgainExplain') : o('sendExplain', { count })}</p>
      <div className="form-actions">
        <button
          type="button"
          className={again ? 'btn' : 'btn btn-primary'}
          disabled={send.busy}
          aria-busy={send.busy || undefined}
          onClick={() => void send.run()}
        >
          {again ? o('sendAgain') : o('sendButton')}
        </button>
      </div>
      <ActionFeedback action={send} busyText={o('sendingTo', { count })} />
    </Card>
  );
}

export function RecallPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  const [reason, setReason] = useState('');
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const { check, notice } = useMissing();
  const recall = useAction(async () => {
    const r = await ok(
      api.POST('/api/outgoing/{id}/recall', {
        params: { path: { id: doc.id } },
        body: { reason: reason.trim() },
      }),
    );
    onDone(o('recalledResult', { count: r.recipients }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (check(recall, reason.trim() ? [] : [o('recallReason')], reasonRef)) void recall.run();
  };
  return (
    <Card title={o('recallTitle')}>
      <form noValidate onSubmit={onSubmit}>
        <p className="hint">{o('recallExplain')}</p>
        <RequiredTextarea
          label={o('recallReason')}
          name="reason"
          value={reason}
          onChange={setReason}
          inputRef={reasonRef}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn-danger" disabled={recall.busy}>
            {o('recallButton')}
          </button>
        </div>
        {notice}
        <ActionFeedback action={recall} busyText={o('recalling')} />
      </form>
    </Card>
  );
}

/** Update of the issued document (clerk): JSON /update, or the PDF as the raw body of /update/pdf. */
export function UpdatePanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [reason, setReason] = useState('');
  const [subject, setSubject] = useState(doc.subject);
  const [pdf, setPdf] = useState<File[]>([]);
  const [progress, setProgress] = useState<UploadState | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const subjectRef = useRef<HTMLTextAreaElement>(null);
  const { check, notice } = useMissing();
  const update = useAction(async () => {
    const file = pdf[0];
    let r: Updated;
    if (file) {
      const changed = subject.trim() !== doc.subject ? subject.trim() : undefined;
      setProgress({ name: file.name, progress: undefined });
      try {
        r = await upload<Updated>(
          to(`/api/outgoing/${doc.id}/update/pdf`, { reason: reason.trim(), subject: changed }),
          new Blob([file], { type: 'application/pdf' }),
          { onProgress: (p) => setProgress({ name: file.name, progress: p }) },
        );
      } finally {
        setProgress(null);
      }
    } else {
      r = await ok(
        api.POST('/api/outgoing/{id}/update', {
          params: { path: { id: doc.id } },
          body: { reason: reason.trim(), subject: subject.trim() },
        }),
      );
    }
    onDone(o('updatedResult', { revision: r.revision, count: r.recipients }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const names = [
      ...(reason.trim() ? [] : [o('updateReason')]),
      ...(subject.trim() ? [] : [t('fieldSubject')]),
    ];
    if (check(update, names, reason.trim() ? subjectRef : reasonRef)) void update.run();
  };
  return (
    <Card title={o('updateTitle')}>
      <form noValidate aria-label={o('updateTitle')} onSubmit={onSubmit}>
        <p className="hint">{o('updateExplain')}</p>
        <RequiredTextarea
          label={o('updateReason')}
          name="reason"
          value={reason}
          onChange={setReason}
          inputRef={reasonRef}
        />
        <RequiredTextarea
          label={t('fieldSubject')}
          name="subject"
          value={subject}
          onChange={setSubject}
          inputRef={subjectRef}
        />
        <FilePicker label={o('updatePdf')} name="update-pdf" files={pdf} onChange={setPdf} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={update.busy}>
            {o('updateButton')}
          </button>
        </div>
        {progress ? <UploadProgress name={progress.name} progress={progress.progress} /> : null}
        {notice}
        <ActionFeedback action={update} busyText={o('updating')} />
      </form>
    </Card>
  );
}

/** Replacement (the unit's drafters): a new draft with this document's metadata and recipients. */
export function ReplacePanel({ doc }: { doc: OutgoingDocument }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [reason, setReason] = useState('');
  const [subject, setSubject] = useState(doc.subject);
  const [pdf, setPdf] = useState<File[]>([]);
  const { uploadPdf, current } = usePdfUpload();
  const { check, notice } = useMissing();
  const replace = useAction(async () => {
    // The same signer if they can still sign (an active leader of the unit).
    const signers = await ok(api.GET('/api/signers')).then(
      (r) => r.items,
      () => [],
    );
    const signer = signers.some((s) => s.id === doc.signer?.id) ? doc.signer!.id : undefined;
    const fileId = await uploadPdf(pdf[0]!);
    const created = (await ok(
      api.POST('/api/outgoing', {
        body: {
          documentType: doc.documentType,
          notation: doc.notation,
          subject: subject.trim(),
          urgency: doc.urgency,
          classification: doc.classification,
          ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
          ...(signer ? { signerUserId: signer } : {}),
          recipients: [...doc.recipients],
          fileId,
          replacesId: doc.id,
          replaceReason: reason.trim(),
        },
      }),
    )) as OutgoingDocument;
    setFlash(o('replaceDrafted', { number: doc.numberAndNotation }));
    navigate(`#/drafts/${created.id}`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const names = [
      ...(reason.trim() ? [] : [o('replaceReason')]),
      ...(subject.trim() ? [] : [t('fieldSubject')]),
      ...(pdf.length ? [] : [o('replacePdf')]),
    ];
    if (check(replace, names)) void replace.run();
  };
  return (
    <Card title={o('replaceTitle')}>
      <form noValidate aria-label={o('replaceTitle')} onSubmit={onSubmit}>
        <p className="hint">{o('replaceExplain')}</p>
        <RequiredTextarea
          label={o('replaceReason')}
          name="replace-reason"
          value={reason}
          onChange={setReason}
        />
        <RequiredTextarea
          label={t('fieldSubject')}
          name="replace-subject"
          value={subject}
          onChange={setSubject}
        />
        <FilePicker label={o('replacePdf')} name="replace-pdf" files={pdf} onChange={setPdf} required />
        <div className="form-actions">
          <button type="submit" className="btn" disabled={replace.busy}>
            {o('replaceButton')}
          </button>
        </div>
        {current ? <UploadProgress name={current.name} progress={current.progress} /> : null}
        {notice}
        <ActionFeedback action={replace} busyText={o('replacing')} />
      </form>
    </Card>
  );
}
