/**
 * Serialises PDF values to canonical syntax (ISO 32000-2 §7.3) into a growing list of chunks,
 * remembering where fixed-width placeholders (§12.8.1 /ByteRange, /Contents) were written.
 */
import {
  PdfDict,
  PdfName,
  PdfNumber,
  PdfPlaceholder,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfValue,
} from './objects';

/** Where a placeholder landed, relative to the start of the sink. */
export interface PlaceholderPosition {
  readonly kind: 'byteRange' | 'contents';
  /** Offset of '[' (byteRange) or '<' (contents). */
  readonly start: number;
  /** Offset after ']' or '>'. */
  readonly end: number;
}

/** The fixed-width ByteRange placeholder: four 10-digit slots (values up to 9,999,999,999). */
export const BYTE_RANGE_PLACEHOLDER = '[0 ********** ********** **********]';

const NAME_ESCAPE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) if (c < 0x21 || c > 0x7e) t[c] = 1;
  for (const c of '()<>[]{}/%#') t[c.charCodeAt(0)] = 1;
  return t;
})();

export class ByteSink {
  readonly chunks: Buffer[] = [];
  length = 0;
  readonly placeholders: PlaceholderPosition[] = [];
  private pending = '';

  /** Append latin1 text. */
  text(s: string): this {
    this.pending += s;
    if (this.pending.length > 8192) this.flushText();
    return this;
  }

  bytes(b: Buffer): this {
    this.flushText();
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }

  /** Current length including pending text. */
  get position(): number {
    return this.length + this.pending.length;
  }

  private flushText(): void {
    if (this.pending.length === 0) return;
    const b = Buffer.from(this.pending, 'latin1');
    this.chunks.push(b);
    this.length += b.length;
    this.pending = '';
  }

  toBuffer(): Buffer {
    this.flushText();
    return Buffer.concat(this.chunks, this.length);
  }

  /** Serialise one value (§7.3). Streams are only allowed as indirect objects (see writeObject). */
  value(v: PdfValue): this {
    if (v === null) return this.text('null');
    if (v === true) return this.text('true');
    if (v === false) return this.text('false');
    if (v instanceof PdfNumber) return this.text(v.toString());
    if (v instanceof PdfName) return this.text(encodeName(v.name));
    if (v instanceof PdfRef) return this.text(`${v.num} ${v.gen} R`);
    if (v instanceof PdfString)
      return this.text(v.hex ? '<' + v.bytes.toString('hex') + '>' : encodeLiteral(v.bytes));
    if (Array.isArray(v)) {
      this.text('[');
      v.forEach((x, i) => {
        if (i > 0) this.text(' ');
        this.value(x);
      });
      return this.text(']');
    }
    if (v instanceof PdfDict) {
      this.text('<<');
      for (const [k, x] of v.entries) {
        this.text(encodeName(k)).text(' ');
        this.value(x);
      }
      return this.text('>>');
    }
    if (v instanceof PdfPlaceholder) {
      const start = this.position;
      if (v.kind === 'byteRange') this.text(BYTE_RANGE_PLACEHOLDER);
      else this.text('<' + '0'.repeat(v.size * 2) + '>');
      this.placeholders.push({ kind: v.kind, start, end: this.position });
      return this;
    }
    if (v instanceof PdfStream) throw new Error('a stream must be an indirect object');
    throw new Error('not a PDF value');
  }

  /** `N G obj … endobj` (§7.3.10), streams with their /Length set to the data length (§7.3.8). */
  object(num: number, gen: number, v: PdfValue): this {
    this.text(`${num} ${gen} obj\n`);
    if (v instanceof PdfStream) {
      const data = v.encodedBytes();
      const dict = v.dict.clone().set('Length', PdfNumber.of(data.length));
      this.value(dict).text('\nstream\n').bytes(data).text('\nendstream');
    } else this.value(v);
    return this.text('\nendobj\n');
  }
}

/** Name with `#xx` escapes (§7.3.5). */
export function encodeName(name: string): string {
  let out = '/';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) & 0xff;
    out += NAME_ESCAPE[c] ? '#' + c.toString(16).padStart(2, '0') : name[i];
  }
  return out;
}

/** Literal string with `\`, parentheses and CR escaped (§7.3.4.2); other bytes as they are. */
export function encodeLiteral(bytes: Buffer): string {
  let out = '(';
  for (const c of bytes) {
    if (c === 0x5c || c === 0x28 || c === 0x29) out += '\\' + String.fromCharCode(c);
    else if (c === 0x0d) out += '\\r';
    else out += String.fromCharCode(c);
  }
  return out + ')';
}
