/**
 * Object parser, ISO 32000-2 §7.3 (objects) and §7.3.10 (indirect objects). Recursion depth, array
 * and dictionary sizes and string lengths are limited so that hostile input raises a
 * PDF_LIMIT_EXCEEDED error instead of exhausting the stack or memory.
 */
import { limitExceeded, malformed } from './errors';
import { Ch, CHAR_CLASS, Lexer, isDigit } from './lexer';
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

  private parseDict(depth: number): PdfDict {
    if (depth > this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth);
    const lx = this.lexer;
    lx.pos += 2; // '<<'
    const dict = new PdfDict();
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
      if (dict.size > this.limits.maxDictEntries) {
        throw limitExceeded('maxDictEntries', this.limits.maxDictEntries, { offset: lx.offset });
      }
    }
  }
}
