/**
 * RFC 5280 §4.2.1.10 name constraints, as path validation keeps them (§6.1.2 (b)(c), §6.1.3 (b)(c),
 * §6.1.4 (g)): the permitted subtrees of every CA above (a name must lie in one subtree of its type
 * of each CA that constrains that type: the intersection), and the excluded subtrees of all of them
 * (a name must lie in none: the union). Directory names, rfc822Name, dNSName, URI and IP addresses
 * are understood; a constraint of another type on a name of that type cannot be checked and refuses
 * the name (§4.2.1.10: "MUST ... reject").
 */
import { isWithinDn, prepareName, type GeneralName, type PreparedRdn } from './x509-names';
import type { GeneralSubtree } from './x509-extensions';

type Base = GeneralName & { prepared?: PreparedRdn[] };

export class NameConstraintState {
  /** One list per CA that had permittedSubtrees. */
  private readonly permitted: Base[][] = [];
  private readonly excluded: Base[] = [];

  /** §6.1.4 (g): add a CA's constraints. */
  add(c: { permitted?: readonly GeneralSubtree[]; excluded?: readonly GeneralSubtree[] }): void {
    if (c.permitted) this.permitted.push(c.permitted.map((s) => prep(s.base)));
    if (c.excluded) this.excluded.push(...c.excluded.map((s) => prep(s.base)));
  }

  get empty(): boolean {
    return this.permitted.length === 0 && this.excluded.length === 0;
  }

  /** §6.1.3 (b)(c): the name is in the permitted subtrees and in no excluded one. */
  allows(name: GeneralName): boolean {
    const n = prep(name);
    if (n.type === 'other') return ![...this.permitted.flat(), ...this.excluded].some((b) => sameKind(b, n));
    for (const set of this.permitted) {
      const sameType = set.filter((b) => sameKind(b, n));
      if (sameType.length > 0 && !sameType.some((b) => within(n, b))) return false;
    }
    return !this.excluded.some((b) => sameKind(b, n) && within(n, b));
  }
}

function prep(g: GeneralName): Base {
  return g.type === 'dn' ? { ...g, prepared: prepareName(g.der) } : g;
}

const sameKind = (a: GeneralName, b: GeneralName): boolean =>
  a.type === b.type && (a.type !== 'other' || (b.type === 'other' && a.tag === b.tag));

function within(name: Base, base: Base): boolean {
  switch (name.type) {
    case 'dn':
      return isWithinDn(name.prepared ?? [], (base as Base).prepared ?? []);
    case 'rfc822':
      return base.type === 'rfc822' && mailboxWithin(name.value, base.value);
    case 'dns':
      return base.type === 'dns' && hostWithin(name.value, base.value);
    case 'uri':
      return base.type === 'uri' && uriWithin(name.value, base.value);
    case 'ip':
      return base.type === 'ip' && ipWithin(name.bytes, base.bytes);
    default:
      return false; // 'other' is settled in allows()
  }
}

/** rfc822Name: "user@host" matches exactly, "host" any mailbox at it, ".domain" any host below. */
function mailboxWithin(mailbox: string, constraint: string): boolean {
  const m = mailbox.toLowerCase();
  const c = constraint.toLowerCase();
  if (c.includes('@')) return m === c;
  const host = m.slice(m.lastIndexOf('@') + 1);
  return c.startsWith('.') ? host.endsWith(c) : host === c;
}

/** dNSName: the host or any host below it, by whole labels. */
function hostWithin(host: string, constraint: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const c = constraint.toLowerCase().replace(/\.$/, '');
  if (c === '') return true;
  if (c.startsWith('.')) return h.endsWith(c);
  return h === c || h.endsWith('.' + c);
}

/** URI: the constraint applies to the host part; ".domain" means any host below it. */
function uriWithin(uri: string, constraint: string): boolean {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri);
  if (!m) return false;
  const host = m[1].toLowerCase();
  const c = constraint.toLowerCase();
  return c.startsWith('.') ? host.endsWith(c) : host === c;
}

/** iPAddress: the constraint is address then mask, twice the address's length. */
function ipWithin(addr: Buffer, constraint: Buffer): boolean {
  if (constraint.length !== addr.length * 2) return false;
  for (let i = 0; i < addr.length; i++) {
    const mask = constraint[addr.length + i];
    if ((addr[i] & mask) !== (constraint[i] & mask)) return false;
  }
  return true;
}
