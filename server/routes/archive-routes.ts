import { allowSameOriginFraming } from '../http/allow-same-origin-framing';
import { z } from 'zod';
import type { ObjectStore } from '../../storage/objects/object-store';
import {
  closeCaseFile,
  createCaseFile,
  documentFiling,
  fileDocument,
  getCaseFile,
  listCaseFiles,
  removeFiledDocument,
  reopenCaseFile,
  updateCaseFile,
} from '../../workflows/archive/case-files';
import {
  approveDisposal,
  executeDisposal,
  getDisposal,
  listArchivalRecords,
  listDisposals,
  proposeDisposal,
  rejectDisposal,
  setRecordHold,
} from '../../workflows/archive/disposal';
import {
  createRetentionPeriod,
  listRetentionPeriods,
  updateRetentionPeriod,
} from '../../workflows/archive/retention-periods';
import {
  acceptTransfer,
  getTransfer,
  listTransfers,
  returnTransfer,
  submitTransfer,
  transferHandover,
} from '../../workflows/archive/transfers';
import {
  getArchivalRecord,
  listArchivalRecordEvents,
  readArchivalRecordPdf,
} from '../../workflows/archive/archival-record-view';
import { browseArchivalRecords } from '../../workflows/archive/record-browser';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { dateTime, isoDate, uuidParam } from './schemas';

const READERS = ['specialist', 'leader', 'clerk', 'archivist', 'auditor'] as const;
const FILERS = ['specialist', 'leader', 'clerk', 'archivist'] as const;
const TAGS = ['archive'];

const person = z.object({ id: z.uuid(), fullName: z.string() });
const sourceKind = z
  .enum(['outgoing', 'incoming', 'digitised'])
  .describe('outgoing or incoming document, or digitised paper record (docs/digitisation.md)');
const caseFileStatus = z.enum(['open', 'closed', 'submitted', 'archived']);
const rights = z
  .enum(['open', 'restricted'])
  .describe('Chế độ sử dụng: open = Công khai, restricted = Hạn chế');
const reliability = z
  .enum(['born_digital', 'digitised', 'mixed'])
  .describe('Mức độ tin cậy (Circular 02/2019): Gốc điện tử, Số hóa, Hỗn hợp');

const retention = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  years: z.number().int().nullable().describe('null: Vĩnh viễn (permanent)'),
  legalReference: z.string(),
  needsReview: z.boolean(),
  active: z.boolean(),
  fileCount: z.number().int(),
});

const caseFile = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    unitName: z.string(),
    year: z.number().int(),
    fileCode: z.string(),
    title: z.string(),
    retention: z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      years: z.number().int().nullable(),
    }),
    personInCharge: person,
    rights,
    language: z.string(),
    description: z.string().nullable(),
    keywords: z.string().nullable(),
    fonds: z.string().nullable(),
    catalogue: z.string().nullable(),
    reliability,
    physicalCondition: z.string().nullable(),
    status: caseFileStatus,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    closedAt: dateTime.nullable(),
    transferDueOn: z.string().nullable(),
    documentCount: z.number().int(),
    pageTotal: z.number().int(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .describe('A case file (hồ sơ) of a unit’s yearly file list');

const filedDocument = z.object({
  sourceKind,
  sourceId: z.uuid(),
  docOrdinal: z.number().int(),
  numberAndNotation: z.string(),
  documentType: z.string(),
  subject: z.string(),
  date: z.string().nullable(),
  pageAmount: z.number().int().nullable(),
  description: z.string().nullable(),
  addedAt: dateTime,
});

const caseFileDetail = caseFile.extend({
  documents: z.array(filedDocument),
  allowedActions: z.array(z.enum(['edit', 'add_document', 'remove_document', 'close', 'reopen', 'submit'])),
});

const optionalText = (max: number) => z.string().max(max).nullable().optional();
const caseFileFields = {
  fileCode: z.string().max(30).optional(),
  title: z.string().max(1000).optional(),
  retentionId: z.uuid().optional(),
  personInChargeId: z.uuid().optional(),
  rights: rights.optional(),
  language: z.string().max(100).optional(),
  description: optionalText(1000),
  keywords: optionalText(500),
  fonds: optionalText(200),
  catalogue: optionalText(50),
  reliability: reliability.optional(),
  physicalCondition: optionalText(100),
};

const transfer = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  status: z.enum(['submitted', 'accepted', 'returned']),
  note: z.string().nullable(),
  submittedBy: person,
  submittedAt: dateTime,
  decidedBy: person.nullable(),
  decidedAt: dateTime.nullable(),
  returnReason: z.string().nullable(),
  handoverSha256: z.string().nullable(),
  fileCount: z.number().int(),
});
const transferDetail = transfer.extend({
  files: z.array(caseFile.extend({ ordinal: z.number().int() })),
  recordCount: z.number().int(),
  allowedActions: z.array(z.enum(['accept', 'return'])),
});

const record = z.object({
  id: z.uuid(),
  fileId: z.uuid(),
  fileCode: z.string(),
  sourceKind,
  sourceId: z.uuid(),
  docOrdinal: z.number().int(),
  numberAndNotation: z.string(),
  subject: z.string(),
  retainUntil: z.string().nullable().describe('null: permanent'),
  legalHold: z.boolean(),
  acceptedAt: dateTime,
  disposedAt: dateTime.nullable(),
});

const recordVersion = z.object({
  id: z.uuid(),
  kind: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  retainUntil: dateTime.nullable(),
  legalHold: z.boolean(),
  createdAt: dateTime,
  lastCheckedAt: dateTime.nullable(),
  lastCheckResult: z.enum(['ok', 'mismatch', 'missing', 'repaired']).nullable(),
});

const metadataEntry = z.object({ tag: z.string(), value: z.string() });
const recordMetadata = z
  .object({ file: z.array(metadataEntry), document: z.array(metadataEntry) })
  .describe(
    'The Decree 30 Appendix VI tags (and Circular 02/2019 fields) the record was archived with, in the ' +
      "Appendix's order — the values its metadata XML and its package hold",
  );
const recordValidation = z.object({
  id: z.uuid(),
  status: z.string(),
  indication: z.string().nullable(),
  signatures: z.number().int(),
  source: z.string(),
  pdfSha256: z.string(),
  current: z.boolean().describe("true when about the record's newest PDF"),
  createdAt: dateTime,
  requestedBy: person.nullable().describe('null: the system'),
});
const recordRenewal = z.object({
  at: dateTime,
  reason: z.string(),
  objectId: z.string(),
  sha256: z.string(),
  previousTsaNotAfter: z.string().nullable(),
  timestampAt: z.string().nullable(),
});
const recordEvent = z.object({
  id: z.string().describe('audit-<seq> or fixity-<id>, as in premis.xml'),
  source: z.enum(['audit', 'fixity']),
  type: z.string().describe('The audit event type, or FIXITY_OK, FIXITY_MISMATCH, …'),
  occurredAt: dateTime,
  actorName: z.string().nullable().describe('null: the system'),
  detail: z.record(z.string(), z.unknown()),
});
const browsedRecord = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  fileId: z.uuid(),
  fileCode: z.string(),
  fileTitle: z.string(),
  year: z.number().int(),
  fonds: z.string().describe('Phông (the Fonds tag the record was archived with)'),
  retention: z.object({ id: z.uuid(), code: z.string(), years: z.number().int().nullable() }),
  sourceKind,
  docOrdinal: z.number().int(),
  numberAndNotation: z.string(),
  subject: z.string(),
  issuedDate: z.string().nullable().describe('dd/MM/yyyy (issue date, else arrival date)'),
  retainUntil: z.string().nullable().describe('null: permanent'),
  legalHold: z.boolean(),
  acceptedAt: dateTime,
  disposedAt: dateTime.nullable(),
});
const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

const approval = z.object({ by: person, at: dateTime });
const disposal = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  unitName: z.string(),
  status: z.enum(['proposed', 'rejected', 'executed']),
  reason: z.string(),
  proposedBy: person,
  proposedAt: dateTime,
  leaderApproval: approval.nullable(),
  archiveApproval: approval.nullable(),
  rejection: approval.extend({ reason: z.string() }).nullable(),
  executedAt: dateTime.nullable(),
  records: z.array(record),
  allowedActions: z.array(z.enum(['approve_leader', 'approve_archive', 'reject', 'execute'])),
});

const docParams = z.strictObject({ kind: sourceKind, id: z.uuid() });
const fileDocParams = z.strictObject({ id: z.uuid(), kind: sourceKind, docId: z.uuid() });

/**
 * The archive (issue 11 items 1, 2, 3, 7): retention table, case files and filing, transfers to the
 * agency archive, archival records and disposal. Every route calls one workflows/archive function.
 */
export function archiveRoutes(table: RouteTable, deps: { readonly objects: ObjectStore }): void {
  // Retention (thời hạn bảo quản).
  table.route({
    method: 'get',
    path: '/api/archive/retention-periods',
    tags: TAGS,
    summary: 'Bảng thời hạn bảo quản / Retention table',
    auth: 'authenticated',
    query: z.strictObject({ all: z.enum(['true', 'false']).optional() }),
    response: z.object({ items: z.array(retention) }),
    handler: async ({ ctx, query }) => ({
      items: await listRetentionPeriods(ctx, { includeInactive: query.all === 'true' }),
    }),
  });
  const retentionBody = z.strictObject({
    code: z.string().max(20).optional(),
    title: z.string().max(500).optional(),
    years: z.number().int().nullable().optional(),
    legalReference: z.string().max(300).optional(),
    needsReview: z.boolean().optional(),
    active: z.boolean().optional(),
  });
  table.route({
    method: 'post',
    path: '/api/archive/retention-periods',
    tags: TAGS,
    summary: 'Thêm thời hạn bảo quản / Add a retention entry',
    auth: ['admin'],
    body: retentionBody,
    response: retention,
    status: 201,
    errors: ['RETENTION_INVALID', 'RETENTION_DUPLICATE'],
    handler: async ({ ctx, body }) => createRetentionPeriod(ctx, body),
  });
  table.route({
    method: 'patch',
    path: '/api/archive/retention-periods/:id',
    tags: TAGS,
    summary: 'Sửa thời hạn bảo quản / Change a retention entry',
    auth: ['admin'],
    params: uuidParam,
    body: retentionBody,
    response: retention,
    errors: ['RETENTION_INVALID', 'RETENTION_DUPLICATE', 'RETENTION_NOT_FOUND'],
    handler: async ({ ctx, params, body }) => updateRetentionPeriod(ctx, params.id, body),
  });

  // Case files (hồ sơ) and the yearly file list (danh mục hồ sơ).
  table.route({
    method: 'get',
    path: '/api/archive/files',
    tags: TAGS,
    summary: 'Danh mục hồ sơ / A unit’s file list',
    description: 'Default: the caller’s unit, every year. `mine=true`: the files the caller is in charge of.',
    auth: READERS,
    query: z.strictObject({
      unitId: z.uuid().optional(),
      year: z.coerce.number().int().min(2000).max(2999).optional(),
      status: caseFileStatus.optional(),
      mine: z.enum(['true', 'false']).optional(),
    }),
    response: z.object({ items: z.array(caseFile) }),
    errors: ['CASE_FILE_NOT_FOUND'],
    handler: async ({ ctx, query }) => ({
      items: await listCaseFiles(ctx, { ...query, mine: query.mine === 'true' }),
    }),
  });
  table.route({
    method: 'post',
    path: '/api/archive/files',
    tags: TAGS,
    summary: 'Lập hồ sơ mới / Open a case file',
    auth: FILERS,
    body: z.strictObject({
      unitId: z.uuid().optional(),
      year: z.number().int().min(2000).max(2999).optional(),
      ...caseFileFields,
    }),
    response: caseFileDetail,
    status: 201,
    errors: ['CASE_FILE_INVALID', 'CASE_FILE_DUPLICATE', 'RETENTION_NOT_FOUND'],
    handler: async ({ ctx, body }) => createCaseFile(ctx, body),
  });
  table.route({
    method: 'get',
    path: '/api/archive/files/:id',
    tags: TAGS,
    summary: 'Một hồ sơ / One case file with its documents',
    auth: READERS,
    params: uuidParam,
    response: caseFileDetail,
    errors: ['CASE_FILE_NOT_FOUND'],
    handler: async ({ ctx, params }) => getCaseFile(ctx, params.id),
  });
  table.route({
    method: 'patch',
    path: '/api/archive/files/:id',
    tags: TAGS,
    summary: 'Sửa hồ sơ / Change a file’s metadata',
    auth: FILERS,
    params: uuidParam,
    body: z.strictObject(caseFileFields),
    response: caseFileDetail,
    errors: ['CASE_FILE_NOT_FOUND', 'CASE_FILE_INVALID', 'CASE_FILE_DUPLICATE', 'CASE_FILE_STATE_INVALID'],
    handler: async ({ ctx, params, body }) => updateCaseFile(ctx, params.id, body),
  });
  table.route({
    method: 'post',
    path: '/api/archive/files/:id/documents',
    tags: TAGS,
    summary: 'Đưa văn bản vào hồ sơ / Put a document into a file',
    auth: FILERS,
    params: uuidParam,
    body: z.strictObject({
      sourceKind,
      sourceId: z.uuid(),
      pageAmount: z.number().int().min(1).max(9999).nullable().optional(),
      description: optionalText(500),
    }),
    response: caseFileDetail,
    errors: [
      'CASE_FILE_NOT_FOUND',
      'CASE_FILE_STATE_INVALID',
      'FILING_DOCUMENT_NOT_FOUND',
      'FILING_DOCUMENT_NOT_FILEABLE',
      'FILING_DOCUMENT_ALREADY_FILED',
    ],
    handler: async ({ ctx, params, body }) => fileDocument(ctx, { fileId: params.id, ...body }),
  });
  table.route({
    method: 'delete',
    path: '/api/archive/files/:id/documents/:kind/:docId',
    tags: TAGS,
    summary: 'Rút văn bản khỏi hồ sơ / Take a document out of an open file',
    auth: FILERS,
    params: fileDocParams,
    response: caseFileDetail,
    errors: ['CASE_FILE_NOT_FOUND', 'CASE_FILE_STATE_INVALID', 'FILING_DOCUMENT_NOT_FOUND'],
    handler: async ({ ctx, params }) =>
      removeFiledDocument(ctx, { fileId: params.id, sourceKind: params.kind, sourceId: params.docId }),
  });
  table.route({
    method: 'post',
    path: '/api/archive/files/:id/close',
    tags: TAGS,
    summary: 'Kết thúc hồ sơ / Close a file',
    description:
      '`endDate` (default today): when the work ended; retention and the transfer deadline count from it.',
    auth: FILERS,
    params: uuidParam,
    body: z.strictObject({ endDate: isoDate.optional() }),
    response: caseFileDetail,
    errors: ['CASE_FILE_NOT_FOUND', 'CASE_FILE_STATE_INVALID', 'CASE_FILE_EMPTY', 'CASE_FILE_INVALID'],
    handler: async ({ ctx, params, body }) =>
      closeCaseFile(ctx, { fileId: params.id, endDate: body.endDate }),
  });
  table.route({
    method: 'post',
    path: '/api/archive/files/:id/reopen',
    tags: TAGS,
    summary: 'Mở lại hồ sơ / Reopen a closed file',
    auth: FILERS,
    params: uuidParam,
    response: caseFileDetail,
    errors: ['CASE_FILE_NOT_FOUND', 'CASE_FILE_STATE_INVALID'],
    handler: async ({ ctx, params }) => reopenCaseFile(ctx, params.id),
  });
  table.route({
    method: 'get',
    path: '/api/archive/documents/:kind/:id',
    tags: TAGS,
    summary: 'Hồ sơ của một văn bản / The file a document is in, and the open files it may go into',
    auth: READERS,
    params: docParams,
    response: z.object({ fileable: z.boolean(), file: caseFile.nullable(), openFiles: z.array(caseFile) }),
    errors: ['FILING_DOCUMENT_NOT_FOUND'],
    handler: async ({ ctx, params }) => documentFiling(ctx, { sourceKind: params.kind, sourceId: params.id }),
  });

  // Transfers to the agency archive (nộp lưu).
  table.route({
    method: 'get',
    path: '/api/archive/transfers',
    tags: TAGS,
    summary: 'Các đợt nộp lưu / Transfers to the archive',
    auth: READERS,
    query: z.strictObject({
      unitId: z.uuid().optional(),
      status: z.enum(['submitted', 'accepted', 'returned']).optional(),
    }),
    response: z.object({ items: z.array(transfer) }),
    errors: ['TRANSFER_NOT_FOUND'],
    handler: async ({ ctx, query }) => ({ items: await listTransfers(ctx, query) }),
  });
  table.route({
    method: 'post',
    path: '/api/archive/transfers',
    tags: TAGS,
    summary: 'Nộp lưu hồ sơ / Transfer closed files to the archive',
    auth: FILERS,
    body: z.strictObject({ fileIds: z.array(z.uuid()).min(1).max(500), note: optionalText(1000) }),
    response: transferDetail,
    status: 201,
    errors: ['CASE_FILE_NOT_FOUND', 'CASE_FILE_STATE_INVALID', 'TRANSFER_INVALID'],
    handler: async ({ ctx, body }) => submitTransfer(ctx, body),
  });
  table.route({
    method: 'get',
    path: '/api/archive/transfers/:id',
    tags: TAGS,
    summary: 'Một đợt nộp lưu / One transfer with its transfer list',
    auth: READERS,
    params: uuidParam,
    response: transferDetail,
    errors: ['TRANSFER_NOT_FOUND'],
    handler: async ({ ctx, params }) => getTransfer(ctx, params.id),
  });
  table.route({
    method: 'post',
    path: '/api/archive/transfers/:id/accept',
    tags: TAGS,
    summary: 'Tiếp nhận hồ sơ nộp lưu / Accept a transfer',
    description:
      'Every filed document becomes an archival record; its objects are stored under Object Lock in the ' +
      'same transaction (object store down: 503, nothing accepted). The handover record PDF is generated.',
    auth: ['archivist'],
    params: uuidParam,
    response: transferDetail,
    errors: ['TRANSFER_NOT_FOUND', 'TRANSFER_STATE_INVALID', 'OBJECT_STORE_UNAVAILABLE'],
    handler: async ({ ctx, params }) => acceptTransfer(ctx, deps.objects, params.id),
  });
  table.route({
    method: 'post',
    path: '/api/archive/transfers/:id/return',
    tags: TAGS,
    summary: 'Trả lại hồ sơ nộp lưu / Return a transfer',
    auth: ['archivist'],
    params: uuidParam,
    body: z.strictObject({ reason: z.string().max(1000) }),
    response: transferDetail,
    errors: ['TRANSFER_NOT_FOUND', 'TRANSFER_STATE_INVALID', 'TRANSFER_INVALID'],
    handler: async ({ ctx, params, body }) =>
      returnTransfer(ctx, { transferId: params.id, reason: body.reason }),
  });
  table.route({
    method: 'get',
    path: '/api/archive/transfers/:id/handover.pdf',
    tags: TAGS,
    summary: 'Biên bản giao nhận / Handover record (PDF)',
    auth: READERS,
    params: uuidParam,
    query: z.strictObject({ disposition: z.enum(['attachment', 'inline']).default('attachment') }),
    errors: ['TRANSFER_NOT_FOUND', 'TRANSFER_STATE_INVALID'],
    handler: async ({ ctx, params, query, res }) => {
      const file = await transferHandover(ctx, deps.objects, params.id);
      res.status(200);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Length', String(file.bytes.length));
      res.setHeader('Content-Disposition', contentDisposition(file.fileName, query.disposition));
      res.setHeader('Cache-Control', 'private, no-cache');
      res.end(file.bytes);
    },
  });

  // Archival records and disposal (tiêu hủy).
  table.route({
    method: 'get',
    path: '/api/archive/records',
    tags: TAGS,
    summary: 'Tài liệu lưu trữ / Archival records of a unit',
    description: '`expired=true`: retention ended, not held, not disposed (candidates for disposal).',
    auth: ['archivist', 'leader', 'auditor'],
    query: z.strictObject({
      unitId: z.uuid().optional(),
      fileId: z.uuid().optional(),
      expired: z.enum(['true', 'false']).optional(),
    }),
    response: z.object({ items: z.array(record) }),
    errors: ['ARCHIVAL_RECORD_NOT_FOUND'],
    handler: async ({ ctx, query }) => ({
      items: await listArchivalRecords(ctx, { ...query, expired: query.expired === 'true' }),
    }),
  });
  table.route({
    method: 'get',
    path: '/api/archive/records/search',
    tags: TAGS,
    summary: 'Tra cứu tài liệu lưu trữ / The archive browser: records by fonds, year, case file (paged)',
    description:
      'Filters: fonds (phông), year, case file, retention, and `q` (words in the subject, number and ' +
      "notation, or the case file's title or code). Paged on the server: `limit` (1–200, default 50), " +
      '`offset`; `total` counts every match. Scope: `unitId` (archive.read there, else 404), or by default ' +
      "the actor's unit and the units below it (the province's top unit: every unit). `fonds` lists the " +
      'fonds in scope for the filter, `files` the case files in scope that hold records (labelled by unit).',
    auth: ['archivist', 'leader', 'auditor'],
    query: z.strictObject({
      unitId: z.uuid().optional(),
      fonds: z.string().min(1).max(200).optional(),
      year: z.coerce.number().int().min(1900).max(2999).optional(),
      fileId: z.uuid().optional(),
      retentionId: z.uuid().optional(),
      q: z.string().max(200).optional(),
      ...pageQuery,
    }),
    response: z.object({
      items: z.array(browsedRecord),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
      fonds: z.array(z.string()),
      files: z
        .array(
          z.object({
            id: z.uuid(),
            fileCode: z.string(),
            title: z.string(),
            year: z.number().int(),
            unitId: z.uuid(),
            unitName: z.string(),
          }),
        )
        .describe(
          'Case files in scope holding archival records (of `year`, if given), by unit: the case-file choices',
        ),
    }),
    errors: ['ARCHIVAL_RECORD_NOT_FOUND'],
    handler: async ({ ctx, query }) => browseArchivalRecords(ctx, query),
  });
  table.route({
    method: 'get',
    path: '/api/archive/records/:id/events',
    tags: TAGS,
    summary: "Sự kiện của tài liệu lưu trữ / The record's preservation events (newest first, paged)",
    description:
      'The audit and fixity events of the record and its objects — accepted, objects stored, fixity ' +
      'results, holds, LTA renewals, validations, package exports, disposal steps — the events its ' +
      "package's premis.xml holds, newest first. Unit-scoped like the record.",
    auth: ['archivist', 'leader', 'auditor'],
    params: uuidParam,
    query: z.strictObject(pageQuery),
    response: z.object({
      items: z.array(recordEvent),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
    }),
    errors: ['ARCHIVAL_RECORD_NOT_FOUND'],
    handler: async ({ ctx, params, query }) => listArchivalRecordEvents(ctx, params.id, query),
  });
  table.route({
    method: 'get',
    path: '/api/archive/records/:id',
    tags: TAGS,
    summary: 'Hồ sơ tài liệu lưu trữ / One archival record with its stored object versions',
    description:
      'The record (as in the list) and every archival object stored for it (kind, SHA-256, size, ' +
      'retain-until, legal hold, last fixity check), its Appendix VI metadata, the last validation ' +
      'report recorded for its PDFs (date, who ran it) and its LTA renewals. Unit-scoped: another unit gets 404.',
    auth: ['archivist', 'leader', 'auditor'],
    params: uuidParam,
    response: z.object({
      record,
      unitId: z.uuid(),
      versions: z.array(recordVersion),
      metadata: recordMetadata,
      latestValidation: recordValidation.nullable().describe('The last report recorded for its PDFs'),
      renewals: z.array(recordRenewal).describe('LTA renewals, newest first'),
    }),
    errors: ['ARCHIVAL_RECORD_NOT_FOUND'],
    handler: async ({ ctx, params }) => getArchivalRecord(ctx, params.id),
  });
  table.route({
    method: 'get',
    path: '/api/archive/records/:id/pdf',
    tags: TAGS,
    summary: "Bản PDF lưu trữ / The record's archival PDF (hash-verified)",
    description:
      "The record's newest `pdf-revision` object or, for a digitised record (a paper original's scans), its " +
      'OCR PDF/A (`ocr-derivative`, header X-Archive-Object-Kind: ocr-derivative), read from the archive with ' +
      'its SHA-256 verified (a corrupt object is refused with ARCHIVE_OBJECT_CORRUPT and alerted). ' +
      'Unit-scoped like the record.',
    auth: ['archivist', 'leader', 'auditor'],
    params: uuidParam,
    query: z.strictObject({ disposition: z.enum(['attachment', 'inline']).default('attachment') }),
    errors: ['ARCHIVAL_RECORD_NOT_FOUND', 'ARCHIVE_OBJECT_CORRUPT'],
    handler: async ({ ctx, params, query, res }) => {
      const file = await readArchivalRecordPdf(ctx, deps.objects, params.id);
      res.status(200);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Length', String(file.bytes.length));
      res.setHeader('Content-Disposition', contentDisposition(file.fileName, query.disposition));
      res.setHeader('X-Archive-Object-Kind', file.ocrDerivative ? 'ocr-derivative' : 'pdf-revision');
      res.setHeader('Cache-Control', 'private, no-cache');
      // The record page previews it in a same-origin frame, as the document pages do.
      if (query.disposition === 'inline') allowSameOriginFraming(res);
      res.end(file.bytes);
    },
  });
  table.route({
    method: 'put',
    path: '/api/archive/records/:id/legal-hold',
    tags: TAGS,
    summary: 'Phong tỏa tài liệu / Place or lift a legal hold',
    auth: ['archivist'],
    params: uuidParam,
    body: z.strictObject({ legalHold: z.boolean(), reason: z.string().max(1000) }),
    response: record,
    errors: ['ARCHIVAL_RECORD_NOT_FOUND', 'DISPOSAL_INVALID'],
    handler: async ({ ctx, params, body }) =>
      setRecordHold(ctx, deps.objects, { recordId: params.id, ...body }),
  });
  table.route({
    method: 'get',
    path: '/api/archive/disposals',
    tags: TAGS,
    summary: 'Đề nghị tiêu hủy / Disposal proposals',
    auth: ['archivist', 'leader', 'auditor'],
    query: z.strictObject({
      unitId: z.uuid().optional(),
      status: z.enum(['proposed', 'rejected', 'executed']).optional(),
    }),
    response: z.object({ items: z.array(disposal) }),
    errors: ['DISPOSAL_NOT_FOUND'],
    handler: async ({ ctx, query }) => ({ items: await listDisposals(ctx, query) }),
  });
  table.route({
    method: 'post',
    path: '/api/archive/disposals',
    tags: TAGS,
    summary: 'Đề nghị tiêu hủy tài liệu hết giá trị / Propose records for disposal',
    auth: ['archivist'],
    body: z.strictObject({
      unitId: z.uuid().optional(),
      recordIds: z.array(z.uuid()).min(1).max(2000),
      reason: z.string().max(2000),
    }),
    response: disposal,
    status: 201,
    errors: [
      'DISPOSAL_INVALID',
      'ARCHIVAL_RECORD_NOT_FOUND',
      'ARCHIVAL_RECORD_HELD',
      'RETENTION_NOT_ENDED',
      'DISPOSAL_STATE_INVALID',
    ],
    handler: async ({ ctx, body }) => proposeDisposal(ctx, body),
  });
  table.route({
    method: 'get',
    path: '/api/archive/disposals/:id',
    tags: TAGS,
    summary: 'Một đề nghị tiêu hủy / One disposal proposal',
    auth: ['archivist', 'leader', 'auditor'],
    params: uuidParam,
    response: disposal,
    errors: ['DISPOSAL_NOT_FOUND'],
    handler: async ({ ctx, params }) => getDisposal(ctx, params.id),
  });
  table.route({
    method: 'post',
    path: '/api/archive/disposals/:id/approve',
    tags: TAGS,
    summary: 'Phê duyệt tiêu hủy / Approve a disposal',
    description:
      '`as`: `unit_leader` (a leader of the proposal’s unit) or `province_archive` (an archivist of the ' +
      'top-level province unit). Neither may be the proposer, nor the same person twice.',
    auth: ['leader', 'archivist'],
    params: uuidParam,
    body: z.strictObject({ as: z.enum(['unit_leader', 'province_archive']) }),
    response: disposal,
    errors: ['DISPOSAL_NOT_FOUND', 'DISPOSAL_STATE_INVALID', 'DISPOSAL_APPROVER_INVALID'],
    handler: async ({ ctx, params, body }) => approveDisposal(ctx, { proposalId: params.id, as: body.as }),
  });
  table.route({
    method: 'post',
    path: '/api/archive/disposals/:id/reject',
    tags: TAGS,
    summary: 'Từ chối tiêu hủy / Reject a disposal',
    auth: ['leader', 'archivist'],
    params: uuidParam,
    body: z.strictObject({ reason: z.string().max(1000) }),
    response: disposal,
    errors: ['DISPOSAL_NOT_FOUND', 'DISPOSAL_STATE_INVALID', 'DISPOSAL_APPROVER_INVALID', 'DISPOSAL_INVALID'],
    handler: async ({ ctx, params, body }) =>
      rejectDisposal(ctx, { proposalId: params.id, reason: body.reason }),
  });
  table.route({
    method: 'post',
    path: '/api/archive/disposals/:id/execute',
    tags: TAGS,
    summary: 'Thực hiện tiêu hủy / Carry out an approved disposal',
    auth: ['archivist'],
    params: uuidParam,
    response: disposal,
    errors: [
      'DISPOSAL_NOT_FOUND',
      'DISPOSAL_STATE_INVALID',
      'DISPOSAL_APPROVALS_MISSING',
      'ARCHIVAL_RECORD_HELD',
      'RETENTION_NOT_ENDED',
    ],
    handler: async ({ ctx, params }) => executeDisposal(ctx, params.id),
  });
}
