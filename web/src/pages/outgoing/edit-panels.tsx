// The drafter's "Sửa dự thảo" (PATCH /api/outgoing/:id with the new-draft page's metadata form and
// recipient picker) and "Xóa dự thảo" (DELETE, after a confirmation, then back to the drafts list), and
// the clerk's "Nơi nhận" on a signed document (PUT /api/outgoing/:id/recipients before numbering).
// Field errors come from the API's codes; each success is announced through `onDone`.
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import { ActionFeedback, useAction, useFormErrors } from '../../components/form';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card, setFlash, useRecipientNames } from '../../documents/document-widgets';
import type { OutgoingDocument } from '../../documents/outgoing-document';
import { RecipientPicker, recipientSpecs, type ChosenRecipient } from '../../documents/recipient-picker';
import { useStrings } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { SHELL_STRINGS } from '../../shell-strings';
import type { Done } from './draft-panels';
import { useMissing } from './form-parts';
import { METADATA_FIELDS, MetadataForm, metadataBody, missingMetadata, type Metadata } from './metadata-form';
import { OUTGOING_STRINGS } from './outgoing-strings';

/** The document's recipients with their names (for the picker), undefined while they are looked up. */
function useChosenRecipients(doc: OutgoingDocument): ChosenRecipient[] | undefined {
  const names = useRecipientNames(doc.recipients, doc.recipients.length);
  if (names.status !== 'ready') return undefined;
  return doc.recipients.map((spec, i) => ({ spec, label: names.data.names[i] ?? '' }));
}

export function EditDraftPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  const shell = useStrings(SHELL_STRINGS);
  const [open, setOpen] = useState(false);
  const chosen = useChosenRecipients(doc);
  return (
    <Card title={o('editDraftTitle')}>
      {!open ? (
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => setOpen(true)} disabled={!chosen}>
            {o('editDraftButton')}
          </button>
        </div>
      ) : chosen ? (
        <EditDraftForm
          doc={doc}
          recipients={chosen}
          onCancel={() => setOpen(false)}
          onDone={(text) => {
            setOpen(false);
            onDone(text);
          }}
        />
      ) : (
        <p>{shell('loading')}</p>
      )}
    </Card>
  );
}

function EditDraftForm({
  doc,
  recipients,
  onCancel,
  onDone,
}: {
  doc: OutgoingDocument;
  recipients: ChosenRecipient[];
  onCancel: () => void;
  onDone: Done;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [meta, setMeta] = useState<Metadata>({
    documentType: doc.documentType,
    notation: doc.notation,
    subject: doc.subject,
    urgency: doc.urgency,
    classification: doc.classification,
    dueDate: doc.dueDate ? doc.dueDate.slice(0, 10) : '',
    signerUserId: doc.signerUserId ?? '',
    recipients,
  });
  const { check, notice } = useMissing();
  const save = useAction(async () => {
    const body = metadataBody(meta);
    await ok(
      api.PATCH('/api/outgoing/{id}', {
        params: { path: { id: doc.id } },
        body: { ...body, dueDate: meta.dueDate || null, signerUserId: meta.signerUserId || null },
      }),
    );
    onDone(o('draftEdited'));
  });
  const errors = useFormErrors(save.error, METADATA_FIELDS);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (check(save, missingMetadata(meta, t))) void save.run();
  };
  return (
    <form noValidate aria-label={o('editDraftTitle')} onSubmit={onSubmit}>
      <MetadataForm value={meta} onChange={setMeta} errors={errors.fields} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.busy}>
          {o('editDraftSave')}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={save.busy}>
          {o('editDraftCancel')}
        </button>
      </div>
      {notice}
      <ActionFeedback action={save} busyText={o('savingChanges')} showError={errors.form !== undefined} />
    </form>
  );
}

export function DeleteDraftPanel({ doc }: { doc: OutgoingDocument }) {
  const o = useStrings(OUTGOING_STRINGS);
  const [confirming, setConfirming] = useState(false);
  const remove = useAction(async () => {
    await ok(api.DELETE('/api/outgoing/{id}', { params: { path: { id: doc.id } } }));
    setFlash(o('draftDeleted', { subject: doc.subject }));
    navigate('#/drafts');
  });
  return (
    <Card title={o('deleteDraftTitle')}>
      {confirming ? (
        <div role="group" aria-label={o('deleteDraftTitle')}>
          <p className="alert alert-warn">{o('deleteDraftConfirm', { subject: doc.subject })}</p>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-danger"
              disabled={remove.busy}
              onClick={() => void remove.run()}
            >
              {o('deleteDraftYes')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={remove.busy}
              onClick={() => {
                remove.clearError();
                setConfirming(false);
              }}
            >
              {o('deleteDraftNo')}
            </button>
          </div>
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => setConfirming(true)}>
            {o('deleteDraftButton')}
          </button>
        </div>
      )}
      <ActionFeedback action={remove} busyText={o('deleting')} />
    </Card>
  );
}

export function SetRecipientsPanel({ doc, onDone }: { doc: OutgoingDocument; onDone: Done }) {
  const o = useStrings(OUTGOING_STRINGS);
  const shell = useStrings(SHELL_STRINGS);
  const chosen = useChosenRecipients(doc);
  return (
    <Card title={o('setRecipientsTitle')}>
      {chosen ? (
        <SetRecipientsForm key={doc.updatedAt} doc={doc} initial={chosen} onDone={onDone} />
      ) : (
        <p>{shell('loading')}</p>
      )}
    </Card>
  );
}

function SetRecipientsForm({
  doc,
  initial,
  onDone,
}: {
  doc: OutgoingDocument;
  initial: ChosenRecipient[];
  onDone: Done;
}) {
  const o = useStrings(OUTGOING_STRINGS);
  const [recipients, setRecipients] = useState<ChosenRecipient[]>(initial);
  const save = useAction(async () => {
    await ok(
      api.PUT('/api/outgoing/{id}/recipients', {
        params: { path: { id: doc.id } },
        body: { recipients: recipientSpecs(recipients) },
      }),
    );
    onDone(o('recipientsSaved'));
  });
  const errors = useFormErrors(save.error, ['recipients']);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <form noValidate aria-label={o('setRecipientsTitle')} onSubmit={onSubmit}>
      <p className="hint">{o('setRecipientsExplain')}</p>
      <RecipientPicker value={recipients} onChange={setRecipients} error={errors.fields.recipients} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.busy}>
          {o('setRecipientsSave')}
        </button>
      </div>
      <ActionFeedback action={save} busyText={o('savingChanges')} showError={errors.form !== undefined} />
    </form>
  );
}
