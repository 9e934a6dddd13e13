import { AccessError } from '../accounts/access-error';
import { assertSameUnitOrAncestor, hasRole } from '../accounts/authorize';
import type { DomainContext, Role } from '../context';
import { DocumentError } from './document-error';
import type { OutgoingDocument, OutgoingStatus } from './outgoing-document';
import { outgoingRepository } from './outgoing-repository';

/**
 * Named lists (hộp văn bản) of the outgoing workflow:
 * - `drafts`: my drafts and drafts returned to me; `submitted`: my drafts under review;
 * - `to_review`: under review, my turn in its review chain (trình duyệt);
 * - `to_sign` (leaders): under review in my unit, review chain done; `to_number` (clerks): signed, waiting for number
 *   and seal; `to_seal` (clerks): numbered but not sealed; `sealed`: ready to send;
 * - `issued`: issued, recalled or replaced; `all`: everything I may see in the unit.
 */
export const OUTGOING_BOXES = [
  'drafts',
  'submitted',
  'to_sign',
  'to_review',
  'to_number',
  'to_seal',
  'sealed',
  'issued',
  'all',
] as const;
export type OutgoingBox = (typeof OUTGOING_BOXES)[number];

const BOXES: Record<
  OutgoingBox,
  { statuses?: OutgoingStatus[]; mine?: true; roles?: Role[]; reviewer?: true; reviewed?: true }
> = {
  drafts: { statuses: ['draft', 'returned'], mine: true },
  submitted: { statuses: ['in_review'], mine: true },
  to_sign: { statuses: ['in_review'], roles: ['leader'], reviewed: true },
  to_review: { statuses: ['in_review'], reviewer: true },
  to_number: { statuses: ['signed'], roles: ['clerk'] },
  to_seal: { statuses: ['numbered'], roles: ['clerk'] },
  sealed: { statuses: ['sealed'] },
  issued: { statuses: ['issued', 'recalled', 'replaced'] },
  all: {},
};

export interface ListOutgoingInput {
  readonly box?: OutgoingBox;
  /** The issuing unit: the actor's own (default) or one below it. */
  readonly unitId?: string;
  readonly status?: readonly OutgoingStatus[];
  /** Words of the subject or the notation (case-insensitive). */
  readonly q?: string;
  readonly documentType?: string;
  readonly urgency?: OutgoingDocument['urgency'];
  /** Created on or after / before (exclusive) these Vietnam dates, YYYY-MM-DD. */
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/**
 * A page of a unit's outgoing documents, newest first (keyset on created_at, id). Others' drafts never
 * appear; role boxes (`to_sign`, `to_number`, `to_seal`) answer FORBIDDEN to other roles; a unit
 * outside the actor's reach answers DOCUMENT_NOT_FOUND.
 */
export async function listOutgoing(
  ctx: DomainContext,
  input: ListOutgoingInput,
): Promise<{ items: OutgoingDocument[]; nextCursor: string | null }> {
  const box = BOXES[input.box ?? 'all'];
  if (box.roles && !hasRole(ctx.actor, ...box.roles)) throw AccessError.forbidden(`outgoing.${input.box}`);
  const unitId = input.unitId ?? ctx.actor.unitId;
  await assertSameUnitOrAncestor(ctx.db, ctx.actor, unitId, () => DocumentError.notFound(''));
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);

  const where = ['unit_id = $1'];
  const params: unknown[] = [unitId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (box.statuses) where.push(`status = ANY(${p(box.statuses)}::text[])`);
  if (input.status?.length) where.push(`status = ANY(${p(input.status)}::text[])`);
  // The review chain (trình duyệt): the leader's list waits for it; a reviewer sees their turn.
  const pending = `SELECT 1 FROM review_steps s WHERE s.document_id = outgoing_documents.id AND s.state = 'pending'`;
  if (box.reviewed) where.push(`NOT EXISTS (${pending})`);
  if (box.reviewer) {
    where.push(
      `(SELECT s.reviewer_user_id FROM review_steps s WHERE s.document_id = outgoing_documents.id
         AND s.state = 'pending' ORDER BY s.seq LIMIT 1) = ${p(ctx.actor.userId)}`,
    );
  }
  if (box.mine) where.push(`drafter_user_id = ${p(ctx.actor.userId)}`);
  // Others' drafts stay private to their drafters.
  else where.push(`(status NOT IN ('draft', 'returned') OR drafter_user_id = ${p(ctx.actor.userId)})`);
  if (input.q?.trim()) {
    const like = `%${input.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(subject ILIKE ${p(like)} OR notation ILIKE $${params.length})`);
  }
  if (input.documentType) where.push(`document_type = ${p(input.documentType)}`);
  if (input.urgency) where.push(`urgency = ${p(input.urgency)}`);
  if (input.from)
    where.push(`created_at >= (${p(input.from)}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
  if (input.to) where.push(`created_at < (${p(input.to)}::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')`);
  const cursor = decodeCursor(input.cursor);
  if (cursor) where.push(`(created_at, id) < (${p(cursor.createdAt)}, ${p(cursor.id)}::uuid)`);

  const rows: { id: string }[] = await ctx.db.query(
    `SELECT id FROM outgoing_documents WHERE ${where.join(' AND ')}
     ORDER BY created_at DESC, id DESC LIMIT ${p(limit + 1)}`,
    params,
  );
  const page = rows.slice(0, limit);
  // Primary-key reads through the repository (its row mapping stays in one place).
  const items = (await Promise.all(page.map((r) => outgoingRepository.findById(ctx.db, r.id)))).filter(
    (d): d is OutgoingDocument => d !== undefined,
  );
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rows.length > limit && last
        ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url')
        : null,
  };
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id ?? '')) {
    throw DocumentError.invalid('cursor', 'Con trỏ trang không hợp lệ', 'Invalid cursor');
  }
  return { createdAt, id: id! };
}
