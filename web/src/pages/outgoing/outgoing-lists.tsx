// The lists of outgoing documents (văn bản đi), one box of GET /api/outgoing each with "Xem thêm"
// paging: #/drafts (my drafts, returned ones highlighted with the leader's comment; those under
// review), #/review (to sign, with who drafted each), #/seal (signed, waiting for a number; sealed,
// waiting to be sent) and #/outbox (issued, urgent rows marked).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ok } from '../../api/client';
import type { QueryOf } from '../../api/types';
import { DataTable, type Column } from '../../components/data-table';
import { ErrorNotice } from '../../components/notice';
import { OutgoingStatusBadge, UrgencyBadge } from '../../documents/document-badges';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { Card, FlashNotice, useFlash } from '../../documents/document-widgets';
import type { OutgoingDocument, OutgoingPage } from '../../documents/outgoing-document';
import { formatDate, formatDateTime } from '../../format/format';
import { useLanguage, useStrings } from '../../i18n/i18n';
import { URGENCY_LABELS } from '../../labels/labels';
import { OUTGOING_STRINGS } from './outgoing-strings';

type Box = NonNullable<QueryOf<'/api/outgoing', 'get'>['box']>;

/** The list each document page belongs to (its breadcrumb and menu entry). */
export type Section = 'drafts' | 'review' | 'seal' | 'outbox';

export const SECTION_HASH: Readonly<Record<Section, string>> = {
  drafts: '#/drafts',
  review: '#/review',
  seal: '#/seal',
  outbox: '#/outbox',
};

interface BoxState {
  readonly items: readonly OutgoingDocument[];
  readonly cursor: string | null;
  readonly loaded: boolean;
  readonly error: unknown;
  readonly loadingMore: boolean;
}

/** One box, page after page ("Xem thêm" asks for the next one). */
function useOutgoingBox(box: Box) {
  const [state, setState] = useState<BoxState>({
    items: [],
    cursor: null,
    loaded: false,
    error: undefined,
    loadingMore: false,
  });
  const load = useCallback(
    async (cursor: string | null, live: () => boolean = () => true) => {
      setState((s) => ({ ...s, loadingMore: cursor !== null, error: undefined }));
      try {
        const page = (await ok(
          api.GET('/api/outgoing', {
            params: { query: { box, limit: 50, ...(cursor ? { cursor } : {}) } },
          }),
        )) as OutgoingPage;
        if (!live()) return;
        setState((s) => ({
          items: cursor ? [...s.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          loaded: true,
          error: undefined,
          loadingMore: false,
        }));
      } catch (error) {
        if (live()) setState((s) => ({ ...s, error, loadingMore: false }));
      }
    },
    [box],
  );
  useEffect(() => {
    let live = true;
    void load(null, () => live);
    return () => {
      live = false;
    };
  }, [load]);
  return { ...state, more: () => void load(state.cursor), retry: () => void load(null) };
}

type ColumnName =
  | 'subject'
  | 'type'
  | 'number'
  | 'status'
  | 'comment'
  | 'updated'
  | 'urgency'
  | 'drafter'
  | 'issued'
  | 'medium';

function useColumns(section: Section, names: readonly ColumnName[]): Column<OutgoingDocument>[] {
  const t = useStrings(DOCUMENT_STRINGS);
  const o = useStrings(OUTGOING_STRINGS);
  const { lang } = useLanguage();
  const all: Record<ColumnName, Column<OutgoingDocument>> = {
    subject: {
      key: 'subject',
      header: t('subjectCol'),
      cell: (d) => <a href={`${SECTION_HASH[section]}/${d.id}`}>{d.subject}</a>,
      sortValue: (d) => d.subject,
    },
    type: {
      key: 'type',
      header: t('typeCol'),
      cell: (d) => d.documentType,
      sortValue: (d) => d.documentType,
    },
    number: {
      key: 'number',
      header: t('numberCol'),
      cell: (d) => <span className="code">{d.numberAndNotation}</span>,
      sortValue: (d) => d.number,
    },
    status: { key: 'status', header: t('statusCol'), cell: (d) => <OutgoingStatusBadge status={d.status} /> },
    comment: {
      key: 'comment',
      header: o('reviewCommentCol'),
      cell: (d) => (d.status === 'returned' ? <span className="comment">{d.reviewComment ?? ''}</span> : '—'),
    },
    updated: {
      key: 'updated',
      header: t('updatedCol'),
      cell: (d) => formatDateTime(d.updatedAt),
      sortValue: (d) => d.updatedAt,
    },
    urgency: {
      key: 'urgency',
      header: t('urgencyCol'),
      cell: (d) =>
        d.urgency === 'normal' ? URGENCY_LABELS.normal[lang] : <UrgencyBadge urgency={d.urgency} />,
    },
    drafter: {
      key: 'drafter',
      header: t('drafterCol'),
      cell: (d) => d.drafter.fullName,
      sortValue: (d) => d.drafter.fullName,
    },
    issued: {
      key: 'issued',
      header: t('issuedOnCol'),
      cell: (d) => formatDate(d.issuedOn) || '—',
      sortValue: (d) => d.issuedOn,
    },
    medium: { key: 'medium', header: t('mediumCol'), cell: (d) => t(`medium_${d.medium}`) },
  };
  return names.map((n) => all[n]);
}

/** One box as a table, with its empty text and "Xem thêm" while the server has more. */
function OutgoingList({
  box,
  section,
  columns,
  empty,
  caption,
  rowClassName,
}: {
  box: Box;
  section: Section;
  columns: readonly ColumnName[];
  empty: string;
  caption: string;
  rowClassName?: (d: OutgoingDocument) => string | undefined;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const list = useOutgoingBox(box);
  const cols = useColumns(section, columns);
  return (
    <>
      <DataTable
        caption={caption}
        columns={cols}
        rows={list.loaded ? list.items : undefined}
        error={!list.loaded ? list.error : undefined}
        onRetry={list.retry}
        rowKey={(d) => d.id}
        empty={empty}
        rowClassName={rowClassName}
      />
      {list.loaded && list.error !== undefined ? <ErrorNotice error={list.error} /> : null}
      {list.loaded && list.cursor ? (
        <div className="pager">
          <button type="button" className="btn" disabled={list.loadingMore} onClick={list.more}>
            {t('loadMore')}
          </button>
        </div>
      ) : null}
    </>
  );
}

function ListPage({
  title,
  lead,
  toolbar,
  children,
}: {
  title: string;
  lead: string;
  toolbar?: ReactNode;
  children: ReactNode;
}) {
  const [flash] = useFlash();
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{lead}</p>
      <FlashNotice text={flash} />
      {toolbar ? <div className="toolbar">{toolbar}</div> : null}
      {children}
    </>
  );
}

/** #/drafts — Dự thảo. */
export function DraftsPage() {
  const o = useStrings(OUTGOING_STRINGS);
  const t = useStrings(DOCUMENT_STRINGS);
  return (
    <ListPage
      title={o('draftsTitle')}
      lead={o('draftsLead')}
      toolbar={
        <a href="#/drafts/new" className="btn btn-primary">
          {o('newDraft')}
        </a>
      }
    >
      <Card title={o('myDrafts')}>
        <OutgoingList
          box="drafts"
          section="drafts"
          caption={o('myDrafts')}
          columns={['subject', 'type', 'number', 'status', 'comment', 'updated']}
          empty={o('noDrafts')}
          rowClassName={(d) => (d.status === 'returned' ? 'row-returned' : undefined)}
        />
      </Card>
      <Card title={o('mySubmitted')}>
        <OutgoingList
          box="submitted"
          section="drafts"
          caption={o('mySubmitted')}
          columns={['subject', 'type', 'number', 'urgency', 'updated']}
          empty={t('noDocuments')}
        />
      </Card>
      <Card title={o('toReviewTitle')}>
        <OutgoingList
          box="to_review"
          section="drafts"
          caption={o('toReviewTitle')}
          columns={['subject', 'type', 'urgency', 'updated']}
          empty={o('noToReview')}
        />
      </Card>
    </ListPage>
  );
}

/** #/review — Trình ký. */
export function ReviewPage() {
  const o = useStrings(OUTGOING_STRINGS);
  return (
    <ListPage title={o('reviewTitle')} lead={o('reviewLead')}>
      <Card title={o('toSign')}>
        <OutgoingList
          box="to_sign"
          section="review"
          caption={o('toSign')}
          columns={['subject', 'type', 'number', 'drafter', 'urgency', 'updated']}
          empty={o('noToSign')}
        />
      </Card>
    </ListPage>
  );
}

/** #/seal — Vào số, đóng dấu. */
export function SealPage() {
  const o = useStrings(OUTGOING_STRINGS);
  return (
    <ListPage
      title={o('sealTitle')}
      lead={o('sealLead')}
      toolbar={
        <a href="#/seal/paper" className="btn">
          {o('registerPaper')}
        </a>
      }
    >
      <Card title={o('toNumber')}>
        <OutgoingList
          box="to_number"
          section="seal"
          caption={o('toNumber')}
          columns={['subject', 'type', 'number', 'urgency', 'updated']}
          empty={o('noToNumber')}
        />
      </Card>
      <Card title={o('toSend')}>
        <OutgoingList
          box="sealed"
          section="seal"
          caption={o('toSend')}
          columns={['number', 'subject', 'type', 'urgency', 'updated']}
          empty={o('noToSend')}
        />
      </Card>
    </ListPage>
  );
}

/** #/outbox — Văn bản đi. */
export function OutboxPage() {
  const o = useStrings(OUTGOING_STRINGS);
  return (
    <ListPage title={o('outboxTitle')} lead={o('outboxLead')}>
      <Card title={o('issuedDocuments')}>
        <OutgoingList
          box="issued"
          section="outbox"
          caption={o('issuedDocuments')}
          columns={['number', 'issued', 'subject', 'type', 'urgency', 'status', 'medium']}
          empty={o('noIssued')}
          rowClassName={(d) => (d.urgency !== 'normal' ? 'row-urgent' : undefined)}
        />
      </Card>
    </ListPage>
  );
}
