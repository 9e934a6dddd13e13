import { foldText } from './fold-text';

/** A piece of text, marked when it matched the query. Plain text: the page renders it, never as HTML. */
export interface TextSegment {
  readonly text: string;
  readonly mark: boolean;
}

const WORD = /([\p{L}\p{M}\p{N}]+)/u;

/**
 * Marks the words of the original text whose folded form matched the query (the index matched folded
 * words, so the match is mapped back onto the text as written: `quyet dinh` marks "Quyết định").
 * `prefixes` mark any word they begin.
 */
export function highlightText(
  text: string,
  words: ReadonlySet<string>,
  prefixes: readonly string[],
): TextSegment[] {
  const out: TextSegment[] = [];
  for (const part of text.split(WORD)) {
    if (part === '') continue;
    const f = WORD.test(part) ? foldText(part) : '';
    const mark = f !== '' && (words.has(f) || prefixes.some((p) => f.startsWith(p)));
    const prev = out[out.length - 1];
    if (prev && prev.mark === mark) out[out.length - 1] = { text: prev.text + part, mark };
    else out.push({ text: part, mark });
  }
  return out;
}

/**
 * A window of about `size` characters of `body` around its first matched word, cut at word boundaries,
 * with the matches marked; the beginning of the body when nothing in it matched.
 */
export function snippet(
  body: string,
  words: ReadonlySet<string>,
  prefixes: readonly string[],
  size = 240,
): TextSegment[] {
  if (body === '') return [];
  let at = -1;
  const re = new RegExp(WORD.source, 'gu');
  for (const m of body.matchAll(re)) {
    const f = foldText(m[0]);
    if (words.has(f) || prefixes.some((p) => f.startsWith(p))) {
      at = m.index ?? 0;
      break;
    }
  }
  let start = at < 0 ? 0 : Math.max(0, at - Math.floor(size / 3));
  let end = Math.min(body.length, start + size);
  while (start > 0 && /[\p{L}\p{M}\p{N}]/u.test(body[start - 1]!)) start--;
  while (end < body.length && /[\p{L}\p{M}\p{N}]/u.test(body[end]!)) end++;
  const piece = body.slice(start, end).replace(/\s+/g, ' ');
  const segs = highlightText(piece, words, prefixes);
  if (start > 0) segs.unshift({ text: '… ', mark: false });
  if (end < body.length) segs.push({ text: ' …', mark: false });
  return segs;
}
