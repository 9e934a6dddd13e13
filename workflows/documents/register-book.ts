import type { DomainContext } from '../context';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import { DirectoryError } from '../directory/directory-error';
import { vietnamDate } from '../directory/vietnam-date';
import { documentNumber, documentNumberText } from '../signing/document-number-text';
import type { Role } from '../context';
import { DocumentError } from './document-error';

/** Who reads a unit's register books: the clerk keeps them; leaders, archivists and auditors read them. */
export const REGISTER_READERS: readonly Role[] = ['clerk', 'leader', 'archivist', 'auditor'];

export type RegisterDirection = 'outgoing' | 'incoming';

/** One register (sổ) of the unit: direction × year × document type ('' = shared) × series. */
export interface RegisterBookRef {
  readonly id: string;
  readonly direction: RegisterDirection;
  readonly year: number;
  readonly documentType: string;
  readonly series: 'normal' | 'classified';
  readonly entries: number;
}

/**
 * A line of the outgoing register (sổ đăng ký văn bản đi), in the columns of Decree 30/2020 Appendix IV:
 * số, ký hiệu; ngày tháng; tên loại và trích yếu; người ký; nơi nhận; đơn vị, người nhận bản lưu;
 * số lượng bản; ghi chú.
 */
export interface OutgoingRegisterLine {
  readonly documentId: string;
  readonly number: string;
  readonly numberAndNotation: string;
  readonly date: string | null;
  readonly documentType: string;
  readonly subject: string;
  readonly signer: string | null;
  readonly recipients: readonly string[];
  readonly fileCopy: string;
  readonly copies: number;
  readonly note: string;
}

/**
 * A line of the incoming register (sổ đăng ký văn bản đến), Decree 30/2020 Appendix IV: ngày đến; số đến;
 * tác giả; số, ký hiệu; ngày tháng; tên loại và trích yếu; đơn vị hoặc người nhận; ký nhận; ghi chú.
 */
export interface IncomingRegisterLine {
  readonly incomingId: string;
  readonly arrivedOn: string;
  readonly number: string;
  readonly author: string;
  readonly numberAndNotation: string;
  readonly date: string | null;
  readonly documentType: string;
  readonly subject: string;
  readonly receivedBy: string;
  /** Left blank for the receiver's hand signature on paper; electronic receipt shows the time. */
  readonly signedFor: string;
  readonly note: string;
}

export interface RegisterBookQuery {
  readonly direction: RegisterDirection;
  readonly unitId?: string;
  /** Vietnam days, inclusive; registered (incoming) or numbered (outgoing) within. */
  readonly from: string;
  readonly to: string;
  /** One register only; all the unit's registers of that direction otherwise. */
  readonly registerId?: string;
}

export interface RegisterBook {
  readonly direction: RegisterDirection;
  readonly unit: { readonly id: string; readonly code: string; readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly register: RegisterBookRef | null;
  readonly outgoing: readonly OutgoingRegisterLine[];
  readonly incoming: readonly IncomingRegisterLine[];
}

const URGENCY_VI: Record<string, string> = {
  urgent: 'Khẩn',
  very_urgent: 'Thượng khẩn',
  flash: 'Hỏa tốc',
};
const CLASSIFICATION_VI: Record<string, string> = {
  confidential: 'Mật',
  secret: 'Tối mật',
  top_secret: 'Tuyệt mật',
};
const MAX_DAYS = 366 * 5;
const MAX_LINES = 20_000;

async function scope(
  ctx: DomainContext,
  unitId: string | undefined,
): Promise<{ id: string; code: string; name: string }> {
  assertRole(ctx.actor, ...REGISTER_READERS);
  const id = unitId ?? ctx.actor.unitId;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(id) || !(await isSameUnitOrAncestor(ctx.db, ctx.actor, id))) {
    throw DirectoryError.notFound(id);
  }
  const [unit]: { id: string; code: string; name: string }[] = await ctx.db.query(
    `SELECT id, code, name FROM units WHERE id = $1`,
    [id],
  );
  if (!unit) throw DirectoryError.notFound(id);
  return unit;
}

/** The registers (sổ) a unit keeps, newest year first: what the register page offers to choose. */
export async function listRegisterBooks(
  ctx: DomainContext,
  query: { readonly unitId?: string } = {},
): Promise<RegisterBookRef[]> {
  const unit = await scope(ctx, query.unitId);
  const rows: {
    id: string;
    direction: RegisterDirection;
    year: number;
    document_type: string;
    series: 'normal' | 'classified';
    entries: number;
  }[] = await ctx.db.query(
    `SELECT r.id, r.direction, r.year, r.document_type, r.series, r.next_number - 1 AS entries
       FROM registers r WHERE r.unit_id = $1
      ORDER BY r.year DESC, r.direction, r.series, r.document_type`,
    [unit.id],
  );
  return rows.map((r) => ({
    id: r.id,
    direction: r.direction,
    year: r.year,
    documentType: r.document_type,
    series: r.series,
    entries: r.entries,
  }));
}

function period(from: string, to: string): { start: Date; end: Date } {
  const f = vietnamDate(from);
  const t = vietnamDate(to);
  const start = new Date(`${f}T00:00:00+07:00`);
  const end = new Date(new Date(`${t}T00:00:00+07:00`).getTime() + 86400_000);
  if (end <= start) {
    throw DocumentError.invalid('to', 'Ngày kết thúc trước ngày bắt đầu', 'The period ends before it starts');
  }
  if ((end.getTime() - start.getTime()) / 86400_000 > MAX_DAYS) {
    throw DocumentError.invalid('to', 'Kỳ in sổ dài quá 5 năm', 'The period is longer than 5 years');
  }
  return { start, end };
}

/**
 * The register book of a unit for a period, one line per numbered outgoing document (by number) or per
 * registered incoming document (by incoming number), with the columns Decree 30/2020 prescribes. Reads
 * only: clerks, leaders, archivists and auditors of the unit or a unit above it.
 */
export async function readRegisterBook(ctx: DomainContext, query: RegisterBookQuery): Promise<RegisterBook> {
  const unit = await scope(ctx, query.unitId);
  const { start, end } = period(query.from, query.to);
  let register: RegisterBookRef | null = null;
  if (query.registerId !== undefined) {
    register =
      (await listRegisterBooks(ctx, { unitId: unit.id })).find(
        (r) => r.id === query.registerId && r.direction === query.direction,
      ) ?? null;
    if (!register) {
      throw DocumentError.invalid('registerId', 'Không có sổ này ở đơn vị', 'No such register in this unit');
    }
  }
  const base = { direction: query.direction, unit, from: query.from, to: query.to, register };
  if (query.direction === 'outgoing') {
    return { ...base, outgoing: await outgoingLines(ctx, unit.id, start, end, register?.id), incoming: [] };
  }
  return { ...base, outgoing: [], incoming: await incomingLines(ctx, unit.id, start, end, register?.id) };
}

async function outgoingLines(
  ctx: DomainContext,
  unitId: string,
  start: Date,
  end: Date,
  registerId: string | undefined,
): Promise<OutgoingRegisterLine[]> {
  const rows: {
    id: string;
    number: number;
    notation: string;
    issued_on: string | null;
    document_type: string;
    subject: string;
    signer: string | null;
    recipients: string[] | null;
    drafter: string;
    medium: 'electronic' | 'paper';
    urgency: string;
    classification: string;
    status: string;
  }[] = await ctx.db.query(
    `SELECT o.id, o.number, o.notation, to_char(o.issued_on, 'YYYY-MM-DD') AS issued_on, o.document_type,
            o.subject, o.medium, o.urgency, o.classification, o.status,
            COALESCE(sb.full_name, s.full_name) AS signer, d.full_name AS drafter,
            (SELECT array_agg(COALESCE(u.name, g.name, r->>'name', r->>'code') ORDER BY n)
               FROM jsonb_array_elements(o.recipients) WITH ORDINALITY AS x(r, n)
               LEFT JOIN units u ON r->>'kind' = 'unit' AND u.id = (r->>'unitId')::uuid
               LEFT JOIN unit_groups g ON r->>'kind' = 'group' AND g.id = (r->>'groupId')::uuid) AS recipients
       FROM outgoing_documents o
       JOIN users d ON d.id = o.drafter_user_id
       LEFT JOIN users s ON s.id = o.signer_user_id
       LEFT JOIN LATERAL (
         SELECT u.full_name FROM document_versions v JOIN users u ON u.id = v.actor_user_id
          WHERE v.document_id = o.id AND v.step = 'signed' ORDER BY v.seq DESC LIMIT 1) sb ON true
      WHERE o.unit_id = $1 AND o.number IS NOT NULL
        AND o.numbered_at >= $2 AND o.numbered_at < $3
        AND ($4::uuid IS NULL OR o.register_id = $4)
      ORDER BY o.year, o.register_id, o.number
      LIMIT ${MAX_LINES}`,
    [unitId, start, end, registerId ?? null],
  );
  return rows.map((r) => {
    const recipients = r.recipients ?? [];
    const note = [
      CLASSIFICATION_VI[r.classification],
      URGENCY_VI[r.urgency],
      r.medium === 'paper' ? 'Văn bản giấy' : undefined,
      r.status === 'recalled' ? 'Đã thu hồi' : r.status === 'replaced' ? 'Đã bị thay thế' : undefined,
    ].filter(Boolean);
    return {
      documentId: r.id,
      number: documentNumber(r.number),
      numberAndNotation: documentNumberText(r.number, r.notation),
      date: r.issued_on,
      documentType: r.document_type,
      subject: r.subject,
      signer: r.signer,
      recipients,
      // Decree 30 Art. 16: one copy stays with the clerk (lưu VT), one with the drafting unit or person.
      fileCopy: `Văn thư; ${r.drafter}`,
      copies: recipients.length + 2,
      note: note.join('; '),
    };
  });
}

async function incomingLines(
  ctx: DomainContext,
  unitId: string,
  start: Date,
  end: Date,
  registerId: string | undefined,
): Promise<IncomingRegisterLine[]> {
  const rows: {
    id: string;
    received_at: Date;
    registered_at: Date;
    incoming_number: number;
    author: string | null;
    notation: string;
    issued_on: string | null;
    document_type: string;
    subject: string;
    assignees: string[] | null;
    urgency: string;
    status_code: string;
    recall_code: string | null;
  }[] = await ctx.db.query(
    `SELECT i.id, i.received_at, i.registered_at, i.incoming_number, i.notation, i.document_type, i.subject,
            i.urgency, i.status_code, i.recall_code,
            COALESCE(su.name, e.sender_organ_name, i.external_sender_code) AS author,
            to_char(COALESCE(o.issued_on, e.promulgation_date), 'YYYY-MM-DD') AS issued_on,
            (SELECT array_agg(u.full_name ORDER BY n) FROM unnest(i.assignee_user_ids) WITH ORDINALITY AS a(uid, n)
               JOIN users u ON u.id = a.uid) AS assignees
       FROM incoming_documents i
       LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
       LEFT JOIN units su ON su.id = o.unit_id
       LEFT JOIN edxml_incoming e ON e.incoming_id = i.id
      WHERE i.recipient_unit_id = $1 AND i.incoming_number IS NOT NULL
        AND i.registered_at >= $2 AND i.registered_at < $3
        AND ($4::uuid IS NULL OR i.register_id = $4)
      ORDER BY i.year, i.register_id, i.incoming_number
      LIMIT ${MAX_LINES}`,
    [unitId, start, end, registerId ?? null],
  );
  return rows.map((r) => ({
    incomingId: r.id,
    arrivedOn: vietnamDate(r.received_at),
    number: documentNumber(r.incoming_number),
    author: r.author ?? '',
    numberAndNotation: r.notation,
    date: r.issued_on,
    documentType: r.document_type,
    subject: r.subject,
    receivedBy: (r.assignees ?? []).join('; '),
    signedFor: '',
    note: [
      URGENCY_VI[r.urgency],
      r.status_code === '06' ? 'Đã giải quyết' : undefined,
      r.recall_code === '15' ? 'Đã thu hồi' : undefined,
    ]
      .filter(Boolean)
      .join('; '),
  }));
}
