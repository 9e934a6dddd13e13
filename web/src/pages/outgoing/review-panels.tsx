// The review chain before the leader (trình duyệt, issue 14 item 6): choosing the reviewers in order when
// submitting, the reviewer's panel (approve, or return with a comment) and the chain with each decision.
import { useRef, useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import { ActionFeedback, CheckboxField, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card, setFlash } from '../../documents/document-widgets';
import type { OutgoingDocument } from '../../documents/outgoing-document';
import { formatDateTime } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';
import { RequiredTextarea, useMissing } from './form-parts';
import { OUTGOING_STRINGS } from './outgoing-strings';

export interface ReviewStepView {
  readonly seq: number;
  readonly reviewer: { readonly id: string; readonly fullName: string; readonly title: string | null };
  readonly state: 'pending' | 'approved' | 'returned';
  readonly comment: string | null;
  readonly decidedAt: unknown;
}

/** The reviewers, in the order they are ticked (the order they will review in). */
export function ReviewerPicker({
  value,
  onChange,
}: {
  value: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const o = useStrings(OUTGOING_STRINGS);
  const people = useApi(() => ok(api.GET('/api/outgoing-reviewers')), []);
  if (people.status !== 'ready' || people.data.items.length === 0) return null;
  const name = (id: string) => people.data.items.find((p) => p.id === id);
  return (
    <fieldset className="reviewers">
      <legend>{o('reviewersLegend')}</legend>
      <p className="hint">{o('reviewersHint')}</p>
      {people.data.items.map((p) => (
        <CheckboxField
          key={p.id}
          label={p.title ? `${p.fullName} — ${p.title}` : p.fullName}
          checked={value.includes(p.id)}
          onChange={(on) => onChange(on ? [...value, p.id] : value.filter((x) => x !== p.id))}
        />
      ))}
      {value.length ? (
        <ol aria-label={o('reviewersOrder')}>
          {value.map((id) => (
            <li key={id}>{name(id)?.fullName ?? id}</li>
          ))}
        </ol>
      ) : null}
    </fieldset>
  );
}

/** The reviewer whose turn it is: approve (optional comment) or return to the drafter (comment required). */
export function ReviewPanel({ doc }: { doc: OutgoingDocument }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const [comment, setComment] = useState('');
  const { check, notice } = useMissing();
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const decide = useAction(async (decision: 'approve' | 'return') => {
    await ok(
      api.POST('/api/outgoing/{id}/review', {
        params: { path: { id: doc.id } },
        body: { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      }),
    );
    setFlash(o(decision === 'approve' ? 'reviewApproved' : 'reviewReturned'));
    navigate('#/drafts');
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const decision = submitter?.value === 'return' ? 'return' : 'approve';
    if (decision === 'approve' || check(decide, comment.trim() ? [] : [o('reviewComment')], commentRef)) {
      void decide.run(decision);
    }
  };
  return (
    <Card title={o('reviewPanelTitle')}>
      <form noValidate onSubmit={onSubmit}>
        <p className="hint">{o('reviewHint')}</p>
        <RequiredTextarea
          label={o('reviewComment')}
          name="review-comment"
          value={comment}
          onChange={setComment}
          inputRef={commentRef}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" value="approve" disabled={decide.busy}>
            {o('reviewApprove')}
          </button>
          <button type="submit" className="btn" value="return" disabled={decide.busy}>
            {o('reviewReturn')}
          </button>
        </div>
        {notice}
        <ActionFeedback action={decide} busyText={t('working')} />
      </form>
    </Card>
  );
}

/** The chain in order: who, their decision and comment, when; the first pending one has the turn. */
export function ReviewChainCard({ steps }: { steps: readonly ReviewStepView[] }) {
  const o = useStrings(OUTGOING_STRINGS);
  const turn = steps.find((s) => s.state === 'pending');
  return (
    <Card title={o('reviewChainTitle')}>
      <ol className="timeline review-chain">
        {steps.map((s) => (
          <li key={s.seq} data-state={s.state}>
            <strong>{s.reviewer.fullName}</strong>
            {s.reviewer.title ? ` — ${s.reviewer.title}` : ''}:{' '}
            {s.state === 'pending'
              ? o(s === turn ? 'reviewTurn' : 'reviewWaiting')
              : o(s.state === 'approved' ? 'reviewStateApproved' : 'reviewStateReturned')}
            {s.decidedAt ? (
              <>
                {' '}
                — <time dateTime={String(s.decidedAt)}>{formatDateTime(String(s.decidedAt))}</time>
              </>
            ) : null}
            {s.comment ? <div className="note">{s.comment}</div> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
