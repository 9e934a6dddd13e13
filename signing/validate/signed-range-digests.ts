/**
 * Digests of several signatures' /ByteRange bytes (ISO 32000-2 §12.8.1) in one pass over the
 * shared prefix: every range starts at 0, so the bytes [0, a₁) are hashed once and the running
 * hash is copied at each signature's gap (Node's Hash.copy), then finished with that signature's
 * second range. Reads in 1 MiB steps: memory stays bounded for any file size.
 */
import * as crypto from 'node:crypto';
import type { ByteSource } from '../pdf';

export interface RangeDigestJob {
  /** Node hash name ('sha256', 'sha1', ...). */
  readonly algorithm: string;
  /** [0, a, b, len]: structure-checked (a ≤ b, b + len ≤ source length). */
  readonly byteRange: readonly [number, number, number, number];
}

const STEP = 1024 * 1024;

function feed(hash: crypto.Hash, source: ByteSource, from: number, to: number): void {
  for (let pos = from; pos < to; pos += STEP) hash.update(source.read(pos, Math.min(STEP, to - pos)));
}

/** Digest per job, in the jobs' order. */
export function digestSignedRanges(source: ByteSource, jobs: readonly RangeDigestJob[]): Buffer[] {
  const out: Buffer[] = new Array<Buffer>(jobs.length);
  const byAlg = new Map<string, number[]>();
  jobs.forEach((j, i) => byAlg.set(j.algorithm, [...(byAlg.get(j.algorithm) ?? []), i]));
  for (const [algorithm, indexes] of byAlg) {
    const sorted = [...indexes].sort((x, y) => jobs[x].byteRange[1] - jobs[y].byteRange[1]);
    const running = crypto.createHash(algorithm);
    let pos = 0;
    for (const i of sorted) {
      const [, a, b, len] = jobs[i].byteRange;
      feed(running, source, pos, a);
      pos = a;
      const h = running.copy();
      feed(h, source, b, b + len);
      out[i] = h.digest();
    }
  }
  return out;
}
