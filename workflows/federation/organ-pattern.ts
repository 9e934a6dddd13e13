import { ORGAN_ID_PATTERN } from '../exchange/edxml/edxml-document-id';

const SUFFIX = /^\*((?:\.[0-9]{2,3})*\.[A-Z][0-9]{2})$/;

/**
 * Which organisation codes a peer answers for. A pattern is an exact QCVN 102:2016 code
 * (`000.00.10.H98`) or `*` followed by the trailing segments every code of a subtree shares: codes read
 * from the right (`XNN` is the province or ministry), so `*.H98` is every unit of province H98 and
 * `*.00.10.H98` every unit under `000.00.10.H98`.
 */
export function isOrganPattern(p: string): boolean {
  return ORGAN_ID_PATTERN.test(p) || SUFFIX.test(p);
}

/** How specifically `pattern` matches `organId`: -1 when it does not, else the length matched. */
export function organPatternMatch(pattern: string, organId: string): number {
  if (pattern === organId) return 1000;
  const m = SUFFIX.exec(pattern);
  return m && organId.endsWith(m[1]!) ? m[1]!.length : -1;
}
