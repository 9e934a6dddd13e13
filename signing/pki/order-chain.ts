import { Certificate } from './certificate';

/**
 * Orders `others` from the issuer of `leaf` upwards by name chaining and signature (RFC 5280 §6.1),
 * dropping duplicates; certificates that do not chain stay at the end in their original order.
 */
export function orderChain(leaf: Certificate, others: readonly Certificate[]): Certificate[] {
  const pool = others.filter((c, i) => !c.equals(leaf) && others.findIndex((o) => o.equals(c)) === i);
  const ordered: Certificate[] = [];
  let current = leaf;
  while (!current.isSelfIssued) {
    const next = pool.find((c) => !ordered.includes(c) && current.isIssuedBy(c));
    if (!next) break;
    ordered.push(next);
    current = next;
  }
  return [...ordered, ...pool.filter((c) => !ordered.includes(c))];
}
