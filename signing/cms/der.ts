import { PkiError } from '../pki/pki-error';

/**
 * A small DER encoder and TLV reader (ITU-T X.690 §8 and §10), used on the signing hot path where
 * pkijs' object model costs far more than the signature itself, and by the dev PKI to write
 * certificates, CRLs, OCSP and timestamp responses. Encoders return Buffers ready to concatenate;
 * the reader returns views into the input (no copies) with the exact encoded bytes of each element,
 * which is what signature checks need (X.690 §10: DER is the one encoding that is signed).
 */

/** X.690 §8.1.3: definite length, short form below 128, long form otherwise. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with an explicit tag byte (single-byte tags suffice for everything we write). */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = content.length === 1 ? content[0] : Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);

/** X.690 §11.6: the elements of a DER SET OF are sorted by their encodings. */
export function setOf(...items: Buffer[]): Buffer {
  return tlv(0x31, ...[...items].sort(Buffer.compare));
}

/** [n] EXPLICIT (constructed context-specific). */
export const explicit = (n: number, ...content: Buffer[]): Buffer => tlv(0xa0 | n, ...content);

/** [n] IMPLICIT over a primitive type: the content bytes with a context tag. */
export const implicitPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

/** Re-tag an already encoded element (IMPLICIT tagging of a constructed type keeps the content). */
export function retag(encoded: Buffer, tag: number): Buffer {
  const copy = Buffer.from(encoded);
  copy[0] = tag;
  return copy;
}

export const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
export const boolean = (value: boolean): Buffer => Buffer.from([0x01, 0x01, value ? 0xff : 0x00]);
export const octetString = (value: Buffer): Buffer => tlv(0x04, value);
export const utf8String = (value: string): Buffer => tlv(0x0c, Buffer.from(value, 'utf8'));
export const printableString = (value: string): Buffer => tlv(0x13, Buffer.from(value, 'ascii'));
export const ia5String = (value: string): Buffer => tlv(0x16, Buffer.from(value, 'ascii'));

/** X.690 §8.6: BIT STRING with the number of unused bits first. */
export const bitString = (value: Buffer, unusedBits = 0): Buffer =>
  tlv(0x03, Buffer.from([unusedBits]), value);

/** X.690 §8.3: two's complement, minimal; `value` is an unsigned big-endian magnitude. */
export function integerFromUnsigned(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let body = magnitude.subarray(start);
  if (body.length === 0) body = Buffer.from([0]);
  if (body[0] & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(0x02, body);
}

export function integer(value: number | bigint): Buffer {
  let n = BigInt(value);
  if (n < 0n) throw new RangeError('negative INTEGER not supported');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  return integerFromUnsigned(Buffer.from(bytes));
}

/** X.690 §8.19: OBJECT IDENTIFIER in base-128 arcs. Cached: the same few OIDs recur. */
const oidCache = new Map<string, Buffer>();
export function oid(dotted: string): Buffer {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new RangeError(`bad OID ${dotted}`);
  const body: number[] = [];
  const push = (arc: bigint) => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) chunk.unshift(Number(n & 0x7fn) | 0x80);
    body.push(...chunk);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) push(arc);
  const encoded = tlv(0x06, Buffer.from(body));
  oidCache.set(dotted, encoded);
  return encoded;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. Seconds, Zulu. */
export function time(date: Date): Buffer {
  const y = date.getUTCFullYear();
  return y < 2050 && y >= 1950 ? utcTime(date) : generalizedTime(date);
}

export function utcTime(date: Date): Buffer {
  const s =
    pad(date.getUTCFullYear() % 100) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    'Z';
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

/** X.690 §11.7: GeneralizedTime, Zulu, fraction without trailing zeros (used by TSTInfo). */
export function generalizedTime(date: Date, withMillis = false): Buffer {
  let s =
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds());
  const ms = date.getUTCMilliseconds();
  if (withMillis && ms !== 0) s += '.' + pad(ms, 3).replace(/0+$/, '');
  return tlv(0x18, Buffer.from(s + 'Z', 'ascii'));
}

// ---------------------------------------------------------------------------------------------
// Reader

/** One decoded element: views into the input buffer. */
export interface Tlv {
  /** The identifier octet (we reject multi-byte tags: none occur in CMS/X.509 we handle). */
  readonly tag: number;
  /** The whole encoding: identifier, length and content. */
  readonly raw: Buffer;
  /** The content octets. */
  readonly content: Buffer;
  /** Offset of `raw` in the buffer given to readTlv. */
  readonly offset: number;
}

const MAX_DEPTH = 64;

/**
 * One element read from a buffer: `raw` and `content` are views made when first asked for (a
 * Buffer view costs about 100 ns, and most elements of a certificate are only stepped over).
 */
class DerElement implements Tlv {
  private rawView: Buffer | undefined;
  private contentView: Buffer | undefined;

  constructor(
    /** The buffer the element lies in (for children: the outermost one read). */
    readonly buffer: Buffer,
    readonly tag: number,
    readonly offset: number,
    /** Where raw, content and the element end in `buffer`. */
    readonly rawStart: number,
    readonly contentStart: number,
    readonly end: number,
  ) {}

  get raw(): Buffer {
    return (this.rawView ??= this.buffer.subarray(this.rawStart, this.end));
  }

  get content(): Buffer {
    return (this.contentView ??= this.buffer.subarray(this.contentStart, this.end));
  }
}

/**
 * The element at `pos` of `buf`, which must end by `limit`; its reported offset is `pos - base`
 * (relative to the buffer, or to the parent's content, the caller read from).
 */
function readAt(buf: Buffer, pos: number, limit: number, base: number): DerElement {
  const offset = pos - base;
  if (pos + 2 > limit) throw malformed('truncated element', offset);
  const tag = buf[pos];
  if ((tag & 0x1f) === 0x1f) throw malformed('high tag numbers are not supported', offset);
  let p = pos + 1;
  let length = buf[p++];
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0) throw malformed('indefinite length (BER) is not DER', offset);
    if (n > 4) throw malformed('length too large', offset);
    if (p + n > limit) throw malformed('truncated length', offset);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++];
  }
  const end = p + length;
  if (end > limit) throw malformed('element runs past the end', offset);
  return new DerElement(buf, tag, offset, pos, p, end);
}

/**
 * Reads one element at `offset`. Only definite lengths (DER, X.690 §10.1); an indefinite length,
 * a length past the end or a high tag number is CMS_MALFORMED, never an exception of another kind.
 */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  return readAt(buf, offset, buf.length, 0);
}

/** The children of a constructed element, in order (offsets relative to its content). */
export function children(parent: Tlv | Buffer, depth = 0): Tlv[] {
  if (depth > MAX_DEPTH) throw malformed('nesting too deep', 0);
  const out: Tlv[] = [];
  if (parent instanceof DerElement) {
    // Read in place: no view of the parent's content is made for its children.
    const { buffer, contentStart, end } = parent;
    for (let pos = contentStart; pos < end;) {
      const child = readAt(buffer, pos, end, contentStart);
      out.push(child);
      pos = child.end;
    }
    return out;
  }
  const content = Buffer.isBuffer(parent) ? parent : parent.content;
  for (let pos = 0; pos < content.length;) {
    const child = readAt(content, pos, content.length, 0);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Reads exactly one element filling the whole buffer (trailing bytes are malformed). */
export function readWhole(buf: Buffer): Tlv {
  const t = readAt(buf, 0, buf.length, 0);
  if (t.end !== buf.length) throw malformed('trailing bytes after the element', t.end);
  return t;
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) {
    throw malformed(`${what}: expected tag 0x${tag.toString(16)}`, t?.offset ?? -1);
  }
  return t;
}

/**
 * X.690 §8.19: the dotted form of an OBJECT IDENTIFIER. Arcs are summed as numbers while they stay
 * below 2^46 (exact: one more 7-bit step is still below 2^53) and as BigInt beyond, so any arc
 * comes out exact; a trailing byte with its continuation bit set ends no arc and is dropped.
 */
export function decodeOid(t: Tlv): string {
  if (t.tag !== 0x06 || t.content.length === 0) throw malformed('expected an OBJECT IDENTIFIER', t.offset);
  const c = t.content;
  let out = '';
  let first = true;
  let n = 0;
  let big: bigint | undefined;
  for (let i = 0; i < c.length; i++) {
    const b = c[i];
    if (big !== undefined) big = (big << 7n) | BigInt(b & 0x7f);
    else if (n >= 0x400000000000) big = (BigInt(n) << 7n) | BigInt(b & 0x7f);
    else n = n * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (first) {
      // The first subidentifier holds two arcs: 40·X + Y with X ∈ {0, 1, 2} (Y < 40 unless X = 2).
      if (big !== undefined) out = `2.${big - 80n}`;
      else out = n < 40 ? `0.${n}` : n < 80 ? `1.${n - 40}` : `2.${n - 80}`;
      first = false;
    } else out += `.${big ?? n}`;
    n = 0;
    big = undefined;
  }
  return first ? '0.0' : out;
}

/** X.690 §8.3: two's complement, big-endian (serial numbers run to 20 octets). */
export function decodeInteger(t: Tlv): bigint {
  const c = t.content;
  if (t.tag !== 0x02 || c.length === 0) throw malformed('expected an INTEGER', t.offset);
  let n: bigint;
  if (c.length <= 6) {
    let v = 0;
    for (let i = 0; i < c.length; i++) v = v * 256 + c[i];
    n = BigInt(v);
  } else n = BigInt(`0x${c.toString('hex')}`);
  if (c[0] & 0x80) n -= 1n << BigInt(c.length * 8);
  return n;
}

/** UTCTime / GeneralizedTime (RFC 5280 §4.1.2.5.1: UTCTime YY ≥ 50 is 19YY). */
export function decodeTime(t: Tlv): Date {
  const s = t.content.toString('ascii');
  const m =
    t.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : t.tag === 0x18
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(s)
        : null;
  if (!m) throw malformed(`bad time ${JSON.stringify(s)}`, t.offset);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  const ms = t.tag === 0x18 && m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return new Date(
    Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms),
  );
}

function malformed(reason: string, offset: number): PkiError {
  return new PkiError(
    'ASN1_MALFORMED',
    { vi: `Dữ liệu ASN.1 không hợp lệ: ${reason}`, en: `Malformed ASN.1 DER: ${reason}` },
    { details: { offset } },
  );
}
