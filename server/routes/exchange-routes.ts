import { z } from 'zod';
import type { ObjectStore } from '../../storage/objects/object-store';
import { numberAndNotation } from '../../workflows/documents/outgoing-document';
import { createUnitGroup } from '../../workflows/exchange/create-unit-group';
import { deleteUnitGroup } from '../../workflows/exchange/delete-unit-group';
import { getUnitGroup } from '../../workflows/exchange/get-unit-group';
import { listUnitGroups } from '../../workflows/exchange/list-unit-groups';
import { recallDocument } from '../../workflows/exchange/recall-document';
import { sendStoredDocument } from '../../workflows/exchange/send-stored-document';
import { trackRecipients } from '../../workflows/exchange/track-recipients';
import { updateIssuedDocument } from '../../workflows/exchange/update-issued-document';
import type { ValidationDeps } from '../../workflows/validation/validation-deps';
import { updateIssuedPdf } from '../../workflows/exchange/update-issued-pdf';
import { updateUnitGroup } from '../../workflows/exchange/update-unit-group';
import { HttpError } from '../http/http-error';
import type { RouteTable } from '../http/route-table';
import { dateTime, unitLevel, uuidParam } from './schemas';

/** Roles that follow an issued document's recipients (the drafter, leaders, clerks; archivists, auditors). */
const TRACKERS = ['specialist', 'leader', 'clerk', 'archivist', 'auditor'] as const;

const label = z.object({ vi: z.string(), en: z.string() });

const recipientSpec = z.union([
  z.object({ kind: z.literal('unit'), unitId: z.string() }),
  z.object({ kind: z.literal('group'), groupId: z.string() }),
  z.object({ kind: z.literal('external'), code: z.string(), name: z.string().optional() }),
]);

/** What the exchange routes show of an outgoing document. */
const outgoingSummary = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    documentType: z.string(),
    notation: z.string(),
    number: z.number().nullable(),
    year: z.number().nullable(),
    subject: z.string(),
    urgency: z.string(),
    classification: z.string(),
    status: z.string(),
    issuedOn: z.string().nullable(),
    issuedAt: dateTime.nullable(),
    pdfSha256: z.string(),
    pdfSize: z.number(),
    recipients: z.array(recipientSpec).readonly(),
  })
  .transform((d) => ({ ...d, numberAndNotation: numberAndNotation(d) }))
  .describe('An outgoing document (văn bản đi) as the exchange routes return it');

const routed = z.object({ addressedUnitId: z.uuid(), recipientUnitId: z.uuid() });

const unitRef = z.object({ id: z.uuid(), code: z.string(), name: z.string() });

const tracking = z.object({
  document: z.object({
    id: z.uuid(),
    numberAndNotation: z.string(),
    subject: z.string(),
    documentType: z.string(),
    urgency: z.string(),
    urgent: z.boolean(),
    status: z.string(),
    issuedAt: dateTime.nullable(),
    revision: z.number(),
    dueDate: z.string().nullable().describe('Hạn xử lý asked of the recipients (travels as edXML DueDate)'),
  }),
  summary: z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()) }),
  recipients: z
    .array(
      z.object({
        incomingId: z.uuid(),
        unit: unitRef,
        addressedUnit: unitRef.nullable().describe('The unit named, when routed to its successor'),
        urgent: z.boolean(),
        statusCode: z.string().describe('edXML status code 01–06'),
        status: label,
        recallCode: z.string().nullable().describe('13 requested, 15 accepted, 16 refused'),
        recall: label.nullable(),
        incomingNumber: z.number().nullable(),
        incomingNumberText: z.string().nullable().describe('Số đến as Decree 30 writes it (01)'),
        receivedAt: dateTime,
        deadline: z.string().nullable(),
        handlingResult: z
          .string()
          .nullable()
          .describe(
            'early / on_time / late against document.dueDate when set, else the recipient’s deadline',
          ),
        refusalReason: z.string().nullable(),
        revision: z.number(),
        events: z
          .array(
            z.object({
              code: z.string(),
              kind: z.enum(['status', 'update']),
              label,
              at: dateTime,
              note: z.string().nullable(),
            }),
          )
          .readonly(),
      }),
    )
    .readonly(),
  external: z
    .array(
      z.object({
        code: z.string().describe('QCVN 102:2016 code of the external organisation'),
        name: z.string().nullable(),
        delivery: z.enum(['queued', 'delivered', 'failed']).describe('The edXML delivery to its system'),
        attempts: z.number(),
        lastError: z.string().nullable(),
        failure: z
          .object({
            permanent: z
              .boolean()
              .describe('The peer refused the package (4xx other than 408/429): failed at once'),
            code: z.string().describe('Our error code, e.g. FEDERATION_PEER_REFUSED'),
            peerStatus: z.number().int().nullable().describe('HTTP status the peer answered'),
            peerCode: z.string().nullable().describe('The peer’s error code, e.g. EDXML_RECIPIENT_UNKNOWN'),
            peerMessage: z.string().nullable(),
            at: dateTime,
          })
          .nullable()
          .describe('Why the delivery was given up (null unless failed)'),
        deliveredAt: dateTime.nullable(),
        statusCode: z.string().nullable().describe('Latest status its system reported (01–06)'),
        status: label.nullable(),
        recallCode: z.string().nullable(),
        recall: label.nullable(),
        events: z
          .array(
            z.object({
              code: z.string(),
              label,
              at: dateTime,
              receivedAt: dateTime,
              note: z.string().nullable(),
            }),
          )
          .readonly(),
      }),
    )
    .readonly(),
});

const group = z.object({
  id: z.uuid(),
  ownerUnitId: z.uuid(),
  ownerUnitName: z.string(),
  name: z.string(),
  memberCount: z.number(),
  createdAt: dateTime,
});
const groupDetail = group.extend({
  members: z
    .array(
      z.object({
        id: z.uuid(),
        code: z.string(),
        name: z.string(),
        level: unitLevel,
        validTo: z.string().nullable(),
      }),
    )
    .readonly(),
});
const members = {
  unitIds: z.array(z.uuid()).max(5000).optional().describe('Member units'),
  select: z
    .strictObject({ level: unitLevel.optional(), parentId: z.uuid().optional() })
    .optional()
    .describe('Also every unit existing today at this level and/or directly under this parent'),
};

const reason = z.string().trim().min(1).max(2000);
const updateResult = z.object({
  document: outgoingSummary,
  revision: z.number(),
  recipients: z.number().describe('Incoming copies that received the update'),
  external: z.array(z.string()).readonly(),
});

const SEND_ERRORS = [
  'DOCUMENT_NOT_FOUND',
  'DOCUMENT_STATE_INVALID',
  'DOCUMENT_CLASSIFIED',
  'DOCUMENT_PAPER_ONLY',
  'DOCUMENT_NUMBER_DUPLICATE',
  'DOCUMENT_CONTENT_MISSING',
  'RECIPIENT_UNKNOWN',
  'RECIPIENT_DISSOLVED',
  'RECIPIENTS_EMPTY',
  'UNIT_GROUP_NOT_FOUND',
  'OBJECT_STORE_UNAVAILABLE',
];

/**
 * Sending side of the exchange (DESIGN.md §6): send an issued-ready document, recall it (edXML business
 * type 1), update it (type 2), follow every recipient; and the groups of units recipients are picked
 * from. Replacing (type 3) is drafting a new document with `replacesId` (outgoing routes).
 */
export function exchangeRoutes(
  table: RouteTable,
  deps: { readonly objects: ObjectStore; readonly validation: ValidationDeps },
): void {
  const { objects, validation } = deps;

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/send',
    tags: ['exchange'],
    summary: 'Phát hành, gửi văn bản / Send a sealed document',
    description:
      'The clerk of the issuing unit sends a `sealed` document to its recipients (units, groups expanded to ' +
      'their members, external organisations by code). First checks that the sealed PDF and attachments ' +
      'are in the object store (503 `OBJECT_STORE_UNAVAILABLE` when it is down: nothing is written), then in ' +
      'one transaction creates one incoming record (status 01) per recipient unit, queues edXML delivery ' +
      'for external codes and validation on arrival, and marks the document `issued`. A dissolved or merged ' +
      'recipient routes to its successor (`routed`); an unknown one is `RECIPIENT_UNKNOWN` and nothing is ' +
      'sent; a group the issuing unit may not read (not its own, nor of a unit above or below) is 404 ' +
      '`UNIT_GROUP_NOT_FOUND`. Safe to retry (also an `issued` document): each recipient receives the document exactly once ' +
      '(`alreadyDelivered` counts those that had it). Classified documents are refused by law.',
    auth: ['clerk'],
    params: uuidParam,
    response: z.object({
      document: outgoingSummary,
      delivered: z.number().describe('Incoming records created by this call'),
      alreadyDelivered: z.number().describe('Recipients that already had the document'),
      external: z.array(z.string()).readonly().describe('External organisation codes queued for edXML'),
      routed: z.array(routed).readonly().describe('Every receiving unit and the unit it was addressed as'),
    }),
    errors: SEND_ERRORS,
    handler: async ({ ctx, params }) => sendStoredDocument(ctx, { documentId: params.id }, { objects }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/recall',
    tags: ['exchange'],
    summary: 'Thu hồi văn bản đã gửi / Recall an issued document',
    description:
      'edXML business type 1. The document becomes `recalled`; every recipient that did not refuse it gets ' +
      'the recall request (13) with the reason, and answers it with `POST /api/incoming/:id/recall-answer`.',
    auth: ['clerk', 'leader'],
    params: uuidParam,
    body: z.strictObject({ reason }),
    response: z.object({ document: outgoingSummary, recipients: z.number() }),
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_STATE_INVALID', 'DOCUMENT_INVALID'],
    handler: async ({ ctx, params, body }) =>
      recallDocument(ctx, { documentId: params.id, reason: body.reason }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/update',
    tags: ['exchange'],
    summary: 'Cập nhật văn bản đã gửi (trích yếu) / Update an issued document’s subject',
    description:
      'edXML business type 2. Corrects the subject of an `issued` document; every recipient still holding ' +
      'it (not refused, not handed back after a recall) sees the corrected copy, the new `revision` and an ' +
      'event of kind `update` (code 01), which the sender sees too. Number and handling state are kept. To ' +
      'correct the PDF, use `POST /api/outgoing/:id/update/pdf`.',
    auth: ['clerk'],
    params: uuidParam,
    body: z.strictObject({ reason, subject: z.string().trim().min(1).max(2000) }),
    response: updateResult,
    errors: ['DOCUMENT_NOT_FOUND', 'DOCUMENT_STATE_INVALID', 'DOCUMENT_INVALID'],
    handler: async ({ ctx, params, body }) =>
      updateIssuedDocument(ctx, { documentId: params.id, reason: body.reason, subject: body.subject }),
  });

  table.route({
    method: 'post',
    path: '/api/outgoing/:id/update/pdf',
    tags: ['exchange'],
    summary: 'Cập nhật tệp văn bản đã gửi / Update an issued document’s PDF',
    description:
      'edXML business type 2 with a corrected PDF (request body: the PDF, `Content-Type: application/pdf`; ' +
      '`reason` and optionally a corrected `subject` in the query). The PDF is checked, then stored (503 ' +
      '`OBJECT_STORE_UNAVAILABLE`: nothing changes), then every recipient copy gets it in one transaction, ' +
      'its validation verdict goes back to `pending` and validation on arrival runs again. Like the original, ' +
      'the PDF must carry the issuing unit’s organisation signature: a signature made with a seal credential ' +
      'of the unit that validates TOTAL_PASSED (server trust list, revocation data embedded in the file), ' +
      'with nothing unsigned after the last signature — sign the corrected file first (`POST ' +
      '/api/signing/sign`, role `org`); otherwise 422 `UPDATE_SIGNATURE_REQUIRED` with each signature’s ' +
      'indication in `details`. Nothing is stored when refused.',
    auth: ['clerk'],
    params: uuidParam,
    query: z.strictObject({ reason, subject: z.string().trim().min(1).max(2000).optional() }),
    upload: { contentTypes: ['application/pdf'], pdf: true },
    response: updateResult,
    errors: [
      'DOCUMENT_NOT_FOUND',
      'DOCUMENT_STATE_INVALID',
      'DOCUMENT_INVALID',
      'UPDATE_SIGNATURE_REQUIRED',
      'VALIDATION_BUSY',
      'OBJECT_STORE_UNAVAILABLE',
    ],
    handler: async ({ ctx, params, query, upload }) => {
      if (!upload) throw HttpError.unsupportedMediaType('application/pdf');
      return updateIssuedPdf(
        ctx,
        {
          documentId: params.id,
          reason: query.reason,
          subject: query.subject,
          file: upload.path,
          sha256: upload.sha256,
          size: upload.size,
        },
        { objects, validation },
      );
    },
  });

  table.route({
    method: 'get',
    path: '/api/outgoing/:id/recipients',
    tags: ['exchange'],
    summary: 'Theo dõi nơi nhận / Per-recipient status of a sent document',
    description:
      'For each recipient unit: current edXML status code with its Vietnamese label, recall code, incoming ' +
      'number, and every status event with its time (kind `update` for business type 2 copies); external ' +
      'organisations with the state of their edXML delivery. Readable by the sending unit and units above it.',
    auth: TRACKERS,
    params: uuidParam,
    response: tracking,
    errors: ['DOCUMENT_NOT_FOUND'],
    handler: async ({ ctx, params }) => trackRecipients(ctx, { documentId: params.id }),
  });

  // Groups of units ------------------------------------------------------------------------------

  table.route({
    method: 'get',
    path: '/api/unit-groups',
    tags: ['unit-groups'],
    summary: 'Nhóm nơi nhận / Recipient groups',
    description:
      'Without `owner`: the groups of the caller’s unit and of every unit above it (the recipient picker). ' +
      'With `owner`: that unit’s groups (a unit above or below the caller’s).',
    auth: 'authenticated',
    query: z.strictObject({ owner: z.uuid().optional() }),
    response: z.object({ items: z.array(group) }),
    errors: ['UNIT_GROUP_NOT_FOUND'],
    handler: async ({ ctx, query }) => ({ items: await listUnitGroups(ctx, { ownerUnitId: query.owner }) }),
  });

  table.route({
    method: 'get',
    path: '/api/unit-groups/:id',
    tags: ['unit-groups'],
    summary: 'Một nhóm nơi nhận / One recipient group with its units',
    auth: 'authenticated',
    params: uuidParam,
    response: groupDetail,
    errors: ['UNIT_GROUP_NOT_FOUND'],
    handler: async ({ ctx, params }) => getUnitGroup(ctx, { groupId: params.id }),
  });

  table.route({
    method: 'post',
    path: '/api/unit-groups',
    tags: ['unit-groups'],
    summary: 'Tạo nhóm nơi nhận / Create a recipient group',
    description:
      'Admins of the owner unit (default: their own) or a unit above it. Members: `unitIds` and/or `select` ' +
      '(e.g. `{ "level": "commune" }` for every commune existing today). Units must exist and not have ended.',
    auth: ['admin'],
    status: 201,
    body: z.strictObject({ name: z.string().min(1).max(200), ownerUnitId: z.uuid().optional(), ...members }),
    response: groupDetail,
    errors: ['UNIT_NOT_FOUND', 'UNIT_GROUP_DUPLICATE', 'UNIT_GROUP_INVALID'],
    handler: async ({ ctx, body }) => createUnitGroup(ctx, body),
  });

  table.route({
    method: 'patch',
    path: '/api/unit-groups/:id',
    tags: ['unit-groups'],
    summary: 'Sửa nhóm nơi nhận / Rename a group or replace its units',
    description: 'With `unitIds` or `select`, the members become exactly those.',
    auth: ['admin'],
    params: uuidParam,
    body: z.strictObject({ name: z.string().min(1).max(200).optional(), ...members }),
    response: groupDetail,
    errors: ['UNIT_GROUP_NOT_FOUND', 'UNIT_GROUP_DUPLICATE', 'UNIT_GROUP_INVALID'],
    handler: async ({ ctx, params, body }) => updateUnitGroup(ctx, { groupId: params.id, ...body }),
  });

  table.route({
    method: 'delete',
    path: '/api/unit-groups/:id',
    tags: ['unit-groups'],
    summary: 'Xóa nhóm nơi nhận / Delete a recipient group',
    description: 'Refused with 409 `UNIT_GROUP_IN_USE` while a document not yet sent names the group.',
    auth: ['admin'],
    params: uuidParam,
    status: 204,
    errors: ['UNIT_GROUP_NOT_FOUND', 'UNIT_GROUP_IN_USE'],
    handler: async ({ ctx, params }) => {
      await deleteUnitGroup(ctx, { groupId: params.id });
      return undefined;
    },
  });
}
