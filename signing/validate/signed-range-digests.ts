/**
 * Digests of several signatures' /ByteRange bytes (ISO 32000-2 §12.8.1) in one pass over the
 * shared prefix: every range starts at 0, so the bytes [0, a₁) are hashed once and the running
 * hash is copied at each signature's gap (Node's Hash.copy), then finished with that signature's
 * second range. Memory stays bounded for any file size: a file is read in 1 MiB steps into two
 * reused buffers, the next step read (in libuv's pool) while the current one is hashed, so the
 * reads of a large file cost no time beside SHA-256; ranges of up to 2 MiB are read directly, and
 * a Buffer source is hashed in place.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import type { ByteSource } from '../pdf';

export interface RangeDigestJob {
  /** Node hash name ('sha256', 'sha1', ...). */
  readonly algorithm: string;
  /** [0, a, b, len]: structure-checked (a ≤ b, b + len ≤ source length). */
  readonly byteRange: readonly [number, number, number, number];
}

const STEP = 1024 * 1024;
const SHORT = 'the file is shorter than the signed byte range';

/** Feeds [from, to) of a source to hashes; `fd` sources read ahead into reused buffers. */
class RangeFeeder {
  private readonly buffers: Buffer[] | undefined;

  constructor(private readonly source: ByteSource) {
    this.buffers =
      source.buffer === undefined && source.fd !== undefined
        ? [Buffer.allocUnsafe(STEP), Buffer.allocUnsafe(STEP)]
        : undefined;
  }

  async feed(hash: crypto.Hash, from: number, to: number): Promise<void> {
    const { source, buffers } = this;
    // Small ranges are read synchronously (through the source's block cache): a round trip to the
    // thread pool costs more than it overlaps.
    if (buffers === undefined || source.fd === undefined || to - from <= 2 * STEP) {
      for (let pos = from; pos < to; pos += STEP) {
        const chunk = source.read(pos, Math.min(STEP, to - pos));
        if (chunk.length < Math.min(STEP, to - pos)) throw new Error(SHORT);
        hash.update(chunk);
      }
      return;
    }
    const fd = source.fd;
    const readInto = (b: Buffer, pos: number): Promise<number> =>
      new Promise((resolve, reject) =>
        fs.read(fd, b, 0, Math.min(STEP, to - pos), pos, (err, n) => (err ? reject(err) : resolve(n))),
      );
    let k = 0;
    let pending = from < to ? readInto(buffers[0], from) : undefined;
    for (let pos = from; pending !== undefined; k ^= 1) {
      const n = await pending;
      if (n <= 0) throw new Error(SHORT);
      const next = pos + n;
      pending = next < to ? readInto(buffers[k ^ 1], next) : undefined;
      // Observed when awaited; a failure while hashing must not become an unhandled rejection.
      pending?.catch(() => undefined);
      hash.update(buffers[k].subarray(0, n));
      pos = next;
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
    const running = crypto.createHash(algorithm);
    let pos = 0;
    for (const i of sorted) {
      const [, a, b, len] = jobs[i].byteRange;
      await feeder.feed(running, pos, a);
      pos = a;
      const h = running.copy();
      await feeder.feed(h, b, b + len);
      out[i] = h.digest();
    }
  }
  return out;
}
