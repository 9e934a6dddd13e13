import type { EntityManager } from 'typeorm';
import type { OutgoingDocument } from '../documents/outgoing-document';
import type { IncomingDocument } from '../exchange/incoming-document';
import { notify } from './notify';

/**
 * What the document workflows notify (docs/notifications.md), called with one line from the functions
 * that make the change, inside their transaction: the people who now have something to do.
 */

const URGENCY_VI: Record<string, string> = { urgent: 'Khẩn', very_urgent: 'Thượng khẩn', flash: 'Hỏa tốc' };
const URGENCY_EN: Record<string, string> = { urgent: 'Urgent', very_urgent: 'Very urgent', flash: 'Flash' };

/** After an outgoing status change (changeOutgoing): to sign, returned, to number and seal. */
export async function noticeOutgoingStatus(
  m: EntityManager,
  doc: OutgoingDocument,
  now: Date,
): Promise<void> {
  const s = doc.subject;
  switch (doc.status) {
    case 'in_review':
      await notify(m, {
        kind: 'outgoing.to_sign',
        recipients: doc.signerUserId
          ? { userIds: [doc.signerUserId] }
          : { unitId: doc.unitId, roles: ['leader'] },
        subject: { vi: `Văn bản chờ ký: ${s}`, en: `Waiting for your signature: ${s}` },
        link: `#/review/${doc.id}`,
        urgent: doc.urgency !== 'normal',
        at: now,
      });
      return;
    case 'returned':
      await notify(m, {
        kind: 'outgoing.returned',
        recipients: { userIds: [doc.drafterUserId] },
        subject: { vi: `Dự thảo bị trả lại: ${s}`, en: `Draft returned: ${s}` },
        link: `#/drafts/${doc.id}`,
        at: now,
      });
      return;
    case 'signed':
      await notify(m, {
        kind: 'outgoing.to_seal',
        recipients: { unitId: doc.unitId, roles: ['clerk'] },
        subject: { vi: `Văn bản chờ cấp số, đóng dấu: ${s}`, en: `To number and seal: ${s}` },
        link: `#/seal/${doc.id}`,
        urgent: doc.urgency !== 'normal',
        at: now,
      });
      return;
    default:
      return;
  }
}

/** Documents that arrived (in the server or by edXML): the clerks of each receiving unit, to register. */
export async function noticeIncomingArrived(
  m: EntityManager,
  created: readonly { id: string; recipient_unit_id: string }[],
  doc: { subject: string; urgency: string },
  now: Date,
): Promise<void> {
  const urgent = doc.urgency !== 'normal';
  const tag = urgent ? `${URGENCY_VI[doc.urgency] ?? 'Khẩn'} — ` : '';
  for (const c of created)
    await notify(m, {
      kind: 'incoming.arrived',
      recipients: { unitId: c.recipient_unit_id, roles: ['clerk'] },
      subject: {
        vi: `Văn bản đến chờ vào sổ: ${tag}${doc.subject}`,
        en: `Incoming document to register: ${doc.subject}`,
      },
      link: `#/inbox/${c.id}`,
      urgent,
      dedupeKey: `incoming.arrived:${c.id}`,
      at: now,
    });
}

/** An urgent (Khẩn, Thượng khẩn, Hỏa tốc) document not yet registered: its unit's clerks and leaders at once. */
export async function noticeIncomingUrgent(
  m: EntityManager,
  r: { id: string; recipient_unit_id: string; urgency: string; subject: string },
  now: Date,
): Promise<void> {
  await notify(m, {
    kind: 'incoming.urgent',
    recipients: { unitId: r.recipient_unit_id, roles: ['clerk', 'leader'] },
    subject: {
      vi: `Văn bản ${(URGENCY_VI[r.urgency] ?? 'khẩn').toLowerCase()}: ${r.subject}`,
      en: `${URGENCY_EN[r.urgency] ?? 'Urgent'} document: ${r.subject}`,
    },
    link: `#/inbox/${r.id}`,
    urgent: true,
    dedupeKey: `incoming.urgent:${r.id}`,
    at: now,
  });
}

/** After an incoming status change (changeIncoming): to assign (04) for the leaders, assigned (05) for the handlers. */
export async function noticeIncomingStatus(
  m: EntityManager,
  doc: IncomingDocument,
  now: Date,
): Promise<void> {
  const s = doc.subject;
  if (doc.statusCode === '04')
    await notify(m, {
      kind: 'incoming.to_assign',
      recipients: { unitId: doc.recipientUnitId, roles: ['leader'] },
      subject: { vi: `Văn bản đến chờ phân công: ${s}`, en: `Incoming document to assign: ${s}` },
      link: `#/inbox/${doc.id}`,
      urgent: doc.urgency !== 'normal',
      dedupeKey: `incoming.to_assign:${doc.id}`,
      at: now,
    });
  else if (doc.statusCode === '05' && doc.assigneeUserIds.length > 0)
    await notify(m, {
      kind: 'incoming.assigned',
      recipients: { userIds: [...doc.assigneeUserIds] },
      subject: {
        vi: `Được giao xử lý: ${s}${doc.deadline ? ` (hạn ${viDate(doc.deadline)})` : ''}`,
        en: `Assigned to you: ${s}${doc.deadline ? ` (due ${doc.deadline})` : ''}`,
      },
      link: `#/assignments/${doc.id}`,
      urgent: doc.urgency !== 'normal',
      at: now,
    });
}

/** The sender recalls a document: the clerks of each unit holding a copy answer the request. */
export async function noticeRecallRequested(
  m: EntityManager,
  incomingIds: readonly string[],
  doc: { subject: string },
  reason: string,
  now: Date,
): Promise<void> {
  if (incomingIds.length === 0) return;
  const rows: { id: string; recipient_unit_id: string }[] = await m.query(
    `SELECT id, recipient_unit_id FROM incoming_documents WHERE id = ANY($1::uuid[])`,
    [incomingIds],
  );
  for (const r of rows)
    await notify(m, {
      kind: 'outgoing.recall_requested',
      recipients: { unitId: r.recipient_unit_id, roles: ['clerk', 'leader'] },
      subject: {
        vi: `Yêu cầu thu hồi văn bản: ${doc.subject} — lý do: ${reason}`,
        en: `Recall requested: ${doc.subject} — reason: ${reason}`,
      },
      link: `#/inbox/${r.id}`,
      urgent: true,
      dedupeKey: `outgoing.recall_requested:${r.id}`,
      at: now,
    });
}

/** dd/mm/yyyy of a YYYY-MM-DD date. */
export function viDate(isoDate: string): string {
  const [y, mo, d] = isoDate.split('-');
  return `${d}/${mo}/${y}`;
}
