import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
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
  /**
   * The client's file name from `X-File-Name` (URI-encoded UTF-8), or the file part's `filename` in a
   * multipart body, when sent. Display only.
   */
  readonly fileName?: string;
  /** In a multipart body: the small parts besides the file, by name, in order (see MultipartRule). */
  readonly parts?: Readonly<Record<string, readonly Buffer[]>>;
}

/**
 * A route that also takes `multipart/form-data`: the file in one part (streamed to the temporary file
 * like a raw body, with the same limit), and a few small named parts (held in memory) beside it.
 */
export interface MultipartRule {
  /** Name of the part holding the file (a file part, with a filename). */
  readonly filePart: string;
  /** Other accepted parts: how many of each and how large each may be. Any other name: 400. */
  readonly parts: Readonly<Record<string, { readonly maxCount: number; readonly maxBytes: number }>>;
  /** All the other parts together, in bytes. */
  readonly maxPartsBytes: number;
  /** What the other parts are, for the OpenAPI document. */
  readonly descriptions?: Readonly<Record<string, string>>;
}

export interface UploadRule {
  /** Accepted media types (`application/pdf`, `application/octet-stream`, ...). */
  readonly contentTypes: readonly string[];
  /** Largest body accepted; 413 PAYLOAD_TOO_LARGE beyond it (also when Content-Length says so). */
  readonly maxBytes: number;
  /** Require the bytes to start with `%PDF-` within the first 1 KiB (ISO 32000-2 §7.5.2). */
  readonly pdf?: boolean;
  /** Also accept `multipart/form-data` (receive-multipart.ts); the raw body still works. */
  readonly multipart?: MultipartRule;
}

/** A stream received into a private temporary file, hashed on the way. */
export interface TempFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  /** The first KiB, for the PDF header check. */
  readonly head: Buffer;
}

/**
 * Streams `source` to a new temporary file under the OS temp directory (0600), hashing it, with a hard
 * size limit (413 PAYLOAD_TOO_LARGE beyond `maxBytes`); the file is removed when anything fails.
 */
export async function streamToTempFile(source: Readable, maxBytes: number): Promise<TempFile> {
  const file = path.join(os.tmpdir(), `vanban-upload-${process.pid}-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(HttpError.payloadTooLarge(maxBytes));
        return;
      }
      if (head.length < 1024) head = Buffer.concat([head, chunk.subarray(0, 1024 - head.length)]);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    if (e instanceof HttpError) throw e;
    throw new HttpError(
      'UPLOAD_INCOMPLETE',
      { vi: 'Tệp tải lên bị gián đoạn.', en: 'The upload was interrupted.' },
      { cause: e },
    );
  }
  return { path: file, size, sha256: hash.digest('hex'), head };
}

/**
 * A client's file name (display only): refused with NUL or unpaired surrogates (400), cut at 255
 * UTF-16 units, never ending in half a surrogate pair.
 */
export function cleanFileName(fileName: string | undefined, where: string): string | undefined {
  if (fileName === undefined) return undefined;
  if (hasUnsafeCharacters(fileName)) throw HttpError.unsafeCharacters('headers', where);
  return fileName.length > 255
    ? fileName.slice(0, /[\ud800-\udbff]/.test(fileName[254]!) ? 254 : 255)
    : fileName;
}

/** 400 UPLOAD_NOT_PDF unless `%PDF-` is within the first KiB (ISO 32000-2 §7.5.2). */
export function assertPdfHead(head: Buffer): void {
  if (!head.includes('%PDF-'))
    throw new HttpError('UPLOAD_NOT_PDF', {
      vi: 'Tệp tải lên không phải là tệp PDF.',
      en: 'The uploaded file is not a PDF.',
    });
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

  const received = await streamToTempFile(req, rule.maxBytes);
  try {
    let fileName: string | undefined;
    const rawName = req.get('x-file-name');
    if (rawName) {
      try {
        fileName = decodeURIComponent(rawName);
      } catch {
        fileName = undefined;
      }
      fileName = cleanFileName(fileName, 'x-file-name');
    }
    if (rule.pdf) assertPdfHead(received.head);
    return { path: received.path, size: received.size, sha256: received.sha256, contentType, fileName };
  } catch (e) {
    await fs.promises.rm(received.path, { force: true });
    throw e;
  }
}
