/**
 * Tokenizer over a window of bytes, ISO 32000-2 §7.2 (lexical conventions): white-space (§7.2.3,
 * table 1), delimiters (table 2), comments (§7.2.4). It works on a Buffer that may be a window of a
 * larger file: `base` is the file offset of `buf[0]`, and reaching the end of a window that is not the
 * end of the file throws {@link NeedMoreData} so that the reader can retry with a larger window.
 */
import { malformed } from './errors';

export const enum Ch {
  NUL = 0x00,
  TAB = 0x09,
  LF = 0x0a,
  FF = 0x0c,
  CR = 0x0d,
  SP = 0x20,
  PERCENT = 0x25,
  LPAREN = 0x28,
  RPAREN = 0x29,
  PLUS = 0x2b,
  MINUS = 0x2d,
  DOT = 0x2e,
  SLASH = 0x2f,
  D0 = 0x30,
  D9 = 0x39,
  LT = 0x3c,
  GT = 0x3e,
  LBRACKET = 0x5b,
  BACKSLASH = 0x5c,
  RBRACKET = 0x5d,
  LBRACE = 0x7b,
  RBRACE = 0x7d,
}

/** 1 = white-space, 2 = delimiter, 0 = regular character. */
export const CHAR_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) t[c] = 1;
  for (const c of '()<>[]{}/%') t[c.charCodeAt(0)] = 2;
  return t;
})();

export const isWhite = (c: number): boolean => CHAR_CLASS[c] === 1;
export const isRegular = (c: number): boolean => CHAR_CLASS[c] === 0;
export const isDigit = (c: number): boolean => c >= Ch.D0 && c <= Ch.D9;

/** Thrown when a token runs past the end of a window that is not the end of the source. */
export class NeedMoreData extends Error {
  constructor() {
    super('need more data');
  }
}

/**
 * The one instance thrown: it only tells the reader to retry with a larger window (a signature
 * dictionary's /Contents needs two retries), and a new Error would capture a stack each time.
 */
export const NEED_MORE_DATA = new NeedMoreData();

/** Only hex strings this long are noted (a signature's /Contents; not every ID or key). */
const NOTED_HEX_BYTES = 512;

export class Lexer {
  /**
   * @param buf   the window of bytes
   * @param base  file offset of buf[0]
   * @param atEnd whether the window ends where the source ends
   * @param hexOffsets given when `buf` is a window of the file itself: long hex strings decoded
   *   whole (hex digits only) are noted there, their bytes → the file offset of their `<`
   */
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    readonly base = 0,
    readonly atEnd = true,
    readonly hexOffsets?: Map<Buffer, number>,
  ) {}

  /** Current position as a file offset. */
  get offset(): number {
    return this.base + this.pos;
  }

  get eof(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Byte at the position, or -1 at the end of the source; throws NeedMoreData at a window end. */
  peek(): number {
    if (this.pos < this.buf.length) return this.buf[this.pos];
    if (!this.atEnd) throw NEED_MORE_DATA;
    return -1;
  }

  peekAt(delta: number): number {
    const p = this.pos + delta;
    if (p < this.buf.length) return this.buf[p];
    if (!this.atEnd) throw NEED_MORE_DATA;
    return -1;
  }

  /** Skip white-space and comments (§7.2.3, §7.2.4). */
  skipWhite(): void {
    const buf = this.buf;
    for (;;) {
      while (this.pos < buf.length && CHAR_CLASS[buf[this.pos]] === 1) this.pos++;
      if (this.pos >= buf.length) {
        if (!this.atEnd) throw NEED_MORE_DATA;
        return;
      }
      if (buf[this.pos] !== Ch.PERCENT) return;
      while (this.pos < buf.length && buf[this.pos] !== Ch.LF && buf[this.pos] !== Ch.CR) this.pos++;
    }
  }

  /** A run of regular characters (a keyword or a number's text) as latin1. */
  readRegular(): string {
    const start = this.pos;
    const buf = this.buf;
    while (this.pos < buf.length && CHAR_CLASS[buf[this.pos]] === 0) this.pos++;
    if (this.pos >= buf.length && !this.atEnd) throw NEED_MORE_DATA;
    return buf.toString('latin1', start, this.pos);
  }

  /** Non-negative integer at the position, or -1 (position unchanged) when there is none. */
  readUnsigned(): number {
    const buf = this.buf;
    let p = this.pos;
    let v = 0;
    while (p < buf.length && isDigit(buf[p])) {
      v = v * 10 + (buf[p] - Ch.D0);
      p++;
    }
    if (p >= buf.length && !this.atEnd) throw NEED_MORE_DATA;
    if (p === this.pos || (p < buf.length && CHAR_CLASS[buf[p]] === 0)) return -1;
    this.pos = p;
    return v;
  }

  /** Whether `word` follows at the position as a whole keyword; consumes it if so. */
  tryKeyword(word: string): boolean {
    const buf = this.buf;
    const n = word.length;
    if (this.pos + n > buf.length) {
      if (!this.atEnd) throw NEED_MORE_DATA;
      return false;
    }
    for (let i = 0; i < n; i++) if (buf[this.pos + i] !== word.charCodeAt(i)) return false;
    const after = this.pos + n;
    if (after < buf.length && CHAR_CLASS[buf[after]] === 0) return false;
    if (after >= buf.length && !this.atEnd) throw NEED_MORE_DATA;
    this.pos = after;
    return true;
  }

  /** Name object after the slash (§7.3.5), with `#xx` escapes decoded; latin1 text. */
  readName(): string {
    const buf = this.buf;
    this.pos++; // '/'
    const start = this.pos;
    while (this.pos < buf.length && CHAR_CLASS[buf[this.pos]] === 0) this.pos++;
    if (this.pos >= buf.length && !this.atEnd) throw NEED_MORE_DATA;
    const raw = buf.toString('latin1', start, this.pos);
    if (!raw.includes('#')) return raw;
    return raw.replace(/#([0-9A-Fa-f]{2})/g, (_: string, h: string) => String.fromCharCode(parseInt(h, 16)));
  }

  /** Skip a name (§7.3.5) without decoding it: what {@link readName} consumes. */
  skipName(): void {
    const buf = this.buf;
    this.pos++; // '/'
    while (this.pos < buf.length && CHAR_CLASS[buf[this.pos]] === 0) this.pos++;
    if (this.pos >= buf.length && !this.atEnd) throw NEED_MORE_DATA;
  }

  /**
   * Skip a literal string: what {@link readLiteralString} consumes, with the same errors (the
   * decoded length is counted, not built).
   */
  skipLiteralString(maxLength: number): void {
    const buf = this.buf;
    this.pos++; // '('
    let depth = 1;
    let n = 0;
    for (;;) {
      if (this.pos >= buf.length) {
        if (!this.atEnd) throw NEED_MORE_DATA;
        throw malformed('unterminated literal string', { offset: this.offset });
      }
      if (n > maxLength) throw malformed('string too long', { offset: this.offset });
      const c = buf[this.pos++];
      if (c === Ch.LPAREN) {
        depth++;
        n++;
      } else if (c === Ch.RPAREN) {
        if (--depth === 0) return;
        n++;
      } else if (c === Ch.CR) {
        if (this.peek() === Ch.LF) this.pos++;
        n++;
      } else if (c === Ch.BACKSLASH) {
        const e = this.peek();
        if (e < 0) continue;
        this.pos++;
        if (e === Ch.CR) {
          if (this.peek() === Ch.LF) this.pos++;
        } else if (e !== Ch.LF) {
          if (e >= 0x30 && e <= 0x37) {
            for (let k = 0; k < 2; k++) {
              const d = this.peek();
              if (d < 0x30 || d > 0x37) break;
              this.pos++;
            }
          }
          n++;
        }
      } else n++;
    }
  }

  /** Skip a hexadecimal string: what {@link readHexString} consumes, with the same errors. */
  skipHexString(maxLength: number): void {
    const buf = this.buf;
    this.pos++; // '<'
    const start = this.pos;
    const end = buf.indexOf(Ch.GT, start);
    if (end < 0) {
      if (!this.atEnd) throw NEED_MORE_DATA;
      throw malformed('unterminated hex string', { offset: this.offset });
    }
    if (end - start > maxLength * 2 + 1024) throw malformed('string too long', { offset: this.offset });
    this.pos = end + 1;
  }

  /** Literal string (§7.3.4.2) with escapes, balanced parentheses and EOL normalisation. */
  readLiteralString(maxLength: number): Buffer {
    const buf = this.buf;
    this.pos++; // '('
    let depth = 1;
    const out: number[] = [];
    for (;;) {
      if (this.pos >= buf.length) {
        if (!this.atEnd) throw NEED_MORE_DATA;
        throw malformed('unterminated literal string', { offset: this.offset });
      }
      if (out.length > maxLength) throw malformed('string too long', { offset: this.offset });
      const c = buf[this.pos++];
      if (c === Ch.LPAREN) {
        depth++;
        out.push(c);
      } else if (c === Ch.RPAREN) {
        if (--depth === 0) break;
        out.push(c);
      } else if (c === Ch.CR) {
        if (this.peek() === Ch.LF) this.pos++;
        out.push(Ch.LF);
      } else if (c === Ch.BACKSLASH) {
        const e = this.peek();
        if (e < 0) continue;
        this.pos++;
        switch (e) {
          case 0x6e: out.push(0x0a); break; // n
          case 0x72: out.push(0x0d); break; // r
          case 0x74: out.push(0x09); break; // t
          case 0x62: out.push(0x08); break; // b
          case 0x66: out.push(0x0c); break; // f
          case Ch.CR:
            if (this.peek() === Ch.LF) this.pos++;
            break;
          case Ch.LF:
            break;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let k = 0; k < 2; k++) {
                const d = this.peek();
                if (d < 0x30 || d > 0x37) break;
                v = v * 8 + (d - 0x30);
                this.pos++;
              }
              out.push(v & 0xff);
            } else out.push(e);
        } // prettier-ignore
      } else out.push(c);
    }
    return Buffer.from(out);
  }

  /** Hexadecimal string (§7.3.4.3): white-space ignored, a missing last digit is 0. */
  readHexString(maxLength: number): Buffer {
    const buf = this.buf;
    this.pos++; // '<'
    const start = this.pos;
    const end = buf.indexOf(Ch.GT, start);
    if (end < 0) {
      if (!this.atEnd) throw NEED_MORE_DATA;
      throw malformed('unterminated hex string', { offset: this.offset });
    }
    if (end - start > maxLength * 2 + 1024) throw malformed('string too long', { offset: this.offset });
    this.pos = end + 1;
    // Fast path: only hex digits.
    const len = end - start;
    const text = buf.toString('latin1', start, end);
    // Node's hex decoder stops at the first non-hex pair: a full-length result means all hex digits.
    if (len % 2 === 0) {
      const bytes = Buffer.from(text, 'hex');
      if (bytes.length * 2 === len) {
        if (this.hexOffsets !== undefined && bytes.length >= NOTED_HEX_BYTES)
          this.hexOffsets.set(bytes, this.base + start - 1);
        return bytes;
      }
    }
    const digits = text.replace(/[^0-9A-Fa-f]/g, '');
    return Buffer.from(digits.length % 2 ? digits + '0' : digits, 'hex');
  }
}
