// One incoming document (#/inbox/:id, #/assignments/:id): the verdict of the signature check on
// arrival (read again every 2 s while it is pending), the Decree 30 details with the incoming number,
// assignees and deadline, the PDF shown in the page and its attachments, the caller's next actions
// (exactly `actions` of GET /api/incoming/:id; the routes check again) and the history of every status
// with its time, actor and note. After an action the document is read again and the result announced
// (a status paragraph that takes focus). Ported from incomingPage() of the old shell's incoming-pages.mjs.
import { useCallback, useState } from 'react';
import { api, ok } from '../../api/client';
import { Notice } from '../../components/notice';
import { PdfPreview } from '../../components/pdf-preview';
import { useApi } from '../../components/use-api';
import {
  IncomingStatusBadge,
  OutgoingStatusBadge,
  UrgencyBadge,
  VerdictBadge,
} from '../../documents/document-badges';
import type { OutgoingStatus } from '../../documents/outgoing-document';
import {
  AnnouncementNotice,
  DocumentLoading,
  useAnnouncement,
  type Announcement,
} from '../../documents/document-page';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { BackLink, Card, PdfLinks, Props, useRefreshWhile } from '../../documents/document-widgets';
import { formatBytes, formatDate, formatDateTime } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { SHELL_STRINGS } from '../../shell-strings';
import { INCOMING_SECTION_HASH, type IncomingDetail, type IncomingSection } from './incoming-document';
import {
  AssignPanel,
  CompletePanel,
  ExtendPanel,
  ProgressPanel,
  ReassignPanel,
  ForwardPanel,
  RecallAnswerPanel,
  RefusePanel,
  RegisterPanel,
  useHandlingText,
  type Done,
} from './incoming-panels';
import { INCOMING_STRINGS } from './incoming-strings';
import { VerdictCard } from './verdict-card';
import { FilingCard } from '../archive/filing-card';

const SECTION_MENU = { inbox: 'navInbox', assignments: 'navAssignments' } as const;

/** How often the page asks again while the verdict is pending (as the current app). */
const PENDING_REFRESH_MS = 2000;

const readIncoming = (id: string) => ok(api.GET('/api/incoming/{id}', { params: { path: { id } } }));

export function IncomingDocumentPage({ id, section }: { id: string; section: IncomingSection }) {
  const shell = useStrings(SHELL_STRINGS);
  const [announce, say] = useAnnouncement();
  const view = useApi(() => readIncoming(id), [id]);
  // Read again in place (after an action, while the verdict is pending): the page stays as it is
  // until the new answer is there.
  const [fresh, setFresh] = useState<IncomingDetail>();
  const doc = fresh ?? (view.status === 'ready' ? view.data : undefined);
  const refresh = useCallback(async () => setFresh(await readIncoming(id)), [id]);
  useRefreshWhile(doc?.validation.state === 'pending', PENDING_REFRESH_MS, refresh);
  // The result is announced with the document as it is now (the action's button stays busy meanwhile).
  const done = async (text: string) => {
    try {
      await refresh();
    } catch {
      setFresh(undefined);
      view.reload();
    }
    say(text);
  };

  if (!doc)
    return (
      <DocumentLoading
        hash={INCOMING_SECTION_HASH[section]}
        text={shell(SECTION_MENU[section])}
        state={view}
        onRetry={view.reload}
      />
    );
  return <DocumentView doc={doc} section={section} announce={announce} onDone={done} />;
}

function DocumentView({
  doc,
  section,
  announce,
  onDone,
}: {
  doc: IncomingDetail;
  section: IncomingSection;
  announce: Announcement | null;
  onDone: Done;
}) {
  const shell = useStrings(SHELL_STRINGS);
  const actions = new Set(doc.actions);
  return (
    <>
      <BackLink
        hash={INCOMING_SECTION_HASH[section]}
        text={shell(SECTION_MENU[section])}
        current={doc.notation}
      />
      <h1>{doc.subject}</h1>
      <p className="lead badges">
        <IncomingStatusBadge code={doc.statusCode} label={doc.status} />{' '}
        <UrgencyBadge urgency={doc.urgency} />{' '}
        <VerdictBadge verdict={doc.validation.state === 'done' ? doc.validation.indication : 'pending'} />{' '}
        <span className="code">{doc.notation}</span>
      </p>
      <AnnouncementNotice announce={announce} />
      <div className="doc-layout">
        <div className="doc-main">
          <VerdictCard validation={doc.validation} />
          <InfoCard doc={doc} />
          <FilesCard doc={doc} />
          {doc.handlers?.length || doc.notes?.length ? <HandlingCard doc={doc} /> : null}
          {doc.replies.length || actions.has('reply') ? <RepliesCard doc={doc} /> : null}
        </div>
        {actions.size ? (
          <div className="doc-actions">
            {actions.has('register') ? <RegisterPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('refuse') ? <RefusePanel doc={doc} onDone={onDone} /> : null}
            {actions.has('forward') ? <ForwardPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('assign') ? <AssignPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('complete') ? <CompletePanel doc={doc} onDone={onDone} /> : null}
            {actions.has('answerRecall') ? <RecallAnswerPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('progress') ? <ProgressPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('extend') ? <ExtendPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('reassign') ? <ReassignPanel doc={doc} onDone={onDone} /> : null}
          </div>
        ) : null}
      </div>
      <FilingCard sourceKind="incoming" sourceId={doc.id} />
      <HistoryCard doc={doc} />
    </>
  );
}

function InfoCard({ doc }: { doc: IncomingDetail }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const i = useStrings(INCOMING_STRINGS);
  const handling = useHandlingText();
  const signature = doc.edxml?.signature;
  return (
    <Card title={t('documentInfo')}>
      {doc.supersededById ? <Notice kind="warn">{i('supersededNote')}</Notice> : null}
      {doc.recallCode === '13' ? (
        <Notice kind="warn">{i('recallRequestedNote', { reason: doc.recallReason ?? '' })}</Notice>
      ) : null}
      <Props
        pairs={[
          [t('numberCol'), <span className="code">{doc.notation}</span>],
          [t('fieldDocumentType'), doc.documentType],
          [t('fieldSubject'), doc.subject],
          [
            t('fieldUrgency'),
            doc.urgency === 'normal' ? i('urgencyNormal') : <UrgencyBadge urgency={doc.urgency} />,
          ],
          [
            t('senderCol'),
            <span>
              {doc.sender.name ?? ''} <small className="code">{doc.sender.code}</small>
            </span>,
          ],
          [t('issuedOnCol'), doc.sender.issuedOn ? formatDate(doc.sender.issuedOn) : null],
          [
            t('fieldSigner'),
            doc.sender.signerName && doc.edxml?.signerPosition
              ? `${doc.sender.signerName} (${doc.edxml.signerPosition})`
              : doc.sender.signerName,
          ],
          [
            i('edxmlSignature'),
            signature ? (
              <span className={signature.weak ? 'alert alert-warn' : undefined}>
                {i(signature.weak ? 'edxmlSignatureWeak' : 'edxmlSignatureStrong', {
                  algorithm: signature.algorithm.toUpperCase(),
                  subject: signature.signerSubject,
                })}
              </span>
            ) : null,
          ],
          [t('receivedAtCol'), formatDateTime(String(doc.receivedAt))],
          [
            t('incomingNumberCol'),
            doc.incomingNumber !== null ? (
              <strong className="doc-number">
                {i('incomingNumberValue', { number: doc.incomingNumberText ?? '', year: doc.year ?? '' })}
              </strong>
            ) : null,
          ],
          [i('registeredAt'), doc.registeredAt ? formatDateTime(String(doc.registeredAt)) : null],
          [i('registerBook'), doc.registration?.book?.name ?? null],
          [
            i('presentedTo'),
            doc.registration?.presentedTo
              ? [doc.registration.presentedTo.fullName, doc.registration.presentedTo.title]
                  .filter(Boolean)
                  .join(' — ')
              : null,
          ],
          [
            i('addressedTo'),
            doc.addressedUnit.id !== doc.recipientUnit.id
              ? i('routedTo', { from: doc.addressedUnit.name, to: doc.recipientUnit.name })
              : null,
          ],
          [
            i('assigneesLabel'),
            doc.assignees.length ? doc.assignees.map((a) => a.fullName).join(', ') : null,
          ],
          [t('deadlineCol'), doc.deadline ? formatDate(doc.deadline) : null],
          [t('requestedDueDateCol'), doc.requestedDueDate ? formatDate(doc.requestedDueDate) : null],
          [t('handlingCol'), doc.handlingResult ? handling(doc.handlingResult) : null],
          [i('refusalReason'), doc.refusalReason],
          [t('statusCol'), <IncomingStatusBadge code={doc.statusCode} label={doc.status} />],
        ]}
      />
    </Card>
  );
}

/** Chủ trì, phối hợp, để biết; then every note of the handling in order (instruction … result). */
function HandlingCard({ doc }: { doc: IncomingDetail }) {
  const i = useStrings(INCOMING_STRINGS);
  const roles = ['lead', 'support', 'info'] as const;
  return (
    <Card title={i('handlingTitle')}>
      <Props
        pairs={roles.map((r) => [
          i(`role_${r}`),
          doc.handlers
            .filter((h) => h.role === r)
            .map((h) => h.user?.fullName ?? h.unit?.name ?? '')
            .join(', ') || null,
        ])}
      />
      {doc.notes.length ? (
        <ol className="timeline notes">
          {doc.notes.map((n, k) => (
            <li key={k} data-kind={n.kind}>
              <strong>{i(`note_${n.kind}`)}</strong>
              {n.deadlineTo
                ? ` (${i('extensionFromTo', { from: n.deadlineFrom ? formatDate(n.deadlineFrom) : '—', to: formatDate(n.deadlineTo) })})`
                : ''}{' '}
              — {n.author.fullName}, <time dateTime={String(n.at)}>{formatDateTime(String(n.at))}</time>
              <div className="note">{n.text}</div>
              {n.files.length ? (
                <ul className="plain">
                  {n.files.map((f) => (
                    <li key={f.sha256}>
                      {n.kind === 'result' ? (
                        <a
                          href={`/api/incoming/${doc.id}/result-files/${f.sha256}`}
                          download={f.name}
                          aria-label={i('downloadResultFile', { name: f.name })}
                        >
                          {f.name}
                        </a>
                      ) : (
                        f.name
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </Card>
  );
}

/** Replies (văn bản trả lời, edXML ResponseFor): each with its number or state, and writing a new one. */
function RepliesCard({ doc }: { doc: IncomingDetail }) {
  const i = useStrings(INCOMING_STRINGS);
  const hashOf = (status: string, id: string) =>
    ['draft', 'returned', 'in_review'].includes(status) ? `#/drafts/${id}` : `#/outbox/${id}`;
  return (
    <Card title={i('repliesTitle')}>
      {doc.replies.length ? (
        <ul className="plain">
          {doc.replies.map((r) => (
            <li key={r.outgoingId}>
              <a href={hashOf(r.status, r.outgoingId)}>
                <span className="code">{r.numberAndNotation ?? i('replyDraftUnnumbered')}</span> — {r.subject}
              </a>{' '}
              <OutgoingStatusBadge status={r.status as OutgoingStatus} />
              {r.issuedAt ? <small> · {formatDateTime(String(r.issuedAt))}</small> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{i('noReplies')}</p>
      )}
      {doc.actions.includes('reply') ? (
        <p>
          <a className="btn" href={`#/drafts/new?replyTo=${doc.id}`}>
            {i('writeReply')}
          </a>
        </p>
      ) : null}
    </Card>
  );
}

function FilesCard({ doc }: { doc: IncomingDetail }) {
  const t = useStrings(DOCUMENT_STRINGS);
  const { lang } = useLanguage();
  const base = `/api/incoming/${doc.id}`;
  return (
    <Card title={t('documentFiles')}>
      <p>
        <strong>{t('currentPdf')}</strong> {doc.pdf.size !== null ? formatBytes(doc.pdf.size, lang) : null}{' '}
        <PdfLinks href={`${base}/pdf`} name={doc.subject} />
      </p>
      <PdfPreview href={`${base}/pdf`} name={doc.subject} />
      {doc.attachments.length ? (
        <ul className="plain attachments">
          {doc.attachments.map((a) => (
            <li key={a.index}>
              <span>{a.name}</span> <small>{formatBytes(a.size, lang)}</small>{' '}
              <PdfLinks href={`${base}/attachments/${a.index}`} name={a.name} />
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function HistoryCard({ doc }: { doc: IncomingDetail }) {
  const i = useStrings(INCOMING_STRINGS);
  const { lang } = useLanguage();
  return (
    <Card title={i('historyTitle')}>
      {doc.events.length ? (
        <ol className="timeline events">
          {doc.events.map((ev, n) => (
            <li key={n} data-code={ev.code}>
              <strong>
                <span className="code">{ev.code}</span> {ev.label[lang]}
              </strong>{' '}
              — <time dateTime={String(ev.at)}>{formatDateTime(String(ev.at))}</time>
              {ev.actor ? ` · ${ev.actor.fullName}` : ''}
              {ev.note ? <div className="note">{ev.note}</div> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">{i('noEvents')}</p>
      )}
    </Card>
  );
}
