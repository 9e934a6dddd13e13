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
   * The common case of {@link skipDict} in one pass over the bytes: a dictionary holding only
   * names, numbers, references, booleans, null, hex strings and nested dictionaries and arrays (a
   * page's /Resources with dozens of /Font entries). It consumes exactly what skipDict would, since
   * those tokens are delimited the same way in any context; on anything else — literal strings,
   * comments, keywords, a bracket closing the wrong thing, nesting near the depth limit, a span that
   * could hold more entries than allowed, the end of the source — it returns false (the position
   * untouched), and skipDict reads the dictionary token by token with its errors. At a window
   * end that is not the source's end it asks for more data, as skipDict would there.
   */
  private skipPlainDict(depth: number): boolean {
    const lx = this.lexer;
    const buf = lx.buf;
    const len = buf.length;
    const start = lx.pos;
    const limits = this.limits;
    // Every entry and item takes at least one byte: a shorter span cannot exceed these limits.
    const maxSpan = Math.min(limits.maxDictEntries, limits.maxArrayLength);
    const maxNesting = limits.maxDepth - depth;
    // Open brackets: 1 for a dictionary, 2 for an array; the outer dictionary is open[0].
    const open: number[] = [1];
    let p = start + 2;
    for (;;) {
      if (p >= len) {
        if (!lx.atEnd) throw NEED_MORE_DATA;
        return false;
      }
      if (p - start > maxSpan) return false;
      const c = buf[p];
      const cls = CHAR_CLASS[c];
      if (cls === 1) {
        p++;
        continue;
      }
      if (cls === 0) {
        // A number, `R`, true, false, null or a keyword: a run of regular characters.
        const from = p;
        while (p < len && CHAR_CLASS[buf[p]] === 0) p++;
        if (p >= len && !lx.atEnd) throw NEED_MORE_DATA;
        if (!isDigit(c) && c !== Ch.PLUS && c !== Ch.MINUS && c !== Ch.DOT) {
          const n = p - from;
          const word =
            (n === 1 && c === 0x52) || // R
            (n === 4 && (bytesAre(buf, from, 'true') || bytesAre(buf, from, 'null'))) ||
            (n === 5 && bytesAre(buf, from, 'false'));
          if (!word) return false;
        }
        continue;
      }
      switch (c) {
        case Ch.SLASH:
          p++;
          while (p < len && CHAR_CLASS[buf[p]] === 0) p++;
          if (p >= len && !lx.atEnd) throw NEED_MORE_DATA;
          continue;
        case Ch.LT:
          if (p + 1 >= len) {
            if (!lx.atEnd) throw NEED_MORE_DATA;
            return false;
          }
          if (buf[p + 1] === Ch.LT) {
            if (open.length >= maxNesting) return false;
            open.push(1);
            p += 2;
          } else {
            // A hex string: up to its `>`, as skipHexString reads it.
            const end = buf.indexOf(Ch.GT, p + 1);
            if (end < 0) {
              if (!lx.atEnd) throw NEED_MORE_DATA;
              return false;
            }
            if (end - p - 1 > limits.maxStringLength * 2 + 1024) return false;
            p = end + 1;
          }
          continue;
        case Ch.GT:
          if (p + 1 >= len) {
            if (!lx.atEnd) throw NEED_MORE_DATA;
            return false;
          }
          if (buf[p + 1] !== Ch.GT || open[open.length - 1] !== 1) return false;
          open.pop();
          p += 2;
          if (open.length === 0) {
            lx.pos = p;
            return true;
          }
          continue;
        case Ch.LBRACKET:
          if (open.length >= maxNesting) return false;
          open.push(2);
          p++;
          continue;
        case Ch.RBRACKET:
          if (open[open.length - 1] !== 2) return false;
          open.pop();
          p++;
          continue;
        default:
          // ( ) { } %: literal strings, comments and stray delimiters take the careful path.
          return false;
      }
    }
  }
}

/** Whether `word` (ASCII) is at `at` in `buf`. */
function bytesAre(buf: Buffer, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (buf[at + i] !== word.charCodeAt(i)) return false;
  return true;
}
