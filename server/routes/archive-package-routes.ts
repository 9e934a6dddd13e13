import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { ObjectStore } from '../../storage/objects/object-store';
import { PackageJobs, type PackageJob } from '../../workflows/archive/package-jobs';
import { importPackage } from '../../workflows/archive/package-import';
import { validateArchivedRecord } from '../../workflows/archive/lta-validate-record';
import type { ValidationDeps } from '../../workflows/validation/validation-deps';
import type { RouteTable } from '../http/route-table';
import { contentDisposition } from './incoming-routes';
import { dateTime, uuidParam } from './schemas';

const TAGS = ['archive'];
const READERS = ['leader', 'archivist', 'auditor'] as const;

const job = z.object({
  id: z.uuid(),
  state: z
    .enum(['queued', 'running', 'done', 'failed', 'expired'])
    .describe(
      'The row of archive_package_exports: queued until a runner takes it; expired once the finished ' +
        'package passed ARCHIVE_PACKAGE_RETENTION_DAYS and was deleted',
    ),
  status: z
    .enum(['running', 'finished', 'failed'])
    .describe('queued and running are `running`; expired is `failed` (error PACKAGE_EXPIRED)'),
  bytesDone: z.number().describe('Bytes of the package written so far'),
  bytesTotal: z.number().describe('Bytes the package will hold (objects; the metadata is added when known)'),
  records: z.number().int(),
  objects: z.number().int().describe('Objects written (when done)'),
  objectsTotal: z.number().int(),
  packageSha256: z.string().nullable().describe('SHA-256 of the finished tar in the object store'),
  packageSize: z.number().nullable(),
  error: z.string().nullable().describe('The error code of a failed export'),
  createdAt: dateTime,
  startedAt: dateTime,
  finishedAt: dateTime.nullable(),
  expiredAt: dateTime.nullable(),
});

const toJob = (j: PackageJob) => ({
  ...j,
  createdAt: j.createdAt.toISOString(),
  startedAt: j.startedAt.toISOString(),
  finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
  expiredAt: j.expiredAt ? j.expiredAt.toISOString() : null,
});

/**
 * Archival packages (issue 11 item 8; docs/archive.md, "Archival packages"): export a case file or a
 * selection of records as a job with progress, download the tar, import a package from another VanBan.
 */
export function archivePackageRoutes(
  table: RouteTable,
  deps: { readonly objects: ObjectStore; readonly jobs?: PackageJobs; readonly validation?: ValidationDeps },
): PackageJobs {
  const jobs = deps.jobs ?? new PackageJobs(deps.objects);
  table.route({
    method: 'post',
    path: '/api/archive/packages',
    tags: TAGS,
    summary: 'Xuất gói lưu trữ / Export an archival package',
    description:
      'Starts exporting a case file (`fileId`) or a selection of archival records (`recordIds`) as an OAIS ' +
      'package (METS, E-ARK-style layout, PREMIS, SHA-256 manifest; POSIX tar). Answers the job at once; ' +
      'poll `GET /api/archive/packages/:id` for progress, then download.',
    auth: READERS,
    body: z
      .strictObject({
        fileId: z.uuid().optional(),
        recordIds: z.array(z.uuid()).min(1).max(10_000).optional(),
      })
      .refine((b) => (b.fileId === undefined) !== (b.recordIds === undefined), {
        message: 'fileId or recordIds, one of them',
      }),
    status: 202,
    response: job,
    errors: ['CASE_FILE_NOT_FOUND', 'ARCHIVAL_RECORD_NOT_FOUND', 'PACKAGE_INVALID'],
    handler: async ({ ctx, body }) => toJob(await jobs.start(ctx, body)),
  });
  table.route({
    method: 'get',
    path: '/api/archive/packages/:id',
    tags: TAGS,
    summary: 'Tiến độ xuất gói / Package export progress',
    auth: READERS,
    params: uuidParam,
    response: job,
    errors: ['PACKAGE_NOT_FOUND'],
    handler: async ({ ctx, params }) => toJob(await jobs.get(ctx, params.id)),
  });
  table.route({
    method: 'get',
    path: '/api/archive/packages/:id/download',
    tags: TAGS,
    summary: 'Tải gói lưu trữ / Download the package (tar)',
    description:
      'A finished package is kept ARCHIVE_PACKAGE_RETENTION_DAYS (default 7) after it was written, then ' +
      'deleted: the download then answers 410 `PACKAGE_EXPIRED` (export again).',
    auth: READERS,
    params: uuidParam,
    errors: ['PACKAGE_NOT_FOUND', 'PACKAGE_NOT_READY', 'PACKAGE_EXPIRED'],
    handler: async ({ ctx, params, res }) => {
      const file = await jobs.download(ctx, params.id);
      res.status(200);
      res.setHeader('Content-Type', 'application/x-tar');
      res.setHeader('Content-Length', String(file.size));
      res.setHeader('Content-Disposition', contentDisposition(file.fileName, 'attachment'));
      res.setHeader('Cache-Control', 'private, no-cache');
      await pipeline(file.stream, res);
    },
  });
  table.route({
    method: 'post',
    path: '/api/archive/packages/import',
    tags: TAGS,
    summary: 'Nhập gói lưu trữ / Import an archival package',
    description:
      'The body is a package exported by a VanBan (application/x-tar). Every entry is checked against the ' +
      "manifest's SHA-256 before it is stored; a changed entry refuses the package with " +
      '`PACKAGE_HASH_MISMATCH` naming the file, and nothing is recorded. The files become archived files ' +
      "of the importer's unit (an archivist), in one accepted transfer.",
    auth: ['archivist'],
    upload: { contentTypes: ['application/x-tar'], maxBytes: 64 * 1024 * 1024 * 1024 },
    status: 201,
    response: z.object({
      packageId: z.string(),
      transferId: z.uuid(),
      fileIds: z.array(z.uuid()),
      recordIds: z.array(z.uuid()),
      objects: z.number().int(),
    }),
    errors: [
      'PACKAGE_INVALID',
      'PACKAGE_HASH_MISMATCH',
      'PACKAGE_ALREADY_IMPORTED',
      'PACKAGE_RETENTION_UNKNOWN',
    ],
    handler: async ({ ctx, upload }) => importPackage(ctx, deps.objects, createReadStream(upload!.path)),
  });
  const validation = deps.validation;
  if (validation) {
    table.route({
      method: 'post',
      path: '/api/archive/records/:id/validate',
      tags: TAGS,
      summary: 'Kiểm tra chữ ký tài liệu lưu trữ / Validate an archived record',
      description:
        "Validates the record's archival PDF (its newest PDF version, hash-verified from the archive) on the " +
        'server now, offline, with the server trust list, and records the report (no download and upload). ' +
        'A corrupt object is refused (ARCHIVE_OBJECT_CORRUPT) and alerted; a digitised record (scans and ' +
        'their OCR PDF/A, no signature) answers ARCHIVAL_RECORD_NOT_SIGNED.',
      auth: ['auditor', 'archivist', 'leader'],
      params: uuidParam,
      response: z.object({
        objectId: z.uuid(),
        record: z.looseObject({ id: z.uuid() }),
        report: z.looseObject({}),
      }),
      errors: ['ARCHIVAL_RECORD_NOT_FOUND', 'ARCHIVAL_RECORD_NOT_SIGNED', 'VALIDATION_BUSY'],
      handler: async ({ ctx, params }) => {
        const r = await validateArchivedRecord(ctx, validation, params.id);
        return JSON.parse(JSON.stringify(r)) as {
          objectId: string;
          record: { id: string; [k: string]: unknown };
          report: Record<string, unknown>;
        };
      },
    });
  }
  return jobs;
}
