import type { EntityManager } from 'typeorm';
import type { DomainContext } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { vietnamDate } from '../directory/vietnam-date';
import type { Queryable } from '../directory/unit-repository';
import { assertDocumentAccess } from '../documents/document-access';
import '../documents/document-audit-events';
import { DocumentError } from '../documents/document-error';
import { ownUploadedFile } from '../documents/uploaded-file';
import { enqueueJobs } from './enqueue-job';
import type { IncomingDocument } from './incoming-document';
import { incomingRepository } from './incoming-repository';
import { noticeIncomingStatus } from '../notifications/document-notices';
import { notify } from '../notifications/notify';

export type HandlerRole = 'lead' | 'support' | 'info';
export type NoteKind = 'instruction' | 'progress' | 'reassign' | 'extension' | 'result';

/** Who handles an incoming document and how (Decree 30 Art. 24 practice: chủ trì, phối hợp, để biết). */
export interface Handlers {
  readonly leadUserId: string;
  readonly supportUserIds: readonly string[];
  readonly infoUserIds: readonly string[];
  readonly infoUnitIds: readonly string[];
}

export interface HandlerView {
  readonly role: HandlerRole;
  readonly user: { readonly id: string; readonly fullName: string; readonly title: string | null } | null;
  readonly unit: { readonly id: string; readonly name: string } | null;
}

export interface NoteView {
  readonly kind: NoteKind;
  readonly author: { readonly id: string; readonly fullName: string };
  readonly text: string;
  readonly deadlineFrom: string | null;
  readonly deadlineTo: string | null;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly size: number }[];
  readonly at: Date;
}

const REMINDER_JOB = 'incoming.deadline_reminder';

/** Checks the handlers (lead and support: active specialists of the unit; info: active accounts or units). */
export async function checkHandlers(m: Queryable, unitId: string, h: Handlers): Promise<void> {
  const people = [h.leadUserId, ...h.supportUserIds];
  if (new Set(people).size !== people.length) {
    throw DocumentError.invalid(
      'supportUserIds',
      'Người chủ trì không đồng thời là người phối hợp; không chọn trùng',
      'The lead handler is not also a supporting handler; no one twice',
    );
  }
  const [{ n }]: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[]) AND unit_id = $2 AND active
       AND 'specialist' = ANY(roles)`,
    [people, unitId],
  );
  if (n !== people.length) {
    throw DocumentError.invalid(
      'leadUserId',
      'Người chủ trì, phối hợp phải là chuyên viên đang làm việc tại đơn vị nhận',
      'Lead and supporting handlers must be active specialists of the receiving unit',
    );
  }
  if (h.infoUserIds.length) {
    const [{ k }]: { k: number }[] = await m.query(
      `SELECT count(*)::int AS k FROM users WHERE id = ANY($1::uuid[]) AND unit_id = $2 AND active`,
      [[...new Set(h.infoUserIds)], unitId],
    );
    if (k !== new Set(h.infoUserIds).size) {
      throw DocumentError.invalid(
        'infoUserIds',
        'Người nhận để biết không thuộc đơn vị',
        'Unknown person for information',
      );
    }
  }
  if (h.infoUnitIds.length) {
    const [{ k }]: { k: number }[] = await m.query(
      `SELECT count(*)::int AS k FROM units WHERE id = ANY($1::uuid[]) AND parent_id = $2`,
      [[...new Set(h.infoUnitIds)], unitId],
    );
    if (k !== new Set(h.infoUnitIds).size) {
      throw DocumentError.invalid(
        'infoUnitIds',
        'Đơn vị nhận để biết phải là đơn vị trực thuộc',
        'Units for information must be units directly below',
      );
    }
  }
}

/** Replaces the handlers of a document (inside the caller's transaction). */
export async function setHandlers(
  m: EntityManager,
  incomingId: string,
  h: Handlers,
  now: Date,
  roles: readonly HandlerRole[] = ['lead', 'support', 'info'],
): Promise<void> {
  await m.query(`DELETE FROM incoming_handlers WHERE incoming_id = $1 AND role = ANY($2::text[])`, [
    incomingId,
    roles,
  ]);
  const rows: [HandlerRole, string | null, string | null][] = [];
  if (roles.includes('lead')) rows.push(['lead', h.leadUserId, null]);
  if (roles.includes('support')) for (const u of h.supportUserIds) rows.push(['support', u, null]);
  if (roles.includes('info')) {
    for (const u of new Set(h.infoUserIds)) rows.push(['info', u, null]);
    for (const u of new Set(h.infoUnitIds)) rows.push(['info', null, u]);
  }
  if (rows.length) {
    await m.query(
      `INSERT INTO incoming_handlers (incoming_id, role, user_id, unit_id, added_at)
       SELECT $1, r, u, n, $5 FROM unnest($2::text[], $3::uuid[], $4::uuid[]) AS t(r, u, n)`,
      [incomingId, rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), now],
    );
  }
}

export async function addNote(
  m: EntityManager,
  incomingId: string,
  note: {
    kind: NoteKind;
    authorUserId: string;
    text: string;
    deadlineFrom?: string | null;
    deadlineTo?: string | null;
    files?: readonly { name: string; sha256: string; size: number }[];
  },
  now: Date,
): Promise<void> {
  await m.query(
    `INSERT INTO incoming_notes (incoming_id, kind, author_user_id, text, deadline_from, deadline_to, files, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      incomingId,
      note.kind,
      note.authorUserId,
      note.text,
      note.deadlineFrom ?? null,
      note.deadlineTo ?? null,
      JSON.stringify(note.files ?? []),
      now,
    ],
  );
}

/**
 * Để biết: the people named for information and the leaders and clerks of the units named, told once
 * each ('incoming.for_information'), inside the assignment's transaction. They may read the document.
 */
export async function noticeForInformation(
  m: EntityManager,
  doc: Pick<IncomingDocument, 'id' | 'subject' | 'urgency'>,
  h: Pick<Handlers, 'infoUserIds' | 'infoUnitIds'>,
  now: Date,
): Promise<void> {
  const base = {
    kind: 'incoming.for_information' as const,
    subject: { vi: `Văn bản gửi để biết: ${doc.subject}`, en: `For your information: ${doc.subject}` },
    link: `#/inbox/${doc.id}`,
    urgent: doc.urgency !== 'normal',
    at: now,
  };
  if (h.infoUserIds.length) {
    await notify(m, {
      ...base,
      recipients: { userIds: [...new Set(h.infoUserIds)] },
      dedupeKey: `incoming.for_information:${doc.id}`,
    });
  }
  for (const unitId of new Set(h.infoUnitIds)) {
    await notify(m, {
      ...base,
      recipients: { unitId, roles: ['leader', 'clerk'] },
      dedupeKey: `incoming.for_information:${doc.id}`,
    });
  }
}

/** The lead handler of a document, if one was named. */
export async function leadOf(q: Queryable, incomingId: string): Promise<string | null> {
  const [r]: { user_id: string }[] = await q.query(
    `SELECT user_id FROM incoming_handlers WHERE incoming_id = $1 AND role = 'lead'`,
    [incomingId],
  );
  return r?.user_id ?? null;
}

/** Handlers and notes of a document, for its page. */
export async function handlingOf(
  q: Queryable,
  incomingId: string,
): Promise<{ handlers: HandlerView[]; notes: NoteView[] }> {
  const hs: {
    role: HandlerRole;
    user_id: string | null;
    full_name: string | null;
    title: string | null;
    unit_id: string | null;
    unit_name: string | null;
  }[] = await q.query(
    `SELECT h.role, u.id AS user_id, u.full_name, u.title, n.id AS unit_id, n.name AS unit_name
       FROM incoming_handlers h LEFT JOIN users u ON u.id = h.user_id LEFT JOIN units n ON n.id = h.unit_id
      WHERE h.incoming_id = $1
      ORDER BY CASE h.role WHEN 'lead' THEN 0 WHEN 'support' THEN 1 ELSE 2 END, h.added_at, h.id`,
    [incomingId],
  );
  const ns: {
    kind: NoteKind;
    author_id: string;
    full_name: string;
    text: string;
    deadline_from: string | null;
    deadline_to: string | null;
    files: NoteView['files'];
    created_at: Date;
  }[] = await q.query(
    `SELECT n.kind, u.id AS author_id, u.full_name, n.text, to_char(n.deadline_from, 'YYYY-MM-DD') AS deadline_from,
            to_char(n.deadline_to, 'YYYY-MM-DD') AS deadline_to, n.files, n.created_at
       FROM incoming_notes n JOIN users u ON u.id = n.author_user_id
      WHERE n.incoming_id = $1
      ORDER BY n.created_at,
        CASE n.kind WHEN 'instruction' THEN 0 WHEN 'reassign' THEN 1 WHEN 'extension' THEN 2
          WHEN 'progress' THEN 3 ELSE 4 END, n.id`,
    [incomingId],
  );
  return {
    handlers: hs.map((h) => ({
      role: h.role,
      user: h.user_id ? { id: h.user_id, fullName: h.full_name!, title: h.title } : null,
      unit: h.unit_id ? { id: h.unit_id, name: h.unit_name! } : null,
    })),
    notes: ns.map((n) => ({
      kind: n.kind,
      author: { id: n.author_id, fullName: n.full_name },
      text: n.text,
      deadlineFrom: n.deadline_from,
      deadlineTo: n.deadline_to,
      files: n.files,
      at: n.created_at,
    })),
  };
}

/** Result files of a completion: the completer's own uploads (POST /api/files), any type. */
export async function resultFiles(
  m: EntityManager,
  ctx: DomainContext,
  fileIds: readonly string[],
): Promise<{ name: string; sha256: string; size: number }[]> {
  const out = [];
  for (const id of fileIds) {
    const f = await ownUploadedFile(m, ctx.actor, id);
    out.push({ name: f.fileName ?? 'Kết quả', sha256: f.sha256, size: f.size });
  }
  return out;
}

/** A handling step on a document in progress (05): lock, access, state; then `apply`. */
async function inProgress<T>(
  ctx: DomainContext,
  incomingId: string,
  action: string,
  allowed: (doc: IncomingDocument, lead: string | null) => boolean,
  apply: (m: EntityManager, doc: IncomingDocument, now: Date) => Promise<T>,
): Promise<T> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (m) => {
    const doc = await incomingRepository.findById(m, incomingId, { forUpdate: true });
    if (!doc) throw DocumentError.incomingNotFound(incomingId);
    await assertDocumentAccess(m, ctx.actor, doc.recipientUnitId, { act: ['leader', 'specialist'] }, () =>
      DocumentError.incomingNotFound(incomingId),
    );
    if (doc.statusCode !== '05') throw DocumentError.incomingState(doc.id, doc.statusCode, action);
    if (!allowed(doc, await leadOf(m, doc.id))) {
      throw new DocumentError(
        'INCOMING_NOT_ASSIGNEE',
        { vi: 'Bạn không được giao việc này trên văn bản', en: 'This is not yours to do on this document' },
        { incomingId: doc.id, action },
      );
    }
    return apply(m, doc, now);
  });
}

const isLeader = (ctx: DomainContext) => ctx.actor.roles.includes('leader');
const text = (v: unknown, field: string): string => {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) throw DocumentError.invalid(field, 'Cần ghi nội dung', 'Text is required');
  return s;
};

/** A leader hands the document to another lead handler (and support), with the reason. */
export async function reassignIncoming(
  ctx: DomainContext,
  input: { incomingId: string; leadUserId: string; supportUserIds?: readonly string[]; reason: string },
): Promise<void> {
  const reason = text(input.reason, 'reason');
  await inProgress(
    ctx,
    input.incomingId,
    'reassign',
    () => isLeader(ctx),
    async (m, doc, now) => {
      const h = {
        leadUserId: input.leadUserId,
        supportUserIds: input.supportUserIds ?? [],
        infoUserIds: [],
        infoUnitIds: [],
      };
      await checkHandlers(m, doc.recipientUnitId, h);
      await setHandlers(m, doc.id, h, now, ['lead', 'support']);
      await incomingRepository.update(m, doc.id, { assignee_user_ids: [h.leadUserId, ...h.supportUserIds] });
      const added = [h.leadUserId, ...h.supportUserIds].filter((u) => !doc.assigneeUserIds.includes(u));
      await noticeIncomingStatus(m, { ...doc, statusCode: '05', assigneeUserIds: added }, now);
      await addNote(m, doc.id, { kind: 'reassign', authorUserId: ctx.actor.userId, text: reason }, now);
      await appendAuditEvent(m, ctx, {
        type: 'INCOMING_HANDLING_NOTED',
        unitId: doc.recipientUnitId,
        payload: { incomingId: doc.id, kind: 'reassign' as const, leadUserId: h.leadUserId },
      });
    },
  );
}

/** A leader moves the deadline (not into the past), with the reason; the reminder follows it. */
export async function extendDeadline(
  ctx: DomainContext,
  input: { incomingId: string; deadline: string; reason: string },
): Promise<void> {
  const reason = text(input.reason, 'reason');
  const deadline = vietnamDate(input.deadline);
  await inProgress(
    ctx,
    input.incomingId,
    'extend',
    () => isLeader(ctx),
    async (m, doc, now) => {
      if (deadline < vietnamDate(now)) {
        throw DocumentError.invalid('deadline', 'Hạn xử lý đã qua', 'The deadline is in the past');
      }
      if (deadline === doc.deadline) {
        throw DocumentError.invalid(
          'deadline',
          'Hạn mới trùng hạn cũ',
          'The new deadline is the current one',
        );
      }
      await incomingRepository.update(m, doc.id, { deadline });
      await enqueueJobs(m, [
        {
          kind: REMINDER_JOB,
          payload: { incomingId: doc.id, deadline },
          runAt: new Date(`${deadline}T08:00:00+07:00`),
          dedupeKey: `${REMINDER_JOB}:${doc.id}:${deadline}`,
        },
      ]);
      await addNote(
        m,
        doc.id,
        {
          kind: 'extension',
          authorUserId: ctx.actor.userId,
          text: reason,
          deadlineFrom: doc.deadline,
          deadlineTo: deadline,
        },
        now,
      );
      await appendAuditEvent(m, ctx, {
        type: 'INCOMING_HANDLING_NOTED',
        unitId: doc.recipientUnitId,
        payload: { incomingId: doc.id, kind: 'extension' as const, from: doc.deadline, to: deadline },
      });
    },
  );
}

/** A handler (lead or support) or a leader notes progress. */
export async function addProgressNote(
  ctx: DomainContext,
  input: { incomingId: string; text: string },
): Promise<void> {
  const note = text(input.text, 'text');
  await inProgress(
    ctx,
    input.incomingId,
    'progress',
    (doc) => isLeader(ctx) || doc.assigneeUserIds.includes(ctx.actor.userId),
    async (m, doc, now) => {
      await addNote(m, doc.id, { kind: 'progress', authorUserId: ctx.actor.userId, text: note }, now);
      await appendAuditEvent(m, ctx, {
        type: 'INCOMING_HANDLING_NOTED',
        unitId: doc.recipientUnitId,
        payload: { incomingId: doc.id, kind: 'progress' as const },
      });
    },
  );
}
