import { createReadStream } from 'node:fs';
import type { ObjectStore } from '../../storage/objects/object-store';
import { appendAuditEvent } from '../audit/append-audit-event';
import { guardObjectReference } from '../maintenance/guard-object-reference';
import type { Actor, DomainContext } from '../context';
import type { Queryable } from '../directory/unit-repository';
import './file-audit-events';
import { FileError } from './file-error';
import { DEFAULT_UPLOAD_QUOTA, assertUploadAllowed, type UploadQuota } from './upload-quota';

/** A file a user uploaded, waiting to become (or already) a document version or attachment. */
export interface UploadedFile {
  readonly id: string;
  readonly ownerUserId: string;
  readonly unitId: string;
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
  readonly fileName: string | null;
  readonly createdAt: Date;
}

/** The received request body: a temporary file with its size and SHA-256 (server/http/receive-upload). */
export interface ReceivedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
  readonly fileName?: string;
}

interface FileRow {
  id: string;
  owner_user_id: string;
  unit_id: string;
  sha256: string;
  size: string;
  content_type: string;
  file_name: string | null;
  created_at: Date;
}

const toFile = (r: FileRow): UploadedFile => ({
  id: r.id,
  ownerUserId: r.owner_user_id,
  unitId: r.unit_id,
  sha256: r.sha256,
  size: Number(r.size),
  contentType: r.content_type,
  fileName: r.file_name,
  createdAt: r.created_at,
});

/**
 * Stores an uploaded file within the upload quota (upload-quota.ts: pending bytes per user and per unit,
 * uploads per user per hour; UPLOAD_QUOTA_EXCEEDED 413 / RATE_LIMITED 429): the bytes go to the object store first (content-addressed, streamed from
 * the temporary file), then the row that makes it usable by its uploader, with the audit event. A crash
 * in between leaves at worst an unreferenced object. The file id is usable by the uploader only.
 */
export async function uploadFile(
  ctx: DomainContext,
  objects: ObjectStore,
  file: ReceivedFile,
  quota: UploadQuota = DEFAULT_UPLOAD_QUOTA,
): Promise<UploadedFile> {
  await assertUploadAllowed(ctx.db, ctx.actor, ctx.clock, quota, file.size);
  const stored = await objects.put(createReadStream(file.path), { contentType: file.contentType });
  if (stored.sha256 !== file.sha256 || stored.size !== file.size) {
    throw new FileError('FILE_INVALID', {
      vi: 'Tệp thay đổi trong khi tải lên',
      en: 'The file changed while it was being stored',
    });
  }
  const name =
    file.fileName
      ?.normalize('NFC')
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 255) || null;
  return ctx.db.transaction(async (m) => {
    // Again under the unit's lock: parallel uploads of one unit are counted one after the other. A
    // refusal here leaves at worst the object just put, unreferenced (the storage sweep removes it).
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('uploaded_files:' || $1::text))`, [
      ctx.actor.unitId,
    ]);
    await assertUploadAllowed(m, ctx.actor, ctx.clock, quota, file.size);
    // The same bytes may have been swept (deleted as unreferenced) between the put and now.
    await guardObjectReference(m, objects, { sha256: stored.sha256, contentType: file.contentType }, () =>
      createReadStream(file.path),
    );
    const rows: FileRow[] = await m.query(
      `INSERT INTO uploaded_files (owner_user_id, unit_id, sha256, size, content_type, file_name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, owner_user_id, unit_id, sha256, size, content_type, file_name, created_at`,
      [
        ctx.actor.userId,
        ctx.actor.unitId,
        stored.sha256,
        stored.size,
        file.contentType,
        name,
        ctx.clock.now(),
      ],
    );
    const f = toFile(rows[0]!);
    await appendAuditEvent(m, ctx, {
      type: 'FILE_UPLOADED',
      payload: { fileId: f.id, sha256: f.sha256, size: f.size, contentType: f.contentType },
    });
    return f;
  });
}

/**
 * The actor's own uploaded file; another user's or an unknown id answers FILE_NOT_FOUND, and so does a
 * file past its retention (UPLOAD_RETENTION_HOURS, 24; the storage sweep removed it). The row is locked FOR SHARE: called inside the
 * transaction that records a document's reference to the bytes, the sweep cannot remove the file (and
 * then judge its bytes unreferenced) before that reference is committed.
 */
export async function ownUploadedFile(
  q: Queryable,
  actor: Actor,
  fileId: string,
  expect: { pdf?: boolean } = {},
): Promise<UploadedFile> {
  const rows: FileRow[] = /^[0-9a-f-]{36}$/i.test(fileId)
    ? await q.query(
        `SELECT id, owner_user_id, unit_id, sha256, size, content_type, file_name, created_at
         FROM uploaded_files WHERE id = $1 FOR SHARE`,
        [fileId],
      )
    : [];
  const f = rows[0] ? toFile(rows[0]) : undefined;
  if (!f || f.ownerUserId !== actor.userId) throw FileError.notFound(fileId);
  if (expect.pdf && f.contentType !== 'application/pdf') {
    throw new FileError(
      'FILE_INVALID',
      { vi: 'Tệp phải là PDF', en: 'The file must be a PDF' },
      { fileId, contentType: f.contentType },
    );
  }
  return f;
}
