/**
 * Object parser, ISO 32000-2 §7.3 (objects) and §7.3.10 (indirect objects). Recursion depth, array
 * and dictionary sizes and string lengths are limited so that hostile input raises a
 * PDF_LIMIT_EXCEEDED error instead of exhausting the stack or memory.
 */
import { limitExceeded, malformed } from './errors';
import { Ch, CHAR_CLASS, Lexer, NEED_MORE_DATA, isDigit } from './lexer';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfString, type PdfValue } from './objects';

export interface ParseLimits {
  /** Maximum nesting of arrays and dictionaries. */
  maxDepth: number;
  /** Maximum number of elements of one array. */
  maxArrayLength: number;
  /** Maximum number of entries of one dictionary. */
  maxDictEntries: number;
  /** Maximum length of one string in bytes. */
  maxStringLength: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxDepth: 100,
  maxArrayLength: 1_000_000,
  maxDictEntries: 100_000,
  maxStringLength: 32 * 1024 * 1024,
};

/** The header of an indirect object: `N G obj`. */
export interface ObjectHeader {
  num: number;
  gen: number;
}

/** Marker for a keyword met where a value was expected (`endobj`, `stream`, ...). */
export class PdfKeyword {
  constructor(readonly word: string) {}
}

export class ObjectParser {
  constructor(
    readonly lexer: Lexer,
    readonly limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  ) {}

  /** Parse one direct value; a keyword where a value must be is a syntax error. */
  parseValue(): PdfValue {
    const v = this.parseAny(0);
    if (v instanceof PdfKeyword) {
      throw malformed(`unexpected keyword '${v.word}'`, { offset: this.lexer.offset });
    }
    return v;
  }

  /**
   * Parse one direct value, but of a dictionary (or a stream's dictionary) only the entries named
   * in `keys`: the other values are skipped by the same rules without being built, so reading a
   * few keys of a large dictionary (a page's /Kids and /Contents beside its resources) costs a
   * scan, not an object tree. Values other than dictionaries are parsed whole. The dictionary
   * entry limit counts skipped entries too (duplicates included).
   */
  parseValueKeys(keys: ReadonlySet<string>): PdfValue {
    const lx = this.lexer;
    lx.skipWhite();
    if (lx.peek() === Ch.LT && lx.peekAt(1) === Ch.LT) return this.parseDict(1, keys);
    return this.parseValue();
  }

  /** Parse `N G obj` at the position; null (position unchanged) if it is not there. */
  parseObjectHeader(): ObjectHeader | null {
    const lx = this.lexer;
    const start = lx.pos;
    lx.skipWhite();
    const num = lx.readUnsigned();
    if (num < 0) return this.reset(start);
    lx.skipWhite();
    const gen = lx.readUnsigned();
    if (gen < 0) return this.reset(start);
    lx.skipWhite();
    if (!lx.tryKeyword('obj')) {
      // Tolerate `1 0obj` (no white-space) only when followed by a delimiter.
      return this.reset(start);
    }
    return { num, gen };
  }

  private reset(pos: number): null {
    this.lexer.pos = pos;
    return null;
  }

  /** Parse a value or return the keyword met instead. */
  parseAny(depth: number): PdfValue | PdfKeyword {
    const lx = this.lexer;
    lx.skipWhite();
    const c = lx.peek();
    if (c < 0) throw malformed('unexpected end of file', { offset: lx.offset });
    switch (c) {
      case Ch.SLASH:
        return PdfName.of(lx.readName());
      case Ch.LPAREN:
        return new PdfString(lx.readLiteralString(this.limits.maxStringLength), false);
      case Ch.LT:
        if (lx.peekAt(1) === Ch.LT) return this.parseDict(depth + 1);
        return new PdfString(lx.readHexString(this.limits.maxStringLength), true);
      case Ch.LBRACKET:
        return this.parseArray(depth + 1);
      case Ch.RBRACKET:
      case Ch.RPAREN:
      case Ch.LBRACE:
      case Ch.RBRACE:
        lx.pos++;
        return new PdfKeyword(String.fromCharCode(c));
      case Ch.GT:
        lx.pos++;
        if (lx.peek() === Ch.GT) {
          lx.pos++;
          return new PdfKeyword('>>');
        }
        return new PdfKeyword('>');
    }
    if (isDigit(c) || c === Ch.PLUS || c === Ch.MINUS || c === Ch.DOT) return this.parseNumberOrRef();
    const word = lx.readRegular();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word.length === 0) {
      lx.pos++; // a lone delimiter we do not know; skip it
      return new PdfKeyword(String.fromCharCode(c));
    }
    return new PdfKeyword(word);
  }

  private parseNumberOrRef(): PdfValue {
    const lx = this.lexer;
    // Fast path for the common case, a plain unsigned integer (object numbers, lengths, widths):
    // read from the bytes, no string built. Leading zeros and long runs keep the general path.
    const buf = lx.buf;
    const start = lx.pos;
    let p = start;
    let n = 0;
    while (p < buf.length && p - start < 15 && isDigit(buf[p])) n = n * 10 + (buf[p++] - Ch.D0);
    if (
      p > start &&
      p < buf.length &&
      CHAR_CLASS[buf[p]] !== 0 &&
      (buf[start] !== Ch.D0 || p === start + 1)
    ) {
      lx.pos = p;
      // Look ahead for `G R` (§7.3.10).
      if (CHAR_CLASS[buf[p]] === 1) {
        lx.skipWhite();
        const gen = lx.readUnsigned();
        if (gen >= 0) {
          lx.skipWhite();
          if (lx.tryKeyword('R')) return new PdfRef(n, gen);
        }
        lx.pos = p;
      }
      return PdfNumber.of(n);
    }
    const text = lx.readRegular();
    if (/^\d+$/.test(text)) {
      const n = Number(text);
      // Look ahead for `G R` (§7.3.10).
      const save = lx.pos;
      if (CHAR_CLASS[Math.max(0, lx.peek())] === 1) {
        lx.skipWhite();
        const gen = lx.readUnsigned();
        if (gen >= 0) {
          lx.skipWhite();
          if (lx.tryKeyword('R')) return new PdfRef(n, gen);
        }
      }
      lx.pos = save;
      return text === String(n) ? PdfNumber.of(n) : new PdfNumber(n, text);
    }
    // Reals and signed numbers; tolerate doubled signs (`--5`) as many readers do.
    let v = Number(text.replace(/^([+-])[+-]+/, '$1'));
    if (text === '.' || text === '-' || text === '+' || Number.isNaN(v)) {
      const m = /^[+-]?\d*\.?\d*/.exec(text);
      v = m && m[0] !== '' ? Number(m[0]) || 0 : 0;
      return new PdfNumber(v);
    }
    return new PdfNumber(v, text);
  }

  private parseArray(depth: number): PdfValue[] {
    if (depth > this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth);
    const lx = this.lexer;
    lx.pos++; // '['
    const items: PdfValue[] = [];
    for (;;) {
      const v = this.parseAny(depth);
      if (v instanceof PdfKeyword) {
        if (v.word === ']') return items;
        if (v.word === 'endobj' || v.word === 'stream' || v.word === 'endstream' || v.word === '>>') {
          throw malformed('unterminated array', { offset: lx.offset });
        }
        items.push(null); // unknown keyword: keep going like common readers do
      } else items.push(v);
      if (items.length > this.limits.maxArrayLength) {
        throw limitExceeded('maxArrayLength', this.limits.maxArrayLength, { offset: lx.offset });
      }
    }
  }

  private parseDict(depth: number, keys?: ReadonlySet<string>): PdfDict {
    if (depth > this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth);
    const lx = this.lexer;
    lx.pos += 2; // '<<'
    const dict = new PdfDict();
    let skipped = 0;
    for (;;) {
      lx.skipWhite();
      const c = lx.peek();
      if (c === Ch.GT && lx.peekAt(1) === Ch.GT) {
        lx.pos += 2;
        return dict;
      }
      if (c !== Ch.SLASH) {
        // Junk where a key must be: skip one token; stop at object boundaries.
        const junk = this.parseAny(depth);
        if (
          junk instanceof PdfKeyword &&
          (junk.word === 'endobj' || junk.word === 'stream' || junk.word === 'endstream')
        ) {
          throw malformed('unterminated dictionary', { offset: lx.offset });
        }
        if (c < 0) throw malformed('unterminated dictionary', { offset: lx.offset });
        continue;
      }
      const key = lx.readName();
      if (keys !== undefined && !keys.has(key)) {
        const k = this.skipAny(depth);
        if (k === '>>') return dict;
        if (k === 'endobj' || k === 'stream' || k === 'endstream') {
          throw malformed('unterminated dictionary', { offset: lx.offset });
        }
        if (dict.size + ++skipped > this.limits.maxDictEntries) {
          throw limitExceeded('maxDictEntries', this.limits.maxDictEntries, { offset: lx.offset });
        }
        continue;
      }
      const v = this.parseAny(depth);
      if (v instanceof PdfKeyword) {
        if (v.word === '>>') {
          dict.set(key, null);
          return dict;
        }
        if (v.word === 'endobj' || v.word === 'stream' || v.word === 'endstream') {
          throw malformed('unterminated dictionary', { offset: lx.offset });
        }
        dict.set(key, null);
      } else if (v !== null) {
        // §7.3.7: an entry whose value is null is equivalent to an absent entry.
        dict.set(key, v);
      }
      if (dict.size + skipped > this.limits.maxDictEntries) {
        throw limitExceeded('maxDictEntries', this.limits.maxDictEntries, { offset: lx.offset });
      }
    }
  }

  /**
   * Consume what {@link parseAny} would, building nothing: undefined for a value, the keyword's
   * text for a keyword (the same limits and errors apply).
   */
  private skipAny(depth: number): string | undefined {
    const lx = this.lexer;
    lx.skipWhite();
    const c = lx.peek();
    if (c < 0) throw malformed('unexpected end of file', { offset: lx.offset });
    switch (c) {
      case Ch.SLASH:
        lx.skipName();
        return undefined;
      case Ch.LPAREN:
        lx.skipLiteralString(this.limits.maxStringLength);
        return undefined;
      case Ch.LT:
        if (lx.peekAt(1) === Ch.LT) this.skipDict(depth + 1);
        else lx.skipHexString(this.limits.maxStringLength);
        return undefined;
      case Ch.LBRACKET:
        this.skipArray(depth + 1);
        return undefined;
      case Ch.RBRACKET:
      case Ch.RPAREN:
      case Ch.LBRACE:
      case Ch.RBRACE:
        lx.pos++;
        return String.fromCharCode(c);
      case Ch.GT:
        lx.pos++;
        if (lx.peek() === Ch.GT) {
          lx.pos++;
          return '>>';
        }
        return '>';
    }
    if (isDigit(c) || c === Ch.PLUS || c === Ch.MINUS || c === Ch.DOT) {
      this.skipNumberOrRef();
      return undefined;
    }
    const word = lx.readRegular();
    if (word === 'true' || word === 'false' || word === 'null') return undefined;
    if (word.length === 0) {
      lx.pos++;
      return String.fromCharCode(c);
    }
    return word;
  }

  /** What parseNumberOrRef consumes: the run of regular characters, and `G R` after an integer. */
  private skipNumberOrRef(): void {
    const lx = this.lexer;
    const buf = lx.buf;
    let allDigits = true;
    while (lx.pos < buf.length && CHAR_CLASS[buf[lx.pos]] === 0) {
      if (!isDigit(buf[lx.pos])) allDigits = false;
      lx.pos++;
    }
    if (lx.pos >= buf.length && !lx.atEnd) throw NEED_MORE_DATA;
    if (!allDigits) return;
    const save = lx.pos;
    if (CHAR_CLASS[Math.max(0, lx.peek())] === 1) {
      lx.skipWhite();
      if (lx.readUnsigned() >= 0) {
        lx.skipWhite();
        if (lx.tryKeyword('R')) return;
      }
    }
    lx.pos = save;
  }

  private skipArray(depth: number): void {
    if (depth > this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth);
    const lx = this.lexer;
    lx.pos++; // '['
    for (let items = 1; ; items++) {
      const k = this.skipAny(depth);
      if (k === ']') return;
      if (k === 'endobj' || k === 'stream' || k === 'endstream' || k === '>>') {
        throw malformed('unterminated array', { offset: lx.offset });
      }
      if (items > this.limits.maxArrayLength) {
        throw limitExceeded('maxArrayLength', this.limits.maxArrayLength, { offset: lx.offset });
      }
    }
  }

  /** A nested dictionary skipped whole (no keys wanted). */
  private skipDict(depth: number): void {
    if (depth > this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth);
    if (this.skipPlainDict(depth)) return;
    const lx = this.lexer;
    lx.pos += 2; // '<<'
    for (let entries = 1; ;) {
      lx.skipWhite();
      const c = lx.peek();
      if (c === Ch.GT && lx.peekAt(1) === Ch.GT) {
        lx.pos += 2;
        return;
      }
      if (c !== Ch.SLASH) {
        const junk = this.skipAny(depth);
        if (junk === 'endobj' || junk === 'stream' || junk === 'endstream') {
          throw malformed('unterminated dictionary', { offset: lx.offset });
        }
        if (c < 0) throw malformed('unterminated dictionary', { offset: lx.offset });
        continue;
      }
      lx.skipName();
      const k = this.skipAny(depth);
      if (k === '>>') return;
      if (k === 'endobj' || k === 'stream' || k === 'endstream') {
        throw malformed('unterminated dictionary', { offset: lx.offset });
      }
      if (entries++ > this.limits.maxDictEntries) {
        throw limitExceeded('maxDictEntries', this.limits.maxDictEntries, { offset: lx.offset });
      }
    }
  }

  /**
   * The common case of {@link skipDict}, found with the buffer's native searches instead of token
   * by token: the dictionary's end is where its `>>` closes the brackets (`<<`, `[`, hex strings)
   * opened after it, and the span up to there holds no literal string, comment, brace or
   * `stream`/`endobj` text. Then every token in it is one skipDict would consume without error,
   * and it would end at the same place (a page's /Resources with dozens of /Font entries, skipped
   * in a few scans). In any other case — a string or comment, a bracket closing the wrong thing,
   * nesting or a span near a limit, no end within the window — it returns false with the position
   * untouched, and skipDict reads the dictionary token by token with its errors.
   */
  private skipPlainDict(depth: number): boolean {
    // Refused at one level, a dictionary is read token by token and its nested ones tried again:
    // bounded nesting bounds the bytes searched more than once.
    if (depth > PLAIN_DICT_MAX_DEPTH) return false;
    const lx = this.lexer;
    const buf = lx.buf;
    const start = lx.pos;
    // Searched in growing windows, so that a small dictionary costs small searches and none runs
    // far into a large buffer (an object stream) for a bracket that is not there.
    for (const size of PLAIN_DICT_WINDOWS) {
      const limit = Math.min(buf.length, start + size);
      const end = this.plainDictEnd(buf.subarray(0, limit), start, depth);
      if (end === REFUSED) return false;
      if (end >= 0) {
        const span = buf.subarray(start, end);
        if (span.length > Math.min(this.limits.maxDictEntries, this.limits.maxArrayLength)) return false;
        for (const c of PLAIN_DICT_REFUSED) if (span.indexOf(c) >= 0) return false;
        for (const word of PLAIN_DICT_REFUSED_WORDS) if (span.indexOf(word) >= 0) return false;
        lx.pos = end;
        return true;
      }
      if (limit === buf.length) return false;
    }
    return false;
  }

  /**
   * Where the dictionary opened at `start` closes within `buf`, following `<<`, `[` and hex
   * strings; -1 when it does not close within it, REFUSED at a bracket closing the wrong thing, a
   * lone `>`, or nesting or a hex string near a limit.
   */
  private plainDictEnd(buf: Buffer, start: number, depth: number): number {
    const maxNesting = this.limits.maxDepth - depth;
    const maxHex = this.limits.maxStringLength * 2 + 1024;
    // Open brackets, innermost last: 1 for a dictionary, 2 for an array.
    const open: number[] = [1];
    // The next `<`, `>`, `[`, `]` at or after p, searched again only once passed.
    let lt = -1;
    let gt = -1;
    let lb = -1;
    let rb = -1;
    for (let p = start + 2; ;) {
      if (lt < p && lt !== -2) lt = buf.indexOf(Ch.LT, p);
      if (gt < p) gt = buf.indexOf(Ch.GT, p);
      if (lb < p && lb !== -2) lb = buf.indexOf(Ch.LBRACKET, p);
      if (rb < p && rb !== -2) rb = buf.indexOf(Ch.RBRACKET, p);
      // None further on: not searched again.
      if (lt === -1) lt = -2;
      if (lb === -1) lb = -2;
      if (rb === -1) rb = -2;
      if (gt < 0) return -1;
      let q = gt;
      if (lt >= 0 && lt < q) q = lt;
      if (lb >= 0 && lb < q) q = lb;
      if (rb >= 0 && rb < q) q = rb;
      const c = buf[q];
      if (c === Ch.LT) {
        if (q + 1 >= buf.length) return -1;
        if (buf[q + 1] === Ch.LT) {
          if (open.length >= maxNesting) return REFUSED;
          open.push(1);
          p = q + 2;
        } else {
          // A hex string: up to its `>`, as skipHexString reads it.
          if (gt - q - 1 > maxHex) return REFUSED;
          p = gt + 1;
        }
      } else if (c === Ch.GT) {
        if (q + 1 >= buf.length) return -1;
        if (buf[q + 1] !== Ch.GT || open[open.length - 1] !== 1) return REFUSED;
        open.pop();
        p = q + 2;
        if (open.length === 0) return p;
      } else if (c === Ch.LBRACKET) {
        if (open.length >= maxNesting) return REFUSED;
        open.push(2);
        p = q + 1;
      } else {
        if (open[open.length - 1] !== 2) return REFUSED;
        open.pop();
        p = q + 1;
      }
    }
  }
}

/** Window sizes for {@link ObjectParser.skipPlainDict}'s searches. */
const PLAIN_DICT_WINDOWS = [512, 4096, 32768];
const PLAIN_DICT_MAX_DEPTH = 8;
const REFUSED = -2;
/** Delimiters the one-pass skip leaves to skipDict: literal strings, comments and braces (§7.2.3). */
const PLAIN_DICT_REFUSED = [Ch.LPAREN, Ch.RPAREN, Ch.PERCENT, Ch.LBRACE, Ch.RBRACE];
/** The keywords that end a dictionary in error (`stream` also finds `endstream`). */
const PLAIN_DICT_REFUSED_WORDS = [Buffer.from('stream', 'latin1'), Buffer.from('endobj', 'latin1')];
