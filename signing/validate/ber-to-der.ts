/**
 * BER to DER for a CMS found in a signature's /Contents (X.690 §8.1.3.6, §10.1). PAdES asks for DER
 * (ETSI EN 319 142-1 §6.3), but NSS — poppler's pdfsig, Firefox-based tools — writes the outer
 * ContentInfo and SignedData with indefinite lengths. Only the elements that contain an indefinite
 * length are rebuilt with definite ones; every other element keeps its exact bytes, so certificates,
 * signed attributes and timestamp tokens (whose signatures cover their encoding) are untouched. The
 * signature over the signed attributes is over their DER SET OF anyway (RFC 5652 §5.4).
 */

const MAX_DEPTH = 64;

interface Element {
  /** The element as DER-definite bytes (the original bytes when nothing inside was indefinite). */
  readonly bytes: Buffer;
  /** Offset just past the element in the input. */
  readonly end: number;
  /** Whether `bytes` differ from the input (an indefinite length was replaced inside). */
  readonly rebuilt: boolean;
}

function fail(what: string, at: number): Error {
  return new Error(`malformed BER: ${what} at offset ${at}`);
}

function lengthOctets(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function read(buf: Buffer, offset: number, limit: number, depth: number): Element {
  if (depth > MAX_DEPTH) throw fail('nesting too deep', offset);
  if (offset + 2 > limit) throw fail('truncated element', offset);
  let pos = offset + 1;
  if ((buf[offset] & 0x1f) === 0x1f) {
    // High tag number: base-128 octets, the last without bit 8 (X.690 §8.1.2.4).
    while (pos < limit && buf[pos] & 0x80) pos++;
    pos++;
  }
  const tagEnd = pos;
  if (tagEnd >= limit) throw fail('truncated identifier', offset);
  const constructed = (buf[offset] & 0x20) !== 0;
  const first = buf[pos++];
  if (first === 0x80) {
    // Indefinite length: constructed only; children until the end-of-contents octets 00 00.
    if (!constructed) throw fail('indefinite length on a primitive element', offset);
    const parts: Buffer[] = [];
    for (;;) {
      if (pos + 2 > limit) throw fail('missing end-of-contents', offset);
      if (buf[pos] === 0 && buf[pos + 1] === 0) {
        pos += 2;
        break;
      }
      const child = read(buf, pos, limit, depth + 1);
      parts.push(child.bytes);
      pos = child.end;
    }
    const content = Buffer.concat(parts);
    return {
      bytes: Buffer.concat([buf.subarray(offset, tagEnd), lengthOctets(content.length), content]),
      end: pos,
      rebuilt: true,
    };
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4 || pos + n > limit) throw fail('bad length', offset);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[pos++];
  }
  const end = pos + length;
  if (end > limit) throw fail('element runs past its parent', offset);
  if (!constructed) return { bytes: buf.subarray(offset, end), end, rebuilt: false };
  const parts: Buffer[] = [];
  let changed = false;
  for (let p = pos; p < end;) {
    const child = read(buf, p, end, depth + 1);
    if (child.rebuilt) changed = true;
    parts.push(child.bytes);
    p = child.end;
  }
  if (!changed) return { bytes: buf.subarray(offset, end), end, rebuilt: false };
  const content = Buffer.concat(parts);
  return {
    bytes: Buffer.concat([buf.subarray(offset, tagEnd), lengthOctets(content.length), content]),
    end,
    rebuilt: true,
  };
}

/** The first element of `buf` (a /Contents string: CMS followed by zero padding) in DER form. */
export function berToDer(buf: Buffer): Buffer {
  return read(buf, 0, buf.length, 0).bytes;
}
