/**
 * Cross-reference data, ISO 32000-2 §7.5.4 (tables), §7.5.8 (streams) and §7.5.6 (incremental
 * updates): what one revision says about each object number.
 */
import type { PdfDict } from './objects';

/** One cross-reference entry (§7.5.4 table entries; §7.5.8.3 table 18 stream entry types). */
export type XrefEntry =
  | { readonly type: 'free'; readonly gen: number; readonly nextFree: number }
  | { readonly type: 'inUse'; readonly gen: number; readonly offset: number }
  | { readonly type: 'compressed'; readonly gen: 0; readonly objStm: number; readonly index: number };

/**
 * One revision of the document: the original file or one incremental update (§7.5.6). For a
 * linearized file the first-page and main cross-reference sections form one revision.
 */
export interface Revision {
  /** 0 for the original document, then 1, 2, ... for each incremental update. */
  readonly index: number;
  /** Offset of this revision's (newest) cross-reference section: `xref` keyword or xref stream object. */
  readonly xrefOffset: number;
  /** Offset of the `startxref` keyword that ends this revision (-1 if none was found). */
  readonly startxrefOffset: number;
  /** Offset of the byte after this revision's `%%EOF` line (its end-of-line included). */
  readonly endOffset: number;
  /** Classic table, xref stream, or table with /XRefStm (§7.5.8.4); 'rebuilt' after a scan. */
  readonly kind: 'table' | 'stream' | 'hybrid' | 'rebuilt';
  /** The trailer dictionary (for xref streams: the stream dictionary). */
  readonly trailer: PdfDict;
  /** Entries this revision's cross-reference section lists, by object number. */
  readonly entries: ReadonlyMap<number, XrefEntry>;
}
