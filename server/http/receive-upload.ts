import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { HttpError } from './http-error';
import { hasUnsafeCharacters } from './unsafe-characters';

/** A request body received into a temporary file (removed after the handler returns). */
export interface Upload {
  /** Temporary file holding the bytes exactly as received. */
  readonly path: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  readonly sha256: string;
  /** The request's media type without parameters, e.g. `application/pdf`. */
  readonly contentType: string;
  /** The client's file name from `X-File-Name` (URI-encoded UTF-8), when sent. Display only. */
  readonly fileName?: string;
}

export interface UploadRule {
  /** Accepted media types (`application/pdf`, `application/octet-stream`, ...). */
  readonly contentTypes: readonly string[];
  /** Largest body accepted; 413 PAYLOAD_TOO_LARGE beyond it (also when Content-Length says so). */
  readonly maxBytes: number;
  /** Require the bytes to start with `%PDF-` within the first 1 KiB (ISO 32000-2 §7.5.2). */
  readonly pdf?: boolean;
}

/**
 * Streams a raw request body (not JSON, not multipart) to a temporary file under the OS temp
 * directory, hashing it on the way, with a hard size limit: memory stays bounded whatever the size,
 * and nothing is kept when the client stops half-way or the limit is crossed.
 */
export async function receiveUpload(req: Request, rule: UploadRule): Promise<Upload> {
  const contentType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!rule.contentTypes.includes(contentType)) {
    throw HttpError.unsupportedMediaType(rule.contentTypes.join(', '));
  }
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > rule.maxBytes) throw HttpError.payloadTooLarge(rule.maxBytes);

  const file = path.join(os.tmpdir(), `vanban-upload-${process.pid}-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > rule.maxBytes) {
        done(HttpError.payloadTooLarge(rule.maxBytes));
        return;
      }
      if (head.length < 1024) head = Buffer.concat([head, chunk.subarray(0, 1024 - head.length)]);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    if (e instanceof HttpError) throw e;
    throw new HttpError(
      'UPLOAD_INCOMPLETE',
      { vi: 'Tệp tải lên bị gián đoạn.', en: 'The upload was interrupted.' },
      { cause: e },
    );
  }
  let fileName: string | undefined;
  const rawName = req.get('x-file-name');
  if (rawName) {
    try {
      fileName = decodeURIComponent(rawName);
    } catch {
      fileName = undefined;
    }
    if (fileName !== undefined && hasUnsafeCharacters(fileName)) {
      await fs.promises.rm(file, { force: true });
      throw HttpError.unsafeCharacters('headers', 'x-file-name');
    }
    // At most 255 UTF-16 units, never ending in half a surrogate pair.
    if (fileName !== undefined && fileName.length > 255)
      fileName = fileName.slice(0, /[\ud800-\udbff]/.test(fileName[254]!) ? 254 : 255);
  }
  if (rule.pdf && !head.includes('%PDF-')) {
    await fs.promises.rm(file, { force: true });
    throw new HttpError('UPLOAD_NOT_PDF', {
      vi: 'Tệp tải lên không phải là tệp PDF.',
      en: 'The uploaded file is not a PDF.',
    });
  }
  return { path: file, size, sha256: hash.digest('hex'), contentType, fileName };
}
