/**
 * Random-access byte sources for the reader: a Buffer, or an open file read in chunks so that a
 * 200 MB PDF is never loaded whole. Reads are synchronous (pread) to keep the object API simple;
 * the reader only reads small windows (xref sections, object headers, dictionaries).
 */
import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

export interface ByteSource {
  /** Total length in bytes. */
  readonly length: number;
  /** Bytes [offset, offset+length) clipped to the source; may share memory with the source. */
  read(offset: number, length: number): Buffer;
  /** The whole content when it is already in memory (zero-copy), else undefined. */
  readonly buffer?: Buffer;
  /** The file descriptor for file sources (used to stream-copy and hash). */
  readonly fd?: number;
  /** Release resources the source owns (a file opened by path). */
  close(): void;
}

/** A source over an in-memory Buffer (zero-copy reads). */
export class BufferSource implements ByteSource {
  readonly length: number;
  constructor(readonly buffer: Buffer) {
    this.length = buffer.length;
  }
  read(offset: number, length: number): Buffer {
    const start = Math.max(0, Math.min(offset, this.length));
    return this.buffer.subarray(start, Math.min(this.length, start + Math.max(0, length)));
  }
  close(): void {}
}

/** Size of the cached blocks of a file source and how many are kept. */
const BLOCK = 64 * 1024;
const MAX_BLOCKS = 32;

/**
 * A source over a file descriptor. Small reads are served from a little LRU cache of 64 KiB blocks
 * (2 MiB at most); large reads go straight to the file.
 */
export class FileSource implements ByteSource {
  readonly length: number;
  private readonly blocks = new Map<number, Buffer>();

  private constructor(
    readonly fd: number,
    private readonly owned: boolean,
  ) {
    this.length = fs.fstatSync(fd).size;
  }

  /** Open a file by path; `close()` closes it. */
  static open(path: string): FileSource {
    return new FileSource(fs.openSync(path, 'r'), true);
  }

  /** Use an already open descriptor or FileHandle; the caller keeps ownership. */
  static fromDescriptor(fd: number | FileHandle): FileSource {
    return new FileSource(typeof fd === 'number' ? fd : fd.fd, false);
  }

  read(offset: number, length: number): Buffer {
    const start = Math.max(0, Math.min(offset, this.length));
    const end = Math.min(this.length, start + Math.max(0, length));
    const n = end - start;
    if (n <= 0) return Buffer.alloc(0);
    const first = Math.floor(start / BLOCK);
    const last = Math.floor((end - 1) / BLOCK);
    if (first === last) {
      const block = this.block(first);
      return block.subarray(start - first * BLOCK, end - first * BLOCK);
    }
    if (n > BLOCK * 4) return this.readDirect(start, n);
    const out = Buffer.allocUnsafe(n);
    for (let b = first; b <= last; b++) {
      const block = this.block(b);
      const bs = b * BLOCK;
      const from = Math.max(start, bs);
      const to = Math.min(end, bs + block.length);
      block.copy(out, from - start, from - bs, to - bs);
    }
    return out;
  }

  private block(index: number): Buffer {
    let b = this.blocks.get(index);
    if (b !== undefined) {
      this.blocks.delete(index);
      this.blocks.set(index, b);
      return b;
    }
    const start = index * BLOCK;
    b = this.readDirect(start, Math.min(BLOCK, this.length - start));
    this.blocks.set(index, b);
    if (this.blocks.size > MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
    return b;
  }

  private readDirect(start: number, n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let done = 0;
    while (done < n) {
      const r = fs.readSync(this.fd, out, done, n - done, start + done);
      if (r === 0) break;
      done += r;
    }
    return done === n ? out : out.subarray(0, done);
  }

  close(): void {
    this.blocks.clear();
    if (this.owned) fs.closeSync(this.fd);
  }
}

/** What `PdfReader.open` accepts: a Buffer, a path, a descriptor, a FileHandle or a ByteSource. */
export type PdfInput = Buffer | Uint8Array | string | number | FileHandle | ByteSource;

export function toByteSource(input: PdfInput): ByteSource {
  if (Buffer.isBuffer(input)) return new BufferSource(input);
  if (input instanceof Uint8Array)
    return new BufferSource(Buffer.from(input.buffer, input.byteOffset, input.length));
  if (typeof input === 'string') return FileSource.open(input);
  if (typeof input === 'number') return FileSource.fromDescriptor(input);
  if (isFileHandle(input)) return FileSource.fromDescriptor(input);
  return input;
}

function isFileHandle(x: FileHandle | ByteSource): x is FileHandle {
  return typeof (x as FileHandle).stat === 'function' && typeof (x as FileHandle).fd === 'number';
}
