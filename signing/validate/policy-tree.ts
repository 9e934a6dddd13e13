/**
 * The valid_policy_tree of RFC 5280 §6.1 (§6.1.2 (a), §6.1.3 (d)–(f), §6.1.4 (a)(b), §6.1.5 (g)):
 * certificate policies, anyPolicy, policy mappings and the user-initial-policy-set.
 */
import { X509_OID, type PolicyInformation } from './x509-extensions';

const ANY = X509_OID.anyPolicy;

export interface PolicyNode {
  readonly validPolicy: string;
  readonly qualifiers: readonly Buffer[];
  expectedPolicySet: Set<string>;
  readonly parent: PolicyNode | null;
  readonly children: PolicyNode[];
  readonly depth: number;
}

export class PolicyTree {
  /** null once the tree is empty (RFC 5280: "valid_policy_tree is set to NULL"). */
  root: PolicyNode | null = {
    validPolicy: ANY,
    qualifiers: [],
    expectedPolicySet: new Set([ANY]),
    parent: null,
    children: [],
    depth: 0,
  };

  nodesAt(depth: number): PolicyNode[] {
    const out: PolicyNode[] = [];
    const walk = (n: PolicyNode) => {
      if (n.depth === depth) out.push(n);
      else for (const c of n.children) walk(c);
    };
    if (this.root) walk(this.root);
    return out;
  }

  private static add(
    parent: PolicyNode,
    validPolicy: string,
    qualifiers: readonly Buffer[],
    expected: Set<string>,
  ) {
    parent.children.push({
      validPolicy,
      qualifiers,
      expectedPolicySet: expected,
      parent,
      children: [],
      depth: parent.depth + 1,
    });
  }

  /** §6.1.3 (d) for certificate i (1-based) with its policies; `anyAllowed` is (d)(2)'s condition. */
  processCertificate(i: number, policies: readonly PolicyInformation[], anyAllowed: boolean): void {
    if (!this.root) return;
    const parents = this.nodesAt(i - 1);
    for (const p of policies) {
      if (p.policy === ANY) continue;
      const matching = parents.filter((n) => n.expectedPolicySet.has(p.policy));
      if (matching.length > 0)
        for (const n of matching) PolicyTree.add(n, p.policy, p.qualifiers, new Set([p.policy]));
      else
        for (const n of parents.filter((x) => x.validPolicy === ANY))
          PolicyTree.add(n, p.policy, p.qualifiers, new Set([p.policy]));
    }
    const any = policies.find((p) => p.policy === ANY);
    if (any && anyAllowed) {
      for (const n of parents) {
        for (const value of n.expectedPolicySet) {
          if (!n.children.some((c) => c.validPolicy === value))
            PolicyTree.add(n, value, any.qualifiers, new Set([value]));
        }
      }
    }
    this.prune(i);
  }

  /** §6.1.3 (e): a certificate without certificatePolicies empties the tree. */
  clear(): void {
    this.root = null;
  }

  /** §6.1.4 (b): policy mappings of certificate i (policyMapping > 0 maps, otherwise deletes). */
  applyMappings(
    i: number,
    mappings: readonly { issuer: string; subject: string }[],
    mappingAllowed: boolean,
  ): void {
    if (!this.root) return;
    const byIssuer = new Map<string, Set<string>>();
    for (const m of mappings) {
      let s = byIssuer.get(m.issuer);
      if (!s) byIssuer.set(m.issuer, (s = new Set()));
      s.add(m.subject);
    }
    const atDepth = this.nodesAt(i);
    for (const [idp, subjects] of byIssuer) {
      const nodes = atDepth.filter((n) => n.validPolicy === idp);
      if (mappingAllowed) {
        if (nodes.length > 0) for (const n of nodes) n.expectedPolicySet = new Set(subjects);
        else {
          const anyNode = atDepth.find((n) => n.validPolicy === ANY);
          if (anyNode?.parent) PolicyTree.add(anyNode.parent, idp, anyNode.qualifiers, new Set(subjects));
        }
      } else {
        for (const n of nodes) n.parent?.children.splice(n.parent.children.indexOf(n), 1);
      }
    }
    if (!mappingAllowed) this.prune(i);
  }

  /** Deletes nodes above `depth` without children, repeatedly (§6.1.3 (d)(3)). */
  prune(depth: number): void {
    const walk = (n: PolicyNode): boolean => {
      for (let k = n.children.length - 1; k >= 0; k--) if (!walk(n.children[k])) n.children.splice(k, 1);
      return n.depth >= depth || n.children.length > 0;
    };
    if (this.root && !walk(this.root)) this.root = null;
  }

  /** §6.1.5 (g): the intersection with the user-initial-policy-set; n is the path length. */
  intersect(n: number, userInitialPolicySet: readonly string[]): void {
    if (!this.root || userInitialPolicySet.includes(ANY)) return;
    const user = new Set(userInitialPolicySet);
    const validSet: PolicyNode[] = [];
    const collect = (node: PolicyNode) => {
      for (const c of node.children) {
        if (node.validPolicy === ANY) validSet.push(c);
        if (c.validPolicy === ANY) collect(c);
      }
    };
    collect(this.root);
    for (const node of validSet) {
      if (node.validPolicy !== ANY && !user.has(node.validPolicy))
        node.parent?.children.splice(node.parent.children.indexOf(node), 1);
    }
    const anyLeaf = this.nodesAt(n).find((x) => x.validPolicy === ANY);
    if (anyLeaf?.parent) {
      const present = new Set(validSet.map((x) => x.validPolicy));
      for (const p of user)
        if (!present.has(p)) PolicyTree.add(anyLeaf.parent, p, anyLeaf.qualifiers, new Set([p]));
      anyLeaf.parent.children.splice(anyLeaf.parent.children.indexOf(anyLeaf), 1);
    }
    this.prune(n);
  }
}
