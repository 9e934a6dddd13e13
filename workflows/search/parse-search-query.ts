import { DOCUMENT_TYPES } from '../documents/document-types';
import { foldText, foldWords } from './fold-text';
import { SearchError } from './search-error';
import type { SearchSourceKind } from './search-index';

/** Longest query accepted, in characters, and most words kept in it (hostile input stays bounded). */
export const QUERY_MAX_CHARS = 1000;
export const QUERY_MAX_TERMS = 32;

/** One free-text condition: consecutive folded words (a phrase when more than one); the last may be a prefix. */
export interface TextTerm {
  readonly words: readonly string[];
  readonly prefix: boolean;
  /** A document number as typed ("01/QĐ-UBND"): its key, "1 qd ubnd" (matched by number_key first). */
  readonly number?: string;
}

export type SearchField =
  | 'number'
  | 'documentType'
  | 'year'
  | 'signer'
  | 'issuer'
  | 'status'
  | 'urgency'
  | 'level'
  | 'fileCode'
  | 'retention'
  | 'kind';

export interface ParsedQuery {
  readonly terms: readonly TextTerm[];
  /** Field conditions, folded values (several values of one field: any of them). */
  readonly fields: Partial<Record<SearchField, string[]>>;
  /** edXML document ids found in the text, as typed. */
  readonly edxmlIds: readonly string[];
  /** Every folded word a result may highlight. */
  readonly highlight: readonly string[];
}

/** Field names as people type them, folded ("người ký" → "nguoi ky"), longest first when matching. */
const FIELD_NAMES: Record<string, SearchField> = {
  so: 'number',
  'so ky hieu': 'number',
  sokyhieu: 'number',
  number: 'number',
  loai: 'documentType',
  'loai van ban': 'documentType',
  type: 'documentType',
  nam: 'year',
  year: 'year',
  'nguoi ky': 'signer',
  nguoiky: 'signer',
  ky: 'signer',
  signer: 'signer',
  'noi ban hanh': 'issuer',
  'co quan': 'issuer',
  'noi gui': 'issuer',
  issuer: 'issuer',
  'trang thai': 'status',
  status: 'status',
  'do khan': 'urgency',
  khan: 'urgency',
  urgency: 'urgency',
  cap: 'level',
  level: 'level',
  'ho so': 'fileCode',
  hoso: 'fileCode',
  file: 'fileCode',
  'thoi han': 'retention',
  retention: 'retention',
  nguon: 'kind',
  kind: 'kind',
};

const KIND_WORDS: Record<string, SearchSourceKind> = {
  di: 'outgoing',
  'van ban di': 'outgoing',
  outgoing: 'outgoing',
  den: 'incoming',
  'van ban den': 'incoming',
  incoming: 'incoming',
  'luu tru': 'record',
  record: 'record',
  'ho so': 'file',
  file: 'file',
  scan: 'scan',
  'ban quet': 'scan',
};

/** "01/QĐ-UBND" typed anywhere: digits, a slash, a notation. */
const NUMBER_TOKEN = /^[0-9]{1,6}\/\S+$/u;
/** edXML document id `{organId},{yyyy/MM/dd},{number}/{notation}`. */
const EDXML_TOKEN = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Za-z][0-9]{2},[0-9]{4}\/[0-9]{1,2}\/[0-9]{1,2},\S+$/u;

/** The folded words of a document number with its leading zeros dropped: "01/QĐ-UBND" → 1 qd ubnd. */
export function numberWords(text: string): string[] {
  const w = foldWords(text);
  if (w.length && /^[0-9]+$/.test(w[0]!)) w[0] = w[0]!.replace(/^0+(?=[0-9])/, '');
  return w;
}

/** The document-type name for an abbreviation or a name as typed ("qđ", "quyet dinh" → "quyet dinh"). */
function documentTypeValue(v: string): string {
  const f = foldText(v);
  const byAbbr = DOCUMENT_TYPES.find((t) => t.abbreviation && foldText(t.abbreviation) === f);
  return byAbbr ? foldText(byAbbr.name) : f;
}

interface Token {
  kind: 'word' | 'phrase' | 'field';
  text: string;
  field?: string;
  /** The token ended the query with no space after it (a prefix being typed). */
  last: boolean;
}

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  // A quoted phrase (an unbalanced quote runs to the end), a field:value (value quoted or not), a word.
  const re = /"([^"]*)"?|([^\s:"]+):(?:"([^"]*)"?|([^\s"]*))|([^\s"]+)/gu;
  for (const m of q.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length === q.length;
    if (m[1] !== undefined) out.push({ kind: 'phrase', text: m[1], last: false });
    else if (m[2] !== undefined)
      out.push({ kind: 'field', field: m[2], text: m[3] ?? m[4] ?? '', last: end });
    else out.push({ kind: 'word', text: m[5]!, last: end });
  }
  return out;
}

/**
 * Parses the search box: free words (with or without diacritics; the last one typed is a prefix),
 * quoted phrases that keep word order, numbers as people type them (`01/QĐ-UBND`, `1/qd-ubnd`), edXML
 * document ids, and fields (`so:`, `loai:`, `nam:`, `nguoi ky:`, `noi ban hanh:`, `trang thai:`, `khan:`,
 * `cap:`, `ho so:`, `thoi han:`, `nguon:`). Never builds SQL: words are folded to [a-z0-9]. Too long a
 * query answers SEARCH_QUERY_TOO_LONG; words beyond QUERY_MAX_TERMS are dropped.
 */
export function parseSearchQuery(q: string): ParsedQuery {
  if (q.length > QUERY_MAX_CHARS) throw SearchError.tooLong('ký tự / characters', QUERY_MAX_CHARS);
  // eslint-disable-next-line no-control-regex
  const text = q.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, ' ');
  const tokens = tokenize(text);
  const terms: TextTerm[] = [];
  const fields: Partial<Record<SearchField, string[]>> = {};
  const edxmlIds: string[] = [];
  const highlight = new Set<string>();
  let wordCount = 0;
  const addField = (f: SearchField, v: string): void => {
    (fields[f] ??= []).push(v);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'field') {
      // Field names of several words: "nguoi ky:Mai" arrives as word "nguoi" then field "ky".
      let name = foldText(t.field!);
      for (const n of [2, 1]) {
        const prev = i - n >= 0 ? tokens.slice(i - n, i) : [];
        if (prev.length === n && prev.every((p) => p.kind === 'word')) {
          const joined = foldText([...prev.map((p) => p.text), t.field!].join(' '));
          if (FIELD_NAMES[joined]) {
            // Those words were taken as free text: take them back.
            for (let k = 0; k < n; k++) {
              const w = foldWords(prev[k]!.text);
              const idx = terms.findIndex((x) => x.words.join(' ') === w.join(' ') && !x.prefix);
              if (idx >= 0) terms.splice(idx, 1);
            }
            name = joined;
            break;
          }
        }
      }
      const field = FIELD_NAMES[name];
      if (!field) {
        // Not a field: "abc:def" is just text (a URL, a time of day).
        tokens[i] = { kind: 'word', text: `${t.field!} ${t.text}`, last: t.last };
        i--;
        continue;
      }
      const v = t.text.trim();
      if (v === '') continue;
      if (field === 'number') {
        addField('number', numberWords(v).join(' '));
        [...numberWords(v), ...foldWords(v)].forEach((w) => highlight.add(w));
      } else if (field === 'documentType') addField(field, documentTypeValue(v));
      else if (field === 'year') {
        if (!/^[0-9]{4}$/.test(v))
          throw SearchError.invalid('nam', 'Năm phải có 4 chữ số', 'A year has four digits');
        addField(field, v);
      } else if (field === 'kind') {
        const k = KIND_WORDS[foldText(v)];
        if (!k)
          throw SearchError.invalid(
            'nguon',
            'Nguồn là: di, den, luu tru, ho so hoặc scan',
            'Kind is one of: di, den, luu tru, ho so, scan',
          );
        addField(field, k);
      } else {
        addField(field, foldText(v));
        if (field === 'signer' || field === 'issuer') foldWords(v).forEach((w) => highlight.add(w));
      }
      continue;
    }
    if (t.kind === 'word' && EDXML_TOKEN.test(t.text)) {
      edxmlIds.push(t.text);
      continue;
    }
    const isNumber = t.kind === 'word' && NUMBER_TOKEN.test(t.text);
    const words = isNumber ? numberWords(t.text) : foldWords(t.text);
    if (words.length === 0) continue;
    if (wordCount >= QUERY_MAX_TERMS) continue;
    const kept = words.slice(0, QUERY_MAX_TERMS - wordCount);
    wordCount += kept.length;
    kept.forEach((w) => highlight.add(w));
    if (isNumber) foldWords(t.text).forEach((w) => highlight.add(w));
    if (isNumber) terms.push({ words: kept, prefix: false, number: words.join(' ') });
    else if (t.kind === 'phrase') terms.push({ words: kept, prefix: false });
    // A word folding to several ("QĐ-UBND") is a phrase too; the word being typed is a prefix.
    else terms.push({ words: kept, prefix: t.last });
  }
  return { terms, fields, edxmlIds, highlight: [...highlight] };
}

/** The tsquery text of the terms: words AND-ed, phrases with <->, prefixes with :*. Only [a-z0-9] inside. */
export function tsqueryText(terms: readonly TextTerm[]): string {
  return terms
    .map((t) => {
      const ws = t.words.map((w, i) => (t.prefix && i === t.words.length - 1 ? `${w}:*` : w));
      return ws.length > 1 ? `(${ws.join(' <-> ')})` : ws[0]!;
    })
    .join(' & ');
}

/**
 * The same terms without word order: every word of every phrase ANDed (the last word of a prefix term
 * stays a prefix). The GIN index answers it without reading any row's tsvector (no positions to check);
 * a phrase search narrows its candidates with it before checking positions on a bounded number of them.
 */
export function tsqueryWordsText(terms: readonly TextTerm[]): string {
  return terms
    .flatMap((t) => t.words.map((w, i) => (t.prefix && i === t.words.length - 1 ? `${w}:*` : w)))
    .join(' & ');
}
