// #/drafts/new — a new draft: the PDF (file picker or drag and drop), Decree 30 Appendix VI metadata,
// recipients, attachments (several at once, each with a name); "Lưu dự thảo" or "Lưu và trình ký".
// Missing fields are named and nothing typed is lost; then the draft's page opens with the result.
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ActionFeedback, TextField, useAction, useFormErrors } from '../../components/form';
import { ErrorNotice, Notice, useErrorText } from '../../components/notice';
import { useApi } from '../../components/use-api';
import type { PageProps } from '../page-props';
import type { ChosenRecipient } from '../../documents/recipient-picker';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card, setFlash } from '../../documents/document-widgets';
import type { OutgoingDocument } from '../../documents/outgoing-document';
import { formatBytes } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
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

interface Attachment {
  readonly file: File;
  readonly name: string;
}

const DRAFT_FIELDS = [...METADATA_FIELDS, 'attachments'] as const;

export function NewDraftPage({ params }: Partial<PageProps> = {}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const shell = useStrings(SHELL_STRINGS);
  const { lang } = useLanguage();
  const errorText = useErrorText();
  const [pdf, setPdf] = useState<File[]>([]);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [meta, setMeta] = useState<Metadata>(EMPTY_METADATA);
  const { check, notice } = useMissing();
  const [phase, setPhase] = useState<'uploading' | 'savingDraft' | 'submitting'>('uploading');
  const { uploadPdf, current } = usePdfUpload();
  // A reply (#/drafts/new?replyTo=<incoming id>): the answered document is named, its sender becomes the
  // recipient and the subject starts as "V/v trả lời …"; the draft is linked to it (edXML ResponseFor).
  const replyTo = params?.get('replyTo') ?? '';
  const answered = useApi(async () => {
    if (!replyTo) return null;
    const inc = await ok(api.GET('/api/incoming/{id}', { params: { path: { id: replyTo } } }));
    const sender: ChosenRecipient = inc.sender.unitId
      ? { spec: { kind: 'unit', unitId: inc.sender.unitId }, label: inc.sender.name ?? inc.sender.code }
      : {
          spec: {
            kind: 'external',
            code: inc.sender.code,
            ...(inc.sender.name ? { name: inc.sender.name } : {}),
          },
          label: `${inc.sender.name ?? ''} (${inc.sender.code})`,
        };
    // What the person already typed is kept.
    setMeta((m) => ({
      ...m,
      subject: m.subject || `${o('replySubjectPrefix')}${inc.notation}`,
      recipients: m.recipients.length ? m.recipients : [sender],
    }));
    return inc;
  }, [replyTo]);

  const save = useAction(async (andSubmit: boolean) => {
    setPhase('uploading');
    const fileId = await uploadPdf(pdf[0]!);
    const atts: { fileId: string; name: string }[] = [];
    for (const a of attachments) atts.push({ fileId: await uploadPdf(a.file), name: a.name.trim() });
    setPhase('savingDraft');
    const doc = (await ok(
      api.POST('/api/outgoing', {
        body: {
          ...metadataBody(meta),
          fileId,
          ...(atts.length ? { attachments: atts } : {}),
          ...(replyTo ? { replyToIncomingId: replyTo } : {}),
        },
      }),
    )) as OutgoingDocument;
    if (andSubmit) {
      setPhase('submitting');
      try {
        await ok(api.POST('/api/outgoing/{id}/submit', { params: { path: { id: doc.id } }, body: {} }));
        setFlash(o('draftSubmitted'));
      } catch (err) {
        // Saved but not submitted: the draft's page opens, where submitting can be retried.
        setFlash(o('draftSavedNotSubmitted', { error: errorText(err) }));
      }
    } else setFlash(o('draftSaved'));
    navigate(`#/drafts/${doc.id}`);
    return doc;
  });
  const errors = useFormErrors(save.error, DRAFT_FIELDS);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const andSubmit = submitter?.value === 'submit';
    const names = [
      ...(pdf.length ? [] : [o('draftPdf')]),
      ...missingMetadata(meta, t),
      ...(attachments.some((a) => !a.name.trim()) ? [o('attachmentName')] : []),
    ];
    if (check(save, names)) void save.run(andSubmit);
  };

  const addAttachments = (files: File[]) =>
    setAttachments((list) => [
      ...list,
      ...files
        .filter((f) => !list.some((a) => a.file === f))
        .map((file) => ({ file, name: file.name.replace(/\.pdf$/i, '') })),
    ]);

  return (
    <FormPage
      id="new-draft-title"
      title={o('newDraft')}
      lead={o('newDraftLead')}
      back={{ hash: '#/drafts', text: shell('navDrafts') }}
      onSubmit={onSubmit}
    >
      {answered.status === 'ready' && answered.data ? (
        <Notice kind="info">
          <strong>{o('replyToLabel')}:</strong>{' '}
          <a href={`#/inbox/${answered.data.id}`}>
            {o('replyToNotice', {
              notation: answered.data.notation,
              sender: answered.data.sender.name ?? answered.data.sender.code,
              subject: answered.data.subject,
            })}
          </a>
        </Notice>
      ) : null}
      {answered.status === 'failed' ? <ErrorNotice error={answered.error} /> : null}
      <Card title={o('draftFile')}>
        <FilePicker label={o('draftPdf')} name="draft" files={pdf} onChange={setPdf} required />
      </Card>
      <Card title={o('draftMetadata')}>
        <MetadataForm value={meta} onChange={setMeta} errors={errors.fields} />
      </Card>
      <Card title={o('attachments')}>
        <FilePicker
          label={o('attachmentsPdf')}
          name="attachments"
          multiple
          files={[]}
          onChange={addAttachments}
        />
        {attachments.length ? (
          <ul className="attachment-edit">
            {attachments.map((a, i) => (
              <li key={i}>
                <TextField
                  label={o('attachmentName')}
                  className="grow"
                  required
                  value={a.name}
                  onChange={(name) =>
                    setAttachments((list) => list.map((x, j) => (j === i ? { ...x, name } : x)))
                  }
                />
                <small>
                  {a.file.name} · {formatBytes(a.file.size, lang)}
                </small>
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={o('removeAttachmentNamed', { name: a.file.name })}
                  onClick={() => setAttachments((list) => list.filter((_, j) => j !== i))}
                >
                  {t('remove')}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <div className="form-actions">
        <button
          type="submit"
          className="btn"
          value="save"
          disabled={save.busy}
          aria-busy={save.busy || undefined}
        >
          {o('saveDraft')}
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          value="submit"
          disabled={save.busy}
          aria-busy={save.busy || undefined}
        >
          {o('saveAndSubmit')}
        </button>
      </div>
      {current ? <UploadProgress name={current.name} progress={current.progress} /> : null}
      {notice}
      <ActionFeedback
        action={save}
        busyText={phase === 'uploading' ? t('uploading') : o(phase)}
        showError={errors.form !== undefined}
      />
    </FormPage>
  );
}
