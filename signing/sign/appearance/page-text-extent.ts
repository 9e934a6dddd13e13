/**
 * Where a page's text is: a small content-stream interpreter (ISO 32000-2 §9.4 text objects, §8.4.4
 * cm / q / Q) that follows the text position of every text-showing operator (Tj, TJ, ', ") and answers
 * a box per shown string in default user space: baseline + size above, a quarter of the size below,
 * and a width estimated generously (0.7 em per byte: glyph widths are not read), enough to place a
 * marker in free space. Text inside form XObjects is not followed.
 */
import { PdfStream, type PdfValue } from '../../pdf';
import type { PdfReader, PageInfo } from '../../pdf/reader';

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** a × b (PDF order: a applied first). */
function mul(a: Matrix, b: Matrix): Matrix {
  return [
    a[0] * b[0] + a[1] * b[2],
    a[0] * b[1] + a[1] * b[3],
    a[2] * b[0] + a[3] * b[2],
    a[2] * b[1] + a[3] * b[3],
    a[4] * b[0] + a[5] * b[2] + b[4],
    a[4] * b[1] + a[5] * b[3] + b[5],
  ];
}

/** The page's content streams, decoded and joined. */
function contentOf(reader: PdfReader, page: PageInfo): string {
  const c = reader.resolve(page.dict.get('Contents'));
  const parts: PdfValue[] = c === undefined ? [] : Array.isArray(c) ? c : [c];
  const out: string[] = [];
  for (const p of parts) {
    const s = reader.resolve(p);
    if (s instanceof PdfStream) out.push(reader.decodeStream(s).toString('latin1'));
  }
  return out.join('\n');
}

/** Tokens of a content stream: numbers, operators; strings, names, arrays and dicts as opaque tokens. */
function* tokens(
  src: string,
): Generator<{ kind: 'num' | 'op' | 'other' | 'str'; value: string; bytes?: number }> {
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '%') {
      while (i < n && src[i] !== '\n' && src[i] !== '\r') i++;
    } else if (c === '(') {
      let depth = 0;
      let bytes = 0;
      for (; i < n; i++) {
        if (src[i] === '\\') {
          i++;
          bytes++;
        } else if (src[i] === '(') depth++;
        else if (src[i] === ')' && --depth === 0) break;
        bytes++;
      }
      i++;
      yield { kind: 'str', value: '()', bytes };
    } else if (c === '<' && src[i + 1] === '<') {
      i += 2;
      yield { kind: 'other', value: '<<' };
    } else if (c === '>' && src[i + 1] === '>') {
      i += 2;
      yield { kind: 'other', value: '>>' };
    } else if (c === '<') {
      const start = i;
      while (i < n && src[i] !== '>') i++;
      const digits = src.slice(start + 1, i).replace(/\s/g, '').length;
      i++;
      yield { kind: 'str', value: '<>', bytes: Math.ceil(digits / 2) };
    } else if (c === '[' || c === ']' || c === '{' || c === '}') {
      i++;
      yield { kind: 'other', value: c };
    } else if (c === '/') {
      i++;
      while (i < n && !/[\s/[\]<>(){}%]/.test(src[i]!)) i++;
      yield { kind: 'other', value: '/' };
    } else {
      const start = i;
      while (i < n && !/[\s/[\]<>(){}%]/.test(src[i]!)) i++;
      const word = src.slice(start, i);
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) yield { kind: 'num', value: word };
      else if (word === 'BI') {
        // Inline image: skip its data up to EI (§8.9.7).
        const end = src.indexOf('EI', src.indexOf('ID', i));
        i = end < 0 ? n : end + 2;
      } else yield { kind: 'op', value: word };
    }
  }
}

/** A shown string's box in default user space (width estimated). */
export interface TextBox {
  readonly x0: number;
  readonly x1: number;
  /** Baseline + font size. */
  readonly top: number;
  /** Baseline − a quarter of the size. */
  readonly bottom: number;
}

export interface TextExtent {
  /** Highest point of the text considered. */
  readonly top: number;
  /** Lowest point of the text considered. */
  readonly bottom: number;
}

/** The vertical extent of the boxes that reach into [x0, x1]; undefined when none does. */
export function extentWithin(boxes: readonly TextBox[], x0: number, x1: number): TextExtent | undefined {
  const inRange = boxes.filter((b) => b.x1 > x0 && b.x0 < x1);
  if (inRange.length === 0) return undefined;
  return { top: Math.max(...inRange.map((b) => b.top)), bottom: Math.min(...inRange.map((b) => b.bottom)) };
}

/** The boxes of every string the page shows. */
export function pageTextBoxes(reader: PdfReader, page: PageInfo): TextBox[] {
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  let tm: Matrix = IDENTITY;
  let lm: Matrix = IDENTITY;
  let fontSize = 0;
  let leading = 0;
  const boxes: TextBox[] = [];
  let nums: number[] = [];
  let bytes = 0;
  const nextLine = () => {
    lm = mul([1, 0, 0, 1, 0, -leading], lm);
    tm = lm;
  };
  const shown = () => {
    const m = mul(tm, ctm);
    const scale = Math.hypot(m[2], m[3]) || 1;
    const size = Math.abs(fontSize) * scale;
    const y = m[5];
    const x = m[4];
    const width = bytes * 0.7 * size;
    boxes.push({
      x0: Math.min(x, x + width * Math.sign(m[0] || 1)),
      x1: Math.max(x, x + width),
      top: y + size,
      bottom: y - size / 4,
    });
  };
  for (const t of tokens(contentOf(reader, page))) {
    if (t.kind === 'num') {
      nums.push(Number(t.value));
      continue;
    }
    if (t.kind === 'str') {
      bytes += t.bytes ?? 0;
      continue;
    }
    if (t.kind === 'other') continue;
    const a = nums;
    nums = [];
    switch (t.value) {
      case 'q':
        stack.push(ctm);
        break;
      case 'Q':
        ctm = stack.pop() ?? IDENTITY;
        break;
      case 'cm':
        if (a.length >= 6) ctm = mul(a.slice(-6) as Matrix, ctm);
        break;
      case 'BT':
        tm = lm = IDENTITY;
        break;
      case 'Tf':
        if (a.length >= 1) fontSize = a[a.length - 1]!;
        break;
      case 'TL':
        if (a.length >= 1) leading = a[0]!;
        break;
      case 'Tm':
        if (a.length >= 6) tm = lm = a.slice(-6) as Matrix;
        break;
      case 'Td':
      case 'TD':
        if (a.length >= 2) {
          if (t.value === 'TD') leading = -a[1]!;
          lm = mul([1, 0, 0, 1, a[0]!, a[1]!], lm);
          tm = lm;
        }
        break;
      case 'T*':
        nextLine();
        break;
      case "'":
      case '"':
        nextLine();
        shown();
        break;
      case 'Tj':
      case 'TJ':
        shown();
        break;
      default:
        break;
    }
    bytes = 0;
  }
  return boxes;
}
