/**
 * The PDF object model, ISO 32000-2 §7.3: null, boolean, numeric, string, name, array, dictionary,
 * stream and indirect reference. Values are plain classes; arrays are plain JavaScript arrays.
 *
 * Numbers keep their original text so that a modified copy of an object re-serialises exactly what
 * the file said (ISO 32000-2 §7.3.3 allows forms such as `-.5` or `4.` that a JavaScript number
 * would print differently). Names keep their bytes as a latin1 string (one char per byte), so that
 * any name round-trips byte for byte.
 */
import type { ByteSource } from './byte-source';

/** Any PDF value. `null` is the PDF null object (§7.3.9). */
export type PdfValue =
  | null
  | boolean
  | PdfNumber
  | PdfString
  | PdfName
  | PdfValue[]
  | PdfDict
  | PdfStream
  | PdfRef
  | PdfPlaceholder;

/** Numeric object (§7.3.3). `raw` is the text as read from the file, if it was read. */
export class PdfNumber {
  constructor(
    readonly value: number,
    readonly raw?: string,
  ) {}

  static of(value: number): PdfNumber {
    return value >= 0 && value < SMALL_INTS.length && Number.isInteger(value)
      ? SMALL_INTS[value]
      : new PdfNumber(value);
  }

  get isInteger(): boolean {
    return this.raw !== undefined ? !this.raw.includes('.') : Number.isInteger(this.value);
  }

  /** Canonical text: the original text if any, else integers as such and reals without exponent. */
  toString(): string {
    if (this.raw !== undefined) return this.raw;
    if (Number.isInteger(this.value)) return String(this.value);
    if (!Number.isFinite(this.value)) return '0';
    let s = this.value.toFixed(6);
    s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s === '-0' ? '0' : s;
  }
}
const SMALL_INTS: PdfNumber[] = Array.from({ length: 256 }, (_, i) => new PdfNumber(i));

/** Name object (§7.3.5). `name` is the decoded name (after `#xx` escapes) as latin1 text. */
export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly name: string) {}

  /** Interned: `PdfName.of('Type') === PdfName.of('Type')`. */
  static of(name: string): PdfName {
    let n = PdfName.interned.get(name);
    if (n === undefined) {
      n = new PdfName(name);
      if (PdfName.interned.size < 100_000) PdfName.interned.set(name, n);
    }
    return n;
  }

  toString(): string {
    return '/' + this.name;
  }
}

/** String object (§7.3.4): raw bytes plus whether it was written as a hexadecimal string. */
export class PdfString {
  constructor(
    readonly bytes: Buffer,
    readonly hex = false,
  ) {}

  /**
   * A text string (§7.9.2.2): PDFDocEncoding when every character fits in printable ASCII,
   * UTF-16BE with a byte order mark otherwise (Vietnamese text always takes this path).
   */
  static fromText(text: string): PdfString {
    if (/^[\x20-\x7e\t\r\n]*$/.test(text)) return new PdfString(Buffer.from(text, 'latin1'));
    const b = Buffer.alloc(2 + text.length * 2);
    b[0] = 0xfe;
    b[1] = 0xff;
    for (let i = 0; i < text.length; i++) b.writeUInt16BE(text.charCodeAt(i), 2 + i * 2);
    return new PdfString(b);
  }

  /** Decode as a text string (§7.9.2.2): UTF-16BE or UTF-8 with BOM, else PDFDocEncoding. */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
      return s;
    }
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      return b.subarray(3).toString('utf8');
    }
    let s = '';
    for (const c of b) s += c >= 0x80 && c <= 0xa0 ? PDF_DOC_HIGH[c - 0x80] : String.fromCharCode(c);
    return s;
  }

  toString(): string {
    return this.text();
  }
}
/** PDFDocEncoding 0x80–0xA0 (ISO 32000-2 Annex D.2); elsewhere it matches latin1. */
const PDF_DOC_HIGH = [
  '\u2022', '\u2020', '\u2021', '\u2026', '\u2014', '\u2013', '\u0192', '\u2044',
  '\u2039', '\u203a', '\u2212', '\u2030', '\u201e', '\u201c', '\u201d', '\u2018',
  '\u2019', '\u201a', '\u2122', '\ufb01', '\ufb02', '\u0141', '\u0152', '\u0160',
  '\u0178', '\u017d', '\u0131', '\u0142', '\u0153', '\u0161', '\u017e', '\ufffd', '\u20ac',
]; // prettier-ignore

/** Indirect reference `N G R` (§7.3.10). */
export class PdfRef {
  /** Stable map key, e.g. `12 0`: made once (walks look references up by it many times). */
  readonly key: string;

  constructor(
    readonly num: number,
    readonly gen: number,
  ) {
    this.key = `${num} ${gen}`;
  }

  static of(num: number, gen = 0): PdfRef {
    return new PdfRef(num, gen);
  }

  equals(other: PdfRef): boolean {
    return this.num === other.num && this.gen === other.gen;
  }

  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** Dictionary object (§7.3.7). Entries keep their order; keys are names without the slash. */
export class PdfDict {
  readonly entries: Map<string, PdfValue>;

  constructor(entries?: Iterable<[string, PdfValue]> | Record<string, PdfValue>) {
    if (entries === undefined) this.entries = new Map();
    else if (Symbol.iterator in entries) this.entries = new Map(entries as Iterable<[string, PdfValue]>);
    else this.entries = new Map(Object.entries(entries));
  }

  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  has(key: string): boolean {
    return this.entries.has(key);
  }
  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }
  delete(key: string): boolean {
    return this.entries.delete(key);
  }
  get size(): number {
    return this.entries.size;
  }
  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** A shallow copy (values shared), for "modified copy" updates. */
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }

  /** The value if it is a direct name, else undefined. */
  getName(key: string): string | undefined {
    const v = this.entries.get(key);
    return v instanceof PdfName ? v.name : undefined;
  }
  /** The value if it is a direct number, else undefined. */
  getNumber(key: string): number | undefined {
    const v = this.entries.get(key);
    return v instanceof PdfNumber ? v.value : undefined;
  }
  /** The value if it is a direct reference, else undefined. */
  getRef(key: string): PdfRef | undefined {
    const v = this.entries.get(key);
    return v instanceof PdfRef ? v : undefined;
  }
}

/** Where the encoded bytes of a stream that were not read yet live in the source file. */
export interface LazyBytes {
  readonly source: ByteSource;
  readonly offset: number;
  readonly length: number;
  /** Applied to the bytes when read (decryption, §7.6): `encodedBytes()` returns its result. */
  readonly transform?: (raw: Buffer) => Buffer;
}

/**
 * Stream object (§7.3.8): a dictionary plus the encoded (still filtered) bytes, either in memory or
 * as a lazy byte range of the source, read only when asked for.
 */
export class PdfStream {
  private data: Buffer | LazyBytes;

  constructor(
    readonly dict: PdfDict,
    data: Buffer | LazyBytes,
  ) {
    this.data = data;
  }

  /** Byte offset of the data in the source file, when the stream was read from one. */
  get sourceOffset(): number | undefined {
    return Buffer.isBuffer(this.data) ? undefined : this.data.offset;
  }

  /** Length of the encoded bytes (after the lazy transform, if any: then they are read once). */
  get encodedLength(): number {
    if (Buffer.isBuffer(this.data)) return this.data.length;
    if (this.data.transform === undefined) return this.data.length;
    this.transformedLength ??= this.encodedBytes().length;
    return this.transformedLength;
  }
  private transformedLength: number | undefined;

  /** The encoded bytes (reads them from the source if lazy, applying the transform). */
  encodedBytes(): Buffer {
    if (Buffer.isBuffer(this.data)) return this.data;
    const raw = this.data.source.read(this.data.offset, this.data.length);
    return this.data.transform ? this.data.transform(raw) : raw;
  }

  /** The same data under another dictionary, with `transform` applied when the bytes are read. */
  derive(dict: PdfDict, transform?: (raw: Buffer) => Buffer): PdfStream {
    if (transform === undefined) return new PdfStream(dict, this.data);
    if (Buffer.isBuffer(this.data)) return new PdfStream(dict, transform(this.data));
    const inner = this.data.transform;
    return new PdfStream(dict, {
      ...this.data,
      transform: inner ? (raw) => transform(inner(raw)) : transform,
    });
  }

  /** Replace the encoded bytes (the caller keeps /Filter consistent). */
  setEncodedBytes(bytes: Buffer): void {
    this.data = bytes;
  }
}

/**
 * A fixed-width value reserved in an incremental update and filled after writing
 * (ISO 32000-2 §12.8.1: /ByteRange and /Contents of a signature dictionary).
 * - `byteRange`: written as `[0 ********** ********** **********]` (fixed width).
 * - `contents`: written as `<00…00>` holding `size` bytes (2·size hex digits).
 */
export class PdfPlaceholder {
  constructor(
    readonly kind: 'byteRange' | 'contents',
    readonly size = 0,
  ) {}
}

/** Type guards that read better than instanceof chains in callers. */
export const isDict = (v: unknown): v is PdfDict => v instanceof PdfDict;
export const isStream = (v: unknown): v is PdfStream => v instanceof PdfStream;
export const isRef = (v: unknown): v is PdfRef => v instanceof PdfRef;
export const isName = (v: unknown, name?: string): v is PdfName =>
  v instanceof PdfName && (name === undefined || v.name === name);
export const isNumber = (v: unknown): v is PdfNumber => v instanceof PdfNumber;
export const isPdfString = (v: unknown): v is PdfString => v instanceof PdfString;
