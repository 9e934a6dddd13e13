import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ObjectStore } from '../../storage/objects/object-store';
import { changeAttachments } from '../../workflows/documents/change-attachments';
import { completeLeaderSignature } from '../../workflows/documents/complete-leader-signature';
import { DOCUMENT_TYPES } from '../../workflows/documents/document-types';
import { deleteDraft, editDraft, setRecipients } from '../../workflows/documents/edit-draft';
import { draftFromFile } from '../../workflows/documents/draft-from-file';
import { getOutgoing } from '../../workflows/documents/get-outgoing';
import { listOutgoing, OUTGOING_BOXES } from '../../workflows/documents/list-outgoing';
import { numberAndSeal } from '../../workflows/documents/number-and-seal';
import {
  CLASSIFICATIONS,
  numberAndNotation,
  OUTGOING_STATUSES,
  URGENCIES,
} from '../../workflows/documents/outgoing-document';
import { outgoingFile, type OutgoingFile } from '../../workflows/documents/outgoing-file';
import { prepareLeaderSignature } from '../../workflows/documents/prepare-leader-signature';
import { registerPaperScan } from '../../workflows/documents/register-paper-scan';
import { returnDraft } from '../../workflows/documents/return-draft';
import { signAsLeader } from '../../workflows/documents/sign-as-leader';
import { submitDraft } from '../../workflows/documents/submit-draft';
import { uploadFile } from '../../workflows/documents/uploaded-file';
import {
  DEFAULT_UPLOAD_QUOTA,
  assertUploadAllowed,
  type UploadQuota,
} from '../../workflows/documents/upload-quota';
import type { SigningServices } from '../../workflows/signing/signing-services';
import { allowSameOriginFraming } from '../http/allow-same-origin-framing';
import { requestState } from '../http/request-state';
import { isSameUnitOrAncestor } from '../../workflows/accounts/authorize';
import { DirectoryError } from '../../workflows/directory/directory-error';
import { documentSettings, setDocumentSettings } from '../../workflows/documents/document-settings';
import { listReviewers, reviewDraft } from '../../workflows/documents/review-chain';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { cursor, dateTime, isoDate, limit } from './schemas';

/** Everyone who may read a unit's outgoing documents (drafts stay private to their drafters). */
const READERS = ['specialist', 'leader', 'clerk', 'archivist', 'auditor', 'admin'] as const;
const DRAFTERS = ['specialist', 'leader'] as const;
const UPLOADERS = ['specialist', 'leader', 'clerk'] as const;

const recipientSpec = z.union([
  z.strictObject({ kind: z.literal('unit'), unitId: z.uuid() }),
  z.strictObject({ kind: z.literal('group'), groupId: z.uuid() }),
  z.strictObject({
    kind: z.literal('external'),
    code: z.string().min(1).max(32),
    name: z.string().max(300).optional(),
  }),
]);

const attachment = z.object({ name: z.string(), sha256: z.string(), size: z.number() });

const personRef = z.object({ id: z.uuid(), fullName: z.string() });

export const outgoingDocumentSchema = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    unitName: z.string().describe('The issuing (drafting) unit'),
    medium: z.enum(['electronic', 'paper']),
    documentType: z.string().describe('Loại văn bản, e.g. Quyết định, Công văn'),
    notation: z.string().describe('Ký hiệu, e.g. QĐ-UBND'),
    subject: z.string().describe('Trích yếu'),
    urgency: z.enum(URGENCIES),
    classification: z.enum(CLASSIFICATIONS),
    status: z.enum(OUTGOING_STATUSES),
    drafterUserId: z.uuid(),
    drafter: personRef.describe('Người soạn (for a paper document: the clerk who registered it)'),
    signerUserId: z
      .uuid()
      .nullable()
      .describe('Người ký as named on the draft (set to the actual signer when nobody was named)'),
    signedByUserId: z
      .uuid()
      .nullable()
      .describe('Who actually signed (a deputy may sign on behalf of the named head: ký thay, KT.)'),
    signer: personRef.nullable().describe('The named signer, with the name'),
    signedBy: personRef.nullable().describe('Who actually signed, with the name; null before signing'),
    dueDate: z.string().nullable(),
    registerId: z.uuid().nullable(),
    year: z.number().nullable(),
    number: z.number().nullable(),
    issuedOn: z.string().nullable(),
    pdfSha256: z.string(),
    pdfSize: z.number(),
    attachments: z.array(attachment).readonly(),
    recipients: z.array(recipientSpec).readonly(),
    reviewComment: z.string().nullable(),
    replacesId: z.uuid().nullable(),
    createdAt: dateTime,
    updatedAt: dateTime,
    issuedAt: dateTime.nullable(),
  })
  .transform((d) => ({ ...d, numberAndNotation: numberAndNotation(d) }))
  .describe('An outgoing document (văn bản đi), Decree 30 Appendix VI metadata');

const versionSchema = z.object({
  seq: z.number(),
  step: z.enum([
    'drafted',
    'revised',
    'signed',
    'numbered',
    'sealed',
    'attachment_signed',
    'scanned',
    'updated',
  ]),
  sha256: z.string(),
  size: z.number(),
  actorUserId: z.uuid().nullable(),
  note: z.string().nullable().describe('attachment_signed: the attachment name; updated: the reason'),
  createdAt: dateTime,
});

const reviewStepSchema = z.object({
  seq: z.number(),
  reviewer: z.object({ id: z.uuid(), fullName: z.string(), title: z.string().nullable() }),
  state: z.enum(['pending', 'approved', 'returned']),
  comment: z.string().nullable(),
  decidedAt: dateTime.nullable(),
});

const viewSchema = z.object({
  document: outgoingDocumentSchema,
  versions: z.array(versionSchema).readonly(),
  allowedActions: z
    .array(
      z.enum([
        'edit',
        'delete',
        'edit_attachments',
        'set_recipients',
        'submit',
        'return',
        'review',
        'sign',
        'number_and_seal',
        'send',
        'recall',
        'update',
        'replace',
      ]),
    )
    .readonly()
    .describe('Next steps open to the caller (buttons to show); each route checks again'),
  replyTo: z
    .object({
      incomingId: z.uuid(),
      notation: z.string().describe('Số, ký hiệu of the document answered'),
      subject: z.string(),
      senderName: z.string().nullable(),
      statusCode: z.string().describe('Its edXML status code now (06 once completed)'),
    })
    .nullable()
    .describe('The incoming document this one answers (edXML ResponseFor); null when it is not a reply'),
  review: z
    .array(reviewStepSchema)
    .readonly()
    .describe(
      'The review chain before the leader (trình duyệt), in order; the first pending step has the turn',
    ),
});

const fileSchema = z.object({
  id: z.uuid(),
  sha256: z.string(),
  size: z.number(),
  contentType: z.string(),
  fileName: z.string().nullable(),
  createdAt: dateTime,
});

/** Decree 30 Appendix VI metadata of a draft. */
const metadata = {
  documentType: z.string().trim().min(1).max(100).describe('Loại văn bản (Quyết định, Công văn, ...)'),
  notation: z.string().trim().min(1).max(50).describe('Ký hiệu, e.g. QĐ-UBND'),
  subject: z.string().trim().min(1).max(2000).describe('Trích yếu nội dung'),
  urgency: z.enum(URGENCIES).optional().describe('Độ khẩn: normal, urgent (Khẩn), very_urgent, flash'),
  classification: z
    .enum(CLASSIFICATIONS)
    .optional()
    .describe('Độ mật: none, confidential, secret, top_secret'),
  dueDate: isoDate.nullable().optional().describe('Hạn xử lý'),
  signerUserId: z
    .uuid()
    .nullable()
    .optional()
    .describe(
      'Người ký: an active leader of the drafting unit, the one expected to sign (DOCUMENT_INVALID otherwise)',
    ),
  recipients: z.array(recipientSpec).max(5000).describe('Nơi nhận'),
};

const idParam = z.strictObject({ id: z.uuid() });
const pin = (req: Request): string | undefined => signingPin(req);

/**
 * The PIN of a server-held key from `X-Signing-Pin` (percent-encoded UTF-8 when it is not plain
 * ASCII). Headers are never logged; the PIN goes no further than unlocking the key.
 */
export function signingPin(req: Request): string | undefined {
  const raw = req.get('x-signing-pin');
  if (raw === undefined || raw === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const PIN_NOTE =
  'The PIN (PKCS#12 password or token PIN) goes in the `X-Signing-Pin` header (percent-encoded UTF-8 when ' +
  'not plain ASCII); it is never stored or logged. A wrong PIN answers 422 `SIGNING_PIN_INCORRECT` with ' +
  '`details.attemptsLeft`; five wrong PINs in a row lock the credential for 15 minutes (423 `SIGNING_PIN_LOCKED`).';

const SIGN_ERRORS = [
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_STATE_INVALID',
  'DOCUMENT_PAPER_ONLY',
  'SIGNING_CREDENTIAL_NOT_FOUND',
  'SIGNING_CREDENTIAL_INACTIVE',
  'SIGNING_PIN_MISSING',
  'SIGNING_PIN_LOCKED',
  'SIGNING_PIN_INCORRECT',
  'PKCS11_LOGIN_FAILED',
  'CERT_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'KEY_CERT_MISMATCH',
  'SIGNING_SERVICE_UNAVAILABLE',
  'TSA_ERROR',
  'PDF_ENCRYPTED',
  'PDF_CERTIFIED_NO_CHANGES',
  'PDF_MALFORMED',
  'PDF_XREF_BROKEN',
  'PDF_LIMIT_EXCEEDED',
  'VALIDATION_BUSY',
  'OBJECT_STORE_UNAVAILABLE',
];

/**
 * Outgoing documents over HTTP (Decree 30 Art. 14–18): upload files, draft, list and read, download
 * any version, submit, return, sign as leader (server-held key with PIN, or two-step with the key on
 * the leader's device), number and seal, attachments, paper registration. Sending and recall are in
 * exchange-routes.ts.
 */
export function outgoingRoutes(
  table: RouteTable,
  deps: {
    readonly objects: ObjectStore;
    readonly signing: SigningServices;
    /** Pending uploads per user and unit, uploads per hour (server configuration; defaults otherwise). */
    readonly uploadQuota?: UploadQuota;
  },
): void {
  const { objects, signing } = deps;
  const quota = deps.uploadQuota ?? DEFAULT_UPLOAD_QUOTA;

  const settingsSchema = z.object({
    completeIncomingOnReply: z
      .boolean()
      .describe('An incoming document in progress (05) completes (06) when its reply is issued'),
    fromUnitId: z
      .uuid()
      .nullable()
      .describe('The unit whose setting applies (this one or the nearest above); null: the default'),
  });

  table.route({
    method: 'get',
    path: '/api/document-settings',
    tags: ['outgoing'],
    summary: 'Thiết lập xử lý văn bản / Document handling settings',
    description:
      'The settings in force for `unit` (default the caller’s): its own, else the nearest unit above it with ' +
      'settings (a province setting serves every unit below), else the defaults (`completeIncomingOnReply`: true).',
    auth: ['admin', 'clerk', 'leader', 'specialist', 'archivist', 'auditor'],
    query: z.strictObject({ unit: z.uuid().optional() }),
    response: settingsSchema,
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, query }) => {
      const unitId = query.unit ?? ctx.actor.unitId;
      if (!(await isSameUnitOrAncestor(ctx.db, ctx.actor, unitId))) throw DirectoryError.notFound(unitId);
      return documentSettings(ctx.db, unitId);
    },
  });

  table.route({
    method: 'put',
    path: '/api/document-settings',
    tags: ['outgoing'],
    summary: 'Đặt thiết lập xử lý văn bản / Set document handling settings',
    description:
      'An admin of `unit` (default the caller’s) or of a unit above it sets the unit’s settings; units below ' +
      'without their own follow it. Audit `DOCUMENT_SETTINGS_CHANGED`.',
    auth: ['admin'],
    body: z.strictObject({ unit: z.uuid().optional(), completeIncomingOnReply: z.boolean() }),
    response: settingsSchema,
    errors: ['UNIT_NOT_FOUND'],
    handler: async ({ ctx, body }) =>
      setDocumentSettings(ctx, { unitId: body.unit, completeIncomingOnReply: body.completeIncomingOnReply }),
  });

  table.route({
    method: 'post',
    path: '/api/files',
    tags: ['outgoing'],
    summary: 'Tải tệp PDF lên / Upload a PDF',
    description:
      'Raw `application/pdf` body (not multipart), optional `X-File-Name` (percent-encoded UTF-8). The bytes ' +
      'go to the object store; the answer is a file id that only the uploader can use (as a draft, a revised ' +
      'draft, an attachment or a paper scan). Another user’s file id answers 404 `FILE_NOT_FOUND`. A file is ' +
      'kept `UPLOAD_RETENTION_HOURS` (24) and counts meanwhile against its uploader’s and unit’s quota of ' +
      'pending uploads (`UPLOAD_QUOTA_USER_BYTES`, `UPLOAD_QUOTA_UNIT_BYTES`): beyond it 413 ' +
      '`UPLOAD_QUOTA_EXCEEDED` with `details` = `{ scope: user | unit, usedBytes, fileBytes, limitBytes, ' +
      'retentionHours }`; more than `UPLOADS_PER_USER_PER_HOUR` (120) uploads in an hour: 429 `RATE_LIMITED` ' +
      'with `Retry-After`. Both are checked before the body is received (with `Content-Length`) and again ' +
      'when the file is recorded.',
    auth: UPLOADERS,
    upload: {
      contentTypes: ['application/pdf'],
      pdf: true,
      admit: (ctx, declared) => assertUploadAllowed(ctx.db, ctx.actor, ctx.clock, quota, declared),
    },
    status: 201,
    response: fileSchema,
    errors: [
      'UPLOAD_NOT_PDF',
      'UPLOAD_INCOMPLETE',
      'UPLOAD_QUOTA_EXCEEDED',
      'RATE_LIMITED',
      'OBJECT_STORE_UNAVAILABLE',
    ],
    handler: async ({ ctx, upload }) => uploadFile(ctx, objects, upload!, quota),
  });

  table.route({
    method: 'get',
    path: '/api/document-types',
    tags: ['outgoing'],
    summary: 'Loại văn bản hành chính / Administrative document types',
    description:
      'The 29 administrative document types of Decree 30/2020/NĐ-CP Art. 7 in the decree’s order, each with ' +
      'the abbreviation Appendix III prescribes for the notation (`QĐ` → `QĐ-UBND`; empty for Công văn and ' +
      'Thư công) and its edXML `DocumentType/Type` number.',
    auth: READERS,
    response: z.object({
      items: z
        .array(
          z.object({
            name: z.string().describe('Tên loại văn bản, e.g. Quyết định'),
            abbreviation: z.string().describe('Chữ viết tắt (Phụ lục III), e.g. QĐ; empty when none'),
            edxmlType: z.number().int().describe('edXML DocumentType/Type'),
          }),
        )
        .readonly(),
    }),
    handler: async () => ({
      items: DOCUMENT_TYPES.map((t, i) => ({ ...t, edxmlType: i + 1 })),
    }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing',
    tags: ['outgoing'],
    summary: 'Soạn dự thảo văn bản đi / Create a draft',
    description:
      'Decree 30 Appendix VI metadata and the uploaded PDF (`fileId` from POST /api/files), optionally ' +
      'attachments (phụ lục) as uploaded PDFs. `replacesId`: an issued document this one replaces (edXML ' +
      'business type 3). `replyToIncomingId`: the incoming document it answers (a reply; edXML ResponseFor). The draft belongs to the caller’s unit; version 1 is the uploaded PDF.',
    auth: DRAFTERS,
    status: 201,
    body: z.strictObject({
      ...metadata,
      fileId: z.uuid(),
      attachments: z
        .array(z.strictObject({ fileId: z.uuid(), name: z.string().trim().min(1).max(255).optional() }))
        .max(50)
        .optional(),
      replacesId: z.uuid().nullable().optional(),
      replyToIncomingId: z
        .uuid()
        .nullable()
        .optional()
        .describe(
          'A reply: the registered incoming document of the caller’s unit this draft answers (edXML ResponseFor)',
        ),
      replaceReason: z
        .string()
        .trim()
        .min(1)
        .max(2000)
        .optional()
        .describe(
          'With replacesId: why the issued document is replaced (sent as the edXML BussinessDocReason)',
        ),
    }),
    response: outgoingDocumentSchema,
    errors: [
      'FILE_NOT_FOUND',
      'FILE_INVALID',
      'DOCUMENT_INVALID',
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'INCOMING_NOT_FOUND',
      'INCOMING_STATE_INVALID',
    ],
    handler: async ({ ctx, body }) => draftFromFile(ctx, body),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/paper',
    tags: ['outgoing'],
    summary: 'Đăng ký văn bản giấy / Register a paper document',
    description:
      'The clerk registers a document issued on paper with its scan (`scanFileId`, an uploaded PDF): it takes ' +
      'the next number of the register and is counted as issued, not exchanged electronically.',
    auth: ['clerk'],
    status: 201,
    body: z.strictObject({ ...metadata, scanFileId: z.uuid(), perTypeRegister: z.boolean().optional() }),
    response: outgoingDocumentSchema,
    errors: ['FILE_NOT_FOUND', 'FILE_INVALID', 'DOCUMENT_INVALID', 'DOCUMENT_NUMBER_DUPLICATE'],
    handler: async ({ ctx, body }) => registerPaperScan(ctx, body),
  });

  table.route({
    method: 'get',
    path: '/api/outgoing',
    tags: ['outgoing'],
    summary: 'Danh sách văn bản đi / List outgoing documents',
    description:
      '`box`: `drafts` (mine, draft or returned), `submitted` (mine, under review), `to_sign` (leaders), ' +
      '`to_number` (clerks: signed), `to_seal` (clerks: numbered), `sealed`, `issued` (issued, recalled, ' +
      'replaced), `all` (default). `unit`: the caller’s unit (default) or one below it. Filters: `status` ' +
      '(comma-separated), `q` (subject or notation), `documentType`, `urgency`, `from`/`to` (creation date, ' +
      'Vietnam). Newest first; continue with `nextCursor`. Others’ drafts never appear.',
    auth: READERS,
    query: z.strictObject({
      box: z.enum(OUTGOING_BOXES).optional(),
      unit: z.uuid().optional(),
      status: z
        .string()
        .max(200)
        .optional()
        .transform((s) => (s ? s.split(',').map((x) => x.trim()) : undefined))
        .pipe(z.array(z.enum(OUTGOING_STATUSES)).optional()),
      q: z.string().max(200).optional(),
      documentType: z.string().max(100).optional(),
      urgency: z.enum(URGENCIES).optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      limit,
      cursor,
    }),
    response: z.object({ items: z.array(outgoingDocumentSchema), nextCursor: z.string().nullable() }),
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_INVALID'],
    handler: async ({ ctx, query }) => listOutgoing(ctx, { ...query, unitId: query.unit }),
  });

  table.route({
    method: 'get',
    path: '/api/outgoing/:id',
    tags: ['outgoing'],
    summary: 'Chi tiết văn bản đi / One outgoing document',
    description: 'Metadata, every PDF version, and the next actions open to the caller (`allowedActions`).',
    auth: READERS,
    params: idParam,
    response: viewSchema,
    errors: ['DOCUMENT_NOT_FOUND'],
    handler: async ({ ctx, params }) => getOutgoing(ctx, { documentId: params.id }),
  });

  table.route({
    method: 'patch',
    path: '/api/outgoing/:id',
    tags: ['outgoing'],
    summary: 'Sửa dự thảo / Edit a draft',
    description:
      'The drafter changes any field of a draft or a returned draft (before it is submitted again): type, ' +
      'notation, subject, urgency, classification, deadline, named signer, recipients, and the main PDF ' +
      '(`fileId` from POST /api/files, kept as a `revised` version; attachments: …/attachments). Absent ' +
      'fields stay; `dueDate`/`signerUserId` null clears them. Another user’s draft answers 404.',
    auth: DRAFTERS,
    params: idParam,
    body: z
      .strictObject({
        documentType: metadata.documentType.optional(),
        notation: metadata.notation.optional(),
        subject: metadata.subject.optional(),
        urgency: metadata.urgency,
        classification: metadata.classification,
        dueDate: metadata.dueDate,
        signerUserId: metadata.signerUserId,
        recipients: metadata.recipients.optional(),
        fileId: z.uuid().optional().describe('A new main PDF (uploaded by the caller)'),
      })
      .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'Nothing to change' }),
    response: outgoingDocumentSchema,
    errors: [
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'DOCUMENT_INVALID',
      'DOCUMENT_PAPER_ONLY',
      'FILE_NOT_FOUND',
      'FILE_INVALID',
    ],
    handler: async ({ ctx, params, body }) => editDraft(ctx, { documentId: params.id, ...body }),
  });

  table.route({
    method: 'delete',
    path: '/api/outgoing/:id',
    tags: ['outgoing'],
    summary: 'Xóa dự thảo / Delete a draft',
    description:
      'The drafter deletes a draft or a returned draft with its versions (the audit log keeps what it was). ' +
      'A document submitted, signed or numbered is never deleted: 409 `DOCUMENT_STATE_INVALID`.',
    auth: DRAFTERS,
    params: idParam,
    status: 204,
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_STATE_INVALID', 'DOCUMENT_PAPER_ONLY'],
    handler: async ({ ctx, params }) => {
      await deleteDraft(ctx, { documentId: params.id });
      return undefined;
    },
  });

  table.route({
    method: 'put',
    path: '/api/outgoing/:id/recipients',
    tags: ['outgoing'],
    summary: 'Bổ sung nơi nhận / Set the recipients before numbering',
    description:
      'The clerk sets the recipients (nơi nhận) of a signed document that has none or wrong ones, before ' +
      'numbering it; the signed PDF is unchanged.',
    auth: ['clerk'],
    params: idParam,
    body: z.strictObject({ recipients: metadata.recipients.min(1) }),
    response: outgoingDocumentSchema,
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_STATE_INVALID', 'DOCUMENT_INVALID', 'DOCUMENT_PAPER_ONLY'],
    handler: async ({ ctx, params, body }) =>
      setRecipients(ctx, { documentId: params.id, recipients: body.recipients }),
  });

  const download = {
    tags: ['outgoing'],
    auth: READERS,
    query: z.strictObject({ disposition: z.enum(['attachment', 'inline']).optional() }),
    errors: ['DOCUMENT_NOT_FOUND', 'OBJECT_NOT_FOUND', 'OBJECT_STORE_UNAVAILABLE'],
    description:
      'Streamed from the object store and verified against its SHA-256 on the way (`ETag`). ' +
      '`Content-Disposition` carries a Vietnamese file name (RFC 6266 with RFC 5987 `filename*`) and an ASCII ' +
      'fallback; `disposition=inline` to show it in the browser.',
  } as const;

  table.route({
    ...download,
    method: 'get',
    path: '/api/outgoing/:id/pdf',
    summary: 'Tải PDF hiện hành / Download the current PDF',
    params: idParam,
    handler: async ({ ctx, params, query, res }) =>
      streamPdf(res, objects, await outgoingFile(ctx, { documentId: params.id }), query.disposition),
  });

  table.route({
    ...download,
    method: 'get',
    path: '/api/outgoing/:id/versions/:seq/pdf',
    summary: 'Tải một phiên bản PDF / Download one version',
    params: z.strictObject({ id: z.uuid(), seq: z.coerce.number().int().min(1).max(100000) }),
    handler: async ({ ctx, params, query, res }) =>
      streamPdf(
        res,
        objects,
        await outgoingFile(ctx, { documentId: params.id, version: params.seq }),
        query.disposition,
      ),
  });

  table.route({
    ...download,
    method: 'get',
    path: '/api/outgoing/:id/attachments/:index/pdf',
    summary: 'Tải phụ lục / Download an attachment',
    description: `${download.description} \`index\` counts from 0 in \`document.attachments\`.`,
    params: z.strictObject({ id: z.uuid(), index: z.coerce.number().int().min(0).max(1000) }),
    handler: async ({ ctx, params, query, res }) =>
      streamPdf(
        res,
        objects,
        await outgoingFile(ctx, { documentId: params.id, attachment: params.index }),
        query.disposition,
      ),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/attachments',
    tags: ['outgoing'],
    summary: 'Thêm phụ lục / Add an attachment',
    description: 'The drafter adds an uploaded PDF as an attachment while the draft is draft or returned.',
    auth: DRAFTERS,
    params: idParam,
    body: z.strictObject({ fileId: z.uuid(), name: z.string().trim().min(1).max(255).optional() }),
    response: outgoingDocumentSchema,
    errors: [
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'DOCUMENT_INVALID',
      'FILE_NOT_FOUND',
      'FILE_INVALID',
    ],
    handler: async ({ ctx, params, body }) => changeAttachments(ctx, { documentId: params.id, add: body }),
  });

  table.route({
    method: 'delete',
    path: '/api/outgoing/:id/attachments/:index',
    tags: ['outgoing'],
    summary: 'Bỏ phụ lục / Remove an attachment',
    auth: DRAFTERS,
    params: z.strictObject({ id: z.uuid(), index: z.coerce.number().int().min(0).max(1000) }),
    response: outgoingDocumentSchema,
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_STATE_INVALID', 'DOCUMENT_INVALID'],
    handler: async ({ ctx, params }) =>
      changeAttachments(ctx, { documentId: params.id, remove: params.index }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/submit',
    tags: ['outgoing'],
    summary: 'Trình ký / Submit for review',
    description:
      'The drafter submits a draft or a returned draft, optionally with a revised PDF (`revisedFileId`).',
    auth: DRAFTERS,
    params: idParam,
    body: z.strictObject({
      revisedFileId: z.uuid().optional(),
      reviewerUserIds: z
        .array(z.uuid())
        .max(5)
        .optional()
        .describe(
          'Trình duyệt: reviewers (GET /api/outgoing-reviewers) who approve in this order before the leader ' +
            'signs; absent on a resubmission keeps the previous chain, `[]` removes it',
        ),
    }),
    response: outgoingDocumentSchema,
    errors: [
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'DOCUMENT_INVALID',
      'FILE_NOT_FOUND',
      'FILE_INVALID',
    ],
    handler: async ({ ctx, params, body }) => submitDraft(ctx, { documentId: params.id, ...body }),
  });

  table.route({
    method: 'get',
    path: '/api/outgoing-reviewers',
    tags: ['outgoing'],
    summary: 'Người trình duyệt / Who may review a draft',
    description:
      'The active specialists and leaders of the caller’s unit other than the caller, by name: the choices ' +
      'for `reviewerUserIds` of POST /api/outgoing/:id/submit (head of department, deputy…).',
    auth: DRAFTERS,
    response: z.object({
      items: z.array(
        z.object({
          id: z.uuid(),
          fullName: z.string(),
          title: z.string().nullable(),
          roles: z.array(z.string()),
        }),
      ),
    }),
    handler: async ({ ctx }) => ({ items: await listReviewers(ctx) }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/review',
    tags: ['outgoing'],
    summary: 'Cho ý kiến trình duyệt / Approve or return in the review chain',
    description:
      'The reviewer whose turn it is (allowedActions `review`) approves (`approve`: on to the next reviewer, or ' +
      'to the leader after the last) or returns the draft to its drafter (`return`, comment required). The ' +
      'leader’s sign step answers 409 `REVIEW_PENDING` until every reviewer approved. Anyone else: 403 ' +
      '`REVIEW_NOT_YOUR_TURN`.',
    auth: DRAFTERS,
    params: idParam,
    body: z.strictObject({
      decision: z.enum(['approve', 'return']),
      comment: z.string().trim().min(1).max(4000).optional().describe('Ý kiến; required to return'),
    }),
    response: z.object({ document: outgoingDocumentSchema, steps: z.array(reviewStepSchema).readonly() }),
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_STATE_INVALID', 'DOCUMENT_INVALID', 'REVIEW_NOT_YOUR_TURN'],
    handler: async ({ ctx, params, body }) =>
      reviewDraft(ctx, { documentId: params.id, decision: body.decision, comment: body.comment }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/return',
    tags: ['outgoing'],
    summary: 'Trả lại dự thảo / Return a draft with comments',
    auth: ['leader'],
    params: idParam,
    body: z.strictObject({ comment: z.string().trim().min(1).max(4000) }),
    response: outgoingDocumentSchema,
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_STATE_INVALID', 'DOCUMENT_INVALID'],
    handler: async ({ ctx, params, body }) =>
      returnDraft(ctx, { documentId: params.id, comment: body.comment }),
  });

  const appearance = z
    .strictObject({
      visible: z.boolean().optional(),
      title: z.string().trim().min(1).max(100).optional().describe('Default: the user’s title'),
      name: z.string().trim().min(1).max(100).optional().describe('Default: the certificate’s name'),
    })
    .optional();

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/sign',
    tags: ['outgoing', 'signing'],
    summary: 'Lãnh đạo ký duyệt / Sign as leader',
    description:
      'The leader signs the document under review with a personal credential held by the server (PKCS#12 or ' +
      'PKCS#11): visible stamp (signature image, name, title), the server’s leader level (B-T by default). A ' +
      `draft without number and date fields gets them first. ${PIN_NOTE} A wrong PIN changes nothing. For a ` +
      'key on the leader’s own device use sign/prepare and sign/complete.',
    auth: ['leader'],
    params: idParam,
    body: z.strictObject({ credentialId: z.uuid(), appearance }),
    response: outgoingDocumentSchema,
    errors: ['REVIEW_PENDING', ...SIGN_ERRORS, 'SIGNING_KEY_EXTERNAL', 'DOCUMENT_FIELDS_MISSING'],
    handler: async ({ ctx, params, body, req }) =>
      signAsLeader(ctx, signing, { documentId: params.id, ...body, pin: pin(req) }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/sign/prepare',
    tags: ['outgoing', 'signing'],
    summary: 'Chuẩn bị ký hai bước / Prepare a two-step signature',
    description:
      'For a leader whose key is on their own device (an `external` credential): the server prepares the ' +
      'signature revision and answers what the key must sign. Sign the bytes of base64 `toBeSigned` (DER of ' +
      'the CMS signed attributes) with `signatureAlgorithm` — or sign the precomputed `digest` with a token ' +
      'that takes a digest — and send the raw signature value to sign/complete before `expiresAt`. The session ' +
      'survives server restarts.',
    auth: ['leader'],
    params: idParam,
    body: z.strictObject({ credentialId: z.uuid(), appearance }),
    response: z.object({
      sessionId: z.uuid(),
      documentId: z.uuid(),
      digestAlgorithm: z.enum(['sha256', 'sha384', 'sha512']),
      signatureAlgorithm: z.object({
        scheme: z.enum(['rsa-pkcs1', 'rsa-pss', 'ecdsa']),
        hash: z.enum(['sha256', 'sha384', 'sha512']),
        saltLength: z.number().optional(),
      }),
      toBeSigned: z.string().describe('Base64 DER of the signed attributes (RFC 5652 §5.4)'),
      digest: z.string().describe('Base64 hash of toBeSigned with digestAlgorithm'),
      expiresAt: dateTime,
      certificatePem: z.string(),
    }),
    errors: [
      'REVIEW_PENDING',
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'SIGNING_CREDENTIAL_NOT_FOUND',
      'SIGNING_CREDENTIAL_INACTIVE',
      'SIGNING_KEY_NOT_EXTERNAL',
      'SIGNING_SERVICE_UNAVAILABLE',
      'CERT_EXPIRED',
      'DOCUMENT_FIELDS_MISSING',
    ],
    handler: async ({ ctx, params, body }) =>
      prepareLeaderSignature(ctx, signing, { documentId: params.id, ...body }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/sign/complete',
    tags: ['outgoing', 'signing'],
    summary: 'Hoàn tất ký hai bước / Complete a two-step signature',
    description:
      '`signature`: base64 of the raw signature value over `toBeSigned` (RSA; ECDSA as DER or r‖s). ' +
      '`certificateChain`: optional PEM of issuing CAs to add. Errors: another user’s or an unknown session ' +
      '404 `SIGNING_SESSION_NOT_FOUND`, 410 `SIGNING_SESSION_EXPIRED`, 409 `SIGNING_SESSION_USED` / ' +
      '`SIGNING_SESSION_STALE` (the document changed), 400 `EXTERNAL_SIGNATURE_INVALID`.',
    auth: ['leader'],
    params: idParam,
    body: z.strictObject({
      sessionId: z.uuid(),
      signature: z.base64().min(1).max(4096),
      certificateChain: z
        .string()
        .max(64 * 1024)
        .optional(),
    }),
    response: outgoingDocumentSchema,
    errors: [
      'REVIEW_PENDING',
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'SIGNING_SESSION_NOT_FOUND',
      'SIGNING_SESSION_EXPIRED',
      'SIGNING_SESSION_USED',
      'SIGNING_SESSION_STALE',
      'SIGNING_CREDENTIAL_INACTIVE',
      'EXTERNAL_SIGNATURE_INVALID',
      'SIGNING_SERVICE_UNAVAILABLE',
      'TSA_ERROR',
    ],
    handler: async ({ ctx, params, body }) =>
      completeLeaderSignature(ctx, signing, {
        documentId: params.id,
        sessionId: body.sessionId,
        signature: Buffer.from(body.signature, 'base64'),
        certificateChain: body.certificateChain,
      }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/number-and-seal',
    tags: ['outgoing', 'signing'],
    summary: 'Cấp số, ghi ngày và đóng dấu / Number, date and seal',
    description:
      'The clerk takes the next number of the register, fills "Số: 05/QĐ-UBND" and the date line ' +
      '("Long An, ngày 03 tháng 3 năm 2026") into the fields, applies the organisation seal with a seal ' +
      'credential of the unit (`level` B-LT or B-LTA, default the server’s) and signs every attachment, all ' +
      `in one transaction: a failure gives the number back (the register stays gapless). A document without ` +
      'recipients is refused with 422 `RECIPIENTS_EMPTY` before any number is taken (PUT …/recipients first). ' +
      PIN_NOTE,
    auth: ['clerk'],
    params: idParam,
    body: z.strictObject({
      credentialId: z.uuid(),
      level: z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']).optional(),
      perTypeRegister: z.boolean().optional(),
    }),
    response: outgoingDocumentSchema,
    errors: [
      ...SIGN_ERRORS,
      'SIGNING_KEY_EXTERNAL',
      'SIGNING_LEVEL_INVALID',
      'DOCUMENT_NUMBER_DUPLICATE',
      'DOCUMENT_FIELDS_MISSING',
      'REVOCATION_UNAVAILABLE',
      'RECIPIENTS_EMPTY',
    ],
    handler: async ({ ctx, params, body, req }) =>
      numberAndSeal(ctx, signing, { documentId: params.id, ...body, pin: pin(req) }),
  });
}

/** Streams a stored PDF; a failure after the headers cuts the connection (the client sees a short body). */
async function streamPdf(
  res: Response,
  objects: ObjectStore,
  file: OutgoingFile,
  disposition: 'attachment' | 'inline' = 'attachment',
): Promise<void> {
  const stream = await objects.get(file.sha256);
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', contentDisposition(file.fileName, disposition));
  res.setHeader('ETag', `"${file.sha256}"`);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (disposition === 'inline') allowSameOriginFraming(res);
  try {
    await pipeline(stream, res);
  } catch (e) {
    requestState(res).log.warn({ err: e, sha256: file.sha256 }, 'download interrupted');
    res.destroy();
  }
}
