import fs from 'node:fs';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError } from './http-error';
import {
  assertPdfHead,
  cleanFileName,
  streamToTempFile,
  type MultipartRule,
  type TempFile,
  type Upload,
  type UploadRule,
} from './receive-upload';

/** Part headers and boundaries besides the parts' bytes, in the Content-Length ceiling. */
const OVERHEAD_BYTES = 64 * 1024;

export function isMultipart(req: Request): boolean {
  return (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';
}

function invalid(en: string, vi: string, details?: Record<string, unknown>): HttpError {
  return new HttpError('UPLOAD_MULTIPART_INVALID', { vi, en }, details ? { details } : undefined);
}

/**
 * Receives a `multipart/form-data` body (busboy): the file part streamed to a temporary file exactly as
 * a raw body is (same size limit, hash, PDF check), the other parts the rule names held in memory with
 * bounded count and size. A missing or repeated file part, an unknown part, a part too large or too
 * many of them: 400 UPLOAD_MULTIPART_INVALID; a file over the limit: 413. Nothing is kept on failure.
 */
export async function receiveMultipart(
  req: Request,
  rule: UploadRule & { readonly multipart: MultipartRule },
): Promise<Upload> {
  const m = rule.multipart;
  const declared = Number(req.get('content-length') ?? NaN);
  const ceiling = rule.maxBytes + m.maxPartsBytes + OVERHEAD_BYTES;
  if (Number.isFinite(declared) && declared > ceiling) throw HttpError.payloadTooLarge(ceiling);
  const largestPart = Math.max(0, ...Object.values(m.parts).map((p) => p.maxBytes));
  const maxParts = 1 + Object.values(m.parts).reduce((n, p) => n + p.maxCount, 0);

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      // Browsers send a part's filename as raw UTF-8 (WHATWG HTML multipart/form-data encoding).
      defParamCharset: 'utf8',
      limits: {
        parts: maxParts,
        files: maxParts,
        fields: maxParts,
        fieldSize: largestPart + 1,
        fileSize: Math.max(rule.maxBytes, largestPart) + 1,
        headerPairs: 20,
        fieldNameSize: 100,
      },
    });
  } catch (e) {
    throw invalid(
      `The multipart body cannot be read: ${(e as Error).message}`,
      'Nội dung multipart không đọc được.',
    );
  }

  const parts: Record<string, Buffer[]> = {};
  let partsBytes = 0;
  let file: Promise<TempFile> | undefined;
  let fileName: string | undefined;
  let failure: unknown;
  const pending: Promise<void>[] = [];

  const addPart = (name: string, bytes: Buffer, truncated: boolean): HttpError | undefined => {
    const limit = m.parts[name]!;
    const list = (parts[name] ??= []);
    if (list.length >= limit.maxCount)
      return invalid(
        `At most ${limit.maxCount} parts named ${name}`,
        `Tối đa ${limit.maxCount} phần có tên ${name}`,
        { part: name, maxCount: limit.maxCount },
      );
    if (truncated || bytes.length > limit.maxBytes)
      return invalid(
        `The part ${name} exceeds ${limit.maxBytes} bytes`,
        `Phần ${name} vượt quá ${limit.maxBytes.toLocaleString('vi-VN')} byte`,
        { part: name, maxBytes: limit.maxBytes },
      );
    partsBytes += bytes.length;
    if (partsBytes > m.maxPartsBytes)
      return invalid(
        `The parts besides the file exceed ${m.maxPartsBytes} bytes together`,
        `Các phần ngoài tệp vượt quá ${m.maxPartsBytes.toLocaleString('vi-VN')} byte`,
        { maxPartsBytes: m.maxPartsBytes },
      );
    list.push(bytes);
    return undefined;
  };
  const unknownPart = (name: string): HttpError =>
    invalid(`Unknown part ${name}`, `Phần không được nhận: ${name}`, {
      part: name,
      accepted: [m.filePart, ...Object.keys(m.parts)],
    });

  const parsed = new Promise<void>((resolve, reject) => {
    const fail = (e: unknown): void => {
      if (failure !== undefined) return;
      failure = e;
      req.unpipe(bb);
      reject(e);
    };
    bb.on('file', (name: string, stream: Readable & { truncated?: boolean }, info: busboy.FileInfo) => {
      if (failure !== undefined) {
        stream.resume();
        return;
      }
      if (name === m.filePart) {
        if (file) {
          stream.resume();
          fail(invalid(`Only one ${name} part`, `Chỉ một phần ${name}`, { part: name }));
          return;
        }
        try {
          fileName = cleanFileName(info.filename, 'filename');
        } catch (e) {
          stream.resume();
          fail(e);
          return;
        }
        file = streamToTempFile(stream as Readable, rule.maxBytes);
        file.catch(fail);
        return;
      }
      if (!Object.hasOwn(m.parts, name)) {
        stream.resume();
        fail(unknownPart(name));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= m.parts[name]!.maxBytes) chunks.push(c);
      });
      pending.push(
        new Promise<void>((ended) => {
          stream.on('error', (e) => {
            fail(
              new HttpError(
                'UPLOAD_INCOMPLETE',
                { vi: 'Tệp tải lên bị gián đoạn.', en: 'The upload was interrupted.' },
                { cause: e },
              ),
            );
            ended();
          });
          stream.on('end', () => {
            const error = addPart(
              name,
              Buffer.concat(chunks),
              size > m.parts[name]!.maxBytes || !!stream.truncated,
            );
            if (error) fail(error);
            ended();
          });
        }),
      );
    });
    bb.on('field', (name: string, value: string, info: busboy.FieldInfo) => {
      if (failure !== undefined) return;
      if (name === m.filePart) {
        fail(
          invalid(`The ${name} part must be a file (with a filename)`, `Phần ${name} phải là một tệp`, {
            part: name,
          }),
        );
        return;
      }
      if (!Object.hasOwn(m.parts, name)) {
        fail(unknownPart(name));
        return;
      }
      const error = addPart(name, Buffer.from(value, 'utf8'), info.valueTruncated);
      if (error) fail(error);
    });
    const tooMany = (): void =>
      fail(invalid(`At most ${maxParts} parts`, `Tối đa ${maxParts} phần`, { maxParts }));
    bb.on('partsLimit', tooMany);
    bb.on('filesLimit', tooMany);
    bb.on('fieldsLimit', tooMany);
    bb.on('error', (e: Error) =>
      fail(invalid(`The multipart body cannot be read: ${e.message}`, 'Nội dung multipart không đọc được.')),
    );
    bb.on('close', () => resolve());
    req.on('error', (e) =>
      fail(
        new HttpError(
          'UPLOAD_INCOMPLETE',
          { vi: 'Tệp tải lên bị gián đoạn.', en: 'The upload was interrupted.' },
          { cause: e },
        ),
      ),
    );
    req.pipe(bb);
  });

  let received: TempFile | undefined;
  try {
    await parsed;
    await Promise.all(pending);
    if (failure !== undefined) throw failure;
    if (!file)
      throw invalid(`No ${m.filePart} part (the file)`, `Thiếu phần ${m.filePart} (tệp)`, {
        part: m.filePart,
      });
    received = await file;
    if (rule.pdf) assertPdfHead(received.head);
  } catch (e) {
    const written = await file?.catch(() => undefined);
    if (written) await fs.promises.rm(written.path, { force: true });
    throw e;
  }
  return {
    path: received.path,
    size: received.size,
    sha256: received.sha256,
    contentType: 'multipart/form-data',
    fileName,
    parts,
  };
}
