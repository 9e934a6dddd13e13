/**
 * PDF reader: revisions, cross-reference data and lazily parsed objects over a random-access byte
 * source (ISO 32000-2 §7.5 file structure). Nothing is read until it is asked for, so a 200 MB file
 * costs only its cross-reference sections and the objects the caller touches.
 *
 * The API is synchronous; file sources use positioned reads of small windows.
 * Values returned by getObject are cached and shared: clone before modifying.
 */
import { readAcroForm, type AcroFormInfo } from './acroform';
import { toByteSource, type ByteSource, type PdfInput } from './byte-source';
import { PdfError, limitExceeded, malformed } from './errors';
import { decodeFilters } from './filters';
import { Lexer, NeedMoreData, isWhite } from './lexer';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfStream, PdfString, type PdfValue } from './objects';
import { DEFAULT_PARSE_LIMITS, ObjectParser, type ParseLimits } from './parser';
import {
  StandardSecurityHandler,
  isSignatureDictionary,
  type SecurityInfo,
} from './standard-security-handler';
import type { Revision, XrefEntry } from './xref';

export type { Revision, XrefEntry } from './xref';

/** Safety limits of the reader; every one raises PDF_LIMIT_EXCEEDED when hit. */
export interface PdfLimits extends ParseLimits {
  /** Largest window read to parse one object or xref section (stream data excluded). */
  maxObjectBytes: number;
  /** Largest decoded stream (decompression bombs). */
  maxDecodedStreamBytes: number;
  /**
   * Most bytes decoded from all streams of one reader together (object streams, cross-reference
   * streams, whatever the caller decodes): many streams each under maxDecodedStreamBytes.
   */
  maxTotalDecodedBytes: number;
  /** Most revisions followed through /Prev. */
  maxRevisions: number;
  /** Most cross-reference entries in one section, and largest object number. */
  maxXrefEntries: number;
  /** Most pages in the page tree. */
  maxPages: number;
}

export const DEFAULT_LIMITS: PdfLimits = {
  ...DEFAULT_PARSE_LIMITS,
  maxObjectBytes: 32 * 1024 * 1024,
  maxDecodedStreamBytes: 128 * 1024 * 1024,
  maxTotalDecodedBytes: Number.POSITIVE_INFINITY,
  maxRevisions: 10_000,
  maxXrefEntries: 10_000_000,
  maxPages: 1_000_000,
};

export interface PdfReaderOptions {
  limits?: Partial<PdfLimits>;
  /**
   * Check at open that every in-use entry points at its `N G obj` header and repair off-by-N
   * offsets (default true). Costs one tiny read per object.
   */
  checkOffsets?: boolean;
  /**
   * Password of an encrypted document (Standard security handler, §7.6.4): owner or user. Without
   * one the empty password is tried (documents with only an owner password open without one); a
   * wrong one is PDF_PASSWORD_INCORRECT. Strings and streams are then decrypted as they are read.
   */
  password?: string | Buffer;
}

/** A page with its inherited attributes resolved (§7.7.3.4). */
export interface PageInfo {
  /** 0-based page index. */
  readonly index: number;
  /** The page object's reference (undefined for a page written as a direct object). */
  readonly ref: PdfRef | undefined;
  readonly dict: PdfDict;
  readonly mediaBox: number[] | undefined;
  readonly cropBox: number[] | undefined;
  readonly rotate: number;
  readonly resources: PdfDict | undefined;
}

/** The security handler of an encrypted document (§7.6). */
export interface EncryptionInfo {
  /** /Filter: 'Standard' (password), 'Adobe.PubSec' (public key) or another handler. */
  readonly filter: string;
  readonly subFilter?: string;
  readonly v?: number;
  readonly r?: number;
  /** Whether strings and streams are decrypted (a password, or the empty one, was accepted). */
  readonly decrypted: boolean;
  /** What the Standard handler authenticated, when it did. */
  readonly security?: SecurityInfo;
}

interface ObjStmData {
  data: Buffer;
  first: number;
  pairs: number[]; // num, offset, num, offset, ...
}

interface Section {
  offset: number;
  kind: 'table' | 'stream' | 'hybrid';
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
  end: number; // where the section's syntax ends
}

const MAX_CACHE = 50_000;

export class PdfReader {
  readonly source: ByteSource;
  readonly limits: PdfLimits;
  /** Version in the `%PDF-x.y` header ('' when the header is missing or illegal). */
  readonly headerVersion: string;
  /** Offset of `%PDF-` (normally 0). */
  readonly headerOffset: number;
  /** Revisions, oldest first; the last is the current state of the document. */
  readonly revisions: readonly Revision[];
  /** Whether the cross-reference data had to be repaired; see {@link repairs}. */
  get repaired(): boolean {
    return this.repairs.length > 0;
  }
  /** What was repaired (empty for a sound file), e.g. 'startxref off by 1'. */
  readonly repairs: string[] = [];
  /** Minor defects tolerated without repair (a wrong stream /Length, missing `endobj`, ...). */
  readonly warnings: string[] = [];

  private readonly cache = new Map<string, PdfValue>();
  private readonly objStms = new Map<number, ObjStmData>();
  private scanIndex: Map<number, { offset: number; gen: number }> | undefined;
  private readonly resolving = new Set<string>();
  /** The authenticated Standard security handler: strings and streams are decrypted with it. */
  private crypt: StandardSecurityHandler | undefined;
  /** The /Encrypt dictionary's object number: never decrypted (§7.6.2). */
  private encryptNum: number | undefined;
  private readonly password: string | Buffer | undefined;

  private constructor(source: ByteSource, options: PdfReaderOptions) {
    this.source = source;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const head = source.read(0, 1024).toString('latin1');
    const h = head.indexOf('%PDF-');
    this.headerOffset = h;
    const m = h >= 0 ? /^%PDF-(\d\.\d)/.exec(head.slice(h)) : null;
    this.headerVersion = m ? m[1] : '';
    if (h < 0) this.warnings.push('no %PDF- header');
    else if (!m) this.warnings.push('illegal version in %PDF- header');
    this.revisions = this.loadRevisions();
    if (options.checkOffsets !== false && this.revisions[0]?.kind !== 'rebuilt') this.checkOffsets();
    this.password = options.password;
    this.setupSecurity();
    this.checkCatalog();
  }

  /**
   * Open a PDF from a Buffer, a path (opened and owned: call close()), a descriptor or FileHandle
   * (not closed by the reader), or any ByteSource.
   * Throws PdfError (PDF_MALFORMED, PDF_XREF_BROKEN, PDF_LIMIT_EXCEEDED) when unreadable.
   */
  static open(input: PdfInput, options: PdfReaderOptions = {}): PdfReader {
    const source = toByteSource(input);
    try {
      return new PdfReader(source, options);
    } catch (e) {
      if (typeof input === 'string') source.close();
      if (e instanceof PdfError) throw e;
      if (e instanceof RangeError) {
        throw new PdfError(
          'PDF_LIMIT_EXCEEDED',
          { vi: 'Tệp PDF quá phức tạp', en: 'PDF too complex' },
          { cause: e },
        );
      }
      throw new PdfError(
        'PDF_MALFORMED',
        { vi: 'Không đọc được tệp PDF', en: 'Cannot read the PDF' },
        { cause: e },
      );
    }
  }

  /** Release the source when the reader opened it from a path. */
  close(): void {
    this.source.close();
  }

  /** The current (last) revision's trailer. */
  get trailer(): PdfDict {
    return this.revisions[this.revisions.length - 1].trailer;
  }

  /** The document catalog (§7.7.2). */
  get catalog(): PdfDict {
    const c = this.resolve(this.trailer.get('Root'));
    if (!(c instanceof PdfDict)) throw malformed('the trailer has no /Root catalog dictionary');
    return c;
  }

  /** Reference of the catalog. */
  get rootRef(): PdfRef | undefined {
    return this.trailer.getRef('Root');
  }

  /** The effective version: the header, or the catalog's /Version when later (§7.7.2). */
  get version(): string {
    const v = this.resolve(this.catalog.get('Version'));
    const cat = v instanceof PdfName ? v.name : '';
    return cat > this.headerVersion ? cat : this.headerVersion;
  }

  /** The next free object number: max(/Size, highest object number + 1) (§7.5.5). */
  get size(): number {
    if (this.sizeCache === undefined) {
      let max = this.trailer.getNumber('Size') ?? 0;
      for (const r of this.revisions) for (const n of r.entries.keys()) if (n + 1 > max) max = n + 1;
      this.sizeCache = max;
    }
    return this.sizeCache;
  }
  private sizeCache: number | undefined;

  /**
   * Whether the trailer has /Encrypt (§7.6). With an accepted password (see {@link decrypted})
   * objects are returned decrypted; otherwise as stored.
   */
  get isEncrypted(): boolean {
    return this.trailer.has('Encrypt');
  }

  /** Whether strings and streams are being decrypted (Standard handler, password accepted). */
  get decrypted(): boolean {
    return this.crypt !== undefined;
  }

  /** The authenticated security handler, for an update that must encrypt what it writes. */
  get securityHandler(): StandardSecurityHandler | undefined {
    return this.crypt;
  }

  /** The security handler when encrypted. */
  get encryption(): EncryptionInfo | undefined {
    if (!this.isEncrypted) return undefined;
    const d = this.resolve(this.trailer.get('Encrypt'));
    if (!(d instanceof PdfDict)) return { filter: 'unknown', decrypted: false };
    return {
      filter: d.getName('Filter') ?? 'unknown',
      subFilter: d.getName('SubFilter'),
      v: d.getNumber('V'),
      r: d.getNumber('R'),
      decrypted: this.crypt !== undefined,
      security: this.crypt?.info,
    };
  }

  /**
   * §7.6: authenticate the password against a Standard /Encrypt dictionary (read as stored: it is
   * never encrypted). A public-key or unknown handler is left alone (objects as stored) unless a
   * password was given: then PDF_ENCRYPTION_UNSUPPORTED.
   */
  private setupSecurity(): void {
    this.crypt = undefined;
    const value = this.trailer.get('Encrypt');
    if (value === undefined) return;
    this.encryptNum = value instanceof PdfRef ? value.num : undefined;
    const dict = this.resolve(value);
    const given = this.password !== undefined;
    if (!(dict instanceof PdfDict)) {
      if (given) throw malformed('the /Encrypt entry is not a dictionary');
      return;
    }
    const resolved = new PdfDict();
    for (const [k, v] of dict.entries) resolved.set(k, this.resolve(v) ?? null);
    if (resolved.getName('Filter') !== 'Standard') {
      if (!given) return;
      throw new PdfError(
        'PDF_ENCRYPTION_UNSUPPORTED',
        {
          vi: `Tệp PDF được mã hoá bằng bộ mã hoá /${resolved.getName('Filter') ?? '?'} (khoá công khai); chỉ hỗ trợ mã hoá bằng mật khẩu`,
          en: `The PDF is encrypted with the /${resolved.getName('Filter') ?? '?'} (public-key) security handler; only password encryption is supported`,
        },
        { details: { handler: resolved.getName('Filter') } },
      );
    }
    const id = this.resolve(this.trailer.get('ID'));
    const first = Array.isArray(id) ? this.resolve(id[0]) : undefined;
    const documentId = first instanceof PdfString ? first.bytes : Buffer.alloc(0);
    let handler: StandardSecurityHandler | null;
    try {
      handler = StandardSecurityHandler.open(resolved, documentId, this.password);
    } catch (e) {
      if (given) throw e;
      return; // without a password, an unusable handler leaves the objects as stored
    }
    if (handler === null) {
      if (!given) return;
      throw new PdfError('PDF_PASSWORD_INCORRECT', {
        vi: 'Mật khẩu của tệp PDF không đúng',
        en: 'Incorrect password for the PDF',
      });
    }
    // Objects read before (while resolving /Encrypt, or when rebuilding) were not decrypted.
    this.cache.clear();
    this.partialCache.clear();
    this.objStms.clear();
    this.crypt = handler;
  }

  /**
   * A value read from object `num` decrypted (§7.6.2): its strings, except the /Contents of
   * signature dictionaries, and a stream's data through its crypt filter — but not the /Encrypt
   * dictionary, cross-reference streams, or metadata when /EncryptMetadata is false.
   */
  private decryptValue(v: PdfValue, num: number, gen: number): PdfValue {
    const c = this.crypt;
    if (c === undefined || num === this.encryptNum) return v;
    if (v instanceof PdfStream) {
      const type = v.dict.getName('Type');
      if (type === 'XRef') return v;
      const dict = this.decryptStrings(v.dict, num, gen, 0) as PdfDict;
      if (type === 'Metadata' && !c.info.encryptMetadata) return v.derive(dict);
      const method = c.streamMethod(dict);
      return v.derive(dict, method === 'None' ? undefined : (raw) => c.decryptStream(raw, num, gen, method));
    }
    return this.decryptStrings(v, num, gen, 0);
  }

  private decryptStrings(v: PdfValue, num: number, gen: number, depth: number): PdfValue {
    if (depth > this.limits.maxDepth) return v;
    if (v instanceof PdfString) return new PdfString(this.crypt!.decryptString(v.bytes, num, gen), v.hex);
    if (Array.isArray(v)) return v.map((x) => this.decryptStrings(x, num, gen, depth + 1));
    if (v instanceof PdfDict) {
      const out = new PdfDict();
      const signature = isSignatureDictionary(v);
      for (const [k, x] of v.entries)
        out.set(k, signature && k === 'Contents' ? x : this.decryptStrings(x, num, gen, depth + 1));
      return out;
    }
    return v;
  }

  /** The object as of the current revision; null when free or absent (§7.3.10). */
  getObject(ref: PdfRef): PdfValue {
    return this.getObjectAt(ref, this.revisions.length - 1);
  }

  /** The object as it was in revision `revisionIndex` (0 = original). */
  getObjectAt(ref: PdfRef, revisionIndex: number): PdfValue {
    const found = this.locate(ref.num, revisionIndex);
    if (found === undefined) return null;
    const { entry, revision } = found;
    if (entry.type === 'free') return null;
    if (entry.type === 'inUse' && entry.gen !== ref.gen) return null;
    if (entry.type === 'compressed' && ref.gen !== 0) return null;
    return this.load(ref.num, entry, revision);
  }

  /**
   * The object as of revision `revisionIndex` with, if it is a dictionary, only the entries named
   * in `keys` (a stream's dictionary comes back as a plain dictionary; its data is not located).
   * For walks that need a few keys of many objects — the page tree's /Kids and /Contents beside
   * every page's resources: the rest of each dictionary is skipped, not built. A fully parsed
   * object already in the cache is returned as it is. The result is partial and shared: read it,
   * never modify it, compare it or write it into an update.
   */
  getObjectKeysAt(ref: PdfRef, revisionIndex: number, keys: ReadonlySet<string>): PdfValue {
    const found = this.locate(ref.num, revisionIndex);
    if (found === undefined) return null;
    const { entry, revision } = found;
    if (entry.type === 'free') return null;
    if (entry.type === 'inUse' && entry.gen !== ref.gen) return null;
    if (entry.type === 'compressed' && ref.gen !== 0) return null;
    let key: string;
    let objStmEntry: XrefEntry | undefined;
    if (entry.type === 'inUse') key = `o${entry.offset}`;
    else {
      objStmEntry = this.entryAt(entry.objStm, revision);
      if (objStmEntry === undefined || objStmEntry.type !== 'inUse')
        return this.load(ref.num, entry, revision);
      key = `c${objStmEntry.offset}:${entry.index}`;
    }
    const full = this.cache.get(key);
    if (full !== undefined) return full;
    let id = this.keySetIds.get(keys);
    if (id === undefined) this.keySetIds.set(keys, (id = String(++this.keySetCount)));
    const partialKey = `${key}|${id}`;
    const cached = this.partialCache.get(partialKey);
    if (cached !== undefined) return cached;
    let v: PdfValue;
    if (entry.type === 'inUse') {
      v = this.withWindow(entry.offset, 4096, (lx) => {
        const p = new ObjectParser(lx, this.limits);
        const h = p.parseObjectHeader();
        if (h === null || h.num !== ref.num) {
          throw malformed(`object ${ref.num} ${ref.gen} not found at offset ${entry.offset}`, {
            num: ref.num,
            offset: entry.offset,
          });
        }
        return this.decryptValue(p.parseValueKeys(keys), ref.num, ref.gen);
      });
    } else {
      const os = this.objStm(entry.objStm, objStmEntry as XrefEntry & { type: 'inUse' }, revision);
      let i = entry.index;
      if (2 * i + 1 >= os.pairs.length || os.pairs[2 * i] !== ref.num) {
        i = -1;
        for (let k = 0; k < os.pairs.length; k += 2) if (os.pairs[k] === ref.num) i = k / 2;
        if (i < 0) return this.load(ref.num, entry, revision); // its own error
      }
      const off = os.first + os.pairs[2 * i + 1];
      if (off >= os.data.length) return this.load(ref.num, entry, revision);
      v = new ObjectParser(new Lexer(os.data, off, 0, true), this.limits).parseValueKeys(keys);
    }
    if (this.partialCache.size >= MAX_CACHE) this.partialCache.clear();
    this.partialCache.set(partialKey, v);
    return v;
  }

  /** Like {@link resolveAt}, reading only `keys` of the dictionary it ends at ({@link getObjectKeysAt}). */
  resolveKeysAt(
    v: PdfValue | undefined,
    revisionIndex: number,
    keys: ReadonlySet<string>,
  ): PdfValue | undefined {
    let n = 0;
    while (v instanceof PdfRef) {
      if (++n > 32) return null;
      v = this.getObjectKeysAt(v, revisionIndex, keys);
    }
    return v;
  }

  private readonly partialCache = new Map<string, PdfValue>();
  private readonly keySetIds = new WeakMap<ReadonlySet<string>, string>();
  private keySetCount = 0;

  /** The entry that defines object `num` as of a revision (walking back to older revisions). */
  entryAt(num: number, revisionIndex: number): XrefEntry | undefined {
    return this.locate(num, revisionIndex)?.entry;
  }

  private locate(num: number, revisionIndex: number): { entry: XrefEntry; revision: number } | undefined {
    for (let i = Math.min(revisionIndex, this.revisions.length - 1); i >= 0; i--) {
      const entry = this.revisions[i].entries.get(num);
      if (entry !== undefined) return { entry, revision: i };
    }
    return undefined;
  }

  /** Follow references until a direct value (bounded; a reference loop yields null). */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    let n = 0;
    while (v instanceof PdfRef) {
      if (++n > 32) return null;
      v = this.getObject(v);
    }
    return v;
  }

  /** Like {@link resolve}, as of revision `revisionIndex`. */
  resolveAt(v: PdfValue | undefined, revisionIndex: number): PdfValue | undefined {
    let n = 0;
    while (v instanceof PdfRef) {
      if (++n > 32) return null;
      v = this.getObjectAt(v, revisionIndex);
    }
    return v;
  }

  /** Decoded stream data (§7.4), bounded by maxDecodedStreamBytes and maxTotalDecodedBytes. */
  decodeStream(stream: PdfStream): Buffer {
    if (stream.encodedLength > this.limits.maxDecodedStreamBytes && !stream.dict.has('Filter')) {
      throw limitExceeded('maxDecodedStreamBytes', this.limits.maxDecodedStreamBytes);
    }
    return this.decodeCounted((max) =>
      decodeFilters(
        stream.encodedBytes(),
        stream.dict,
        (x) => this.resolve(x),
        max,
        this.crypt !== undefined, // a /Crypt filter was applied when the bytes were read
      ),
    );
  }

  /** Bytes decoded so far from this reader's streams (counted against maxTotalDecodedBytes). */
  private decodedTotal = 0;

  /** Runs a decode with what is left of the total budget; a hit of the total names that limit. */
  private decodeCounted(decode: (max: number) => Buffer): Buffer {
    const perStream = this.limits.maxDecodedStreamBytes;
    const room = this.limits.maxTotalDecodedBytes - this.decodedTotal;
    if (room >= perStream) {
      const out = decode(perStream);
      this.decodedTotal += out.length;
      return out;
    }
    const total = () => limitExceeded('maxTotalDecodedBytes', this.limits.maxTotalDecodedBytes);
    if (room <= 0) throw total();
    try {
      const out = decode(room);
      this.decodedTotal += out.length;
      return out;
    } catch (e) {
      if (
        e instanceof PdfError &&
        e.code === 'PDF_LIMIT_EXCEEDED' &&
        e.details?.limit === 'maxDecodedStreamBytes'
      )
        throw total();
      throw e;
    }
  }

  /** Pages in order, with inherited attributes (§7.7.3). A cycle in the tree is PDF_MALFORMED. */
  pages(): PageInfo[] {
    const out: PageInfo[] = [];
    const root = this.catalog.get('Pages');
    if (!(this.resolve(root) instanceof PdfDict)) throw malformed('the catalog has no /Pages tree');
    const seen = new Set<unknown>();
    type Inherited = { mediaBox?: PdfValue; cropBox?: PdfValue; rotate?: PdfValue; resources?: PdfValue };
    const stack: { node: PdfValue | undefined; inh: Inherited }[] = [{ node: root, inh: {} }];
    while (stack.length > 0) {
      const { node, inh } = stack.pop()!;
      const ref = node instanceof PdfRef ? node : undefined;
      const dict = this.resolve(node);
      if (!(dict instanceof PdfDict)) continue;
      const key = ref !== undefined ? ref.key : dict;
      if (seen.has(key)) throw malformed('the page tree has a cycle', { ref: ref?.toString() });
      seen.add(key);
      const here: Inherited = {
        mediaBox: dict.get('MediaBox') ?? inh.mediaBox,
        cropBox: dict.get('CropBox') ?? inh.cropBox,
        rotate: dict.get('Rotate') ?? inh.rotate,
        resources: dict.get('Resources') ?? inh.resources,
      };
      const kids = this.resolve(dict.get('Kids'));
      const type = dict.getName('Type');
      if (type === 'Pages' || (type === undefined && Array.isArray(kids))) {
        if (!Array.isArray(kids)) continue;
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], inh: here });
        continue;
      }
      if (out.length >= this.limits.maxPages) throw limitExceeded('maxPages', this.limits.maxPages);
      const rot = this.resolve(here.rotate);
      const res = this.resolve(here.resources);
      out.push({
        index: out.length,
        ref,
        dict,
        mediaBox: this.numbers(here.mediaBox),
        cropBox: this.numbers(here.cropBox),
        rotate: rot instanceof PdfNumber ? rot.value : 0,
        resources: res instanceof PdfDict ? res : undefined,
      });
    }
    return out;
  }

  /**
   * Number of pages: the page tree root's /Count (§7.7.3.2) when a descent to the last page agrees
   * with it, else the length of a full walk ({@link pages}).
   */
  pageCount(): number {
    if (this.pageCountCache === undefined) {
      const count = this.treeCount(this.resolve(this.catalog.get('Pages')));
      this.pageCountCache =
        count !== undefined && count > 0 && this.descend(count - 1) !== undefined
          ? count
          : this.pages().length;
    }
    return this.pageCountCache;
  }
  private pageCountCache: number | undefined;

  /**
   * The page at a 0-based index, found by descending the page tree with the intermediate nodes'
   * /Count (§7.7.3.2) so that only the nodes on its path are parsed — the way viewers open one
   * page. Where the counts do not lead to a page (a malformed tree), the result of a full walk.
   * Undefined when there is no such page.
   */
  page(index: number): PageInfo | undefined {
    if (!Number.isInteger(index) || index < 0) return undefined;
    return this.descend(index) ?? this.pages()[index];
  }

  /** /Count of an intermediate node as a non-negative integer, else undefined. */
  private treeCount(node: PdfValue | undefined): number | undefined {
    if (!(node instanceof PdfDict)) return undefined;
    const c = this.resolve(node.get('Count'));
    return c instanceof PdfNumber && Number.isInteger(c.value) && c.value >= 0 ? c.value : undefined;
  }

  /** Walk down to page `index` using /Count; undefined when the tree's counts are inconsistent. */
  private descend(index: number): PageInfo | undefined {
    type Inherited = { mediaBox?: PdfValue; cropBox?: PdfValue; rotate?: PdfValue; resources?: PdfValue };
    let node = this.resolve(this.catalog.get('Pages'));
    if (!(node instanceof PdfDict)) throw malformed('the catalog has no /Pages tree');
    let inh: Inherited = {};
    let rest = index;
    const seen = new Set<unknown>([node]);
    for (;;) {
      const count = this.treeCount(node);
      const kids = this.resolve((node as PdfDict).get('Kids'));
      if (count === undefined || rest >= count || !Array.isArray(kids)) return undefined;
      const here: Inherited = {
        mediaBox: (node as PdfDict).get('MediaBox') ?? inh.mediaBox,
        cropBox: (node as PdfDict).get('CropBox') ?? inh.cropBox,
        rotate: (node as PdfDict).get('Rotate') ?? inh.rotate,
        resources: (node as PdfDict).get('Resources') ?? inh.resources,
      };
      // From the nearer end, so that the first and the last page cost one kid each.
      const backwards = rest >= count / 2;
      let skip = backwards ? count - 1 - rest : rest;
      let next: { ref: PdfRef | undefined; dict: PdfDict; leaf: boolean } | undefined;
      for (let k = 0; k < kids.length; k++) {
        const kid = kids[backwards ? kids.length - 1 - k : k];
        const dict = this.resolve(kid);
        if (!(dict instanceof PdfDict)) continue;
        const type = dict.getName('Type');
        const leaf = !(
          type === 'Pages' ||
          (type === undefined && Array.isArray(this.resolve(dict.get('Kids'))))
        );
        const n = leaf ? 1 : this.treeCount(dict);
        if (n === undefined) return undefined;
        if (skip < n) {
          next = { ref: kid instanceof PdfRef ? kid : undefined, dict, leaf };
          break;
        }
        skip -= n;
      }
      if (next === undefined) return undefined;
      const key = next.ref !== undefined ? next.ref.key : next.dict;
      if (seen.has(key) || seen.has(next.dict)) return undefined;
      seen.add(key);
      seen.add(next.dict);
      if (next.leaf) {
        const d = next.dict;
        const rot = this.resolve(d.get('Rotate') ?? here.rotate);
        const res = this.resolve(d.get('Resources') ?? here.resources);
        return {
          index,
          ref: next.ref,
          dict: d,
          mediaBox: this.numbers(d.get('MediaBox') ?? here.mediaBox),
          cropBox: this.numbers(d.get('CropBox') ?? here.cropBox),
          rotate: rot instanceof PdfNumber ? rot.value : 0,
          resources: res instanceof PdfDict ? res : undefined,
        };
      }
      rest = backwards ? this.treeCount(next.dict)! - 1 - skip : skip;
      node = next.dict;
      inh = here;
    }
  }

  /** AcroForm fields, signature fields and /Perms /DocMDP (§12.7, §12.8). */
  acroForm(): AcroFormInfo {
    return readAcroForm(this);
  }

  private numbers(v: PdfValue | undefined): number[] | undefined {
    const a = this.resolve(v);
    if (!Array.isArray(a)) return undefined;
    const out: number[] = [];
    for (const x of a) {
      const n = this.resolve(x);
      if (!(n instanceof PdfNumber)) return undefined;
      out.push(n.value);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Windows and object loading

  /**
   * Long hex strings (a signature's /Contents) the lexer decoded whole from the file, hex digits
   * only: their bytes → the file offset of their `<`. A Map held by this reader, not a module
   * WeakMap: V8 keeps a WeakMap's buffer keys through minor GCs, until a full GC.
   */
  private readonly hexOffsets = new Map<Buffer, number>();

  /**
   * The file offset of the `<` of the hex string `bytes` were decoded from, when this reader's
   * lexer read it from the file itself as hex digits only (at least 512 bytes) — so the file holds
   * exactly `<` + the hex of `bytes` + `>` there, `2 * bytes.length + 2` bytes. Undefined otherwise
   * (short strings, strings with white space, strings in object streams, bytes from anywhere else).
   */
  hexStringFileOffset(bytes: Buffer): number | undefined {
    return this.hexOffsets.get(bytes);
  }

  /** Run `fn` on a lexer over a window at `offset`, growing the window when a token runs past it. */
  private withWindow<T>(offset: number, initial: number, fn: (lx: Lexer) => T): T {
    let size = initial;
    for (;;) {
      const buf = this.source.read(offset, size);
      const lx = new Lexer(buf, 0, offset, offset + buf.length >= this.source.length, this.hexOffsets);
      try {
        return fn(lx);
      } catch (e) {
        if (!(e instanceof NeedMoreData)) throw e;
        if (size >= this.limits.maxObjectBytes) {
          throw limitExceeded('maxObjectBytes', this.limits.maxObjectBytes, { offset });
        }
        size = Math.min(size * 8, this.limits.maxObjectBytes);
      }
    }
  }

  /** Load an entry's object; `revision` is where the entry was found (for its object stream). */
  private load(num: number, entry: XrefEntry, revision: number): PdfValue {
    if (entry.type === 'free') return null;
    let key: string;
    let objStmEntry: XrefEntry | undefined;
    if (entry.type === 'inUse') key = `o${entry.offset}`;
    else {
      // §7.5.7: the object stream itself is an uncompressed object of the same revision.
      objStmEntry = this.entryAt(entry.objStm, revision);
      if (objStmEntry === undefined || objStmEntry.type !== 'inUse') {
        throw malformed(`object stream ${entry.objStm} is missing`, { num: entry.objStm });
      }
      key = `c${objStmEntry.offset}:${entry.index}`;
    }
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.resolving.has(key)) throw malformed('object refers to itself while being parsed', { num });
    this.resolving.add(key);
    try {
      const v =
        entry.type === 'inUse'
          ? this.parseIndirectAt(entry.offset, num, entry.gen)
          : this.loadCompressed(
              num,
              entry.objStm,
              objStmEntry as XrefEntry & { type: 'inUse' },
              entry.index,
              revision,
            );
      // Objects inside an object stream are not encrypted on their own: the stream was (§7.6.2).
      const plain = entry.type === 'inUse' ? this.decryptValue(v, num, entry.gen) : v;
      if (this.cache.size >= MAX_CACHE) this.cache.clear();
      this.cache.set(key, plain);
      return plain;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** Parse `N G obj ... endobj` at an offset (§7.3.10), with stream data left lazy (§7.3.8). */
  private parseIndirectAt(offset: number, num: number, gen: number): PdfValue {
    return this.withWindow(offset, 4096, (lx) => {
      const p = new ObjectParser(lx, this.limits);
      const h = p.parseObjectHeader();
      if (h === null || h.num !== num) {
        throw malformed(`object ${num} ${gen} not found at offset ${offset}`, { num, gen, offset });
      }
      const value = p.parseValue();
      lx.skipWhite();
      if (!(value instanceof PdfDict) || !lx.tryKeyword('stream')) return value;
      return this.readStream(value, lx);
    });
  }

  private readStream(dict: PdfDict, lx: Lexer): PdfStream {
    // §7.3.8.1: `stream` is followed by CRLF or LF (a lone CR is tolerated).
    if (lx.peek() === 0x0d) lx.pos++;
    if (lx.peek() === 0x0a) lx.pos++;
    const start = lx.offset;
    const lenValue = dict.get('Length');
    let length = -1;
    try {
      const l = this.resolve(lenValue);
      if (l instanceof PdfNumber && Number.isInteger(l.value) && l.value >= 0) length = l.value;
    } catch (e) {
      if (!(e instanceof PdfError)) throw e;
    }
    if (length < 0 || !this.endstreamAt(start + length)) {
      const found = this.findEndstream(start);
      if (found < 0) throw malformed('stream without endstream', { offset: start });
      if (length >= 0)
        this.warnings.push(`stream at ${start}: /Length ${length} corrected to ${found - start}`);
      length = found - start;
    }
    return new PdfStream(dict, { source: this.source, offset: start, length });
  }

  private endstreamAt(pos: number): boolean {
    if (pos > this.source.length) return false;
    const b = this.source.read(pos, 32);
    let i = 0;
    while (i < b.length && isWhite(b[i])) i++;
    return b.toString('latin1', i, i + 9) === 'endstream';
  }

  /** Offset where stream data ends before `endstream` (its preceding EOL excluded), or -1. */
  private findEndstream(start: number): number {
    const chunk = 1024 * 1024;
    for (let pos = start; pos < this.source.length; pos += chunk - 16) {
      const b = this.source.read(pos, chunk);
      const i = b.indexOf('endstream', 0, 'latin1');
      if (i >= 0) {
        let end = pos + i;
        const before = this.source.read(Math.max(start, end - 2), Math.min(2, end - start));
        if (before.length === 2 && before[0] === 0x0d && before[1] === 0x0a) end -= 2;
        else if (
          before.length > 0 &&
          (before[before.length - 1] === 0x0a || before[before.length - 1] === 0x0d)
        )
          end -= 1;
        return end;
      }
      if (b.length < chunk) break;
    }
    return -1;
  }

  /** Object `num` at `index` of object stream `objStm` (§7.5.7). */
  private loadCompressed(
    num: number,
    objStmNum: number,
    objStmEntry: XrefEntry & { type: 'inUse' },
    index: number,
    revision: number,
  ): PdfValue {
    const os = this.objStm(objStmNum, objStmEntry, revision);
    let i = index;
    if (2 * i + 1 >= os.pairs.length || os.pairs[2 * i] !== num) {
      i = -1;
      for (let k = 0; k < os.pairs.length; k += 2) if (os.pairs[k] === num) i = k / 2;
      if (i < 0)
        throw malformed(`object ${num} is missing from object stream ${objStmNum}`, {
          num,
          objStm: objStmNum,
        });
    }
    const off = os.first + os.pairs[2 * i + 1];
    if (off >= os.data.length)
      throw malformed(`object ${num} lies outside its object stream`, { objStm: objStmNum });
    const lx = new Lexer(os.data, off, 0, true);
    return new ObjectParser(lx, this.limits).parseValue();
  }

  private objStm(num: number, entry: XrefEntry & { type: 'inUse' }, revision: number): ObjStmData {
    const cached = this.objStms.get(entry.offset);
    if (cached !== undefined) return cached;
    const s = this.load(num, entry, revision);
    if (!(s instanceof PdfStream)) throw malformed(`object stream ${num} is not a stream`, { num });
    if (this.isEncrypted && this.crypt === undefined) {
      throw new PdfError('PDF_ENCRYPTED', {
        vi: 'Tệp PDF được mã hoá: cần mật khẩu để đọc các đối tượng nén',
        en: 'The PDF is encrypted: a password is needed to read its object streams',
      });
    }
    const data = this.decodeStream(s);
    const n = this.resolve(s.dict.get('N'));
    const first = this.resolve(s.dict.get('First'));
    if (!(n instanceof PdfNumber) || !(first instanceof PdfNumber))
      throw malformed(`object stream ${num} lacks /N or /First`);
    if (n.value < 0 || n.value > this.limits.maxXrefEntries) throw limitExceeded('maxXrefEntries', n.value);
    const lx = new Lexer(data, 0, 0, true);
    const pairs: number[] = [];
    for (let k = 0; k < n.value * 2; k++) {
      lx.skipWhite();
      if (lx.pos >= first.value) break;
      const v = lx.readUnsigned();
      if (v < 0) break;
      pairs.push(v);
    }
    if (pairs.length % 2) pairs.pop();
    const os = { data, first: first.value, pairs };
    if (this.objStms.size > 64) this.objStms.clear();
    this.objStms.set(entry.offset, os);
    return os;
  }

  // ---------------------------------------------------------------------------------------------
  // Cross-reference chain (§7.5.5 trailer, §7.5.6 incremental updates)

  private loadRevisions(): Revision[] {
    const len = this.source.length;
    if (len === 0) throw malformed('empty file');
    // §7.5.5: startxref is near the end; look further back when junk follows the last %%EOF.
    let tailBase = Math.max(0, len - 4096);
    let tail = this.source.read(tailBase, 4096).toString('latin1');
    let sx = tail.lastIndexOf('startxref');
    if (sx < 0 && tailBase > 0) {
      tailBase = Math.max(0, len - 1024 * 1024);
      tail = this.source.read(tailBase, 1024 * 1024).toString('latin1');
      sx = tail.lastIndexOf('startxref');
      if (sx >= 0) this.warnings.push(`${len - tailBase - sx} bytes after the last startxref`);
    }
    let sections: Section[] | undefined;
    if (sx >= 0) {
      const startxrefOffset = tailBase + sx;
      const m = /^startxref\s+(\d+)/.exec(tail.slice(sx));
      if (m) {
        try {
          sections = this.loadChain(Number(m[1]), startxrefOffset);
        } catch (e) {
          if (!(e instanceof PdfError) || e.code === 'PDF_LIMIT_EXCEEDED') throw e;
          this.repairs.push(`cross-reference chain unreadable (${e.message})`);
        }
      } else this.repairs.push('startxref value is not a number');
    } else this.repairs.push('no startxref near the end of the file');
    if (sections === undefined) return [this.rebuild()];
    return this.toRevisions(sections);
  }

  /** Follow startxref and /Prev (and /XRefStm) back to the oldest section; detects loops. */
  private loadChain(first: number, lastStartxref: number): Section[] {
    const sections: Section[] = [];
    const seen = new Set<number>();
    let offset: number | undefined = first;
    while (offset !== undefined) {
      if (sections.length >= this.limits.maxRevisions)
        throw limitExceeded('maxRevisions', this.limits.maxRevisions);
      let sec: Section;
      try {
        sec = this.loadSection(offset);
      } catch (e) {
        if (!(e instanceof PdfError) || e.code === 'PDF_LIMIT_EXCEEDED') throw e;
        const fixed = this.findSectionNear(offset);
        if (fixed === undefined) throw e;
        this.repairs.push(`cross-reference offset ${offset} off by ${fixed - offset}`);
        sec = this.loadSection(fixed);
      }
      if (seen.has(sec.offset)) {
        this.repairs.push('loop in the /Prev chain');
        break;
      }
      seen.add(sec.offset);
      sections.push(sec);
      const prev = sec.trailer.get('Prev');
      offset =
        prev instanceof PdfNumber && Number.isInteger(prev.value) && prev.value >= 0 ? prev.value : undefined;
    }
    void lastStartxref;
    return sections;
  }

  /** Look a few bytes around a bad offset for `xref` or an xref stream header. */
  private findSectionNear(offset: number): number | undefined {
    const from = Math.max(0, offset - 64);
    const win = this.source.read(from, 160).toString('latin1');
    const candidates: number[] = [];
    for (const re of [/xref/g, /\d+\s+\d+\s+obj/g]) {
      for (let m = re.exec(win); m !== null; m = re.exec(win)) {
        if (m[0] === 'xref' && m.index >= 5 && win.slice(m.index - 5, m.index) === 'start') continue;
        if (m.index > 0 && /\d/.test(win[m.index - 1]) && m[0] !== 'xref') continue;
        candidates.push(from + m.index);
      }
    }
    candidates.sort((a, b) => Math.abs(a - offset) - Math.abs(b - offset));
    for (const c of candidates) {
      if (c === offset) continue;
      try {
        this.loadSection(c);
        return c;
      } catch {
        // try the next candidate
      }
    }
    return undefined;
  }

  private loadSection(offset: number): Section {
    if (offset < 0 || offset >= this.source.length)
      throw malformed(`cross-reference offset ${offset} outside the file`);
    const isTable = this.withWindow(offset, 64, (lx) => lx.tryKeyword('xref'));
    if (isTable) {
      const sec = this.parseTable(offset);
      const xs = sec.trailer.get('XRefStm');
      if (xs instanceof PdfNumber) {
        // §7.5.8.4 hybrid file: table entries first, then the stream's, then /Prev.
        try {
          const s = this.parseXrefStream(xs.value);
          for (const [n, e] of s.entries) if (!sec.entries.has(n)) sec.entries.set(n, e);
          sec.kind = 'hybrid';
        } catch (e) {
          if (!(e instanceof PdfError) || e.code === 'PDF_LIMIT_EXCEEDED') throw e;
          this.repairs.push(`/XRefStm ${xs.value} unreadable`);
        }
      }
      return sec;
    }
    return this.parseXrefStream(offset);
  }

  /** Classic table (§7.5.4), read token by token to tolerate padding and odd line ends. */
  private parseTable(offset: number): Section {
    return this.withWindow(offset, 64 * 1024, (lx) => {
      lx.tryKeyword('xref');
      const entries = new Map<number, XrefEntry>();
      let firstSub = true;
      for (;;) {
        lx.skipWhite();
        if (lx.tryKeyword('trailer')) break;
        const start = lx.readUnsigned();
        lx.skipWhite();
        const count = lx.readUnsigned();
        if (start < 0 || count < 0)
          throw malformed('bad cross-reference subsection header', { offset: lx.offset });
        if (start + count > this.limits.maxXrefEntries) throw limitExceeded('maxXrefEntries', start + count);
        let base = start;
        for (let i = 0; i < count; i++) {
          lx.skipWhite();
          const off = lx.readUnsigned();
          lx.skipWhite();
          const gen = lx.readUnsigned();
          lx.skipWhite();
          const kind = lx.peek();
          if (off < 0 || gen < 0 || (kind !== 0x6e && kind !== 0x66)) {
            throw malformed('bad cross-reference entry', { offset: lx.offset });
          }
          lx.pos++;
          // Common producer bug: a first subsection `1 N` whose first entry is object 0's.
          if (firstSub && i === 0 && start === 1 && kind === 0x66 && gen === 65535) base = 0;
          const num = base + i;
          if (entries.has(num)) continue;
          if (kind === 0x66) entries.set(num, { type: 'free', gen, nextFree: off });
          else if (off > 0) entries.set(num, { type: 'inUse', gen, offset: off });
        }
        if (base !== start) this.repairs.push('cross-reference subsection numbered from 1 instead of 0');
        firstSub = false;
      }
      const trailer = new ObjectParser(lx, this.limits).parseValue();
      if (!(trailer instanceof PdfDict)) throw malformed('trailer is not a dictionary', { offset });
      return { offset, kind: 'table' as const, trailer, entries, end: lx.offset };
    });
  }

  /** Cross-reference stream (§7.5.8). */
  private parseXrefStream(offset: number): Section {
    const { value, end } = this.withWindow(offset, 4096, (lx) => {
      const p = new ObjectParser(lx, this.limits);
      if (p.parseObjectHeader() === null) throw malformed(`no cross-reference at offset ${offset}`);
      const d = p.parseValue();
      lx.skipWhite();
      if (!(d instanceof PdfDict) || d.getName('Type') !== 'XRef' || !lx.tryKeyword('stream')) {
        throw malformed(`object at ${offset} is not a cross-reference stream`);
      }
      const s = this.readStream(d, lx);
      return { value: s, end: (s.sourceOffset ?? 0) + s.encodedLength };
    });
    const dict = value.dict;
    const data = this.decodeCounted((max) =>
      decodeFilters(value.encodedBytes(), dict, (x) => (x instanceof PdfRef ? null : x), max),
    );
    const w = dict.get('W');
    if (
      !Array.isArray(w) ||
      w.length < 3 ||
      !w.every((x) => x instanceof PdfNumber && x.value >= 0 && x.value <= 8)
    ) {
      throw malformed('cross-reference stream has a bad /W');
    }
    const [w1, w2, w3] = (w as PdfNumber[]).map((x) => x.value);
    const rowLen = w1 + w2 + w3;
    if (rowLen === 0) throw malformed('cross-reference stream has a bad /W');
    const size = dict.getNumber('Size') ?? 0;
    const idx = dict.get('Index');
    const ranges: number[] = [];
    if (Array.isArray(idx)) {
      for (const x of idx) if (x instanceof PdfNumber) ranges.push(x.value);
    } else ranges.push(0, size);
    const entries = new Map<number, XrefEntry>();
    let pos = 0;
    const field = (width: number, dflt: number): number => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + data[pos++];
      return v;
    };
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const start = ranges[r];
      const count = ranges[r + 1];
      if (start < 0 || count < 0 || start + count > this.limits.maxXrefEntries)
        throw limitExceeded('maxXrefEntries', start + count);
      for (let i = 0; i < count; i++) {
        if (pos + rowLen > data.length) {
          this.warnings.push(`cross-reference stream at ${offset} is shorter than its /Index`);
          r = ranges.length;
          break;
        }
        const type = field(w1, 1);
        const f2 = field(w2, 0);
        const f3 = field(w3, 0);
        const num = start + i;
        if (entries.has(num)) continue;
        if (type === 0) entries.set(num, { type: 'free', gen: f3, nextFree: f2 });
        else if (type === 1) entries.set(num, { type: 'inUse', gen: f3, offset: f2 });
        else if (type === 2) entries.set(num, { type: 'compressed', gen: 0, objStm: f2, index: f3 });
        // other types: §7.5.8.3 says treat as a reference to the null object
      }
    }
    return { offset, kind: 'stream', trailer: dict, entries, end };
  }

  /** Group sections into revisions (oldest first) and find each revision's end (`%%EOF`). */
  private toRevisions(newestFirst: Section[]): Revision[] {
    const oldestFirst = [...newestFirst].reverse();
    const withEnds = oldestFirst.map((s) => ({ s, ...this.findEof(s.end) }));
    // Linearized files (Annex F): an older section ending after a newer one belongs to it.
    const groups: (typeof withEnds)[] = [];
    for (const x of withEnds) {
      const last = groups[groups.length - 1];
      if (last !== undefined && x.endOffset <= Math.max(...last.map((y) => y.endOffset))) last.push(x);
      else groups.push([x]);
    }
    return groups.map((g, index) => {
      const newest = g[g.length - 1];
      const end = g.reduce((a, b) => (b.endOffset > a.endOffset ? b : a));
      const entries = new Map<number, XrefEntry>();
      for (let i = g.length - 1; i >= 0; i--)
        for (const [n, e] of g[i].s.entries) if (!entries.has(n)) entries.set(n, e);
      return {
        index,
        xrefOffset: newest.s.offset,
        startxrefOffset: end.startxrefOffset,
        endOffset: end.endOffset,
        kind: newest.s.kind,
        trailer: newest.s.trailer,
        entries,
      };
    });
  }

  /** After a section's end: `startxref N %%EOF` and its EOL (§7.5.5). */
  private findEof(from: number): { startxrefOffset: number; endOffset: number } {
    const win = this.source.read(from, 8192).toString('latin1');
    const sx = win.indexOf('startxref');
    const eof = win.indexOf('%%EOF', Math.max(0, sx));
    if (sx < 0 || eof < 0) return { startxrefOffset: -1, endOffset: from };
    let end = eof + 5;
    if (win[end] === '\r') end++;
    if (win[end] === '\n') end++;
    return { startxrefOffset: from + sx, endOffset: from + end };
  }

  // ---------------------------------------------------------------------------------------------
  // Repair

  /** Check each in-use entry's header; fix off-by-N offsets from a local search or a full scan. */
  private checkOffsets(): void {
    const checked = new Set<number>();
    for (const rev of this.revisions) {
      const entries = rev.entries as Map<number, XrefEntry>;
      for (const [num, e] of entries) {
        if (e.type !== 'inUse' || checked.has(e.offset)) continue;
        checked.add(e.offset);
        if (this.headerAt(e.offset, num)) continue;
        const near = this.findHeaderNear(e.offset, num);
        let fixed: number | undefined = near;
        if (fixed === undefined) fixed = this.scan().get(num)?.offset;
        if (fixed === undefined) {
          this.repairs.push(`object ${num} not found (offset ${e.offset})`);
          entries.set(num, { type: 'free', gen: e.gen, nextFree: 0 });
          continue;
        }
        this.repairs.push(`object ${num} offset ${e.offset} corrected to ${fixed}`);
        entries.set(num, { type: 'inUse', gen: e.gen, offset: fixed });
      }
    }
  }

  /** Whether `num G obj` starts at `offset` after optional white-space (one per object at open: no regex). */
  private headerAt(offset: number, num: number): boolean {
    const b = this.source.read(offset, 32);
    // White-space as the regex \s of the earlier check saw it (PDF's set, plus VT and NBSP).
    const white = (c: number) => isWhite(c) || c === 0x0b || c === 0xa0;
    let i = 0;
    while (i < b.length && white(b[i])) i++;
    const digits = (): number => {
      let v = -1;
      while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39) v = (v < 0 ? 0 : v * 10) + (b[i++] - 0x30);
      return v;
    };
    const spaces = (): boolean => {
      const start = i;
      while (i < b.length && white(b[i])) i++;
      return i > start;
    };
    const n = digits();
    if (n !== num || !spaces() || digits() < 0 || !spaces()) return false;
    return b[i] === 0x6f && b[i + 1] === 0x62 && b[i + 2] === 0x6a; // 'obj'
  }

  private findHeaderNear(offset: number, num: number): number | undefined {
    const from = Math.max(0, offset - 32);
    const s = this.source.read(from, 96).toString('latin1');
    const re = new RegExp(`(^|[^0-9])(${num}\\s+\\d+\\s+obj)`, 'g');
    let best: number | undefined;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const at = from + m.index + m[1].length;
      if (best === undefined || Math.abs(at - offset) < Math.abs(best - offset)) best = at;
    }
    return best;
  }

  /** Scan the whole file for `N G obj` headers (last definition wins), in bounded chunks. */
  private scan(): Map<number, { offset: number; gen: number }> {
    if (this.scanIndex !== undefined) return this.scanIndex;
    const index = new Map<number, { offset: number; gen: number }>();
    const chunk = 1024 * 1024;
    const overlap = 64;
    const re = /(?<![0-9])(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj(?![A-Za-z0-9])/g;
    for (let pos = 0; pos < this.source.length; pos += chunk - overlap) {
      const s = this.source.read(pos, chunk).toString('latin1');
      re.lastIndex = 0;
      for (let m = re.exec(s); m !== null; m = re.exec(s)) {
        const at = pos + m.index;
        if (m.index >= chunk - overlap && pos + chunk < this.source.length) break; // seen in the next chunk
        const num = Number(m[1]);
        if (num > this.limits.maxXrefEntries) continue;
        index.set(num, { offset: at, gen: Number(m[2]) });
      }
      if (s.length < chunk) break;
    }
    this.scanIndex = index;
    return index;
  }

  /** Rebuild one revision from a scan of object headers (§7.5.4 data lost or unusable). */
  private rebuild(): Revision {
    const index = this.scan();
    if (index.size === 0) {
      throw new PdfError('PDF_XREF_BROKEN', {
        vi: 'Tệp PDF hỏng: không tìm thấy bảng tham chiếu chéo hay đối tượng nào',
        en: 'Broken PDF: no cross-reference data and no objects found',
      });
    }
    const entries = new Map<number, XrefEntry>();
    for (const [num, { offset, gen }] of index) entries.set(num, { type: 'inUse', gen, offset });
    const rev: Revision = {
      index: 0,
      xrefOffset: -1,
      startxrefOffset: -1,
      endOffset: this.source.length,
      kind: 'rebuilt',
      trailer: new PdfDict(),
      entries,
    };
    (this as { revisions: readonly Revision[] }).revisions = [rev];
    // Objects inside object streams, then a trailer: the last `trailer` dict or xref stream with /Root.
    let trailer: PdfDict | undefined;
    for (const [num, e] of [...entries]) {
      let v: PdfValue;
      try {
        v = this.getObject(PdfRef.of(num, e.gen));
      } catch {
        continue;
      }
      if (v instanceof PdfStream && v.dict.getName('Type') === 'ObjStm') {
        try {
          const os = this.objStm(num, e as XrefEntry & { type: 'inUse' }, 0);
          for (let k = 0; k < os.pairs.length; k += 2) {
            if (!entries.has(os.pairs[k]))
              entries.set(os.pairs[k], { type: 'compressed', gen: 0, objStm: num, index: k / 2 });
          }
        } catch {
          // unreadable object stream: its objects stay missing
        }
      } else if (v instanceof PdfStream && v.dict.getName('Type') === 'XRef' && v.dict.has('Root'))
        trailer = v.dict;
    }
    const tail = this.lastTrailerDict();
    if (tail !== undefined) trailer = tail;
    const t = new PdfDict();
    if (trailer !== undefined)
      for (const k of ['Root', 'Info', 'ID', 'Encrypt']) if (trailer.has(k)) t.set(k, trailer.get(k)!);
    if (!t.has('Root')) {
      for (const [num, e] of entries) {
        try {
          const v = this.getObject(PdfRef.of(num, e.gen));
          if (v instanceof PdfDict && v.getName('Type') === 'Catalog') t.set('Root', PdfRef.of(num, e.gen));
        } catch {
          // skip unreadable objects
        }
      }
    }
    t.set('Size', PdfNumber.of(Math.max(0, ...entries.keys()) + 1));
    this.repairs.push(`cross-reference rebuilt by scanning ${entries.size} objects`);
    return { ...rev, trailer: t };
  }

  private lastTrailerDict(): PdfDict | undefined {
    const from = Math.max(0, this.source.length - 1024 * 1024);
    const s = this.source.read(from, 1024 * 1024).toString('latin1');
    let i = s.lastIndexOf('trailer');
    while (i >= 0) {
      try {
        const t = this.withWindow(from + i + 7, 4096, (lx) => new ObjectParser(lx, this.limits).parseValue());
        if (t instanceof PdfDict && t.has('Root')) return t;
      } catch {
        // keep looking further back
      }
      i = s.lastIndexOf('trailer', i - 1);
    }
    return undefined;
  }

  /** The catalog must resolve; otherwise rebuild from a scan (once). */
  private checkCatalog(): void {
    let ok = false;
    try {
      ok = this.resolve(this.trailer.get('Root')) instanceof PdfDict;
    } catch (e) {
      if (e instanceof PdfError && (e.code === 'PDF_LIMIT_EXCEEDED' || e.code === 'PDF_ENCRYPTED')) throw e;
    }
    if (ok) return;
    if (this.revisions[0]?.kind === 'rebuilt') throw malformed('no document catalog found');
    this.repairs.push('catalog unreachable through the cross-reference data');
    this.cache.clear();
    this.objStms.clear();
    const rev = this.rebuild();
    (this as { revisions: readonly Revision[] }).revisions = [rev];
    this.setupSecurity();
    if (!(this.resolve(this.trailer.get('Root')) instanceof PdfDict))
      throw malformed('no document catalog found');
  }
}
