import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { CodedError } from '../../signing/errors';

/**
 * The archival package's container: POSIX ustar (IEEE 1003.1-2001), written and read as a stream so
 * that a package of any size never sits in memory. Sizes of 8 GiB and more use the GNU base-256 size
 * field; names are ASCII and short (the package's own paths), split into prefix/name when over 100.
 */

export type PackageErrorCode =
  | 'PACKAGE_INVALID'
  | 'PACKAGE_HASH_MISMATCH'
  | 'PACKAGE_ALREADY_IMPORTED'
  | 'PACKAGE_RETENTION_UNKNOWN'
  | 'PACKAGE_NOT_FOUND'
  | 'PACKAGE_NOT_READY'
  | 'PACKAGE_EXPIRED';

/** Refusals of archival package export and import (HTTP: server/http/error-status.ts). */
export class PackageError extends CodedError {
  declare readonly code: PackageErrorCode;
  constructor(
    code: PackageErrorCode,
    message: { vi: string; en: string },
    details?: Record<string, unknown>,
  ) {
    super(code, message, { details });
  }
  static invalid(vi: string, en: string, details?: Record<string, unknown>): PackageError {
    return new PackageError(
      'PACKAGE_INVALID',
      { vi: `Gói lưu trữ không hợp lệ: ${vi}`, en: `Invalid package: ${en}` },
      details,
    );
  }
  static mismatch(file: string): PackageError {
    return new PackageError(
      'PACKAGE_HASH_MISMATCH',
      {
        vi: `Gói lưu trữ bị thay đổi: tệp ${file} không khớp mã băm SHA-256 trong danh mục`,
        en: `The package was altered: ${file} does not match its SHA-256 in the manifest`,
      },
      { file },
    );
  }
}

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw PackageError.invalid('đường dẫn quá dài', `path too long: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size <= MAX_OCTAL_SIZE) h.write(octal(size, 12), 124, 'ascii');
  else {
    // GNU base-256: high bit set, big-endian binary in the remaining 11 bytes.
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('vanban', 265, 'ascii');
  h.write('vanban', 297, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** Writes tar entries to a stream, waiting for it to drain (back-pressure). */
export class TarWriter {
  private written = 0;
  constructor(
    private readonly out: Writable,
    private readonly mtime: Date,
  ) {}

  get bytesWritten(): number {
    return this.written;
  }

  private async write(b: Buffer): Promise<void> {
    this.written += b.length;
    if (!this.out.write(b)) await once(this.out, 'drain');
  }

  async file(name: string, bytes: Buffer): Promise<void> {
    await this.write(tarHeader(name, bytes.length, this.mtime));
    await this.write(bytes);
    await this.pad(bytes.length);
  }

  /** An entry whose bytes come from a stream of exactly `size` bytes; `onChunk` sees every chunk. */
  async stream(name: string, size: number, source: Readable, onChunk: (b: Buffer) => void): Promise<void> {
    await this.write(tarHeader(name, size, this.mtime));
    let n = 0;
    for await (const chunk of source) {
      const b = chunk as Buffer;
      n += b.length;
      if (n > size)
        throw PackageError.invalid('đối tượng dài hơn dự kiến', `${name} is longer than recorded`);
      onChunk(b);
      await this.write(b);
    }
    if (n !== size)
      throw PackageError.invalid('đối tượng ngắn hơn dự kiến', `${name} is shorter than recorded`);
    await this.pad(size);
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.write(Buffer.alloc(BLOCK - rest, 0));
  }

  async end(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2, 0));
  }
}

function parseSize(h: Buffer): number {
  if (h[124]! & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]!);
    return Number(v);
  }
  const s = h.toString('ascii', 124, 136).replace(/\0.*$/, '').trim();
  if (!/^[0-7]+$/.test(s)) throw PackageError.invalid('tiêu đề tar hỏng', 'corrupt tar header (size)');
  return parseInt(s, 8);
}

function cstr(h: Buffer, from: number, len: number): string {
  const s = h.subarray(from, from + len);
  const z = s.indexOf(0);
  return s.toString('utf8', 0, z < 0 ? len : z);
}

export interface TarEntry {
  readonly name: string;
  readonly size: number;
}

/**
 * Reads a tar stream entry by entry: `onEntry` gets each regular file's name and size and an async
 * iterator over its bytes (to be consumed before the next entry is read).
 */
export async function readTar(
  input: AsyncIterable<Buffer | string>,
  onEntry: (e: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const it = input[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  let done = false;
  const fill = async (n: number): Promise<boolean> => {
    while (pending.length < n && !done) {
      const r = await it.next();
      if (r.done) done = true;
      else pending = pending.length ? Buffer.concat([pending, Buffer.from(r.value)]) : Buffer.from(r.value);
    }
    return pending.length >= n;
  };
  const take = (n: number): Buffer => {
    const b = pending.subarray(0, n);
    pending = pending.subarray(n);
    return b;
  };
  for (;;) {
    if (!(await fill(BLOCK))) throw PackageError.invalid('gói bị cắt cụt', 'the package is truncated');
    const h = take(BLOCK);
    if (h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (parseInt(cstr(h, 148, 8).trim() || '-1', 8) !== sum)
      throw PackageError.invalid('tiêu đề tar hỏng', 'corrupt tar header (checksum)');
    const prefix = cstr(h, 345, 155);
    const name = (prefix ? `${prefix}/` : '') + cstr(h, 0, 100);
    const size = parseSize(h);
    const type = String.fromCharCode(h[156]!);
    let left = size;
    const body = async function* (): AsyncGenerator<Buffer> {
      while (left > 0) {
        if (!pending.length && !(await fill(1)))
          throw PackageError.invalid('gói bị cắt cụt', 'the package is truncated');
        const b = take(Math.min(left, pending.length));
        left -= b.length;
        yield b;
      }
    };
    if (type === '0' || type === '\0') await onEntry({ name, size }, body());
    // Whatever the consumer left unread, and the padding.
    for await (const _ of body()) void _;
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (padding) {
      if (!(await fill(padding))) throw PackageError.invalid('gói bị cắt cụt', 'the package is truncated');
      take(padding);
    }
  }
}
