import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ObjectStore } from '../../storage/objects/object-store';
import {
  DEFAULT_DIGITISATION_LIMITS,
  type DigitisationLimits,
} from '../../workflows/digitisation/digitisation-limits';
import {
  addScan,
  createDigitisedRecord,
  getDigitisedRecord,
  listDigitisedRecords,
  openScanFile,
  startOcr,
} from '../../workflows/digitisation/records';
import { allowSameOriginFraming } from '../http/allow-same-origin-framing';
import { HttpError } from '../http/http-error';
import { requestState } from '../http/request-state';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { dateTime, isoDate, uuidParam } from './schemas';

const ROLES = ['clerk', 'archivist', 'leader', 'auditor'] as const;
const MANAGERS = ['clerk', 'archivist'] as const;

const fileSchema = z.object({
  id: z.uuid(),
  seq: z.number(),
  fileName: z.string().nullable(),
  mediaType: z.string().describe('application/pdf, image/tiff or image/jpeg'),
  originalSha256: z.string().describe('SHA-256 of the scan exactly as uploaded (kept untouched)'),
  originalSize: z.number(),
  pages: z.number(),
  dpi: z.number().nullable().describe('Lowest resolution over its pages; null: a PDF without images'),
  signed: z.boolean().describe('A signed PDF: never rewritten, its own text is indexed'),
  derivativeSha256: z.string().nullable().describe('SHA-256 of the searchable PDF/A (OCR), once done'),
  derivativeSize: z.number().nullable(),
  textMethod: z.enum(['ocr', 'text-layer']).nullable(),
  addedAt: dateTime,
});

const recordSchema = z.object({
  id: z.uuid(),
  unitId: z.uuid(),
  title: z.string(),
  origin: z.enum(['paper_original', 'old_archive']),
  documentNumber: z.string().nullable(),
  documentDate: z.string().nullable(),
  issuer: z.string().nullable(),
  status: z.enum(['draft', 'queued', 'processing', 'done', 'failed']),
  pagesTotal: z.number(),
  pagesDone: z.number().describe('OCR progress: pages done of pagesTotal'),
  error: z.string().nullable().describe('Why the last OCR attempt failed (retried, or failed for good)'),
  createdAt: dateTime,
  digitisedAt: dateTime.nullable(),
  files: z.array(fileSchema).readonly(),
  text: z.string().nullable().describe('The start of the recognised text (4,000 characters)'),
  textLength: z.number(),
  canManage: z.boolean(),
});

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Digitisation of paper records (issue 12 item 7, docs/digitisation.md): records of a unit, scans
 * uploaded into them (resolution checked), OCR queued as a job, progress and text read back, and the
 * original and searchable derivative downloaded.
 */
export function digitisationRoutes(
  table: RouteTable,
  deps: { readonly objects: ObjectStore; readonly limits?: DigitisationLimits },
): void {
  const { objects } = deps;
  const limits = deps.limits ?? DEFAULT_DIGITISATION_LIMITS;
  const tags = ['digitisation'];

  table.route({
    method: 'get',
    path: '/api/digitisation/records',
    tags,
    summary: 'Hồ sơ số hóa của đơn vị / Digitised records of a unit',
    auth: ROLES,
    query: z.strictObject({
      unitId: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
      offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
    }),
    response: z.object({ items: z.array(recordSchema).readonly(), total: z.number() }),
    handler: ({ ctx, query }) => listDigitisedRecords(ctx, query),
  });

  table.route({
    method: 'post',
    path: '/api/digitisation/records',
    tags,
    summary: 'Tạo hồ sơ số hóa / Open a digitised record',
    auth: MANAGERS,
    body: z.strictObject({
      unitId: z.uuid().optional(),
      title: text(500),
      origin: z.enum(['paper_original', 'old_archive']),
      documentNumber: text(100).nullable().optional(),
      documentDate: isoDate.nullable().optional(),
      issuer: text(300).nullable().optional(),
    }),
    status: 201,
    response: recordSchema,
    errors: ['DIGITISATION_RECORD_NOT_FOUND'],
    handler: ({ ctx, body }) => createDigitisedRecord(ctx, body),
  });

  table.route({
    method: 'get',
    path: '/api/digitisation/records/:id',
    tags,
    summary: 'Hồ sơ số hóa: tiến độ, tệp và văn bản / A digitised record: progress, files, text',
    auth: ROLES,
    params: uuidParam,
    response: recordSchema,
    errors: ['DIGITISATION_RECORD_NOT_FOUND'],
    handler: ({ ctx, params }) => getDigitisedRecord(ctx, params.id),
  });

  table.route({
    method: 'post',
    path: '/api/digitisation/records/:id/files',
    tags,
    summary: 'Tải lên bản quét / Upload a scan',
    description:
      'The scan (PDF, TIFF or JPEG; several pages) as the raw body with its media type, or multipart ' +
      'part `file`; `X-File-Name` (URI-encoded) names it. Its format is read from its bytes and its ' +
      'resolution from its headers (TIFF/JPEG) or image size against page size (PDF): below ' +
      `${limits.minDpi} dpi, 422 \`DIGITISATION_RESOLUTION_TOO_LOW\` with \`details.dpi\` measured. ` +
      'Kept untouched in the object store.',
    auth: MANAGERS,
    params: uuidParam,
    upload: {
      contentTypes: ['application/pdf', 'image/tiff', 'image/jpeg', 'application/octet-stream'],
      maxBytes: limits.maxFileBytes,
      multipart: { filePart: 'file', parts: {}, maxPartsBytes: 0 },
    },
    status: 201,
    response: recordSchema,
    errors: [
      'DIGITISATION_RECORD_NOT_FOUND',
      'DIGITISATION_FORMAT_UNSUPPORTED',
      'DIGITISATION_RESOLUTION_TOO_LOW',
      'DIGITISATION_RESOLUTION_UNKNOWN',
      'DIGITISATION_TOO_MANY_PAGES',
      'DIGITISATION_IMAGE_TOO_LARGE',
      'DIGITISATION_TOO_MANY_FILES',
      'DIGITISATION_UNREADABLE',
      'DIGITISATION_STATE_CONFLICT',
      'OBJECT_STORE_UNAVAILABLE',
    ],
    handler: async ({ ctx, params, upload }) => {
      if (!upload) throw HttpError.unsupportedMediaType('application/pdf');
      return addScan(ctx, objects, limits, params.id, upload);
    },
  });

  table.route({
    method: 'post',
    path: '/api/digitisation/records/:id/ocr',
    tags,
    summary: 'Nhận dạng chữ (OCR) / Start the OCR',
    description:
      'Queues the OCR job (ocrmypdf + tesseract-ocr-vie): follow `pagesDone` / `pagesTotal` on the ' +
      'record until `status` is `done` (text indexed for search) or `failed` (`error`).',
    auth: MANAGERS,
    params: uuidParam,
    status: 202,
    response: recordSchema,
    errors: ['DIGITISATION_RECORD_NOT_FOUND', 'DIGITISATION_STATE_CONFLICT', 'DIGITISATION_NO_FILES'],
    handler: ({ ctx, params }) => startOcr(ctx, limits, params.id),
  });

  table.route({
    method: 'get',
    path: '/api/digitisation/records/:id/files/:fileId/:which',
    tags,
    summary: 'Tải bản quét gốc hoặc bản PDF/A tìm kiếm được / Download the original or the searchable PDF/A',
    auth: ROLES,
    params: z.strictObject({ id: z.uuid(), fileId: z.uuid(), which: z.enum(['original', 'derivative']) }),
    query: z.strictObject({ disposition: z.enum(['attachment', 'inline']).optional() }),
    errors: [
      'DIGITISATION_RECORD_NOT_FOUND',
      'DIGITISATION_FILE_NOT_FOUND',
      'OBJECT_NOT_FOUND',
      'OBJECT_STORE_UNAVAILABLE',
    ],
    handler: async ({ ctx, params, query, res }) => {
      const file = await openScanFile(ctx, params.id, params.fileId, params.which);
      const stream = await objects.get(file.sha256);
      const disposition =
        file.mediaType === 'application/pdf' ? (query.disposition ?? 'attachment') : 'attachment';
      res.status(200);
      res.setHeader('Content-Type', file.mediaType);
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
    },
  });
}
