// The table of incoming documents (the inbox and the assignments page): incoming number, arrival time,
// the sender's number, the subject (a link to the document, with its urgency and a pending recall
// marked), sender, deadline (overdue marked), the sender's deadline (hạn xử lý của nơi gửi), the status code with its label and the verdict of the
// signature check on arrival. Urgent rows have a red edge, overdue rows are tinted.
import type { ReactNode } from 'react';
import { Badge } from '../../components/badge';
import { DataTable, type Column, type Pager } from '../../components/data-table';
import { IncomingStatusBadge, UrgencyBadge, VerdictBadge } from '../../documents/document-badges';
import { DOCUMENT_STRINGS } from '../../documents/document-strings';
import { formatDate, formatDateTime } from '../../format/format';
import { useStrings } from '../../i18n/i18n';
import type { IncomingItem } from './incoming-document';
import { INCOMING_STRINGS } from './incoming-strings';

export function incomingRowClass(d: Pick<IncomingItem, 'urgent' | 'overdue'>): string | undefined {
  return (
    [d.urgent ? 'row-urgent' : '', d.overdue ? 'row-overdue' : ''].filter(Boolean).join(' ') || undefined
  );
}

/** The deadline, with "Quá hạn" when it has passed unhandled. */
export function DeadlineText({ deadline, overdue }: { deadline: string | null; overdue: boolean }) {
  const t = useStrings(INCOMING_STRINGS);
  if (!deadline) return <>—</>;
  return (
    <span>
      {formatDate(deadline)}
      {overdue ? (
        <>
          {' '}
          <Badge tone="overdue">{t('overdue')}</Badge>
        </>
      ) : null}
    </span>
  );
}

function useIncomingColumns(base: string): Column<IncomingItem>[] {
  const t = useStrings(DOCUMENT_STRINGS);
  const i = useStrings(INCOMING_STRINGS);
  return [
    {
      key: 'incomingNumber',
      header: t('incomingNumberCol'),
      cell: (d) => d.incomingNumberText ?? '—',
    },
    { key: 'receivedAt', header: t('receivedAtCol'), cell: (d) => formatDateTime(String(d.receivedAt)) },
    { key: 'notation', header: t('numberCol'), cell: (d) => d.notation, className: 'code' },
    {
      key: 'subject',
      header: t('subjectCol'),
      cell: (d) => (
        <>
          <a href={`${base}/${d.id}`}>{d.subject}</a>
          {d.urgent ? (
            <>
              {' '}
              <UrgencyBadge urgency={d.urgency} />
            </>
          ) : null}
          {d.recallCode ? (
            <>
              {' '}
              <Badge tone="warn">{i('recallPendingBadge')}</Badge>
            </>
          ) : null}
        </>
      ),
    },
    { key: 'sender', header: t('senderCol'), cell: (d) => d.sender.name ?? d.sender.code },
    {
      key: 'deadline',
      header: t('deadlineCol'),
      cell: (d) => <DeadlineText deadline={d.deadline} overdue={d.overdue} />,
    },
    {
      key: 'requestedDueDate',
      header: t('requestedDueDateCol'),
      cell: (d) => (d.requestedDueDate ? formatDate(d.requestedDueDate) : '—'),
    },
    {
      key: 'status',
      header: t('statusCol'),
      cell: (d) => <IncomingStatusBadge code={d.statusCode} label={d.status} />,
    },
    { key: 'verdict', header: t('verdictCol'), cell: (d) => <VerdictBadge verdict={d.validation} /> },
  ];
}

export function IncomingTable({
  rows,
  error,
  onRetry,
  empty,
  caption,
  base,
  pager,
}: {
  rows: readonly IncomingItem[] | undefined;
  error?: unknown;
  onRetry?: () => void;
  empty: ReactNode;
  caption: string;
  /** `#/inbox` or `#/assignments`: where a row's link opens the document. */
  base: string;
  pager?: Pager;
}) {
  const columns = useIncomingColumns(base);
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(d) => d.id}
      error={error}
      onRetry={onRetry}
      empty={empty}
      pager={pager}
      rowClassName={incomingRowClass}
    />
  );
}
