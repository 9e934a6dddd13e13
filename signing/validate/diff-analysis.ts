/**
 * Modification analysis between revisions (ISO 32000-2 §7.5.6 incremental updates, §12.8.2.2
 * DocMDP, §12.8.2.4 FieldMDP; ETSI EN 319 142-1 §5.4 document timestamps and DSS). Every object a
 * later revision lists is compared with its previous state and the change is classified:
 * LTA_UPDATES (DSS, VRI, document timestamps, /Info housekeeping), FORM_FILLING (field values and
 * their widget appearances, new signature fields and signatures), ANNOTATIONS (new or changed
 * non-widget annotations), OTHER (anything else: page content, resources, fonts, replaced, deleted
 * or re-pointed objects, catalog keys beyond the allowed ones). The policy is in docs/validation.md.
 */
// The classes from their own module: every `instanceof` through the index's re-export getters
// costs a call (measured: 1.6 % of a validation).
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfStream, PdfString, type PdfValue } from '../pdf/objects';
import type { PdfReader, XrefEntry } from '../pdf';
import { ReferenceTracker, type Cut } from './reference-tracker';
import { MODIFICATION_ORDER, type ModificationLevel, type ObjectChange } from './validation-result';

/** A change with the field it touches, for FieldMDP (§12.8.2.4). */
export interface AnalysedChange extends ObjectChange {
  readonly fieldName?: string;
  /** True when an existing field's value or appearance was changed (not a new signature). */
  readonly fieldValueChanged?: boolean;
  /** A signature widget with an area and no Hidden/NoView flag was added (a possible overlay). */
  readonly visibleSignatureField?: boolean;
}

const MAX_CHANGES_PER_REVISION = 10_000;
/** Bounds for hostile files: revisions diffed, and objects compared over all revisions. */
const MAX_ANALYSED_REVISIONS = 1000;
const MAX_COMPARED_OBJECTS = 200_000;
const MAX_DEPTH = 32;
/** Objects the reference trackers and structure-tree walks of one analysis may read in all. */
const MAX_TRACKED_PER_ANALYSIS = 1_000_000;

export function maxLevel(a: ModificationLevel, b: ModificationLevel): ModificationLevel {
  return MODIFICATION_ORDER.indexOf(a) >= MODIFICATION_ORDER.indexOf(b) ? a : b;
}

/** Structural equality of two PDF values (references compared, not followed). */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_DEPTH || a === undefined || b === undefined || a === null || b === null) return false;
  if (a instanceof PdfNumber) return b instanceof PdfNumber && a.value === b.value;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.equals(b.bytes);
  if (a instanceof PdfName) return false; // interned: identity already compared
  if (a instanceof PdfRef) return b instanceof PdfRef && a.equals(b);
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i], depth + 1));
  if (a instanceof PdfDict) return b instanceof PdfDict && sameDict(a, b, depth);
  if (a instanceof PdfStream) {
    if (!(b instanceof PdfStream) || !sameDict(a.dict, b.dict, depth)) return false;
    if (a.encodedLength !== b.encodedLength) return false;
    return a.encodedBytes().equals(b.encodedBytes());
  }
  return false;
}

function sameDict(a: PdfDict, b: PdfDict, depth: number): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a.entries) if (!sameValue(v, b.get(k), depth + 1)) return false;
  return true;
}

const dictOf = (v: PdfValue | undefined): PdfDict | undefined =>
  v instanceof PdfDict ? v : v instanceof PdfStream ? v.dict : undefined;

/** The keys whose values differ between two dictionaries. */
function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => !sameValue(a.get(k), b.get(k)));
}

/** Like PdfReader.resolveAt / resolveKeysAt, recording the number of every object read. */
function resolveTracked(
  reader: PdfReader,
  v: PdfValue | undefined,
  revision: number,
  deps: Set<number>,
  keys?: ReadonlySet<string>,
): PdfValue | undefined {
  let n = 0;
  while (v instanceof PdfRef) {
    if (++n > 32) return null;
    deps.add(v.num);
    v = keys ? reader.getObjectKeysAt(v, revision, keys) : reader.getObjectAt(v, revision);
  }
  return v;
}

/**
 * References reachable from a value as of a revision (bounded breadth-first walk); the numbers of
 * the objects read go to `deps`.
 */
function reachable(
  reader: PdfReader,
  start: PdfValue | undefined,
  revision: number,
  deps: Set<number>,
  limit = 5000,
): Set<string> {
  const seen = new Set<string>();
  const queue: PdfValue[] = [];
  // Only values that can lead to references are queued (numbers, names and strings of long
  // arrays such as a font's /W are skipped); the queue is read by index, not shifted.
  const push = (v: PdfValue | undefined): void => {
    if (v instanceof PdfRef || Array.isArray(v) || v instanceof PdfDict || v instanceof PdfStream)
      queue.push(v);
  };
  push(start);
  let steps = 0;
  for (let head = 0; head < queue.length && steps++ < limit * 4; head++) {
    const v = queue[head];
    if (v instanceof PdfRef) {
      if (seen.has(v.key) || seen.size >= limit) continue;
      seen.add(v.key);
      deps.add(v.num);
      let obj: PdfValue;
      try {
        obj = reader.getObjectAt(v, revision);
      } catch {
        continue;
      }
      push(obj);
    } else if (Array.isArray(v)) v.forEach(push);
    else if (v instanceof PdfDict) for (const x of v.entries.values()) push(x);
    else if (v instanceof PdfStream) for (const x of v.dict.entries.values()) push(x);
  }
  return seen;
}

/** What the page-tree walk reads of each node (ISO 32000-2 §7.7.3.2, §7.7.3.3). */
const PAGE_TREE_KEYS: ReadonlySet<string> = new Set(['Kids', 'Contents']);
const NO_KEYS: ReadonlySet<string> = new Set();
const SIGNATURE_KIND_KEYS: ReadonlySet<string> = new Set(['Type', 'SubFilter']);

/**
 * One walk of the document structure as of a revision: its results, the catalog value it started
 * from, and the numbers of every object it read. The same walk as of a later revision gives the
 * same results when it starts from the same value and that revision redefines none of those
 * objects (an object a revision does not list is the one of the revision before, §7.5.6).
 */
interface Walk<T> {
  readonly start: PdfValue | undefined;
  readonly deps: ReadonlySet<number>;
  readonly result: T;
}

/** What the objects of one revision are for, derived from the document structure at that revision. */
interface RevisionRoles {
  revision: number;
  catalogKey: string | undefined;
  lta: ReadonlySet<string>;
  /** Appearance streams (and their resources) of non-signature widgets: may change when filling. */
  fieldAppearances: ReadonlySet<string>;
  /** Page content streams: never allowed to change. */
  pageContents: ReadonlySet<string>;
  pages: ReadonlySet<string>;
  acroFormKey: string | undefined;
  /** The catalog's XMP /Metadata stream (ISO 32000-2 §14.3.2). */
  metadataKey: string | undefined;
  fieldNames: Map<string, string>;
  /** Field type of each kid (widget) reached through a field's /Kids, for widgets without /Parent. */
  kidFieldTypes: ReadonlyMap<string, string>;
  /** The field dictionaries whose /AP was taken into fieldAppearances. */
  appearanceOwners: ReadonlySet<string>;
  /** For each object of fieldAppearances, the fields showing it: each as its chain (itself, parents). */
  appearanceShownBy: ReadonlyMap<string, readonly (readonly string[])[]>;
  /** For each field or widget of the form tree: itself and its ancestors (§12.7.4.1). */
  fieldChains: ReadonlyMap<string, readonly string[]>;
  /** Every path to an object in this revision (read on demand). */
  readonly tracker: ReferenceTracker;
  /** Everything the catalog's /StructTreeRoot reaches (walked on demand). */
  structureTree?: Set<string>;
  /** The pages' indirect /Annots arrays (read on demand). */
  annotsArrays?: Set<string>;
  /** Objects the on-demand walks of the whole analysis may still read (shared). */
  readonly trackerBudget: { objects: number };
  /** The walks these came from (absent when the revision has no catalog). */
  walks?: {
    readonly lta: Walk<Set<string>>;
    readonly pages: Walk<PageTree>;
    readonly fields: Walk<FieldTree>;
  };
}

/**
 * The roles as of `revision`. `previous`, the roles of the revision just before, lends each walk
 * whose start value is the same and whose objects this revision leaves alone.
 */
function roles(
  reader: PdfReader,
  revision: number,
  fieldNames: Map<string, string>,
  previous?: RevisionRoles,
  trackerBudget: { objects: number } = { objects: MAX_TRACKED_PER_ANALYSIS },
): RevisionRoles {
  const trailer = reader.revisions[revision].trailer;
  const rootRef = trailer.getRef('Root');
  const catalog = dictOf(reader.resolveAt(rootRef, revision));
  const empty = new Set<string>();
  const r: RevisionRoles = {
    revision,
    catalogKey: rootRef?.key,
    lta: empty,
    fieldAppearances: empty,
    pageContents: empty,
    pages: empty,
    acroFormKey: catalog?.getRef('AcroForm')?.key,
    metadataKey: catalog?.getRef('Metadata')?.key,
    fieldNames,
    kidFieldTypes: new Map(),
    appearanceOwners: empty,
    appearanceShownBy: new Map(),
    fieldChains: new Map(),
    tracker: new ReferenceTracker(reader, revision, trackerBudget),
    trackerBudget,
  };
  if (catalog === undefined) return r;
  const changed = reader.revisions[revision].entries;
  const lent =
    previous?.walks !== undefined && previous.revision === revision - 1 ? previous.walks : undefined;
  const reuse = <T>(walk: Walk<T> | undefined, start: PdfValue | undefined): Walk<T> | undefined => {
    if (walk === undefined || !sameValue(walk.start, start)) return undefined;
    for (const num of changed.keys()) if (walk.deps.has(num)) return undefined;
    return walk;
  };
  const dssAndExtensions = [catalog.get('DSS') ?? null, catalog.get('Extensions') ?? null];
  const lta = reuse(lent?.lta, dssAndExtensions) ?? ltaWalk(reader, revision, dssAndExtensions);
  const pages =
    reuse(lent?.pages, catalog.get('Pages')) ??
    pageWalk(reader, revision, catalog.get('Pages'), lent?.pages.result.nodes, changed);
  const fields =
    reuse(lent?.fields, catalog.get('AcroForm')) ?? fieldWalk(reader, revision, catalog.get('AcroForm'));
  r.lta = lta.result;
  r.pages = pages.result.pages;
  r.pageContents = pages.result.pageContents;
  r.fieldAppearances = fields.result.fieldAppearances;
  r.kidFieldTypes = fields.result.kidFieldTypes;
  r.appearanceOwners = fields.result.appearanceOwners;
  r.appearanceShownBy = fields.result.appearanceShownBy;
  r.fieldChains = fields.result.fieldChains;
  r.walks = { lta, pages, fields };
  return r;
}

/** DSS and extensions data (ETSI EN 319 142-1 §5.4.2): everything the two catalog entries reach. */
function ltaWalk(reader: PdfReader, revision: number, start: PdfValue[]): Walk<Set<string>> {
  const deps = new Set<number>();
  const lta = new Set<string>();
  for (const v of start) for (const k of reachable(reader, v, revision, deps)) lta.add(k);
  return { start, deps, result: lta };
}

/** What the page-tree walk read of one node: its kids, or (a page) its content streams. */
interface PageNode {
  /** The objects read for it: the node, an indirect /Kids array, an indirect /Contents array. */
  readonly deps: readonly number[];
  /** Undefined when the node is not a dictionary (skipped). */
  readonly kids?: readonly PdfValue[];
  readonly page: boolean;
  readonly contents: readonly string[];
}

interface PageTree {
  pages: Set<string>;
  pageContents: Set<string>;
  nodes: Map<string, PageNode>;
}

/**
 * Pages and their content streams (§7.7.3), walked as of a revision. A node read by the walk of
 * the revision before (`previousNodes`) whose objects this revision does not redefine (`changed`)
 * is taken as read then: a signature adding a widget to one page re-reads that page only.
 */
function pageWalk(
  reader: PdfReader,
  revision: number,
  start: PdfValue | undefined,
  previousNodes?: ReadonlyMap<string, PageNode>,
  changed?: ReadonlyMap<number, unknown>,
): Walk<PageTree> {
  const deps = new Set<number>();
  const pages = new Set<string>();
  const pageContents = new Set<string>();
  const nodes = new Map<string, PageNode>();
  const stack: PdfValue[] = [start ?? null];
  const seen = new Set<string>();
  while (stack.length > 0 && seen.size < 100_000) {
    const node = stack.pop()!;
    if (!(node instanceof PdfRef)) continue;
    const key = node.key;
    if (seen.has(key)) continue;
    seen.add(key);
    let n = previousNodes?.get(key);
    if (n !== undefined && changed !== undefined && n.deps.some((num) => changed.has(num))) n = undefined;
    n ??= readPageNode(reader, node, revision);
    nodes.set(key, n);
    for (const num of n.deps) deps.add(num);
    if (n.kids !== undefined) stack.push(...n.kids);
    else if (n.page) {
      pages.add(key);
      for (const c of n.contents) pageContents.add(c);
    }
  }
  return { start, deps, result: { pages, pageContents, nodes } };
}

function readPageNode(reader: PdfReader, node: PdfRef, revision: number): PageNode {
  const deps = new Set<number>();
  // Only /Kids and /Contents of each node are read: the rest (resources, ...) is skipped unparsed.
  const d = dictOf(resolveTracked(reader, node, revision, deps, PAGE_TREE_KEYS));
  if (d === undefined) return { deps: [...deps], page: false, contents: [] };
  const kids = resolveTracked(reader, d.get('Kids'), revision, deps);
  if (Array.isArray(kids)) return { deps: [...deps], kids, page: false, contents: [] };
  const c = d.get('Contents');
  // An indirect /Contents may be an array of streams: its elements are content too.
  const contents: string[] = [];
  const add = (x: PdfValue | undefined): void => {
    if (x instanceof PdfRef) contents.push(x.key);
    else if (Array.isArray(x)) for (const y of x) if (y instanceof PdfRef) contents.push(y.key);
  };
  add(c);
  if (c instanceof PdfRef) add(resolveTracked(reader, c, revision, deps, NO_KEYS));
  return { deps: [...deps], page: true, contents };
}

interface FieldTree {
  fieldAppearances: Set<string>;
  kidFieldTypes: Map<string, string>;
  appearanceOwners: Set<string>;
  appearanceShownBy: Map<string, string[][]>;
  fieldChains: Map<string, string[]>;
}

/**
 * Appearances of non-signature fields' widgets (§12.5.5, §12.7.4.3) with the fields showing each,
 * the kids' field types, and each field's chain of ancestors.
 */
function fieldWalk(reader: PdfReader, revision: number, start: PdfValue | undefined): Walk<FieldTree> {
  const deps = new Set<number>();
  const fieldAppearances = new Set<string>();
  const kidFieldTypes = new Map<string, string>();
  const appearanceOwners = new Set<string>();
  const appearanceShownBy = new Map<string, string[][]>();
  const fieldChains = new Map<string, string[]>();
  const form = dictOf(resolveTracked(reader, start, revision, deps));
  const fields = form ? resolveTracked(reader, form.get('Fields'), revision, deps) : undefined;
  const fstack: { v: PdfValue; ft: string | undefined; d: number; up: string[] }[] = Array.isArray(fields)
    ? fields.map((v) => ({ v, ft: undefined, d: 0, up: [] }))
    : [];
  const fseen = new Set<string>();
  while (fstack.length > 0 && fseen.size < 100_000) {
    const { v, ft, d, up } = fstack.pop()!;
    if (!(v instanceof PdfRef) || fseen.has(v.key) || d > MAX_DEPTH) continue;
    fseen.add(v.key);
    const fd = dictOf(resolveTracked(reader, v, revision, deps));
    if (fd === undefined) continue;
    const chain = [v.key, ...up];
    fieldChains.set(v.key, chain);
    const type = fd.getName('FT') ?? ft;
    // Signed signature fields keep their appearance; text fields and empty signature fields may get a new one.
    if ((type !== 'Sig' || fd.get('V') === undefined) && fd.get('AP') !== undefined) {
      appearanceOwners.add(v.key);
      for (const k of reachable(reader, fd.get('AP'), revision, deps)) {
        fieldAppearances.add(k);
        const list = appearanceShownBy.get(k);
        if (list === undefined) appearanceShownBy.set(k, [chain]);
        else list.push(chain);
      }
    }
    const kids = resolveTracked(reader, fd.get('Kids'), revision, deps);
    if (Array.isArray(kids))
      for (const k of kids) {
        if (k instanceof PdfRef && type !== undefined) kidFieldTypes.set(k.key, type);
        fstack.push({ v: k, ft: type, d: d + 1, up: chain });
      }
  }
  return {
    start,
    deps,
    result: { fieldAppearances, kidFieldTypes, appearanceOwners, appearanceShownBy, fieldChains },
  };
}

/** The references the rules of the modification policy cover, each as a cut of the graph. */
const zoneCuts = {
  /** A field's /AP entry (§12.5.5): what filling the field may replace. */
  fieldAppearance: (before: RevisionRoles): Cut => {
    const owners = before.appearanceOwners;
    return (from, key) => key === 'AP' && owners.has(from);
  },
  /** The catalog's /DSS and /Extensions (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §7.12). */
  lta: (before: RevisionRoles): Cut => {
    const catalog = before.catalogKey;
    return (from, key) => from === catalog && (key === 'DSS' || key === 'Extensions');
  },
  /** The trailer's /Info (§14.3.3) and the catalog's /Metadata (§14.3.2). */
  documentMetadata: (before: RevisionRoles): Cut => {
    const catalog = before.catalogKey;
    return (from, key) => (from === 'trailer' && key === 'Info') || (from === catalog && key === 'Metadata');
  },
  /** A page's /Annots (§12.5.2). */
  annotations: (before: RevisionRoles): Cut => {
    const pages = before.pages;
    return (from, key) => key === 'Annots' && pages.has(from);
  },
} as const;

/** Whether the signed revision reaches `key` by a path the rule `zone` does not cover. */
function reachedOtherwise(before: RevisionRoles, key: string, zone: keyof typeof zoneCuts): boolean {
  return before.tracker.reachedOtherwise(key, zone, zoneCuts[zone](before));
}

/** Classify every change made by revision `k` (k ≥ 1) relative to revision k-1. */
function analyseRevision(
  reader: PdfReader,
  k: number,
  before: RevisionRoles,
  now: RevisionRoles,
  budget: { objects: number },
): AnalysedChange[] {
  const out: AnalysedChange[] = [];
  const add = (
    objectRef: string,
    kind: ModificationLevel,
    detail: string,
    extra: Partial<AnalysedChange> = {},
  ): void => {
    if (out.length < MAX_CHANGES_PER_REVISION) out.push({ revision: k, objectRef, kind, detail, ...extra });
    else if (kind === 'OTHER') out[out.length - 1] = { revision: k, objectRef, kind, detail, ...extra };
  };

  // Trailer (§7.5.5): the catalog must stay the same object; /Info is housekeeping.
  const tNew = reader.revisions[k].trailer;
  const tOld = reader.revisions[k - 1].trailer;
  if (!sameValue(tNew.get('Root'), tOld.get('Root'))) add('trailer', 'OTHER', '/Root re-pointed');
  if (!sameValue(tNew.get('Encrypt'), tOld.get('Encrypt'))) add('trailer', 'OTHER', '/Encrypt changed');
  if (!sameValue(tNew.get('Info'), tOld.get('Info'))) add('trailer', 'LTA_UPDATES', '/Info changed');
  const infoKey = tNew.getRef('Info')?.key;

  if (reader.revisions[k].kind === 'rebuilt') {
    add('trailer', 'OTHER', 'revision rebuilt by scanning: changes cannot be attributed');
    return out;
  }
  const valueChanged = fieldsWithNewValue(reader, k, now);
  for (const [num, entry] of reader.revisions[k].entries) {
    if (num === 0) continue;
    if (--budget.objects < 0) {
      add('trailer', 'OTHER', 'too many changed objects to analyse');
      break;
    }
    const oldEntry = reader.entryAt(num, k - 1);
    const gen = (e: XrefEntry | undefined) => e?.gen ?? 0;
    const refNew = PdfRef.of(num, gen(entry));
    const refOld = PdfRef.of(num, gen(oldEntry));
    let oldV: PdfValue;
    let newV: PdfValue;
    try {
      oldV = oldEntry === undefined || oldEntry.type === 'free' ? null : reader.getObjectAt(refOld, k - 1);
      newV = entry.type === 'free' ? null : reader.getObjectAt(refNew, k);
    } catch (e) {
      add(refNew.key, 'OTHER', `object unreadable: ${(e as Error).message}`);
      continue;
    }
    if (oldV !== null && entry.type !== 'free' && refNew.gen !== refOld.gen) {
      add(refNew.key, 'OTHER', 'object replaced under a new generation number');
      continue;
    }
    if (sameValue(oldV, newV)) continue;
    const key = refNew.key;
    if (newV === null) {
      if (oldV !== null) add(key, 'OTHER', 'object deleted');
      continue;
    }
    const nd = dictOf(newV);
    // Cross-reference streams and object streams are containers, judged by what they hold.
    const type = nd?.getName('Type');
    if (oldV === null && (type === 'XRef' || type === 'ObjStm')) continue;
    if (oldV === null) {
      classifyNew(key, newV, nd, now, add, infoKey, reader, k);
      continue;
    }
    classifyModified(key, oldV, newV, now, before, add, infoKey, reader, k, valueChanged);
  }
  return out;
}

/**
 * The fields this revision gives a new /V (§12.7.4.1): filling a field is a new value with an
 * appearance for it, so an appearance may change only where its field's value does.
 */
function fieldsWithNewValue(reader: PdfReader, k: number, now: RevisionRoles): Set<string> {
  const out = new Set<string>();
  for (const [num, entry] of reader.revisions[k].entries) {
    if (num === 0 || entry.type === 'free') continue;
    const ref = PdfRef.of(num, entry.gen ?? 0);
    if (!now.fieldChains.has(ref.key) && !now.fieldNames.has(ref.key)) continue;
    try {
      const nd = dictOf(reader.getObjectAt(ref, k));
      const od = dictOf(reader.getObjectAt(ref, k - 1));
      if (nd !== undefined && !sameValue(nd.get('V'), od?.get('V'))) out.add(ref.key);
    } catch {
      // unreadable: judged (as OTHER) where the object itself is
    }
  }
  return out;
}

/**
 * Catalog keys a later revision may change without changing what is shown: DSS and extensions
 * (ETSI EN 319 142-1 §5.4), the version bump they need (§7.7.2 /Version) and XMP metadata.
 */
const CATALOG_HOUSEKEEPING = new Set(['DSS', 'Extensions', 'Version', 'Metadata']);

/** What signing an empty signature field may change on its widget (appearance and visibility). */
const SIGNING_WIDGET_KEYS = new Set(['AP', 'AS', 'F', 'MK', 'DA']);

/** /FT of a field or widget, inherited through /Parent (§12.7.4.1). */
function fieldType(
  reader: PdfReader,
  d: PdfDict | undefined,
  k: number,
  key?: string,
  kidTypes?: ReadonlyMap<string, string>,
): string | undefined {
  const viaKids = key !== undefined ? kidTypes?.get(key) : undefined;
  for (let i = 0; d !== undefined && i < MAX_DEPTH; i++) {
    const ft = d.getName('FT');
    if (ft !== undefined) return ft;
    d = dictOf(reader.resolveAt(d.get('Parent'), k));
  }
  return viaKids;
}

/** A widget with a non-empty /Rect and neither Hidden (bit 2) nor NoView (bit 6) (§12.5.3). */
function isVisibleWidget(reader: PdfReader, d: PdfDict | undefined, k: number): boolean {
  if (d === undefined || d.getName('Subtype') !== 'Widget') return false;
  const rect = reader.resolveAt(d.get('Rect'), k);
  if (!Array.isArray(rect) || rect.length !== 4) return false;
  const n = rect.map((x) => {
    const v = reader.resolveAt(x, k);
    return v instanceof PdfNumber ? v.value : 0;
  });
  const flags = d.getNumber('F') ?? 0;
  return Math.abs(n[2] - n[0]) > 0 && Math.abs(n[3] - n[1]) > 0 && (flags & (2 | 32)) === 0;
}

/** A signature field whose value is a document timestamp (ETSI EN 319 142-1 §5.4.3). */
function isDocTimestampField(reader: PdfReader, d: PdfDict | undefined, k: number): boolean {
  for (let i = 0; d !== undefined && i < MAX_DEPTH; i++) {
    // Only /Type and /SubFilter of the value: a signature's /Contents is not decoded for this.
    const v = dictOf(reader.resolveKeysAt(d.get('V'), k, SIGNATURE_KIND_KEYS));
    if (v !== undefined)
      return v.getName('Type') === 'DocTimeStamp' || v.getName('SubFilter') === 'ETSI.RFC3161';
    d = dictOf(reader.resolveAt(d.get('Parent'), k));
  }
  return false;
}

type Add = (ref: string, kind: ModificationLevel, detail: string, extra?: Partial<AnalysedChange>) => void;

function classifyNew(
  key: string,
  value: PdfValue,
  d: PdfDict | undefined,
  now: RevisionRoles,
  add: Add,
  infoKey: string | undefined,
  reader: PdfReader,
  k: number,
): void {
  const type = d?.getName('Type');
  const subtype = d?.getName('Subtype');
  if (key === infoKey) return add(key, 'LTA_UPDATES', 'new document information dictionary');
  if (now.lta.has(key)) return add(key, 'LTA_UPDATES', 'new DSS/VRI data');
  if (type === 'DocTimeStamp') return add(key, 'LTA_UPDATES', 'new document timestamp');
  if (type === 'Sig') return add(key, 'FORM_FILLING', 'new signature dictionary');
  if (subtype === 'Widget' || d?.has('FT')) {
    const ft = fieldType(reader, d, k, key, now.kidFieldTypes);
    if (ft === 'Sig')
      return isDocTimestampField(reader, d, k)
        ? add(key, 'LTA_UPDATES', 'new document timestamp field')
        : isVisibleWidget(reader, d, k)
          ? add(key, 'FORM_FILLING', 'new visible signature field', { visibleSignatureField: true })
          : add(key, 'FORM_FILLING', 'new signature field');
    return add(key, 'OTHER', `new form field of type ${ft ?? 'unknown'}`);
  }
  if (type === 'Annot' || (subtype !== undefined && d?.has('Rect')))
    return add(key, 'ANNOTATIONS', `new ${subtype ?? ''} annotation`);
  if (now.fieldAppearances.has(key)) return add(key, 'FORM_FILLING', 'new field appearance object');
  // Any other new object is only visible through a changed object that refers to it; that change is
  // what is judged. Recorded for the report.
  add(
    key,
    'NONE',
    value instanceof PdfStream
      ? 'new stream (judged by its referrers)'
      : 'new object (judged by its referrers)',
  );
}

function classifyModified(
  key: string,
  oldV: PdfValue,
  newV: PdfValue,
  now: RevisionRoles,
  before: RevisionRoles,
  add: Add,
  infoKey: string | undefined,
  reader: PdfReader,
  k: number,
  valueChanged: ReadonlySet<string>,
): void {
  const od = dictOf(oldV);
  const nd = dictOf(newV);
  if (Array.isArray(oldV) && Array.isArray(newV)) {
    // An indirect /Annots array that only pages reach (§12.5.2): judged as the pages' /Annots.
    if (
      before.pages.size > 0 &&
      isAnnotsArray(reader, before, key) &&
      !reachedOtherwise(before, key, 'annotations')
    )
      return judgeAnnots(key, oldV, newV, now, add, reader, k);
    if (isStructureTreeOnly(reader, before, key) && gainsOnly(oldV, newV))
      return add(key, 'FORM_FILLING', 'structure tree array gained entries');
  }
  if (od === undefined || nd === undefined || oldV instanceof PdfStream !== newV instanceof PdfStream)
    return add(key, 'OTHER', 'object replaced by a different kind of object');
  // Page content first: a content stream re-labelled /Type /Metadata, or made the trailer's /Info,
  // is still what the page shows.
  if (before.pageContents.has(key) || now.pageContents.has(key))
    return add(key, 'OTHER', 'page content stream changed');
  const isCatalogMetadata =
    (key === now.metadataKey || key === before.metadataKey) &&
    newV instanceof PdfStream &&
    nd.getName('Type') === 'Metadata';
  if (key === infoKey || isCatalogMetadata) {
    // Every path to it must be the trailer's /Info or the catalog's /Metadata.
    if (reachedOtherwise(before, key, 'documentMetadata'))
      return add(key, 'OTHER', 'document metadata object changed, but it is also reached otherwise');
    return add(key, 'LTA_UPDATES', 'document metadata changed');
  }
  const keys = changedKeys(od, nd);
  const fieldName = now.fieldNames.get(key);

  if (key === now.catalogKey) {
    for (const ck of keys) {
      if (CATALOG_HOUSEKEEPING.has(ck)) add(key, 'LTA_UPDATES', `catalog /${ck} changed`);
      else if (ck === 'AcroForm') {
        const o = reader.resolveAt(od.get('AcroForm'), k - 1);
        const n = reader.resolveAt(nd.get('AcroForm'), k);
        if (o === undefined && n instanceof PdfDict) add(key, 'FORM_FILLING', 'catalog /AcroForm added');
        else if (o instanceof PdfDict && n instanceof PdfDict) judgeAcroForm(key, o, n, add, reader, k);
        else add(key, 'OTHER', 'catalog /AcroForm replaced');
      } else add(key, 'OTHER', `catalog /${ck} changed`);
    }
    return;
  }
  if (now.lta.has(key) && before.lta.has(key))
    return reachedOtherwise(before, key, 'lta')
      ? add(
          key,
          'OTHER',
          'DSS or extensions object changed, but the signed revision also reaches it otherwise',
        )
      : add(key, 'LTA_UPDATES', 'DSS/VRI or extensions data changed');
  if (key === now.acroFormKey) return judgeAcroForm(key, od, nd, add, reader, k);
  if (now.pages.has(key) || nd.getName('Type') === 'Page') {
    for (const pk of keys) {
      if (pk === 'Annots') {
        const o = reader.resolveAt(od.get('Annots'), k - 1);
        const n = reader.resolveAt(nd.get('Annots'), k);
        judgeAnnots(key, Array.isArray(o) ? o : [], Array.isArray(n) ? n : [], now, add, reader, k);
      } else if (
        pk === 'Resources' &&
        sameContent(reader, od.get('Resources'), nd.get('Resources'), k, { nodes: MAX_CONTENT_NODES })
      )
        // A tool that rewrites the page re-points /Resources to a copy: the same resources (§7.8.3).
        add(key, 'NONE', 'page /Resources re-pointed to an object identical in content');
      else add(key, 'OTHER', `page /${pk} changed`);
    }
    return;
  }
  const type = nd.getName('Type');
  const subtype = nd.getName('Subtype');
  if (type === 'Sig' || type === 'DocTimeStamp' || od.getName('Type') === 'Sig')
    return add(key, 'OTHER', 'existing signature dictionary changed');
  const isField = nd.has('FT') || nd.has('T') || nd.has('Parent') || fieldName !== undefined;
  if (isField || subtype === 'Widget') {
    const ft = fieldType(reader, nd, k, key, now.kidFieldTypes);
    const unsignedBefore = ft === 'Sig' && od.get('V') === undefined;
    const chain = now.fieldChains.get(key) ?? before.fieldChains.get(key) ?? [key];
    const newValue = chain.some((f) => valueChanged.has(f));
    for (const fk of keys) {
      if (ft === 'Sig' && fk === 'V' && od.get('V') === undefined)
        add(key, 'FORM_FILLING', 'empty signature field signed', { fieldName });
      else if (ft !== 'Sig' && fk === 'V')
        add(key, 'FORM_FILLING', 'field /V changed', { fieldName, fieldValueChanged: true });
      else if (ft !== 'Sig' && (fk === 'AP' || fk === 'AS' || (fk === 'I' && ft === 'Ch')))
        // A choice field's /I (selected indices, §12.7.5.4) follows its /V like an appearance.
        // The DSS "shadow replace": an appearance replaced alone shows another value than /V.
        add(
          key,
          newValue ? 'FORM_FILLING' : 'OTHER',
          newValue ? `field /${fk} changed` : `field /${fk} replaced without a new /V`,
          { fieldName, fieldValueChanged: true },
        );
      else if (unsignedBefore && SIGNING_WIDGET_KEYS.has(fk))
        add(key, 'FORM_FILLING', `signature field /${fk} set when signing`, { fieldName });
      else add(key, 'OTHER', `field /${fk} changed`, { fieldName });
    }
    return;
  }
  if (type === 'Annot' || (subtype !== undefined && nd.has('Rect') && !(newV instanceof PdfStream)))
    return reachedOtherwise(before, key, 'annotations')
      ? add(key, 'OTHER', `${subtype ?? ''} annotation changed, but it is also reached otherwise`.trim())
      : add(key, 'ANNOTATIONS', `${subtype ?? ''} annotation changed`.trim());
  // A field's appearance stream, or its indirect /AP dictionary or appearance resources (§12.5.5).
  if (before.fieldAppearances.has(key) && !before.pageContents.has(key)) {
    const what = newV instanceof PdfStream ? 'stream' : 'object';
    const shownBy = before.appearanceShownBy.get(key) ?? [];
    if (!shownBy.every((chain) => chain.some((f) => valueChanged.has(f))))
      return add(key, 'OTHER', `field appearance ${what} replaced without a new /V`);
    if (reachedOtherwise(before, key, 'fieldAppearance'))
      return add(
        key,
        'OTHER',
        `field appearance ${what} changed, but the signed revision also reaches it otherwise`,
      );
    return add(key, 'FORM_FILLING', `field appearance ${what} changed`);
  }
  if (!(newV instanceof PdfStream) && isStructureTreeOnly(reader, before, key) && structureGainsOnly(od, nd))
    return add(key, 'FORM_FILLING', 'structure tree gained entries');
  add(
    key,
    'OTHER',
    newV instanceof PdfStream ? 'stream changed' : `object changed (${keys.slice(0, 5).join(', ')})`,
  );
}

/**
 * A page's /Annots as a revision changes it (§12.5.2): removed annotations are OTHER; a new
 * signature widget is FORM_FILLING (LTA_UPDATES for a document timestamp's), another widget OTHER,
 * another annotation ANNOTATIONS.
 */
function judgeAnnots(
  key: string,
  oa: readonly PdfValue[],
  na: readonly PdfValue[],
  now: RevisionRoles,
  add: Add,
  reader: PdfReader,
  k: number,
): void {
  const removed = oa.filter((x) => !na.some((y) => sameValue(x, y)));
  if (removed.length > 0) add(key, 'OTHER', 'page annotations removed');
  const added = na.filter((x) => !oa.some((y) => sameValue(x, y)));
  for (const a of added) {
    const ad = dictOf(reader.resolveAt(a, k));
    const isSigWidget =
      ad?.getName('Subtype') === 'Widget' &&
      fieldType(reader, ad, k, a instanceof PdfRef ? a.key : undefined, now.kidFieldTypes) === 'Sig';
    add(
      key,
      isSigWidget
        ? isDocTimestampField(reader, ad, k)
          ? 'LTA_UPDATES'
          : 'FORM_FILLING'
        : ad?.getName('Subtype') === 'Widget'
          ? 'OTHER'
          : 'ANNOTATIONS',
      `page /Annots gained ${a instanceof PdfRef ? a.key : 'a direct'} ${ad?.getName('Subtype') ?? ''}`.trim(),
    );
  }
}

/** Whether some page of the revision before holds `key` as its indirect /Annots (pages read once). */
function isAnnotsArray(reader: PdfReader, before: RevisionRoles, key: string): boolean {
  before.annotsArrays ??= (() => {
    const out = new Set<string>();
    for (const page of before.pages) {
      const [num, gen] = page.split(' ').map(Number);
      const annots = dictOf(reader.getObjectKeysAt(PdfRef.of(num, gen), before.revision, ANNOTS_KEY))?.get(
        'Annots',
      );
      if (annots instanceof PdfRef) out.add(annots.key);
    }
    return out;
  })();
  return before.annotsArrays.has(key);
}

const ANNOTS_KEY: ReadonlySet<string> = new Set(['Annots']);

const MAX_CONTENT_NODES = 10_000;

/**
 * Equality of what two values mean, following references (a as of revision k-1, b as of k): the
 * same object, or objects equal in content. Bounded: past the budget, not equal.
 */
function sameContent(
  reader: PdfReader,
  a: PdfValue | undefined,
  b: PdfValue | undefined,
  k: number,
  budget: { nodes: number },
  depth = 0,
): boolean {
  if (--budget.nodes < 0 || depth > MAX_DEPTH) return false;
  if (a instanceof PdfRef && b instanceof PdfRef && a.equals(b)) return true; // its own change is judged on its own
  const x = a instanceof PdfRef ? reader.getObjectAt(a, k - 1) : a;
  const y = b instanceof PdfRef ? reader.getObjectAt(b, k) : b;
  if (x instanceof PdfRef || y instanceof PdfRef) return false;
  if (Array.isArray(x))
    return (
      Array.isArray(y) &&
      x.length === y.length &&
      x.every((v, i) => sameContent(reader, v, y[i], k, budget, depth + 1))
    );
  if (x instanceof PdfStream)
    return (
      y instanceof PdfStream &&
      sameContent(reader, x.dict, y.dict, k, budget, depth + 1) &&
      x.encodedBytes().equals(y.encodedBytes())
    );
  if (x instanceof PdfDict) {
    if (!(y instanceof PdfDict) || x.size !== y.size) return false;
    for (const [key, v] of x.entries)
      if (!sameContent(reader, v, y.get(key), k, budget, depth + 1)) return false;
    return true;
  }
  return sameValue(x, y);
}

/**
 * Whether the revision before reaches `key` only through the structure tree (§14.7): objects that
 * show nothing. The page-independent reach is the tracker's with no cut (it never enters
 * /StructTreeRoot); the structure tree's own reach is walked on demand.
 */
function isStructureTreeOnly(reader: PdfReader, before: RevisionRoles, key: string): boolean {
  if (before.catalogKey === undefined) return false;
  before.structureTree ??= (() => {
    const catalog = dictOf(
      reader.resolveAt(reader.revisions[before.revision].trailer.get('Root'), before.revision),
    );
    const root = catalog?.get('StructTreeRoot');
    const limit = Math.min(200_000, Math.max(0, before.trackerBudget.objects));
    const set =
      root instanceof PdfRef ? reachable(reader, root, before.revision, new Set(), limit) : new Set<string>();
    before.trackerBudget.objects -= set.size;
    if (root instanceof PdfRef) set.add(root.key);
    return set;
  })();
  return before.structureTree.has(key) && !before.tracker.reachedOtherwise(key, 'none', () => false);
}

/** Every element of `a` is still in `b` (in order): `b` only gained elements. */
function gainsOnly(a: readonly PdfValue[], b: readonly PdfValue[]): boolean {
  let j = 0;
  for (const x of a) {
    while (j < b.length && !sameValue(x, b[j])) j++;
    if (j++ >= b.length) return false;
  }
  return true;
}

/**
 * What signing a tagged PDF does to its structure (§14.7.2, §14.7.4.4): a structure element's or
 * the root's /K, a number tree's /Nums or /Kids (and its /Limits) gain entries, /ParentTreeNextKey
 * grows. Text alternatives (/Alt, /ActualText, /E), roles and attributes must stay as signed.
 */
function structureGainsOnly(od: PdfDict, nd: PdfDict): boolean {
  for (const key of changedKeys(od, nd)) {
    const o = od.get(key);
    const n = nd.get(key);
    if (key === 'ParentTreeNextKey' || key === 'Limits') continue;
    if (key === 'ParentTree' && o instanceof PdfDict && n instanceof PdfDict) {
      if (!structureGainsOnly(o, n)) return false;
      continue;
    }
    if (key !== 'K' && key !== 'Nums' && key !== 'Kids') return false;
    const oa = o === undefined ? [] : Array.isArray(o) ? o : [o];
    if (!Array.isArray(n) || !gainsOnly(oa, n)) return false;
  }
  return true;
}

/** §12.7.3 table 224: fields may be added (signature fields only), /SigFlags, /NeedAppearances, /DA, /DR. */
function judgeAcroForm(key: string, o: PdfDict, n: PdfDict, add: Add, reader: PdfReader, k: number): void {
  for (const fk of changedKeys(o, n)) {
    if (fk === 'SigFlags' || fk === 'NeedAppearances' || fk === 'DA' || fk === 'DR') {
      add(key, 'FORM_FILLING', `AcroForm /${fk} changed`);
    } else if (fk === 'Fields') {
      const of = o.get('Fields');
      const nf = n.get('Fields');
      const oa = Array.isArray(of) ? of : [];
      const na = Array.isArray(nf) ? nf : [];
      if (!Array.isArray(nf) || oa.some((x) => !na.some((y) => sameValue(x, y))))
        add(key, 'OTHER', 'AcroForm fields removed or re-pointed');
      else {
        const added = na.filter((x) => !oa.some((y) => sameValue(x, y)));
        const onlyTimestamps = added.every((x) =>
          isDocTimestampField(reader, dictOf(reader.resolveAt(x, k)), k),
        );
        add(key, onlyTimestamps ? 'LTA_UPDATES' : 'FORM_FILLING', 'AcroForm /Fields gained fields');
      }
    } else add(key, 'OTHER', `AcroForm /${fk} changed`);
  }
}

/**
 * The changes every revision after the first made, by revision index (entry k holds the changes of
 * revision k; entry 0 is empty). Never throws: an unexpected failure becomes an OTHER change.
 */
export function analyseRevisions(
  reader: PdfReader,
  fieldNames: Map<string, string>,
  options: {
    /** false: every revision's walks are done afresh (the reference the reuse is tested against). */
    readonly reuseWalks?: boolean;
  } = {},
): AnalysedChange[][] {
  const out: AnalysedChange[][] = [[]];
  const budget = { objects: MAX_COMPARED_OBJECTS };
  const trackerBudget = { objects: MAX_TRACKED_PER_ANALYSIS };
  let before: RevisionRoles | undefined;
  for (let k = 1; k < reader.revisions.length; k++) {
    if (k > MAX_ANALYSED_REVISIONS) {
      out.push([
        { revision: k, objectRef: 'trailer', kind: 'OTHER', detail: 'too many revisions to analyse' },
      ]);
      continue;
    }
    try {
      before ??= roles(reader, k - 1, fieldNames, undefined, trackerBudget);
      const now = roles(
        reader,
        k,
        fieldNames,
        options.reuseWalks === false ? undefined : before,
        trackerBudget,
      );
      out.push(analyseRevision(reader, k, before, now, budget));
      before = now;
    } catch (e) {
      before = undefined;
      out.push([
        {
          revision: k,
          objectRef: 'trailer',
          kind: 'OTHER',
          detail: `analysis failed: ${(e as Error).message}`,
        },
      ]);
    }
  }
  return out;
}

/** The highest level of a set of changes. */
export function levelOf(changes: readonly ObjectChange[]): ModificationLevel {
  return changes.reduce<ModificationLevel>((acc, c) => maxLevel(acc, c.kind), 'NONE');
}

/**
 * Whether changes after a signature are allowed (ISO 32000-2 §12.8.2.2.2 table 257): P=1 none
 * (LTA updates excepted, ETSI EN 319 142-1 §5.4), P=2 form filling and signing, P=3 also
 * annotations; approval signatures alone allow up to annotations. OTHER is never allowed.
 * FieldMDP (§12.8.2.4): a locked field's value must not change.
 */
export function judgeChanges(
  changes: readonly AnalysedChange[],
  docMdpPermissions: number | undefined,
  lockedField: (name: string) => boolean,
): { level: ModificationLevel; allowed: boolean; why: string | undefined } {
  const level = levelOf(changes);
  const limit: ModificationLevel =
    docMdpPermissions === 1 ? 'LTA_UPDATES' : docMdpPermissions === 2 ? 'FORM_FILLING' : 'ANNOTATIONS';
  if (level === 'OTHER')
    return { level, allowed: false, why: 'the document was modified after signing (OTHER)' };
  if (MODIFICATION_ORDER.indexOf(level) > MODIFICATION_ORDER.indexOf(limit))
    return { level, allowed: false, why: `${level} not permitted by DocMDP P=${docMdpPermissions}` };
  const locked = changes.find(
    (c) => c.fieldValueChanged && c.fieldName !== undefined && lockedField(c.fieldName),
  );
  if (locked) return { level, allowed: false, why: `locked field ${locked.fieldName} changed (FieldMDP)` };
  // Certified documents: new signature fields must be invisible, otherwise their appearance can
  // overlay the certified content (the "sneaky signature" attack on certified PDFs).
  if ((docMdpPermissions === 1 || docMdpPermissions === 2) && changes.some((c) => c.visibleSignatureField))
    return {
      level,
      allowed: false,
      why: 'a visible signature field was added after certification (overlay)',
    };
  return { level, allowed: true, why: undefined };
}
