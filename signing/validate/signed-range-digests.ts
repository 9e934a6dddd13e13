/**
 * Digests of several signatures' /ByteRange bytes (ISO 32000-2 §12.8.1) in one pass over the
 * shared prefix: every range starts at 0, so the bytes [0, a₁) are hashed once and the running
 * hash is copied at each signature's gap (Node's Hash.copy), then finished with that signature's
 * second range. Memory stays bounded for any file size: a file is read in 1 MiB steps into one
 * reused buffer with synchronous reads, and a Buffer source is hashed in place.
 *
 * A large file read through its descriptor is hashed on another thread (`startSignedRangeDigests`):
 * SHA-256 runs at ~1.8 GB/s here, so the ranges of a 10 MB file take ~6 ms of a validation whose
 * other checks (DSS, modification analysis, timestamps, paths) take about as long and do not need
 * the digest. One persistent worker thread per process reads the same descriptor (threads share the
 * process's descriptors) and hashes while the main thread works; it starts on the first large file
 * (which is hashed here meanwhile) and is kept, unreferenced, for the next ones.
 */
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ByteSource } from '../pdf';

export interface RangeDigestJob {
  /** Node hash name ('sha256', 'sha1', ...); 'shake256' gives 512 bits (Ed448, RFC 8419 §3.1). */
  readonly algorithm: string;
  /** [0, a, b, len]: structure-checked (a ≤ b, b + len ≤ source length). */
  readonly byteRange: readonly [number, number, number, number];
}

const STEP = 1024 * 1024;
const SHORT = 'the file is shorter than the signed byte range';

/** Reads up to `length` bytes at `position` into `buffer` (from 0); the count read. */
type ReadInto = (buffer: Buffer, length: number, position: number) => number;

/**
 * The digests of the jobs, in their order. Self-contained (its own requires, no module bindings):
 * its source text is also the worker thread's code. `slice` serves bytes in place (a Buffer
 * source, or a small range through the block cache) and returns undefined when the range must be
 * read in steps through `readInto`.
 */
function hashJobs(
  jobs: readonly RangeDigestJob[],
  slice: (from: number, to: number) => Buffer[] | undefined,
  readInto: ReadInto | undefined,
): Buffer[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeCrypto = require('node:crypto') as typeof import('node:crypto');
  const step = 1024 * 1024;
  const short = 'the file is shorter than the signed byte range';
  let buffer: Buffer | undefined;
  const feed = (hash: import('node:crypto').Hash, from: number, to: number): void => {
    const chunks = slice(from, to);
    if (chunks !== undefined) {
      for (const c of chunks) hash.update(c);
      return;
    }
    if (readInto === undefined) throw new Error(short);
    buffer ??= Buffer.allocUnsafe(step);
    for (let pos = from; pos < to;) {
      const n = readInto(buffer, Math.min(step, to - pos), pos);
      if (n <= 0) throw new Error(short);
      hash.update(buffer.subarray(0, n));
      pos += n;
    }
  };
  const out: Buffer[] = new Array<Buffer>(jobs.length);
  const byAlg = new Map<string, number[]>();
  for (let i = 0; i < jobs.length; i++) {
    const list = byAlg.get(jobs[i].algorithm);
    if (list) list.push(i);
    else byAlg.set(jobs[i].algorithm, [i]);
  }
  for (const [algorithm, indexes] of byAlg) {
    const sorted = indexes.slice().sort((x, y) => jobs[x].byteRange[1] - jobs[y].byteRange[1]);
    // SHAKE256 is an XOF: its output length is given at creation and again at each copy.
    const xof = algorithm === 'shake256' ? { outputLength: 64 } : undefined;
    const running = nodeCrypto.createHash(algorithm, xof);
    let pos = 0;
    for (const i of sorted) {
      const [, a, b, len] = jobs[i].byteRange;
      feed(running, pos, a);
      pos = a;
      const h = running.copy(xof);
      feed(h, b, b + len);
      out[i] = h.digest();
    }
  }
  return out;
}

/** Bytes [from, to) of a source served in place, when it is in memory or the range is small. */
function inPlace(source: ByteSource): (from: number, to: number) => Buffer[] | undefined {
  return (from, to) => {
    if (source.buffer === undefined && source.fd !== undefined && to - from > 2 * STEP) return undefined;
    const chunks: Buffer[] = [];
    for (let pos = from; pos < to; pos += STEP) {
      const chunk = source.read(pos, Math.min(STEP, to - pos));
      if (chunk.length < Math.min(STEP, to - pos)) throw new Error(SHORT);
      chunks.push(chunk);
    }
    return chunks;
  };
}

/** Digest per job, in the jobs' order, computed on this thread. */
export async function digestSignedRanges(
  source: ByteSource,
  jobs: readonly RangeDigestJob[],
): Promise<Buffer[]> {
  const fd = source.fd;
  return hashJobs(
    jobs,
    inPlace(source),
    fd === undefined ? undefined : (buffer, length, position) => fs.readSync(fd, buffer, 0, length, position),
  );
}

/** Bytes to hash from which a descriptor source is hashed on the worker thread. */
export const WORKER_HASH_BYTES = 4 * 1024 * 1024;

/**
 * Starts the digests of the jobs: on the hashing thread when the source is a file descriptor and
 * the ranges are large (the promise settles when it is done; the descriptor must stay open until
 * then), else here at once. Settles with the digests or rejects as digestSignedRanges does.
 */
export function startSignedRangeDigests(
  source: ByteSource,
  jobs: readonly RangeDigestJob[],
  options: { readonly thread?: 'auto' | 'main' | 'worker' } = {},
): Promise<Buffer[]> {
  const thread = options.thread ?? 'auto';
  const fd = source.fd;
  const bytes = jobs.reduce((n, j) => Math.max(n, j.byteRange[1] + j.byteRange[3]), 0);
  const big = source.buffer === undefined && fd !== undefined && bytes >= WORKER_HASH_BYTES;
  if (
    fd !== undefined &&
    source.buffer === undefined &&
    (thread === 'worker' || (thread === 'auto' && big))
  ) {
    const worker = HashingThread.get(thread === 'worker');
    if (worker !== undefined) return worker.hash(fd, jobs);
  }
  return digestSignedRanges(source, jobs);
}

interface HashReply {
  readonly id: number;
  readonly digests?: Uint8Array[];
  readonly error?: string;
}

/** The worker's code: hashJobs, reading the descriptor it is given with synchronous reads. */
const WORKER_SOURCE = `'use strict';
const hashJobs = ${hashJobs.toString()};
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
parentPort.on('message', ({ id, fd, jobs }) => {
  try {
    const digests = hashJobs(jobs, () => undefined, (buffer, length, position) =>
      fs.readSync(fd, buffer, 0, length, position));
    parentPort.postMessage({ id, digests });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

/** One persistent worker thread per process; unreferenced while idle, so it never keeps a process alive. */
class HashingThread {
  private static instance: HashingThread | undefined;
  private readonly worker: Worker;
  private online = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(d: Buffer[]): void; reject(e: Error): void }>();

  private constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, stdout: false, stderr: false });
    this.worker.on('online', () => {
      this.online = true;
    });
    this.worker.on('message', (reply: HashReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.digests)
        p.resolve(reply.digests.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength)));
      else p.reject(new Error(reply.error ?? 'hashing failed'));
    });
    const fail = (e: Error): void => {
      if (HashingThread.instance === this) HashingThread.instance = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`hashing thread exited (${code})`)));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    this.worker.unref();
  }

  /**
   * The process's hashing thread; the first call starts it and returns undefined (that file is
   * hashed on the calling thread) unless `wait`. Later calls use it even before its 'online' event:
   * a job sent while it starts waits for it (a loop of validations that never yields to the event
   * loop would otherwise never see the event).
   */
  static get(wait: boolean): HashingThread | undefined {
    const t = HashingThread.instance;
    if (t !== undefined) return t;
    try {
      const started = (HashingThread.instance = new HashingThread());
      return wait ? started : undefined;
    } catch {
      return undefined;
    }
  }

  static running(): boolean {
    return HashingThread.instance?.online === true;
  }

  hash(fd: number, jobs: readonly RangeDigestJob[]): Promise<Buffer[]> {
    threadJobs++;
    const id = this.nextId++;
    return new Promise<Buffer[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({
        id,
        fd,
        jobs: jobs.map((j) => ({ algorithm: j.algorithm, byteRange: [...j.byteRange] })),
      });
    });
  }
}

let threadJobs = 0;

/** How many requests were sent to the hashing thread in this process (tests). */
export function hashingThreadJobs(): number {
  return threadJobs;
}

/** Whether this process's hashing thread has started and is running (tests). */
export function hashingThreadRunning(): boolean {
  return HashingThread.running();
}
