/**
 * X.509 names as path validation compares them: distinguished names matched per RFC 5280 §7.1
 * (attribute values compared after the RFC 4518 string preparation, simplified to: Unicode NFKC,
 * case folded, leading/trailing spaces removed, inner runs of spaces collapsed), and GeneralNames
 * (RFC 5280 §4.2.1.6) read from their DER.
 */
import { children, decodeOid, readWhole, type Tlv } from '../cms/der';
import { decodeDirectoryString } from '../pki/certificate';

/** One RDN: its attributes as "oid=prepared value", sorted (an RDN is a SET). */
export type PreparedRdn = readonly string[];

const STRING_TAGS = new Set([0x0c, 0x13, 0x16, 0x14, 0x1e, 0x1c, 0x12]);

function prepareValue(t: Tlv): string {
  if (!STRING_TAGS.has(t.tag)) return '#' + t.raw.toString('hex');
  return decodeDirectoryString(t).normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** The RDNs of a Name (its DER), prepared for comparison; throws on malformed DER. */
export function prepareName(nameDer: Buffer): PreparedRdn[] {
  return children(readWhole(nameDer)).map((rdn) =>
    children(rdn)
      .map((atv) => {
        const [type, value] = children(atv);
        return `${decodeOid(type)}=${value ? prepareValue(value) : ''}`;
      })
      .sort(),
  );
}

// Prepared forms of the names met, by their DER: a name is compared again at every path building.
const prepared = new Map<string, string | null>();
const MAX_PREPARED = 4096;
const byBuffer = new WeakMap<Buffer, string | null>();

/** One string per name, equal for names RFC 5280 §7.1 calls equal; null when malformed. */
function keyOf(nameDer: Buffer): string | null {
  // A certificate's or CRL's name Buffer is compared many times: remembered by identity first.
  const known = byBuffer.get(nameDer);
  if (known !== undefined) return known;
  const k = nameDer.toString('latin1');
  let v = prepared.get(k);
  if (v === undefined) {
    try {
      v = JSON.stringify(prepareName(nameDer));
    } catch {
      v = null;
    }
    if (prepared.size >= MAX_PREPARED) prepared.clear();
    prepared.set(k, v);
  }
  byBuffer.set(nameDer, v);
  return v;
}

/** RFC 5280 §7.1: two Names match (the same DER always does; otherwise after preparation). */
export function namesMatch(a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  const ka = keyOf(a);
  return ka !== null && ka === keyOf(b);
}

/** RFC 5280 §4.2.1.10: `name` lies in the subtree `base` (base's RDNs are a prefix of name's). */
export function isWithinDn(name: readonly PreparedRdn[], base: readonly PreparedRdn[]): boolean {
  if (base.length > name.length) return false;
  return base.every((rdn, i) => rdn.length === name[i].length && rdn.every((a, j) => a === name[i][j]));
}

export type GeneralName =
  | { readonly type: 'rfc822' | 'dns' | 'uri'; readonly value: string }
  | { readonly type: 'dn'; readonly der: Buffer }
  | { readonly type: 'ip'; readonly bytes: Buffer }
  | { readonly type: 'other'; readonly tag: number; readonly raw: Buffer };

/** One GeneralName (RFC 5280 §4.2.1.6) by its context tag. */
export function readGeneralName(t: Tlv): GeneralName {
  switch (t.tag) {
    case 0x81:
      return { type: 'rfc822', value: t.content.toString('ascii') };
    case 0x82:
      return { type: 'dns', value: t.content.toString('ascii') };
    case 0x86:
      return { type: 'uri', value: t.content.toString('ascii') };
    case 0xa4: // directoryName [4] EXPLICIT Name (a CHOICE, so always explicit)
      return { type: 'dn', der: children(t)[0].raw };
    case 0x87:
      return { type: 'ip', bytes: t.content };
    default:
      return { type: 'other', tag: t.tag, raw: t.raw };
  }
}

/** GeneralNames ::= SEQUENCE OF GeneralName (or the content of an IMPLICIT-tagged one). */
export function readGeneralNames(t: Tlv): GeneralName[] {
  return children(t).map(readGeneralName);
}

/** Whether two GeneralNames name the same thing (DNs per §7.1, strings case-insensitively). */
export function generalNamesEqual(a: GeneralName, b: GeneralName): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'dn' && b.type === 'dn') return namesMatch(a.der, b.der);
  if (a.type === 'ip' && b.type === 'ip') return a.bytes.equals(b.bytes);
  if (a.type === 'other' && b.type === 'other') return a.raw.equals(b.raw);
  if ('value' in a && 'value' in b) return a.value.toLowerCase() === b.value.toLowerCase();
  return false;
}
