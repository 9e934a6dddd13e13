// The actions on an incoming document, one panel each, shown when `actions` of GET /api/incoming/:id
// has them (the routes check again): register (03, the incoming number), refuse with a reason (02),
// forward for assignment (04), assign specialists with a deadline (05), complete with a result note
// (06), answer a recall (accept 15, or refuse 16 with a note). Each keeps what was typed after a
// failure, disables its button while it runs and announces its result through `onDone` (the page
// reads the document again). Ported from the old shell's incoming-pages.mjs.
import { useRef, useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import {
  ActionFeedback,
  Field,
  SelectField,
  TextField,
  useAction,
  useFormErrors,
} from '../../components/form';
import { FilePicker, UploadProgress } from '../../components/file-picker';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { usePdfUpload } from '../outgoing/use-pdf-upload';
import { useApi } from '../../components/use-api';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card } from '../../documents/document-widgets';
import { formatDate } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import type { HandlingResult, IncomingDetail } from './incoming-document';
import { INCOMING_STRINGS } from './incoming-strings';

/** Reads the document again, then announces `text` (awaited by the action, whose button stays busy). */
export type Done = (text: string) => Promise<void>;

const HANDLING_KEY = {
  early: 'handling_early',
  on_time: 'handling_on_time',
  late: 'handling_late',
} as const satisfies Record<HandlingResult, string>;

/** "Trước hạn / Đúng hạn / Trễ hạn" of a handling result. */
export function useHandlingText(): (r: HandlingResult) => string {
  const t = useStrings(DOCUMENT_STRINGS);
  return (r) => t(HANDLING_KEY[r]);
}

export function RegisterPanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  // The register book (per type or classified, set up by the admin) and the leader to present to.
  const books = useApi(() => ok(api.GET('/api/register-books')), []);
  const leaders = useApi(() => ok(api.GET('/api/signers')), []);
  const [bookId, setBookId] = useState('');
  const [presentTo, setPresentTo] = useState('');
  const activeBooks = books.status === 'ready' ? books.data.items.filter((b) => b.active) : [];
  const register = useAction(async () => {
    const r = await ok(
      api.POST('/api/incoming/{id}/register-in-book', {
        params: { path: { id: doc.id } },
        body: { ...(bookId ? { bookId } : {}), ...(presentTo ? { presentToUserId: presentTo } : {}) },
      }),
    );
    await onDone(t('registeredResult', { number: r.incomingNumberText ?? '', year: r.year ?? '' }));
  });
  const warn =
    doc.validation.state === 'pending'
      ? t('registerWarnPending')
      : doc.validation.indication !== 'TOTAL_PASSED'
        ? t('registerWarnInvalid')
        : null;
  return (
    <Card title={t('registerTitle')}>
      <p className="hint">{t('registerExplain')}</p>
      {warn ? <Notice kind="warn">{warn}</Notice> : null}
      {activeBooks.length ? (
        <SelectField
          label={t('registerBook')}
          name="book"
          value={bookId}
          onChange={setBookId}
          options={[
            { value: '', label: t('sharedRegister') },
            ...activeBooks.map((b) => ({
              value: b.id,
              label: b.documentTypes.length ? `${b.name} (${b.documentTypes.join(', ')})` : b.name,
            })),
          ]}
        />
      ) : null}
      {leaders.status === 'ready' && leaders.data.items.length ? (
        <SelectField
          label={t('presentTo')}
          name="presentTo"
          value={presentTo}
          onChange={setPresentTo}
          options={[
            { value: '', label: t('presentToNone') },
            ...leaders.data.items.map((l) => ({
              value: l.id,
              label: l.title ? `${l.fullName} — ${l.title}` : l.fullName,
            })),
          ]}
        />
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={register.busy}
          onClick={() => void register.run()}
        >
          {t('registerButton')}
        </button>
      </div>
      <ActionFeedback action={register} busyText={t('registering')} />
    </Card>
  );
}

/** A panel whose form takes one required text (a reason, a result note). */
function ReasonPanel({
  title,
  explain,
  label,
  name,
  buttonText,
  buttonClass,
  submit,
}: {
  title: string;
  explain?: string | null;
  label: string;
  name: string;
  buttonText: string;
  buttonClass: string;
  submit: (text: string) => Promise<void>;
}) {
  const d = useStrings(DOCUMENT_STRINGS);
  const [text, setText] = useState('');
  const [missing, setMissing] = useState<string>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const action = useAction(submit);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      action.clearError();
      setMissing(d('missingFields', { fields: label }));
      ref.current?.focus();
      return;
    }
    setMissing(undefined);
    void action.run(text.trim());
  };
  return (
    <Card title={title}>
      <form noValidate onSubmit={onSubmit} aria-label={title}>
        {explain ? <p className="hint">{explain}</p> : null}
        <Field label={label} required>
          {(a11y) => (
            <textarea
              {...a11y}
              ref={ref}
              rows={3}
              name={name}
              required
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className={buttonClass} disabled={action.busy}>
            {buttonText}
          </button>
        </div>
        {missing ? <Notice kind="error">{missing}</Notice> : null}
        <ActionFeedback action={action} busyText={d('working')} />
      </form>
    </Card>
  );
}

export function RefusePanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  return (
    <ReasonPanel
      title={t('refuseTitle')}
      explain={t('refuseExplain')}
      label={t('refusalReason')}
      name="reason"
      buttonText={t('refuseButton')}
      buttonClass="btn btn-danger"
      submit={async (reason) => {
        await ok(
          api.POST('/api/incoming/{id}/refuse', { params: { path: { id: doc.id } }, body: { reason } }),
        );
        await onDone(t('refusedResult'));
      }}
    />
  );
}

export function ForwardPanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  const d = useStrings(DOCUMENT_STRINGS);
  const forward = useAction(async () => {
    await ok(api.POST('/api/incoming/{id}/forward', { params: { path: { id: doc.id } } }));
    await onDone(t('forwardedResult'));
  });
  return (
    <Card title={t('forwardTitle')}>
      <p className="hint">{t('forwardExplain')}</p>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={forward.busy}
          onClick={() => void forward.run()}
        >
          {t('forwardButton')}
        </button>
      </div>
      <ActionFeedback action={forward} busyText={d('working')} />
    </Card>
  );
}

export function AssignPanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  const d = useStrings(DOCUMENT_STRINGS);
  const people = useApi(() => ok(api.GET('/api/incoming/assignees')), []);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  // The sender's deadline while it has not passed (the server would take it too when none is sent).
  const requested =
    doc.requestedDueDate && doc.requestedDueDate.slice(0, 10) >= localToday()
      ? doc.requestedDueDate.slice(0, 10)
      : '';
  const [deadline, setDeadline] = useState(requested);
  const [missing, setMissing] = useState<string>();
  // Chủ trì among those chosen (the first ticked unless another is picked); the others phối hợp.
  const [lead, setLead] = useState('');
  const [instruction, setInstruction] = useState('');
  const leadId = chosen.includes(lead) ? lead : (chosen[0] ?? '');
  const assign = useAction(async (ids: readonly string[]) => {
    const r = await ok(
      api.POST('/api/incoming/{id}/assign', {
        params: { path: { id: doc.id } },
        body: {
          leadUserId: leadId,
          supportUserIds: ids.filter((x) => x !== leadId),
          ...(instruction.trim() ? { instruction: instruction.trim() } : {}),
          ...(deadline ? { deadline } : requested ? { deadline: null } : {}),
        },
      }),
    );
    await onDone(
      t('assignedResult', {
        count: ids.length,
        deadline: r.deadline ? formatDate(r.deadline) : t('noDeadline'),
      }),
    );
  });
  const errors = useFormErrors(assign.error, ['assigneeUserIds', 'deadline'], { DATE_INVALID: 'deadline' });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen.length) {
      assign.clearError();
      setMissing(t('chooseAssignee'));
      return;
    }
    setMissing(undefined);
    void assign.run(chosen);
  };
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => (on ? [...c.filter((x) => x !== id), id] : c.filter((x) => x !== id)));

  return (
    <Card title={t('assignTitle')}>
      {people.status === 'loading' ? (
        <Loading />
      ) : people.status === 'failed' ? (
        <ErrorNotice error={people.error} onRetry={people.reload} />
      ) : (
        <form noValidate onSubmit={onSubmit} aria-label={t('assignTitle')}>
          {people.data.items.length ? (
            <fieldset className="assignees">
              <legend>{t('assigneesLabel')}</legend>
              <ul className="plain">
                {people.data.items.map((p) => (
                  <li key={p.id}>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        name="assignee"
                        value={p.id}
                        checked={chosen.includes(p.id)}
                        onChange={(e) => toggle(p.id, e.target.checked)}
                      />{' '}
                      {p.fullName}
                      {p.title ? <small> — {p.title}</small> : null}
                    </label>
                  </li>
                ))}
              </ul>
              {errors.fields.assigneeUserIds ? (
                <p className="field-error" role="alert">
                  {errors.fields.assigneeUserIds}
                </p>
              ) : null}
            </fieldset>
          ) : (
            <Notice kind="warn">{t('noAssignees')}</Notice>
          )}
          {chosen.length > 1 && people.status === 'ready' ? (
            <SelectField
              label={t('leadHandler')}
              name="lead"
              value={leadId}
              onChange={setLead}
              options={chosen.map((id) => ({
                value: id,
                label: people.data.items.find((p) => p.id === id)?.fullName ?? id,
              }))}
            />
          ) : null}
          <Field label={t('instruction')}>
            {(props) => (
              <textarea
                {...props}
                name="instruction"
                rows={2}
                value={instruction}
                onChange={(e) => setInstruction(e.target.value)}
              />
            )}
          </Field>
          <TextField
            label={d('deadlineCol')}
            type="date"
            name="deadline"
            value={deadline}
            onChange={setDeadline}
            hint={
              requested && deadline === requested
                ? `${t('deadlineFromSender', { date: formatDate(requested) })} ${t('deadlineHint')}`
                : t('deadlineHint')
            }
            error={errors.fields.deadline}
          />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={assign.busy}>
              {t('assignButton')}
            </button>
          </div>
          {missing ? <Notice kind="error">{missing}</Notice> : null}
          {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
          <ActionFeedback action={assign} busyText={d('working')} showError={false} />
        </form>
      )}
    </Card>
  );
}

export function CompletePanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  const d = useStrings(DOCUMENT_STRINGS);
  const handling = useHandlingText();
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [missing, setMissing] = useState<string>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const { uploadPdf, current } = usePdfUpload();
  const complete = useAction(async () => {
    // Each file once (a retry reuses the ids already sent), then the completion naming them.
    const resultFileIds: string[] = [];
    for (const f of files) resultFileIds.push(await uploadPdf(f));
    const r = await ok(
      api.POST('/api/incoming/{id}/complete', {
        params: { path: { id: doc.id } },
        body: { note: note.trim(), ...(resultFileIds.length ? { resultFileIds } : {}) },
      }),
    );
    await onDone(t('completedResult', { result: r.handlingResult ? handling(r.handlingResult) : '' }));
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      complete.clearError();
      setMissing(d('missingFields', { fields: t('completeNote') }));
      ref.current?.focus();
      return;
    }
    setMissing(undefined);
    void complete.run();
  };
  return (
    <Card title={t('completeTitle')}>
      <form noValidate onSubmit={onSubmit} aria-label={t('completeTitle')}>
        {doc.deadline ? (
          <p className="hint">{t('completeExplainDeadline', { deadline: formatDate(doc.deadline) })}</p>
        ) : null}
        <Field label={t('completeNote')} required>
          {(a11y) => (
            <textarea
              {...a11y}
              ref={ref}
              rows={3}
              name="note"
              required
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
        <FilePicker
          label={t('resultFiles')}
          hint={t('resultFilesHint')}
          files={files}
          onChange={setFiles}
          multiple
          name="result-files"
        />
        {current ? <UploadProgress name={current.name} progress={current.progress} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={complete.busy}>
            {t('completeButton')}
          </button>
        </div>
        {missing ? <Notice kind="error">{missing}</Notice> : null}
        <ActionFeedback action={complete} busyText={d('working')} />
      </form>
    </Card>
  );
}

export function RecallAnswerPanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  const d = useStrings(DOCUMENT_STRINGS);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<string>();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const answer = useAction(async (accept: boolean) => {
    const text = note.trim();
    await ok(
      api.POST('/api/incoming/{id}/recall-answer', {
        params: { path: { id: doc.id } },
        body: { accept, ...(text ? { note: text } : {}) },
      }),
    );
    await onDone(t(accept ? 'recallAccepted' : 'recallRefused'));
  });
  const run = (accept: boolean) => {
    if (!accept && !note.trim()) {
      answer.clearError();
      setMissing(d('missingFields', { fields: t('recallAnswerNote') }));
      noteRef.current?.focus();
      return;
    }
    setMissing(undefined);
    void answer.run(accept);
  };
  return (
    <Card title={t('recallAnswerTitle')}>
      <p className="hint">{t('recallAnswerExplain', { reason: doc.recallReason ?? '' })}</p>
      <Field label={t('recallAnswerNote')} hint={t('recallAnswerNoteHint')}>
        {(a11y) => (
          <textarea
            {...a11y}
            ref={noteRef}
            rows={2}
            name="recallNote"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={answer.busy} onClick={() => run(true)}>
          {t('acceptRecall')}
        </button>{' '}
        <button type="button" className="btn btn-danger" disabled={answer.busy} onClick={() => run(false)}>
          {t('refuseRecall')}
        </button>
      </div>
      {missing ? <Notice kind="error">{missing}</Notice> : null}
      <ActionFeedback action={answer} busyText={d('working')} />
    </Card>
  );
}

/** Today in the browser's time zone, YYYY-MM-DD (what a date input holds). */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A handler or a leader notes progress on a document in progress (05). */
export function ProgressPanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  const [text, setText] = useState('');
  const note = useAction(async () => {
    await ok(
      api.POST('/api/incoming/{id}/progress', {
        params: { path: { id: doc.id } },
        body: { text: text.trim() },
      }),
    );
    setText('');
    await onDone(t('progressNoted'));
  });
  const errors = useFormErrors(note.error, ['text']);
  return (
    <Card title={t('progressTitle')}>
      <form
        noValidate
        aria-label={t('progressTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void note.run();
        }}
      >
        <Field label={t('progressText')} error={errors.fields.text}>
          {(props) => (
            <textarea
              {...props}
              name="progress"
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={note.busy}>
            {t('progressButton')}
          </button>
        </div>
        <ActionFeedback action={note} busyText={t('progressButton')} showError={errors.form !== undefined} />
      </form>
    </Card>
  );
}

/** A leader extends the deadline of a document in progress, with the reason. */
export function ExtendPanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  const d = useStrings(DOCUMENT_STRINGS);
  const [deadline, setDeadline] = useState('');
  const [reason, setReason] = useState('');
  const extend = useAction(async () => {
    await ok(
      api.POST('/api/incoming/{id}/extend', {
        params: { path: { id: doc.id } },
        body: { deadline, reason: reason.trim() },
      }),
    );
    await onDone(t('extendedResult', { deadline: formatDate(deadline) }));
  });
  const errors = useFormErrors(extend.error, ['deadline', 'reason'], { DATE_INVALID: 'deadline' });
  return (
    <Card title={t('extendTitle')}>
      <form
        noValidate
        aria-label={t('extendTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void extend.run();
        }}
      >
        <TextField
          label={d('deadlineCol')}
          type="date"
          name="new-deadline"
          value={deadline}
          onChange={setDeadline}
          error={errors.fields.deadline}
        />
        <Field label={t('extendReason')} error={errors.fields.reason}>
          {(props) => (
            <textarea
              {...props}
              name="reason"
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={extend.busy}>
            {t('extendButton')}
          </button>
        </div>
        <ActionFeedback action={extend} busyText={t('extendButton')} showError={errors.form !== undefined} />
      </form>
    </Card>
  );
}

/** A leader hands a document in progress to another lead handler (and supporting handlers), with the reason. */
export function ReassignPanel({ doc, onDone }: { doc: IncomingDetail; onDone: Done }) {
  const t = useStrings(INCOMING_STRINGS);
  const d = useStrings(DOCUMENT_STRINGS);
  const people = useApi(() => ok(api.GET('/api/incoming/assignees')), []);
  const [lead, setLead] = useState('');
  const [support, setSupport] = useState<readonly string[]>([]);
  const [reason, setReason] = useState('');
  const reassign = useAction(async (name: string) => {
    await ok(
      api.POST('/api/incoming/{id}/reassign', {
        params: { path: { id: doc.id } },
        body: {
          leadUserId: lead,
          supportUserIds: support.filter((x) => x !== lead),
          reason: reason.trim(),
        },
      }),
    );
    setReason('');
    await onDone(t('reassignedResult', { name }));
  });
  const errors = useFormErrors(reassign.error, ['leadUserId', 'supportUserIds', 'reason']);
  if (people.status === 'loading') return <Loading />;
  if (people.status === 'failed') return <ErrorNotice error={people.error} onRetry={people.reload} />;
  const items = people.data.items;
  const leadId = lead || '';
  return (
    <Card title={t('reassignTitle')}>
      <form
        noValidate
        aria-label={t('reassignTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void reassign.run(items.find((p) => p.id === leadId)?.fullName ?? '');
        }}
      >
        <SelectField
          label={t('reassignLead')}
          name="new-lead"
          value={leadId}
          onChange={setLead}
          options={[
            { value: '', label: t('presentToNone') },
            ...items.map((p) => ({ value: p.id, label: p.fullName })),
          ]}
          error={errors.fields.leadUserId}
        />
        <fieldset className="assignees">
          <legend>{t('reassignSupport')}</legend>
          <ul className="plain">
            {items
              .filter((p) => p.id !== leadId)
              .map((p) => (
                <li key={p.id}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name="new-support"
                      value={p.id}
                      checked={support.includes(p.id)}
                      onChange={(e) =>
                        setSupport((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))
                      }
                    />{' '}
                    {p.fullName}
                  </label>
                </li>
              ))}
          </ul>
          {errors.fields.supportUserIds ? (
            <p className="field-error" role="alert">
              {errors.fields.supportUserIds}
            </p>
          ) : null}
        </fieldset>
        <Field label={t('reassignReason')} error={errors.fields.reason} required>
          {(props) => (
            <textarea
              {...props}
              name="reassign-reason"
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={reassign.busy}>
            {t('reassignButton')}
          </button>
        </div>
        <ActionFeedback action={reassign} busyText={d('working')} showError={errors.form !== undefined} />
      </form>
    </Card>
  );
}
