// One outgoing document (#/drafts/:id, #/review/:id, #/seal/:id, #/outbox/:id): its Decree 30 details,
// the current PDF (shown in the page on the review and seal pages), attachments and every version,
// the caller's next actions (exactly `allowedActions` of GET /api/outgoing/:id; the routes check
// again), and once sent the tracking per recipient. After an action the document is read again and
// the result announced (a status paragraph that takes focus).
import { api, ok } from '../../api/client';
import { PdfPreview } from '../../components/pdf-preview';
import { useApi } from '../../components/use-api';
import { ClassificationBadge, OutgoingStatusBadge, UrgencyBadge } from '../../documents/document-badges';
import {
  AnnouncementNotice,
  DocumentLoading,
  useAnnouncement,
  type Announcement,
} from '../../documents/document-page';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { BackLink, Card, PdfLinks, Props, useRecipientNames } from '../../documents/document-widgets';
import type { OutgoingDocument, OutgoingView } from '../../documents/outgoing-document';
import { formatBytes, formatDate, formatDateTime } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { URGENCY_LABELS } from '../../labels/labels';
import { SHELL_STRINGS } from '../../shell-strings';
import { AddAttachmentPanel, RemoveAttachmentButton, SubmitPanel } from './draft-panels';
import { DeleteDraftPanel, EditDraftPanel, SetRecipientsPanel } from './edit-panels';
import { SECTION_HASH, type Section } from './outgoing-lists';
import { ReviewChainCard, ReviewPanel } from './review-panels';
import { OUTGOING_STRINGS } from './outgoing-strings';
import { RecallPanel, ReplacePanel, SendPanel, UpdatePanel } from './outbox-panels';
import { ReturnPanel, SealPanel, SignPanel } from './sign-panels';
import { TrackingCard } from './tracking-card';
import { FilingCard } from '../archive/filing-card';

const SECTION_MENU = {
  drafts: 'navDrafts',
  review: 'navReview',
  seal: 'navSeal',
  outbox: 'navOutbox',
} as const;

export function OutgoingDocumentPage({ id, section }: { id: string; section: Section }) {
  const shell = useStrings(SHELL_STRINGS);
  const [announce, say] = useAnnouncement();
  const view = useApi(
    async () =>
      (await ok(api.GET('/api/outgoing/{id}', { params: { path: { id } } }))) as unknown as OutgoingView,
    [id],
  );
  const done = (text: string) => {
    say(text);
    view.reload();
  };
  if (view.status !== 'ready')
    return (
      <DocumentLoading
        hash={SECTION_HASH[section]}
        text={shell(SECTION_MENU[section])}
        state={view}
        onRetry={view.reload}
      />
    );
  return <DocumentView view={view.data} section={section} announce={announce} onDone={done} />;
}

function DocumentView({
  view,
  section,
  announce,
  onDone,
}: {
  view: OutgoingView;
  section: Section;
  announce: Announcement | null;
  onDone: (text: string) => void;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const shell = useStrings(SHELL_STRINGS);
  const { lang } = useLanguage();
  const doc = view.document;
  const actions = new Set(view.allowedActions);
  const recipients = useRecipientNames(doc.recipients);
  // Who signed; a deputy who signed for the named leader is shown as such (ký thay).
  const signerName =
    doc.signedBy && doc.signer && doc.signedBy.id !== doc.signer.id
      ? o('signedOnBehalf', { name: doc.signedBy.fullName, named: doc.signer.fullName })
      : (doc.signedBy ?? doc.signer)?.fullName;
  const tracked = ['issued', 'recalled', 'replaced'].includes(doc.status) && doc.medium === 'electronic';

  const recipientList =
    recipients.status !== 'ready' ? (
      shell('loading')
    ) : recipients.data.names.length ? (
      <ul className="plain">
        {recipients.data.names.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
        {recipients.data.more > 0 ? <li>{t('andMore', { count: recipients.data.more })}</li> : null}
      </ul>
    ) : (
      t('noRecipients')
    );

  return (
    <>
      <BackLink
        hash={SECTION_HASH[section]}
        text={shell(SECTION_MENU[section])}
        current={doc.number !== null ? doc.numberAndNotation : t('documentDetails')}
      />
      <h1>{doc.subject}</h1>
      <p className="lead badges">
        <OutgoingStatusBadge status={doc.status} /> <UrgencyBadge urgency={doc.urgency} />{' '}
        <ClassificationBadge classification={doc.classification} />{' '}
        <span className="code">{doc.numberAndNotation}</span>
      </p>
      <AnnouncementNotice announce={announce} />
      <div className="doc-layout">
        <div className="doc-main">
          <Card title={t('documentInfo')}>
            {doc.status === 'returned' && doc.reviewComment ? (
              <div className="alert alert-warn review-comment" role="note">
                <strong>{o('leaderComment')}</strong> {doc.reviewComment}
              </div>
            ) : null}
            <Props
              pairs={[
                [t('fieldDocumentType'), doc.documentType],
                [
                  t('numberCol'),
                  doc.number !== null ? (
                    <span className="code doc-number">{doc.numberAndNotation}</span>
                  ) : (
                    o('notNumberedYet', { notation: doc.notation })
                  ),
                ],
                [t('fieldSubject'), doc.subject],
                [
                  t('fieldUrgency'),
                  doc.urgency === 'normal' ? (
                    URGENCY_LABELS.normal[lang]
                  ) : (
                    <UrgencyBadge urgency={doc.urgency} />
                  ),
                ],
                [
                  t('fieldClassification'),
                  doc.classification === 'none' ? (
                    o('classificationNone')
                  ) : (
                    <ClassificationBadge classification={doc.classification} />
                  ),
                ],
                [t('fieldDueDate'), doc.dueDate ? formatDate(doc.dueDate) : null],
                [t('fieldDrafter'), `${doc.drafter.fullName} — ${doc.unitName}`],
                [
                  o('replacesField'),
                  doc.replacesId ? <a href={`#/outbox/${doc.replacesId}`}>{t('documentDetails')}</a> : null,
                ],
                [
                  o('replyToLabel'),
                  view.replyTo ? (
                    <a href={`#/inbox/${view.replyTo.incomingId}`}>
                      <span className="code">{view.replyTo.notation}</span>
                      {view.replyTo.senderName ? ` (${view.replyTo.senderName})` : ''} —{' '}
                      {view.replyTo.subject}
                    </a>
                  ) : null,
                ],
                [t('fieldSigner'), signerName ?? null],
                [t('issuedOnCol'), doc.issuedOn ? formatDate(doc.issuedOn) : null],
                [t('mediumCol'), t(`medium_${doc.medium}`)],
                [t('fieldRecipients'), recipientList],
              ]}
            />
          </Card>
          <FilesCard
            view={view}
            section={section}
            onDone={onDone}
            canEdit={actions.has('edit_attachments')}
          />
        </div>
        {actions.size ? (
          <div className="doc-actions">
            {actions.has('submit') ? <SubmitPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('edit') ? <EditDraftPanel key={doc.updatedAt} doc={doc} onDone={onDone} /> : null}
            {actions.has('edit_attachments') ? <AddAttachmentPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('delete') ? <DeleteDraftPanel doc={doc} /> : null}
            {actions.has('sign') ? <SignPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('review') ? <ReviewPanel doc={doc} /> : null}
            {actions.has('return') ? <ReturnPanel doc={doc} /> : null}
            {actions.has('set_recipients') ? <SetRecipientsPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('number_and_seal') ? <SealPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('send') ? <SendPanel doc={doc} onDone={onDone} /> : null}
            {actions.has('update') ? <UpdatePanel doc={doc} onDone={onDone} /> : null}
            {actions.has('replace') ? <ReplacePanel doc={doc} /> : null}
            {actions.has('recall') ? <RecallPanel doc={doc} onDone={onDone} /> : null}
          </div>
        ) : null}
      </div>
      {view.review.length ? <ReviewChainCard steps={view.review} /> : null}
      {tracked ? <TrackingCard documentId={doc.id} /> : null}
      <FilingCard sourceKind="outgoing" sourceId={doc.id} />
    </>
  );
}

function FilesCard({
  view,
  section,
  canEdit,
  onDone,
}: {
  view: OutgoingView;
  section: Section;
  canEdit: boolean;
  onDone: (text: string) => void;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const { lang } = useLanguage();
  const doc: OutgoingDocument = view.document;
  const base = `/api/outgoing/${doc.id}`;
  return (
    <Card title={t('documentFiles')}>
      <p>
        <strong>{t('currentPdf')}</strong> {formatBytes(doc.pdfSize, lang)}{' '}
        <PdfLinks href={`${base}/pdf`} name={doc.subject} />
      </p>
      {/* The leader reads what they sign, the clerk what they seal, without leaving the page. */}
      {section === 'review' || section === 'seal' ? (
        <PdfPreview href={`${base}/pdf`} name={doc.subject} />
      ) : null}
      {doc.attachments.length ? (
        <ul className="plain attachments">
          {doc.attachments.map((a, i) => (
            <li key={`${a.sha256}-${i}`}>
              <span>{a.name}</span> <small>{formatBytes(a.size, lang)}</small>{' '}
              <PdfLinks href={`${base}/attachments/${i}/pdf`} name={a.name} />
              {canEdit ? <RemoveAttachmentButton doc={doc} index={i} name={a.name} onDone={onDone} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <details className="versions">
        <summary>{o('versionsCount', { count: view.versions.length })}</summary>
        <div className="table-scroll">
          <table className="data">
            <caption className="visually-hidden">
              {o('versionsCount', { count: view.versions.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{o('versionCol')}</th>
                <th scope="col">{o('stepCol')}</th>
                <th scope="col">{o('timeCol')}</th>
                <th scope="col">{o('sizeCol')}</th>
                <th scope="col">{o('fileCol')}</th>
              </tr>
            </thead>
            <tbody>
              {view.versions.map((v) => (
                <tr key={v.seq}>
                  <td>{String(v.seq)}</td>
                  <td>
                    {o(`step_${v.step}`)}
                    {v.note ? ` — ${v.note}` : ''}
                  </td>
                  <td>{formatDateTime(String(v.createdAt))}</td>
                  <td>{formatBytes(v.size, lang)}</td>
                  <td>
                    <PdfLinks href={`${base}/versions/${v.seq}/pdf`} name={`${o('versionCol')} ${v.seq}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </Card>
  );
}
