/**
 * RFC 5280 §6.1 basic path validation of a built path, apart from signatures (checked while the
 * path is built) and validity times (checked by the caller at its validation time): unknown
 * critical extensions (§4.2), basicConstraints and pathLenConstraint (§6.1.4 (k)(l)(m)), keyUsage
 * keyCertSign (§6.1.4 (n)), name constraints (§6.1.3 (b)(c), §6.1.4 (g)), and certificate
 * policies with the policy tree, policy mappings, requireExplicitPolicy, inhibitPolicyMapping and
 * inhibitAnyPolicy (§6.1.2–§6.1.5). Self-issued certificates are handled as §6.1 says (they do
 * not count towards path lengths or the policy counters, and their names are not constrained
 * unless they are the last certificate).
 *
 * The result depends only on the certificates and the policy inputs, never on the time: it is
 * memoised per path (the instances of one validation's VerificationCache), so a document's many
 * signatures sharing a chain run it once.
 */
import type { Certificate } from '../pki/certificate';
import { NameConstraintState } from './name-constraints';
import { PolicyTree, type PolicyNode } from './policy-tree';
import {
  X509_OID,
  readCertificatePolicies,
  readInhibitAnyPolicy,
  readNameConstraints,
  readPolicyConstraints,
  readPolicyMappings,
  readSubjectAltNames,
  userNoticeTexts,
} from './x509-extensions';
import type { GeneralName } from './x509-names';

/** RFC 5280 §6.1.1 (c)–(f) inputs; the defaults accept any policy and constrain nothing. */
export interface PolicyInputs {
  readonly userInitialPolicySet?: readonly string[];
  readonly initialPolicyMappingInhibit?: boolean;
  readonly initialExplicitPolicy?: boolean;
  readonly initialAnyPolicyInhibit?: boolean;
}

export type PathCheckName =
  'criticalExtensions' | 'basicConstraints' | 'pathLength' | 'keyUsage' | 'nameConstraints' | 'policies';

export interface PathProblem {
  readonly check: PathCheckName;
  /** Index in the leaf-first path. */
  readonly index: number;
  readonly en: string;
  readonly vi: string;
}

export interface PathConstraintResult {
  readonly problems: readonly PathProblem[];
  /**
   * The authorities-constrained policies at the leaf (§6.1.5 (g)); ['2.5.29.32.0'] for any.
   * Undefined when the tree was not needed (default inputs, no policyConstraints in the path).
   */
  readonly policies?: readonly string[];
  /** explicitText of the user notices attached to those policies. */
  readonly userNotices?: readonly string[];
}

/** Extensions this validator processes or knowingly ignores; any other critical one refuses. */
const KNOWN_EXTENSIONS = new Set<string>([
  X509_OID.subjectDirectoryAttributes,
  X509_OID.subjectKeyIdentifier,
  X509_OID.keyUsage,
  X509_OID.subjectAltName,
  X509_OID.issuerAltName,
  X509_OID.basicConstraints,
  X509_OID.nameConstraints,
  X509_OID.cRLDistributionPoints,
  X509_OID.certificatePolicies,
  X509_OID.policyMappings,
  X509_OID.authorityKeyIdentifier,
  X509_OID.policyConstraints,
  X509_OID.extKeyUsage,
  X509_OID.freshestCRL,
  X509_OID.inhibitAnyPolicy,
  X509_OID.authorityInfoAccess,
  X509_OID.subjectInfoAccess,
  X509_OID.qcStatements,
  X509_OID.ocspNoCheck,
]);

const NO_INPUTS: PolicyInputs = Object.freeze({});
/** Stands in when policies are not tracked: never touched then. */
const UNUSED_TREE = new PolicyTree();

/**
 * Keyed by the leaf; an entry holds the rest of the path only. An entry that referred to its own
 * key would keep the leaf — and all a validation built around it — alive through every minor GC
 * (V8's scavenger treats such a WeakMap value as strong), promoting each document's objects to
 * the old generation until the next full GC.
 */
const memo = new WeakMap<
  Certificate,
  { above: readonly Certificate[]; key: string; result: PathConstraintResult }[]
>();

/** §6.1 over `path` (leaf first, trust anchor last), memoised per path instance and inputs. */
export function checkPathConstraints(
  path: readonly Certificate[],
  inputs: PolicyInputs = NO_INPUTS,
): PathConstraintResult {
  // Signature validation passes no inputs: no key to build on its hot path.
  const key = inputs === NO_INPUTS ? '' : JSON.stringify(inputs);
  const leaf = path[0];
  let entries = memo.get(leaf);
  if (!entries) memo.set(leaf, (entries = []));
  const hit = entries.find(
    (e) => e.key === key && e.above.length === path.length - 1 && e.above.every((c, i) => c === path[i + 1]),
  );
  if (hit) return hit.result;
  const result = run(path, inputs);
  // A path that repeats its leaf above it is not memoised (the entry would hold its own key).
  const above = path.slice(1);
  if (!above.includes(leaf)) entries.push({ above, key, result });
  return result;
}

function run(leafFirst: readonly Certificate[], inputs: PolicyInputs): PathConstraintResult {
  const problems: PathProblem[] = [];
  // RFC 5280 numbers the certificates 1..n from the one the trust anchor issued to the leaf.
  const certs = leafFirst.slice(0, -1).reverse();
  const n = certs.length;
  const indexOf = (i: number) => n - i; // certificate i (1-based) in the leaf-first path
  const problem = (check: PathCheckName, i: number, en: string, vi: string) =>
    problems.push({ check, index: indexOf(i), en, vi });

  const userSet = inputs.userInitialPolicySet?.length ? inputs.userInitialPolicySet : [X509_OID.anyPolicy];
  // With the default inputs (any policy, nothing explicit) and no policyConstraints in the path,
  // explicit_policy stays above 0 and no policy check can fail (§6.1.3 (f), §6.1.5 (g)): signature
  // validation skips the tree and reports no policies. Any input, or a policyConstraints, builds it.
  const trackPolicies =
    inputs !== NO_INPUTS || certs.some((c) => c.extensions.has(X509_OID.policyConstraints));
  const tree = trackPolicies ? new PolicyTree() : UNUSED_TREE;
  const names = new NameConstraintState();
  let explicitPolicy = inputs.initialExplicitPolicy ? 0 : n + 1;
  let inhibitAnyPolicy = inputs.initialAnyPolicyInhibit ? 0 : n + 1;
  let policyMapping = inputs.initialPolicyMappingInhibit ? 0 : n + 1;
  let maxPathLength = n;
  let policyFailed = false;

  for (let i = 1; i <= n; i++) {
    const c = certs[i - 1];
    const last = i === n;
    const selfIssued = c.isSelfIssued;
    const ext = (oid: string) => c.extensions.get(oid)?.value;
    const read = <T>(oid: string, f: (v: Buffer) => T): T | undefined => {
      const v = ext(oid);
      if (v === undefined) return undefined;
      try {
        return f(v);
      } catch {
        problem(
          'criticalExtensions',
          i,
          `malformed extension ${oid} in ${c.subject}`,
          `phần mở rộng ${oid} của ${c.subject} bị lỗi`,
        );
        return undefined;
      }
    };

    // §4.2: a critical extension the validator does not process refuses the certificate.
    for (const e of c.extensions.values())
      if (e.critical && !KNOWN_EXTENSIONS.has(e.oid))
        problem(
          'criticalExtensions',
          i,
          `unrecognised critical extension ${e.oid} in ${c.subject}`,
          `phần mở rộng thiết yếu ${e.oid} không được hỗ trợ trong ${c.subject}`,
        );

    // §6.1.3 (b)(c): names of every certificate except non-final self-issued ones.
    if (!names.empty && (last || !selfIssued)) {
      const subjectNames: GeneralName[] = [];
      if (c.subjectAttributes.length > 0) subjectNames.push({ type: 'dn', der: c.subjectDer });
      for (const a of c.subjectAttributes)
        if (a.oid === X509_OID.emailAddress) subjectNames.push({ type: 'rfc822', value: a.value });
      subjectNames.push(...(read(X509_OID.subjectAltName, readSubjectAltNames) ?? []));
      for (const name of subjectNames)
        if (!names.allows(name))
          problem(
            'nameConstraints',
            i,
            `name ${describe(name)} of ${c.subject} violates the name constraints of a CA above`,
            `tên ${describe(name)} của ${c.subject} vi phạm ràng buộc tên của CA cấp trên`,
          );
    }

    // §6.1.3 (d)–(f): certificate policies.
    const policies = trackPolicies ? read(X509_OID.certificatePolicies, readCertificatePolicies) : undefined;
    if (policies) tree.processCertificate(i, policies, inhibitAnyPolicy > 0 || (!last && selfIssued));
    else if (trackPolicies) tree.clear();
    if (trackPolicies && !policyFailed && explicitPolicy <= 0 && tree.root === null) {
      policyFailed = true;
      problem(
        'policies',
        i,
        `no acceptable certificate policy at ${c.subject} (explicit policy required)`,
        `không còn chính sách chứng thư hợp lệ tại ${c.subject} (yêu cầu chính sách tường minh)`,
      );
    }
    if (last) break;

    // §6.1.4 (a)(b): policy mappings.
    const mappings = read(X509_OID.policyMappings, readPolicyMappings);
    if (mappings) {
      if (mappings.some((m) => m.issuer === X509_OID.anyPolicy || m.subject === X509_OID.anyPolicy)) {
        problem('policies', i, `${c.subject} maps anyPolicy`, `${c.subject} ánh xạ anyPolicy`);
        policyFailed = true;
      } else if (trackPolicies) tree.applyMappings(i, mappings, policyMapping > 0);
    }
    // §6.1.4 (g): name constraints.
    const nc = read(X509_OID.nameConstraints, readNameConstraints);
    if (nc) names.add(nc);
    // §6.1.4 (h)–(j): policy counters.
    if (!selfIssued) {
      if (explicitPolicy > 0) explicitPolicy--;
      if (policyMapping > 0) policyMapping--;
      if (inhibitAnyPolicy > 0) inhibitAnyPolicy--;
    }
    const pc = read(X509_OID.policyConstraints, readPolicyConstraints);
    if (pc?.requireExplicitPolicy !== undefined && pc.requireExplicitPolicy < explicitPolicy)
      explicitPolicy = pc.requireExplicitPolicy;
    if (pc?.inhibitPolicyMapping !== undefined && pc.inhibitPolicyMapping < policyMapping)
      policyMapping = pc.inhibitPolicyMapping;
    const iap = read(X509_OID.inhibitAnyPolicy, readInhibitAnyPolicy);
    if (iap !== undefined && iap < inhibitAnyPolicy) inhibitAnyPolicy = iap;

    // §6.1.4 (k)–(n): a CA, within its path length, allowed to sign certificates.
    const bc = c.extensions.has(X509_OID.basicConstraints)
      ? read(X509_OID.basicConstraints, () => c.basicConstraints)
      : null;
    if (!bc?.ca)
      problem(
        'basicConstraints',
        i,
        `issuer ${c.subject} is not a CA (basicConstraints)`,
        `${c.subject} không phải CA (basicConstraints)`,
      );
    if (!selfIssued) {
      if (maxPathLength <= 0)
        problem(
          'pathLength',
          i,
          `path length constraint exceeded at ${c.subject}`,
          `vượt quá ràng buộc độ dài đường dẫn tại ${c.subject}`,
        );
      maxPathLength--;
    }
    if (bc?.pathLength !== undefined && bc.pathLength < maxPathLength) maxPathLength = bc.pathLength;
    const ku = c.extensions.has(X509_OID.keyUsage) ? read(X509_OID.keyUsage, () => c.keyUsage) : null;
    if (ku && !ku.includes('keyCertSign'))
      problem(
        'keyUsage',
        i,
        `issuer ${c.subject} keyUsage lacks keyCertSign`,
        `keyUsage của ${c.subject} không có keyCertSign`,
      );
  }

  if (!trackPolicies) return { problems };
  // §6.1.5 (a)(b)(g): wrap-up of the policies.
  const leaf = certs[n - 1];
  if (explicitPolicy > 0) explicitPolicy--;
  let leafPc;
  try {
    leafPc = leaf.extensions.has(X509_OID.policyConstraints)
      ? readPolicyConstraints(leaf.extensions.get(X509_OID.policyConstraints)!.value)
      : undefined;
  } catch {
    leafPc = undefined;
  }
  if (leafPc?.requireExplicitPolicy === 0) explicitPolicy = 0;
  tree.intersect(n, userSet);
  if (!policyFailed && explicitPolicy <= 0 && tree.root === null)
    problem(
      'policies',
      n,
      `no certificate policy of the path is acceptable (user-initial-policy-set ${userSet.join(', ')})`,
      `không chính sách chứng thư nào của đường dẫn được chấp nhận (${userSet.join(', ')})`,
    );
  const leaves = tree.root ? tree.nodesAt(n) : [];
  return {
    problems,
    policies: [...new Set(leaves.map((x) => x.validPolicy))],
    // the notices of every node on the way to a valid leaf (a CA's qualifiers apply below it)
    userNotices: [
      ...new Set(leaves.flatMap((x) => ancestry(x).flatMap((a) => userNoticeTexts(a.qualifiers)))),
    ],
  };
}

function ancestry(node: PolicyNode): PolicyNode[] {
  const out: PolicyNode[] = [];
  for (let n: PolicyNode | null = node; n; n = n.parent) out.unshift(n);
  return out;
}

function describe(g: GeneralName): string {
  if (g.type === 'dn') return 'directoryName';
  if ('value' in g) return `${g.type}:${g.value}`;
  return g.type;
}
