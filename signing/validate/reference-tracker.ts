/**
 * Every path to an object in one revision's object graph (ISO 32000-2 §7.3.10 indirect objects,
 * §7.5.6 revisions). A later revision may change an object under a permissive rule (a field's
 * appearance, DSS data, /Info, an annotation) only when every path from the trailer to it in the
 * signed revision goes through an entry that rule covers; an object the signed revision also reaches
 * another way (an appearance stream that is also a page's XObject, an /Extensions dictionary that is
 * also another catalog entry) is judged by that other role too (cf. pyHanko's diff policy,
 * `ReferenceUpdate` and the "all paths" check). The graph is read once per revision, and only when a
 * permissive rule is about to allow a change: signing revisions that only add objects never read it.
 */
import type { PdfReader } from '../pdf';
import { PdfDict, PdfRef, PdfStream, type PdfValue } from '../pdf/objects';

/** A reference found in object `from` (or 'trailer') under its top-level key `key`. */
export type Cut = (from: string, key: string | undefined) => boolean;

/** Graphs and objects read by all trackers of this process (the validation benchmark reports them). */
export const trackerStats = { graphsRead: 0, objectsRead: 0 };

/** Objects read at most per revision; beyond it the tracker answers "reached otherwise" (fail closed). */
const MAX_TRACKED_OBJECTS = 500_000;

/**
 * The catalog entries a path may pass through without being judged: the structure tree (§14.7)
 * shows nothing; its own changes are judged where the structure tree is (diff-analysis).
 */
const NON_RENDERING_CATALOG_KEYS = new Set(['StructTreeRoot']);

interface Edge {
  readonly to: string;
  readonly key: string | undefined;
}

export class ReferenceTracker {
  private edges: Map<string, Edge[]> | undefined;
  private complete = true;
  private readonly zones = new Map<string, ReadonlySet<string>>();
  /** Objects read to build the graph (for the benchmark's report). */
  objectsRead = 0;

  /**
   * `budget`: objects all trackers of one analysis may still read (a hostile file with many
   * revisions must not make each read a whole graph); past it, paths are unproven (fail closed).
   */
  constructor(
    private readonly reader: PdfReader,
    private readonly revision: number,
    private readonly budget: { objects: number } = { objects: MAX_TRACKED_OBJECTS },
  ) {}

  /**
   * Whether `target` is reachable from the trailer without crossing any reference `cut` accepts,
   * i.e. by a path no rule of `zone` covers. `zone` names the cut for the cache (one walk per zone).
   * True also when the graph is too large to read whole: an unproven path counts as one.
   */
  reachedOtherwise(target: string, zone: string, cut: Cut): boolean {
    let set = this.zones.get(zone);
    if (set === undefined) {
      set = this.reach(cut);
      this.zones.set(zone, set);
    }
    return !this.complete || set.has(target);
  }

  private reach(cut: Cut): ReadonlySet<string> {
    const edges = this.graph();
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const e of edges.get('trailer') ?? [])
      if (!cut('trailer', e.key) && !seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    while (stack.length > 0) {
      const from = stack.pop()!;
      for (const e of edges.get(from) ?? [])
        if (!seen.has(e.to) && !cut(from, e.key)) {
          seen.add(e.to);
          stack.push(e.to);
        }
    }
    return seen;
  }

  /** The references of every object reachable from the trailer as of the revision. */
  private graph(): Map<string, Edge[]> {
    if (this.edges !== undefined) return this.edges;
    const edges = new Map<string, Edge[]>();
    const trailer = this.reader.revisions[this.revision].trailer;
    const catalogKey = trailer.getRef('Root')?.key;
    const queue: PdfRef[] = [];
    const collect = (from: string, v: PdfValue | undefined): void => {
      const out: Edge[] = [];
      const visit = (x: PdfValue | undefined, key: string | undefined, depth: number): void => {
        if (depth > 64) return;
        if (x instanceof PdfRef) {
          out.push({ to: x.key, key });
          if (!edges.has(x.key)) {
            edges.set(x.key, []);
            queue.push(x);
          }
        } else if (Array.isArray(x)) for (const y of x) visit(y, key, depth + 1);
        else if (x instanceof PdfDict || x instanceof PdfStream) {
          const d = x instanceof PdfStream ? x.dict : x;
          for (const [k, y] of d.entries) {
            if (depth === 0 && from === catalogKey && NON_RENDERING_CATALOG_KEYS.has(k)) continue;
            visit(y, depth === 0 ? k : key, depth + 1);
          }
        }
      };
      visit(v, undefined, 0);
      edges.set(from, out);
    };
    edges.set('trailer', []);
    collect('trailer', trailer);
    for (let head = 0; head < queue.length; head++) {
      if (++this.objectsRead > MAX_TRACKED_OBJECTS || --this.budget.objects < 0) {
        this.complete = false;
        break;
      }
      const ref = queue[head];
      let v: PdfValue;
      try {
        v = this.reader.getObjectAt(ref, this.revision);
      } catch {
        continue; // an unreadable object leads nowhere
      }
      collect(ref.key, v);
    }
    this.edges = edges;
    trackerStats.graphsRead++;
    trackerStats.objectsRead += this.objectsRead;
    return edges;
  }
}
