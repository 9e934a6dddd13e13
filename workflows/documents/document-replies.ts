import type { EntityManager } from 'typeorm';
import type { Actor } from '../context';
import type { Queryable } from '../directory/unit-repository';
import { documentNumberText } from '../signing/document-number-text';
import { DocumentError } from './document-error';

/** The incoming document an outgoing one answers, as its pages show it. */
export interface ReplyTo {
  readonly incomingId: string;
  readonly notation: string;
  readonly subject: string;
  readonly senderName: string | null;
  readonly statusCode: string;
}

/** An outgoing document answering an incoming one. */
export interface ReplyRef {
  readonly outgoingId: string;
  readonly status: string;
  readonly numberAndNotation: string | null;
  readonly subject: string;
  readonly issuedAt: Date | null;
}

/** Statuses of an incoming document that can be answered: registered and not refused. */
const ANSWERABLE = ['03', '04', '05', '06'];

/**
 * Links a new draft to the incoming document it answers (edXML `ResponseFor`), inside the drafting
 * transaction: the incoming document must be one the drafting unit received and registered; another
 * unit's or a missing one is INCOMING_NOT_FOUND, an unregistered or refused one INCOMING_STATE_INVALID.
 */
export async function linkReply(
  m: EntityManager,
  actor: Actor,
  outgoingId: string,
  incomingId: string,
  now: Date,
): Promise<void> {
  const [inc]: { recipient_unit_id: string; status_code: string }[] = await m.query(
    `SELECT recipient_unit_id, status_code FROM incoming_documents WHERE id = $1`,
    [incomingId],
  );
  if (!inc || inc.recipient_unit_id !== actor.unitId) throw DocumentError.incomingNotFound(incomingId);
  if (!ANSWERABLE.includes(inc.status_code)) {
    throw DocumentError.incomingState(incomingId, inc.status_code, 'reply');
  }
  await m.query(`INSERT INTO document_replies (outgoing_id, incoming_id, created_at) VALUES ($1, $2, $3)`, [
    outgoingId,
    incomingId,
    now,
  ]);
}

/** The incoming document `outgoingId` answers, or null. */
export async function replyToOf(q: Queryable, outgoingId: string): Promise<ReplyTo | null> {
  const [r]: {
    id: string;
    notation: string;
    subject: string;
    sender: string | null;
    status_code: string;
  }[] = await q.query(
    `SELECT i.id, i.notation, i.subject, i.status_code,
            COALESCE(su.name, e.sender_organ_name, i.external_sender_code) AS sender
       FROM document_replies r JOIN incoming_documents i ON i.id = r.incoming_id
       LEFT JOIN outgoing_documents o ON o.id = i.outgoing_id
       LEFT JOIN units su ON su.id = o.unit_id
       LEFT JOIN edxml_incoming e ON e.incoming_id = i.id
      WHERE r.outgoing_id = $1`,
    [outgoingId],
  );
  return r
    ? {
        incomingId: r.id,
        notation: r.notation,
        subject: r.subject,
        senderName: r.sender,
        statusCode: r.status_code,
      }
    : null;
}

/**
 * The outgoing documents answering `incomingId`, oldest first; a draft (or returned draft) only for its
 * drafter, as everywhere else.
 */
export async function repliesOf(q: Queryable, incomingId: string, viewerUserId: string): Promise<ReplyRef[]> {
  const rows: {
    id: string;
    status: string;
    number: number | null;
    notation: string;
    subject: string;
    issued_at: Date | null;
  }[] = await q.query(
    `SELECT o.id, o.status, o.number, o.notation, o.subject, o.issued_at
       FROM document_replies r JOIN outgoing_documents o ON o.id = r.outgoing_id
      WHERE r.incoming_id = $1
        AND (o.status NOT IN ('draft', 'returned') OR o.drafter_user_id = $2)
      ORDER BY r.created_at, o.id`,
    [incomingId, viewerUserId],
  );
  return rows.map((r) => ({
    outgoingId: r.id,
    status: r.status,
    numberAndNotation: r.number === null ? null : documentNumberText(r.number, r.notation),
    subject: r.subject,
    issuedAt: r.issued_at,
  }));
}
