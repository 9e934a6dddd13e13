import { documentNumber } from '../signing/document-number-text';
import type { DomainContext } from '../context';
import { queryPrepared } from '../../storage/db/prepared-query';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import { DirectoryError } from '../directory/directory-error';
import { foldSearchText } from '../directory/search-text';
import { vietnamDate } from '../directory/vietnam-date';
import type { Urgency } from '../documents/outgoing-document';
import { ExchangeError } from './exchange-error';
import type { IncomingStatusCode, RecallCode } from './incoming-document';
import { INCOMING_READERS, readsWholeInbox } from './incoming-readers';
import { requestedDueDateSql } from './requested-due-date';
import { statusLabel, type Label } from './status-label';

export interface ListIncomingQuery {
  /** The receiving unit; default the actor's (a unit above it may read it too). */
  readonly unitId?: string;
  readonly status?: readonly IncomingStatusCode[];
  /** Only urgent (Khẩn, Thượng khẩn, Hỏa tốc) or only normal documents. */
  readonly urgent?: boolean;
  /** In progress (05) with a deadline before today (Vietnam). */
  readonly overdue?: boolean;
  /** A recall request (13) waiting for the clerk's answer. */
  readonly recallPending?: boolean;
  /** In progress (05), deadline from today (Vietnam) up to this day inclusive: due soon, not yet overdue. */
  readonly dueBy?: string;
  readonly assignedToMe?: boolean;
  /** Received on or after this Vietnam calendar day. */
  readonly from?: string;
  /** Received on or before this Vietnam calendar day. */
  readonly to?: string;
  /** Words of the notation or subject, with or without diacritics. */
  readonly q?: string;
  /** 1..200, default 50. */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface IncomingListItem {
  readonly id: string;
  readonly recipientUnitId: string;
  readonly documentType: string;
  readonly notation: string;
  readonly subject: string;
  readonly urgency: Urgency;
  readonly urgent: boolean;
  readonly statusCode: IncomingStatusCode;
  readonly status: Label;
  readonly recallCode: RecallCode | null;
  readonly year: number | null;
  readonly incomingNumber: number | null;
  /** Số đến as Decree 30 writes it ("01"). */
  readonly incomingNumberText: string | null;
  readonly receivedAt: Date;
  readonly deadline: string | null;
  /** Hạn xử lý the sender asked for. */
  readonly requestedDueDate: string | null;
  readonly overdue: boolean;
  readonly revision: number;
  readonly sender: { readonly unitId: string | null; readonly code: string; readonly name: string | null };
  /** The validation verdict's indication, or `pending` while the job has not run. */
  readonly validation: 'pending' | 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | 'UNSIGNED';
  readonly assignedToMe: boolean;
}

export interface IncomingPage {
  readonly items: IncomingListItem[];
  readonly nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS = new Set(['01', '02', '03', '04', '05', '06']);
const CURSOR = /^([01])\.(\d{1,20})\.([0-9a-f-]{36})$/;

interface Row {
  id: string;
  recipient_unit_id: string;
  document_type: string;
  notation: string;
  subject: string;
  urgency: Urgency;
  urgent: boolean;
  status_code: IncomingStatusCode;
  recall_code: RecallCode | null;
  year: number | null;
  incoming_number: number | null;
  received_at: Date;
  received_us: string;
  deadline: string | null;
  requested_due_date: string | null;
  overdue: boolean;
  revision: number;
  sender_unit_id: string | null;
  sender_code: string | null;
  sender_name: string | null;
  external_sender_code: string | null;
  indication: IncomingListItem['validation'] | null;
  mine: boolean;
}

/**
 * The inbox (sổ văn bản đến) of a unit: filtered, urgent first then newest, keyset-paginated, in one
 * query. Clerks, leaders, archivists and auditors of the unit (or of a unit above it) see all of it; an
 * account that is only a specialist sees what is assigned to it. Another unit answers UNIT_NOT_FOUND.
 */
export async function listIncoming(ctx: DomainContext, query: ListIncomingQuery = {}): Promise<IncomingPage> {
  const { actor } = ctx;
  assertRole(actor, ...INCOMING_READERS);
  const unitId = query.unitId ?? actor.unitId;
  if (!UUID.test(unitId) || !(await isSameUnitOrAncestor(ctx.db, actor, unitId))) {
    throw DirectoryError.notFound(unitId);
  }
  const limit = Math.min(200, Math.max(1, Math.trunc(query.limit ?? 50)));
  const today = vietnamDate(ctx.clock.now());
  const params: unknown[] = [unitId, actor.userId, today];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = ['i.recipient_unit_id = $1'];

  if (!readsWholeInbox(actor) || query.assignedToMe) where.push(`i.assignee_user_ids @> ARRAY[$2::uuid]`);
  if (query.status?.length) {
    for (const s of query.status) {
      if (!STATUS.has(s))
        throw ExchangeError.queryInvalid('status', 'Mã trạng thái không hợp lệ', 'Invalid status code');
    }
    where.push(`i.status_code = ANY(${p([...new Set(query.status)])}::text[])`);
  }
  if (query.urgent !== undefined) where.push(`i.urgent = ${p(query.urgent)}`);
  if (query.overdue !== undefined) {
    where.push(`${query.overdue ? '' : 'NOT '}(i.status_code = '05' AND i.deadline < $3::date)`);
  }
  if (query.dueBy !== undefined) {
    where.push(`i.status_code = '05' AND i.deadline >= $3::date AND i.deadline <= ${p(query.dueBy)}::date`);
  }
  if (query.recallPending !== undefined) {
    where.push(`${query.recallPending ? '' : 'NOT '}(i.recall_code IS NOT DISTINCT FROM '13')`);
  }
  if (query.from !== undefined) where.push(`i.received_at >= ${p(dayStart(query.from))}`);
  if (query.to !== undefined) {
    where.push(`i.received_at < ${p(new Date(dayStart(query.to).getTime() + 86400_000))}`);
  }
  for (const word of foldSearchText(query.q ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, 10)) {
    where.push(`i.search_text LIKE ${p(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  }
  if (query.cursor) {
    const m = CURSOR.exec(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    if (!m || !UUID.test(m[3]!)) {
      throw ExchangeError.queryInvalid('cursor', 'Con trỏ trang không hợp lệ', 'Invalid page cursor');
    }
    where.push(
      `(i.urgent, i.received_at, i.id) < (${p(m[1] === '1')}, ` +
        `'epoch'::timestamptz + ${p(m[2])}::bigint * interval '1 microsecond', ${p(m[3])}::uuid)`,
    );
  }

  // A prepared statement per combination of filters and limit (every value is a parameter; the limit,
  // 2..201, stays in the text so that each plan knows it: a generic LIMIT $n is planned for 10 % of the
  // rows, which could turn the backward index scan into a sort on a large inbox).
  const rows = await queryPrepared<Row>(
    ctx.db,
    `SELECT i.id, i.recipient_unit_id, i.document_type, i.notation, i.subject, i.urgency, i.urgent, i.status_code,
       i.recall_code, i.year, i.incoming_number, i.received_at,
       ((extract(epoch FROM i.received_at) * 1000000)::bigint)::text AS received_us,
       i.deadline::text AS deadline, ${requestedDueDateSql('i')} AS requested_due_date,
       (i.status_code = '05' AND i.deadline < $3::date) AS overdue, i.revision,
       su.id AS sender_unit_id, su.code AS sender_code, su.name AS sender_name, i.external_sender_code,
       i.validation->>'indication' AS indication, (i.assignee_user_ids @> ARRAY[$2::uuid]) AS mine
     FROM incoming_documents i
     LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
     LEFT JOIN units su ON su.id = o.unit_id
     WHERE ${where.join(' AND ')}
     ORDER BY i.urgent DESC, i.received_at DESC, i.id DESC
     LIMIT ${limit + 1}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(`${last.urgent ? 1 : 0}.${last.received_us}.${last.id}`).toString('base64url')
        : null,
  };
}

/** Midnight (Vietnam) starting `day`; DATE_INVALID for anything but a real YYYY-MM-DD. */
function dayStart(day: string): Date {
  return new Date(`${vietnamDate(day)}T00:00:00+07:00`);
}

function toItem(r: Row): IncomingListItem {
  return {
    id: r.id,
    recipientUnitId: r.recipient_unit_id,
    documentType: r.document_type,
    notation: r.notation,
    subject: r.subject,
    urgency: r.urgency,
    urgent: r.urgent,
    statusCode: r.status_code,
    status: statusLabel(r.status_code),
    recallCode: r.recall_code,
    year: r.year,
    incomingNumber: r.incoming_number,
    incomingNumberText: r.incoming_number === null ? null : documentNumber(r.incoming_number),
    receivedAt: r.received_at,
    deadline: r.deadline,
    requestedDueDate: r.requested_due_date,
    overdue: r.overdue,
    revision: r.revision,
    sender: {
      unitId: r.sender_unit_id,
      code: r.sender_code ?? r.external_sender_code ?? '',
      name: r.sender_name,
    },
    validation: r.indication ?? 'pending',
    assignedToMe: r.mine,
  };
}
