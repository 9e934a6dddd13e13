import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ObjectStore } from '../../storage/objects/object-store';
import { answerRecall } from '../../workflows/exchange/answer-recall';
import { assignIncoming } from '../../workflows/exchange/assign-incoming';
import { completeIncoming } from '../../workflows/exchange/complete-incoming';
import { forwardForAssignment } from '../../workflows/exchange/forward-for-assignment';
import { getIncoming } from '../../workflows/exchange/get-incoming';
import {
  addProgressNote,
  extendDeadline,
  reassignIncoming,
} from '../../workflows/exchange/incoming-handling';
import { incomingSummary } from '../../workflows/exchange/incoming-summary';
import { INCOMING_READERS } from '../../workflows/exchange/incoming-readers';
import { listAssignableUsers } from '../../workflows/exchange/list-assignable-users';
import { listIncoming } from '../../workflows/exchange/list-incoming';
import {
  openIncomingFile,
  openResultFile,
  type IncomingFile,
} from '../../workflows/exchange/open-incoming-file';
import { refuseIncoming } from '../../workflows/exchange/refuse-incoming';
import { registerIncoming } from '../../workflows/exchange/register-incoming';
import type { Response } from 'express';
import type { RouteTable } from '../http/route-table';
import { allowSameOriginFraming } from '../http/allow-same-origin-framing';
import { requestState } from '../http/request-state';
import { dateTime, isoDate, uuidParam } from './schemas';

const label = z.object({ vi: z.string(), en: z.string() });
const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const statusList = z
  .string()
  .regex(/^0[1-6](,0[1-6])*$/, 'comma-separated status codes 01–06')
  .transform((s) => s.split(',') as ('01' | '02' | '03' | '04' | '05' | '06')[])
  .optional();

const validationVerdict = z
  .union([
    z.object({ state: z.literal('pending') }),
    z
      .object({
        state: z.literal('done'),
        indication: z.enum(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE', 'UNSIGNED']),
        validatedAt: z.string(),
        signatures: z
          .array(
            z.object({
              fieldName: z.string(),
              kind: z.string(),
              signerName: z.string().nullable(),
              indication: z.string(),
              subIndication: z.string().nullable(),
              claimedSigningTime: z
                .string()
                .nullable()
                .describe('ISO 8601 (UTC); null when the signature claims no time or it cannot be read'),
              claimedSigningTimeRaw: z
                .string()
                .nullable()
                .describe(
                  "The claimed time as the file gives it: a PDF date (D:20260302090000+07'00') or ISO 8601",
                ),
            }),
          )
          .readonly(),
        unsignedRevisions: z.number(),
        reportSha256: z.string().nullable(),
        error: z.string().nullable(),
      })
      .loose(),
  ])
  .describe('Validation on arrival: `pending` until the job has run, then the verdict');

const listItem = z.object({
  id: z.uuid(),
  recipientUnitId: z.uuid(),
  documentType: z.string(),
  notation: z.string().describe('Số, ký hiệu of the sender, e.g. 12/QĐ-UBND'),
  subject: z.string(),
  urgency: z.enum(['normal', 'urgent', 'very_urgent', 'flash']),
  urgent: z.boolean(),
  statusCode: z.string(),
  status: label,
  recallCode: z.string().nullable(),
  year: z.number().nullable(),
  incomingNumber: z.number().nullable().describe('Số đến, once registered'),
  incomingNumberText: z.string().nullable().describe('Số đến as Decree 30 writes it: 01, 02 … 10'),
  receivedAt: dateTime,
  deadline: z.string().nullable().describe('Hạn xử lý set by the leader when assigning'),
  requestedDueDate: z
    .string()
    .nullable()
    .describe(
      'Hạn xử lý the sender asked for (its draft’s deadline or edXML DueDate); pre-fills the assignment',
    ),
  overdue: z.boolean(),
  revision: z.number(),
  sender: z.object({ unitId: z.uuid().nullable(), code: z.string(), name: z.string().nullable() }),
  validation: z.enum(['pending', 'TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE', 'UNSIGNED']),
  assignedToMe: z.boolean(),
});

const unitRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

const detail = listItem.omit({ recipientUnitId: true, validation: true, assignedToMe: true }).extend({
  recipientUnit: unitRef,
  addressedUnit: unitRef,
  recall: label.nullable(),
  recallReason: z.string().nullable(),
  registeredAt: dateTime.nullable(),
  assignedAt: dateTime.nullable(),
  completedAt: dateTime.nullable(),
  handlingResult: z.enum(['early', 'on_time', 'late']).nullable(),
  refusalReason: z.string().nullable(),
  revisedAt: dateTime.nullable(),
  supersededById: z.uuid().nullable().describe('The document that replaced this one (business type 3)'),
  sender: z.object({
    unitId: z.uuid().nullable(),
    code: z.string(),
    name: z.string().nullable(),
    outgoingId: z.uuid().nullable(),
    issuedOn: z.string().nullable(),
    signerName: z.string().nullable(),
  }),
  pdf: z.object({ sha256: z.string(), size: z.number().nullable() }),
  attachments: z.array(z.object({ index: z.number(), name: z.string(), size: z.number() })).readonly(),
  edxml: z
    .object({
      documentId: z.string(),
      signerPosition: z.string().nullable(),
      signature: z
        .object({
          algorithm: z.enum(['rsa-sha256', 'rsa-sha1']),
          weak: z.boolean().describe('RSA-SHA1: accepted only because the sending peer is configured for it'),
          placement: z.enum(['xmldsig', 'qcvn', 'none']),
          layout: z.enum(['sdk', 'envelope', 'soap']),
          signerSubject: z.string(),
        })
        .nullable()
        .describe('How the edXML package was signed (null: received before this was recorded)'),
    })
    .nullable()
    .describe('Received from another system as an edXML package (docs/edxml-federation.md); null otherwise'),
  validation: validationVerdict,
  assignees: z
    .array(z.object({ id: z.uuid(), fullName: z.string(), title: z.string().nullable() }))
    .readonly(),
  events: z
    .array(
      z.object({
        code: z.string(),
        kind: z.enum(['status', 'update']),
        label,
        at: dateTime,
        note: z.string().nullable(),
        actor: z.object({ userId: z.uuid(), fullName: z.string() }).nullable(),
        unitId: z.uuid().nullable(),
      }),
    )
    .readonly(),
  actions: z
    .array(
      z.enum([
        'register',
        'refuse',
        'forward',
        'assign',
        'complete',
        'answerRecall',
        'reply',
        'reassign',
        'extend',
        'progress',
      ]),
    )
    .readonly()
    .describe('What the caller may do now (`reply`: draft an outgoing document answering it)'),
  replies: z
    .array(
      z.object({
        outgoingId: z.uuid(),
        status: z.string().describe('The reply’s outgoing status (draft … issued)'),
        numberAndNotation: z.string().nullable().describe('Once numbered: 01/UBND-VP'),
        subject: z.string(),
        issuedAt: dateTime.nullable(),
      }),
    )
    .readonly()
    .describe('Outgoing documents written as replies to this one (edXML ResponseFor)'),
  registration: z
    .object({
      book: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      presentedTo: z.object({ id: z.uuid(), fullName: z.string(), title: z.string().nullable() }).nullable(),
    })
    .describe('The register book the clerk chose and the leader presented to (null when not chosen)'),
  handlers: z
    .array(
      z.object({
        role: z.enum(['lead', 'support', 'info']).describe('chủ trì, phối hợp, để biết'),
        user: z.object({ id: z.uuid(), fullName: z.string(), title: z.string().nullable() }).nullable(),
        unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      }),
    )
    .readonly(),
  notes: z
    .array(
      z.object({
        kind: z.enum(['instruction', 'progress', 'reassign', 'extension', 'result']),
        author: z.object({ id: z.uuid(), fullName: z.string() }),
        text: z.string(),
        deadlineFrom: z.string().nullable(),
        deadlineTo: z.string().nullable(),
        files: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number() })).readonly(),
        at: dateTime,
      }),
    )
    .readonly()
    .describe(
      'Ý kiến chỉ đạo, tiến độ, giao lại, gia hạn (with the old and new deadline), kết quả with files',
    ),
});

/** What a transition returns: the record's state after it. */
const record = z.object({
  id: z.uuid(),
  recipientUnitId: z.uuid(),
  statusCode: z.string(),
  recallCode: z.string().nullable(),
  year: z.number().nullable(),
  incomingNumber: z.number().nullable(),
  incomingNumberText: z.string().nullable().describe('Số đến as Decree 30 writes it: 01, 02 … 10'),
  registeredAt: dateTime.nullable(),
  assignedAt: dateTime.nullable(),
  completedAt: dateTime.nullable(),
  assigneeUserIds: z.array(z.uuid()).readonly(),
  deadline: z.string().nullable(),
  requestedDueDate: z.string().nullable().describe('Hạn xử lý the sender asked for'),
  handlingResult: z.enum(['early', 'on_time', 'late']).nullable(),
  refusalReason: z.string().nullable(),
});

const TRANSITION_ERRORS = ['INCOMING_NOT_FOUND', 'INCOMING_STATE_INVALID'];

/**
 * `attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 with the RFC 5987
 * extended parameter): browsers use the Vietnamese name, older clients the ASCII fallback.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline'): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9._ -]+/g, '_')
      .trim() || 'document.pdf';
  const extended = encodeURIComponent(fileName.normalize('NFC')).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${extended}`;
}

/** Streams an opened file: headers first, then the verified bytes; a failure mid-way cuts the response. */
async function streamFile(
  res: Response,
  file: IncomingFile,
  disposition: 'attachment' | 'inline' = 'attachment',
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.size));
  // Only a PDF opens in the browser; any other file (edXML attachments: Word, Excel…) is downloaded.
  const shown = file.contentType === 'application/pdf' ? disposition : 'attachment';
  res.setHeader('Content-Disposition', contentDisposition(file.fileName, shown));
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (disposition === 'inline' && file.contentType === 'application/pdf') allowSameOriginFraming(res);
  try {
    await pipeline(file.stream, res);
  } catch (e) {
    // Headers are gone: the only honest answer left is a cut connection (the client sees a short body).
    requestState(res).log.warn({ err: e, sha256: file.sha256 }, 'download interrupted');
    res.destroy();
  }
}

/**
 * Receiving side (văn bản đến): the inbox of clerks, leaders and specialists, reading a document with its
 * validation verdict and history, downloading its PDF, and the lifecycle transitions 01→03→04→05→06,
 * refusal 02 and the recall answer 15/16. Every route checks role × unit; another unit's records answer
 * 404 exactly like records that do not exist.
 */
export function incomingRoutes(table: RouteTable, deps: { readonly objects: ObjectStore }): void {
  const { objects } = deps;

  table.route({
    method: 'get',
    path: '/api/incoming',
    tags: ['incoming'],
    summary: 'Văn bản đến / Inbox',
    description:
      'Incoming documents of `unit` (default: the caller’s; a unit above it may read it), urgent first then ' +
      'newest, keyset-paginated (`nextCursor`). Filters: `status` (comma-separated codes 01–06), `urgent`, ' +
      '`overdue` (in progress past the deadline), `recallPending`, `assignedToMe`, `from`/`to` (received on ' +
      'these Vietnam days, inclusive), `q` (words of the notation or subject, with or without diacritics: ' +
      '`quyet dinh` finds `Quyết định`). An account that is only a specialist sees what is assigned to it.',
    auth: INCOMING_READERS,
    query: z.strictObject({
      unit: z.uuid().optional(),
      status: statusList,
      urgent: flag,
      overdue: flag,
      recallPending: flag,
      assignedToMe: flag,
      dueBy: isoDate.optional().describe('In progress with a deadline from today up to this day (due soon)'),
      from: isoDate.optional(),
      to: isoDate.optional(),
      q: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
      cursor: z.string().max(200).optional(),
    }),
    response: z.object({ items: z.array(listItem), nextCursor: z.string().nullable() }),
    errors: ['UNIT_NOT_FOUND', 'INCOMING_QUERY_INVALID'],
    handler: async ({ ctx, query }) =>
      listIncoming(ctx, {
        unitId: query.unit,
        status: query.status,
        urgent: query.urgent,
        overdue: query.overdue,
        recallPending: query.recallPending,
        assignedToMe: query.assignedToMe,
        dueBy: query.dueBy,
        from: query.from,
        to: query.to,
        q: query.q,
        limit: query.limit,
        cursor: query.cursor,
      }),
  });

  table.route({
    method: 'get',
    path: '/api/incoming/summary',
    tags: ['incoming'],
    summary: 'Số liệu văn bản đến / Inbox counters',
    description: 'Counts per status, urgent waiting, overdue, recall requests and the caller’s assignments.',
    auth: INCOMING_READERS,
    query: z.strictObject({ unit: z.uuid().optional() }),
    response: z.object({
      unitId: z.uuid(),
      byStatus: z.record(z.string(), z.number()),
      urgentWaiting: z.number(),
      overdue: z.number(),
      recallPending: z.number(),
      assignedToMe: z.number(),
    }),
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, query }) => incomingSummary(ctx, { unitId: query.unit }),
  });

  table.route({
    method: 'get',
    path: '/api/incoming/assignees',
    tags: ['incoming'],
    summary: 'Người có thể được giao xử lý / Specialists to assign',
    description: 'The active specialists of the caller’s unit: whom `POST /api/incoming/:id/assign` accepts.',
    auth: ['leader', 'clerk'],
    response: z.object({
      items: z.array(
        z.object({ id: z.uuid(), username: z.string(), fullName: z.string(), title: z.string().nullable() }),
      ),
    }),
    handler: async ({ ctx }) => ({ items: await listAssignableUsers(ctx) }),
  });

  table.route({
    method: 'get',
    path: '/api/incoming/:id',
    tags: ['incoming'],
    summary: 'Chi tiết văn bản đến / One incoming document',
    description:
      'Metadata, sender, the validation verdict on arrival (`{ "state": "pending" }` until it has run), ' +
      'assignees and deadline, every status event with its actor and time, and the `actions` open to the caller.',
    auth: INCOMING_READERS,
    params: uuidParam,
    response: detail,
    errors: ['INCOMING_NOT_FOUND'],
    handler: async ({ ctx, params }) => getIncoming(ctx, { incomingId: params.id }),
  });

  const disposition = z.strictObject({ disposition: z.enum(['attachment', 'inline']).optional() });

  table.route({
    method: 'get',
    path: '/api/incoming/:id/pdf',
    tags: ['incoming'],
    summary: 'Tải tệp văn bản đến / Download the PDF',
    description:
      'Streamed from the object store and verified against its SHA-256 on the way (`ETag`); the ' +
      '`Content-Disposition` carries the Vietnamese file name (RFC 5987 `filename*`) and an ASCII fallback. ' +
      '503 `OBJECT_STORE_UNAVAILABLE` when the store is down.',
    auth: INCOMING_READERS,
    params: uuidParam,
    query: disposition,
    errors: ['INCOMING_NOT_FOUND', 'OBJECT_NOT_FOUND', 'OBJECT_STORE_UNAVAILABLE'],
    handler: async ({ ctx, params, query, res }) =>
      streamFile(res, await openIncomingFile(ctx, { incomingId: params.id }, { objects }), query.disposition),
  });

  table.route({
    method: 'get',
    path: '/api/incoming/:id/attachments/:index',
    tags: ['incoming'],
    summary: 'Tải phụ lục / Download an attachment',
    description: '`index` as in `attachments[].index` of the document (0-based).',
    auth: INCOMING_READERS,
    params: z.strictObject({ id: z.uuid(), index: z.coerce.number().int().min(0).max(999) }),
    query: disposition,
    errors: ['INCOMING_NOT_FOUND', 'ATTACHMENT_NOT_FOUND', 'OBJECT_NOT_FOUND', 'OBJECT_STORE_UNAVAILABLE'],
    handler: async ({ ctx, params, query, res }) =>
      streamFile(
        res,
        await openIncomingFile(ctx, { incomingId: params.id, attachment: params.index }, { objects }),
        query.disposition,
      ),
  });

  table.route({
    method: 'get',
    path: '/api/incoming/:id/result-files/:sha256',
    tags: ['incoming'],
    summary: 'Tải tệp kết quả xử lý / Download a result file',
    description:
      'A file of the handling result (`notes[].files[].sha256` of a `result` note), for whoever may read ' +
      'the document; verified against its SHA-256 on the way. A PDF may open `inline`; other types download.',
    auth: INCOMING_READERS,
    params: z.strictObject({ id: z.uuid(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    query: disposition,
    errors: ['INCOMING_NOT_FOUND', 'RESULT_FILE_NOT_FOUND', 'OBJECT_NOT_FOUND', 'OBJECT_STORE_UNAVAILABLE'],
    handler: async ({ ctx, params, query, res }) =>
      streamFile(
        res,
        await openResultFile(ctx, { incomingId: params.id, sha256: params.sha256 }, { objects }),
        query.disposition,
      ),
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/register',
    tags: ['incoming'],
    summary: 'Tiếp nhận, vào sổ (03) / Register',
    description:
      'The clerk accepts an arrived document (01 → 03) with the next incoming number of the year in the ' +
      'unit’s shared register. To choose a register book or the leader to present to: `…/register-in-book`.',
    auth: ['clerk'],
    params: uuidParam,
    response: record,
    errors: TRANSITION_ERRORS,
    handler: async ({ ctx, params }) => registerIncoming(ctx, { incomingId: params.id }),
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/register-in-book',
    tags: ['incoming'],
    summary: 'Vào sổ đã chọn, trình lãnh đạo (03) / Register in a chosen book',
    description:
      'As `…/register`, with the register book chosen (`bookId`, GET /api/register-books: per type or ' +
      'classified, numbered per book and year; absent: the unit’s shared register) and the leader the ' +
      'document is presented to (`presentToUserId`, an active leader of the unit; GET /api/signers).',
    auth: ['clerk'],
    params: uuidParam,
    body: z.strictObject({
      bookId: z.uuid().optional().describe('Sổ đăng ký văn bản đến'),
      presentToUserId: z.uuid().optional().describe('Lãnh đạo được trình'),
    }),
    response: record,
    errors: [...TRANSITION_ERRORS, 'DOCUMENT_INVALID'],
    handler: async ({ ctx, params, body }) =>
      registerIncoming(ctx, {
        incomingId: params.id,
        ...(body.bookId ? { bookId: body.bookId } : {}),
        ...(body.presentToUserId ? { presentToUserId: body.presentToUserId } : {}),
      }),
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/refuse',
    tags: ['incoming'],
    summary: 'Từ chối tiếp nhận (02) / Refuse',
    description:
      'The clerk returns an arrived document (01 → 02): invalid signature, misaddressed…; reason required.',
    auth: ['clerk'],
    params: uuidParam,
    body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
    response: record,
    errors: [...TRANSITION_ERRORS, 'DOCUMENT_INVALID'],
    handler: async ({ ctx, params, body }) =>
      refuseIncoming(ctx, { incomingId: params.id, reason: body.reason }),
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/forward',
    tags: ['incoming'],
    summary: 'Trình phân công (04) / Forward for assignment',
    description: 'The clerk passes a registered document to the leaders (03 → 04).',
    auth: ['clerk'],
    params: uuidParam,
    response: record,
    errors: TRANSITION_ERRORS,
    handler: async ({ ctx, params }) => forwardForAssignment(ctx, { incomingId: params.id }),
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/assign',
    tags: ['incoming'],
    summary: 'Phân công xử lý (05) / Assign',
    description:
      'A leader assigns the document (04 → 05) to active specialists of the unit (`GET /api/incoming/assignees`) ' +
      'with an optional deadline (not in the past); a reminder is queued for the deadline morning. Without ' +
      '`deadline` the sender’s `requestedDueDate` is taken while it is ahead; `null` sets none.',
    auth: ['leader'],
    params: uuidParam,
    body: z
      .strictObject({
        assigneeUserIds: z
          .array(z.uuid())
          .min(1)
          .max(50)
          .optional()
          .describe('Without leadUserId: the first leads'),
        leadUserId: z.uuid().optional().describe('Chủ trì'),
        supportUserIds: z.array(z.uuid()).max(50).optional().describe('Phối hợp'),
        infoUserIds: z.array(z.uuid()).max(200).optional().describe('Để biết: people of the unit'),
        infoUnitIds: z.array(z.uuid()).max(200).optional().describe('Để biết: units directly below'),
        instruction: z.string().trim().min(1).max(4000).optional().describe('Ý kiến chỉ đạo'),
        deadline: isoDate.nullable().optional(),
      })
      .refine((b) => b.leadUserId !== undefined || (b.assigneeUserIds?.length ?? 0) > 0, {
        message: 'leadUserId or assigneeUserIds is required',
        path: ['leadUserId'],
      }),
    response: record,
    errors: [...TRANSITION_ERRORS, 'DOCUMENT_INVALID', 'DATE_INVALID'],
    handler: async ({ ctx, params, body }) => assignIncoming(ctx, { incomingId: params.id, ...body }),
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/complete',
    tags: ['incoming'],
    summary: 'Hoàn thành xử lý (06) / Complete',
    description:
      'An assignee (or a leader of the unit) ends the handling (05 → 06) with a result note; early / on time / ' +
      'late against the deadline is recorded.',
    auth: ['specialist', 'leader'],
    params: uuidParam,
    body: z.strictObject({
      note: z.string().trim().min(1).max(4000).describe('Kết quả xử lý'),
      resultFileIds: z.array(z.uuid()).max(20).optional().describe('Result files (POST /api/files)'),
    }),
    response: record,
    errors: [...TRANSITION_ERRORS, 'INCOMING_NOT_ASSIGNEE', 'FILE_NOT_FOUND'],
    handler: async ({ ctx, params, body }) =>
      completeIncoming(ctx, { incomingId: params.id, note: body.note, resultFileIds: body.resultFileIds }),
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/reassign',
    tags: ['incoming'],
    summary: 'Giao lại người chủ trì / Reassign',
    description:
      'A leader names another lead handler (and supporting handlers) of a document in progress, with the reason.',
    auth: ['leader'],
    params: uuidParam,
    body: z.strictObject({
      leadUserId: z.uuid(),
      supportUserIds: z.array(z.uuid()).max(50).optional(),
      reason: z.string().trim().min(1).max(2000),
    }),
    status: 204,
    errors: [...TRANSITION_ERRORS, 'DOCUMENT_INVALID', 'INCOMING_NOT_ASSIGNEE'],
    handler: async ({ ctx, params, body }) => {
      await reassignIncoming(ctx, { incomingId: params.id, ...body });
    },
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/extend',
    tags: ['incoming'],
    summary: 'Gia hạn xử lý / Extend the deadline',
    description:
      'A leader moves the deadline of a document in progress (not into the past) with the reason; the reminder follows.',
    auth: ['leader'],
    params: uuidParam,
    body: z.strictObject({ deadline: isoDate, reason: z.string().trim().min(1).max(2000) }),
    status: 204,
    errors: [...TRANSITION_ERRORS, 'DOCUMENT_INVALID', 'DATE_INVALID', 'INCOMING_NOT_ASSIGNEE'],
    handler: async ({ ctx, params, body }) => {
      await extendDeadline(ctx, { incomingId: params.id, ...body });
    },
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/progress',
    tags: ['incoming'],
    summary: 'Ghi tiến độ xử lý / Add a progress note',
    description: 'A handler (lead or supporting) or a leader notes the progress of a document in progress.',
    auth: ['specialist', 'leader'],
    params: uuidParam,
    body: z.strictObject({ text: z.string().trim().min(1).max(4000) }),
    status: 204,
    errors: [...TRANSITION_ERRORS, 'DOCUMENT_INVALID', 'INCOMING_NOT_ASSIGNEE'],
    handler: async ({ ctx, params, body }) => {
      await addProgressNote(ctx, { incomingId: params.id, text: body.text });
    },
  });

  table.route({
    method: 'post',
    path: '/api/incoming/:id/recall-answer',
    tags: ['incoming'],
    summary: 'Trả lời yêu cầu thu hồi (15/16) / Answer a recall',
    description:
      'The clerk accepts (13 → 15) or refuses (13 → 16, `note` required) the sender’s recall request.',
    auth: ['clerk'],
    params: uuidParam,
    body: z
      .strictObject({ accept: z.boolean(), note: z.string().trim().min(1).max(2000).optional() })
      .refine((b) => b.accept || b.note !== undefined, {
        message: 'a note is required when refusing a recall',
        path: ['note'],
      }),
    response: record,
    errors: TRANSITION_ERRORS,
    handler: async ({ ctx, params, body }) =>
      answerRecall(ctx, { incomingId: params.id, accept: body.accept, note: body.note }),
  });
}
