/**
 * Signature placeholder, ISO 32000-2 §12.8.1 (signature dictionary /ByteRange and /Contents) and
 * ETSI EN 319 142-1 §5.1 (PAdES: the byte range covers the whole file except the /Contents value).
 *
 * Two phases, so that the private key may live elsewhere (external two-step signing):
 * 1. prepare: the update is written with `/ByteRange` reserved at fixed width and `/Contents <00…>`;
 *    the byte range `[0 a b len-b]` is computed so that the gap is exactly the `<hex>` of /Contents
 *    and patched in place before anything is written ({@link preparePlaceholder});
 * 2. digest: {@link hashByteRanges} streams the two ranges through a hash with a fixed buffer;
 * 3. complete: {@link embedSignature} writes the DER signature's hex into the reserved gap.
 */
import * as crypto from 'node:crypto';
import * as fsp from 'node:fs/promises';
import type { ByteSource } from './byte-source';
import { PdfError } from './errors';
import { PdfDict, PdfPlaceholder } from './objects';
import { BYTE_RANGE_PLACEHOLDER, type PlaceholderPosition } from './serializer';

/** Where the signature goes in the written file. */
export interface PreparedSignature {
  /** `[0, a, b, length - b]`: everything but the /Contents hex string. */
  readonly byteRange: readonly [number, number, number, number];
  /** Offset of the '<' opening the /Contents hex string (= byteRange[1]). */
  readonly contentsOffset: number;
  /** Bytes of DER the placeholder can hold. */
  readonly contentsCapacity: number;
  /** Length of the whole file. */
  readonly fileLength: number;
}

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

/** Default reserved size of /Contents: room for a CMS with chain, timestamp and revocation data. */
export const DEFAULT_CONTENTS_SIZE = 16 * 1024;

/**
 * Put the /ByteRange and /Contents placeholders into a signature (or document timestamp)
 * dictionary that will be written in an incremental update. Returns the same dictionary.
 */
export function addSignaturePlaceholder(dict: PdfDict, contentsSize = DEFAULT_CONTENTS_SIZE): PdfDict {
  if (!Number.isInteger(contentsSize) || contentsSize <= 0 || contentsSize > 1024 * 1024) {
    throw placeholderInvalid(`contents size ${contentsSize} out of range`);
  }
  dict.set('ByteRange', new PdfPlaceholder('byteRange'));
  dict.set('Contents', new PdfPlaceholder('contents', contentsSize));
  return dict;
}

/**
 * Compute the byte range once the update bytes are known and patch `/ByteRange` in `update`
 * (same width, padded with spaces). `base` is the offset in the file where `update` starts.
 * Returns undefined when the update holds no placeholder.
 */
export function preparePlaceholder(
  update: Buffer,
  base: number,
  positions: readonly PlaceholderPosition[],
): PreparedSignature | undefined {
  if (positions.length === 0) return undefined;
  const br = positions.filter((p) => p.kind === 'byteRange');
  const ct = positions.filter((p) => p.kind === 'contents');
  if (br.length !== 1 || ct.length !== 1) {
    throw placeholderInvalid('an update must hold exactly one /ByteRange and one /Contents placeholder');
  }
  const fileLength = base + update.length;
  const a = base + ct[0].start;
  const b = base + ct[0].end;
  const byteRange = [0, a, b, fileLength - b] as const;
  const text = `[${byteRange.join(' ')}`;
  const width = BYTE_RANGE_PLACEHOLDER.length;
  if (text.length + 1 > width) throw placeholderInvalid('file too large for the /ByteRange placeholder');
  update.write(text.padEnd(width - 1, ' ') + ']', br[0].start, 'latin1');
  return { byteRange, contentsOffset: a, contentsCapacity: (ct[0].end - ct[0].start - 2) / 2, fileLength };
}

/**
 * Digest of the signed byte ranges (§12.8.1: "the message digest is computed over the byte range"),
 * read from a Buffer, a path or a ByteSource in 1 MiB steps: memory stays bounded for any size.
 */
export async function hashByteRanges(
  source: Buffer | string | ByteSource,
  byteRange: readonly number[],
  algorithm: DigestAlgorithm,
): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return hashByteRangesSync(source, byteRange, algorithm);
  if (typeof source !== 'string') {
    checkRange(byteRange, source.length);
    const h = crypto.createHash(algorithm);
    for (let r = 0; r < byteRange.length; r += 2) {
      for (let pos = byteRange[r], end = byteRange[r] + byteRange[r + 1]; pos < end;) {
        const b = source.read(pos, Math.min(CHUNK, end - pos));
        if (b.length === 0) throw placeholderInvalid('byte range beyond the end of the file');
        h.update(b);
        pos += b.length;
      }
    }
    return h.digest();
  }
  const fh = await fsp.open(source, 'r');
  try {
    const { size } = await fh.stat();
    checkRange(byteRange, size);
    const h = crypto.createHash(algorithm);
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let r = 0; r < byteRange.length; r += 2) {
      for (let pos = byteRange[r], end = byteRange[r] + byteRange[r + 1]; pos < end;) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, end - pos), pos);
        if (bytesRead === 0) throw placeholderInvalid('byte range beyond the end of the file');
        h.update(buf.subarray(0, bytesRead));
        pos += bytesRead;
      }
    }
    return h.digest();
  } finally {
    await fh.close();
  }
}

/** Synchronous variant for in-memory files (the hot path of one-page documents). */
export function hashByteRangesSync(
  data: Buffer,
  byteRange: readonly number[],
  algorithm: DigestAlgorithm,
): Buffer {
  checkRange(byteRange, data.length);
  const h = crypto.createHash(algorithm);
  for (let r = 0; r < byteRange.length; r += 2)
    h.update(data.subarray(byteRange[r], byteRange[r] + byteRange[r + 1]));
  return h.digest();
}

/**
 * Write the DER-encoded CMS into the reserved /Contents (hex, zero-padded). `target` is the new
 * file's Buffer (changed in place) or its path. SIGNATURE_TOO_LARGE when it does not fit.
 */
export async function embedSignature(
  target: Buffer | string,
  prepared: PreparedSignature,
  der: Uint8Array,
): Promise<void> {
  const hex = hexFor(prepared, der);
  if (Buffer.isBuffer(target)) {
    embedSignatureSync(target, prepared, der);
    return;
  }
  const fh = await fsp.open(target, 'r+');
  try {
    const lt = Buffer.alloc(1);
    await fh.read(lt, 0, 1, prepared.contentsOffset);
    if (lt[0] !== 0x3c) throw placeholderInvalid('no /Contents placeholder at the prepared offset');
    await fh.write(Buffer.from(hex, 'latin1'), 0, hex.length, prepared.contentsOffset + 1);
  } finally {
    await fh.close();
  }
}

/** Synchronous variant of {@link embedSignature} for a Buffer. */
export function embedSignatureSync(target: Buffer, prepared: PreparedSignature, der: Uint8Array): void {
  const hex = hexFor(prepared, der);
  if (target[prepared.contentsOffset] !== 0x3c || target[prepared.byteRange[2] - 1] !== 0x3e) {
    throw placeholderInvalid('no /Contents placeholder at the prepared offset');
  }
  target.write(hex, prepared.contentsOffset + 1, 'latin1');
}

function hexFor(prepared: PreparedSignature, der: Uint8Array): string {
  if (der.length > prepared.contentsCapacity) {
    throw new PdfError(
      'SIGNATURE_TOO_LARGE',
      {
        vi: `Chữ ký (${der.length} byte) lớn hơn vùng dành sẵn (${prepared.contentsCapacity} byte)`,
        en: `Signature (${der.length} bytes) does not fit the reserved ${prepared.contentsCapacity} bytes`,
      },
      { details: { size: der.length, capacity: prepared.contentsCapacity } },
    );
  }
  return Buffer.from(der.buffer, der.byteOffset, der.length)
    .toString('hex')
    .padEnd(prepared.contentsCapacity * 2, '0');
}

const CHUNK = 1024 * 1024;

function checkRange(br: readonly number[], length: number): void {
  if (br.length % 2 !== 0 || br.length === 0)
    throw placeholderInvalid('byte range must have pairs of numbers');
  for (let i = 0; i < br.length; i += 2) {
    const [s, n] = [br[i], br[i + 1]];
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(n) || s < 0 || n < 0 || s + n > length) {
      throw placeholderInvalid('byte range outside the file');
    }
  }
}

function placeholderInvalid(en: string): PdfError {
  return new PdfError('SIGNATURE_PLACEHOLDER_INVALID', {
    vi: `Vùng chữ ký không hợp lệ: ${en}`,
    en: `Invalid signature placeholder: ${en}`,
  });
}
