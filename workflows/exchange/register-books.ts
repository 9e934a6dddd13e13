import type { EntityManager } from 'typeorm';
import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { assertRole, isSameUnitOrAncestor } from '../accounts/authorize';
import { DirectoryError } from '../directory/directory-error';
import '../documents/document-audit-events';
import { DocumentError } from '../documents/document-error';

/** An incoming register book (sổ đăng ký văn bản đến) of a unit. */
export interface RegisterBookConfig {
  readonly id: string;
  readonly unitId: string;
  readonly name: string;
  /** The document types it registers; empty: any type. */
  readonly documentTypes: readonly string[];
  /** The book of classified documents (Mật, Tối mật, Tuyệt mật): its own series. */
  readonly classified: boolean;
  readonly active: boolean;
}

interface Row {
  id: string;
  unit_id: string;
  name: string;
  document_types: string[];
  classified: boolean;
  active: boolean;
}
const toBook = (r: Row): RegisterBookConfig => ({
  id: r.id,
  unitId: r.unit_id,
  name: r.name,
  documentTypes: r.document_types,
  classified: r.classified,
  active: r.active,
});

async function unitOf(ctx: DomainContext, unitId: string | undefined): Promise<string> {
  const id = unitId ?? ctx.actor.unitId;
  if (!(await isSameUnitOrAncestor(ctx.db, ctx.actor, id))) throw DirectoryError.notFound(id);
  return id;
}

/** The incoming register books of a unit (active first, by name): what the clerk chooses from. */
export async function listRegisterBookConfigs(
  ctx: DomainContext,
  input: { readonly unitId?: string } = {},
): Promise<RegisterBookConfig[]> {
  assertRole(ctx.actor, 'admin', 'clerk', 'leader', 'archivist', 'auditor');
  const unitId = await unitOf(ctx, input.unitId);
  const rows: Row[] = await ctx.db.query(
    `SELECT id, unit_id, name, document_types, classified, active FROM register_books
      WHERE unit_id = $1 AND direction = 'incoming' ORDER BY active DESC, name, id`,
    [unitId],
  );
  return rows.map(toBook);
}

function checkName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (!n || n.length > 200)
    throw DocumentError.invalid('name', 'Cần tên sổ (tối đa 200 ký tự)', 'A book name is required');
  return n;
}

/**
 * An admin of the unit (or a unit above it) sets up an incoming register book: by document type (empty:
 * any) and for classified documents or not. Names are unique per unit (DOCUMENT_INVALID otherwise).
 */
export async function saveRegisterBook(
  ctx: DomainContext,
  input: {
    readonly id?: string;
    readonly unitId?: string;
    readonly name: string;
    readonly documentTypes?: readonly string[];
    readonly classified?: boolean;
    readonly active?: boolean;
  },
): Promise<RegisterBookConfig> {
  assertRole(ctx.actor, 'admin');
  const unitId = await unitOf(ctx, input.unitId);
  const name = checkName(input.name);
  const types = [...new Set((input.documentTypes ?? []).map((t) => t.trim()).filter(Boolean))];
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const clash: { id: string }[] = await m.query(
      `SELECT id FROM register_books WHERE unit_id = $1 AND direction = 'incoming' AND name = $2 AND id IS DISTINCT FROM $3::uuid`,
      [unitId, name, input.id ?? null],
    );
    if (clash.length)
      throw DocumentError.invalid(
        'name',
        'Đơn vị đã có sổ cùng tên',
        'The unit already has a book of this name',
      );
    let rows: Row[];
    if (input.id) {
      const r: [Row[], number] = await m.query(
        `UPDATE register_books SET name = $3, document_types = $4, classified = $5, active = $6
          WHERE id = $1 AND unit_id = $2 RETURNING id, unit_id, name, document_types, classified, active`,
        [input.id, unitId, name, types, input.classified ?? false, input.active ?? true],
      );
      rows = r[0];
      if (!rows.length)
        throw DocumentError.invalid('id', 'Không có sổ này ở đơn vị', 'No such book in this unit');
    } else {
      rows = await m.query(
        `INSERT INTO register_books (unit_id, name, document_types, classified, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, unit_id, name, document_types, classified, active`,
        [unitId, name, types, input.classified ?? false, input.active ?? true, now],
      );
    }
    const book = toBook(rows[0]!);
    await appendAuditEvent(m, ctx, {
      type: 'REGISTER_BOOK_SAVED',
      unitId,
      payload: {
        bookId: book.id,
        name,
        documentTypes: types,
        classified: book.classified,
        active: book.active,
      },
    });
    return book;
  });
}

/**
 * At registration: the chosen book must be an active book of the recipient unit and, when it lists types,
 * one for this document's type (a classified book is the clerk's choice: incoming records carry no
 * classification); the leader presented to must be an active leader of the unit. Returns the register
 * scope to number in: per book (document_type = the book's name, its series) and year.
 */
export async function chooseRegistration(
  m: EntityManager,
  doc: { readonly id: string; readonly recipientUnitId: string; readonly documentType: string },
  input: { readonly bookId?: string; readonly presentToUserId?: string },
): Promise<{ documentType: string; series: 'normal' | 'classified'; bookId: string | null }> {
  let scope: { documentType: string; series: 'normal' | 'classified'; bookId: string | null } = {
    documentType: '',
    series: 'normal',
    bookId: null,
  };
  if (input.bookId) {
    const [b]: Row[] = await m.query(
      `SELECT id, unit_id, name, document_types, classified, active FROM register_books WHERE id = $1`,
      [input.bookId],
    );
    if (!b || b.unit_id !== doc.recipientUnitId || !b.active) {
      throw DocumentError.invalid(
        'bookId',
        'Sổ đăng ký không có hoặc đã ngừng dùng',
        'No such active register book',
      );
    }
    if (b.document_types.length && !b.document_types.includes(doc.documentType)) {
      throw DocumentError.invalid(
        'bookId',
        `Sổ "${b.name}" không dùng cho loại văn bản ${doc.documentType}`,
        `Book "${b.name}" does not register documents of type ${doc.documentType}`,
      );
    }
    scope = { documentType: b.name, series: b.classified ? 'classified' : 'normal', bookId: b.id };
  }
  if (input.presentToUserId) {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM users WHERE id = $1 AND unit_id = $2 AND active AND 'leader' = ANY(roles)`,
      [input.presentToUserId, doc.recipientUnitId],
    );
    if (n !== 1) {
      throw DocumentError.invalid(
        'presentToUserId',
        'Người được trình phải là lãnh đạo đang làm việc tại đơn vị',
        'The leader presented to must be an active leader of the unit',
      );
    }
  }
  return scope;
}

/** The registration choices of an incoming document, for its page. */
export async function registrationOf(
  q: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  incomingId: string,
): Promise<{
  book: { id: string; name: string } | null;
  presentedTo: { id: string; fullName: string; title: string | null } | null;
}> {
  const rows = (await q.query(
    `SELECT b.id AS book_id, b.name AS book_name, u.id AS user_id, u.full_name, u.title
       FROM incoming_registrations r
       LEFT JOIN register_books b ON b.id = r.register_book_id
       LEFT JOIN users u ON u.id = r.presented_to_user_id
      WHERE r.incoming_id = $1`,
    [incomingId],
  )) as {
    book_id: string | null;
    book_name: string | null;
    user_id: string | null;
    full_name: string | null;
    title: string | null;
  }[];
  const r = rows[0];
  return {
    book: r?.book_id ? { id: r.book_id, name: r.book_name! } : null,
    presentedTo: r?.user_id ? { id: r.user_id, fullName: r.full_name!, title: r.title } : null,
  };
}
