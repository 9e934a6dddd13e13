/**
 * RFC 5280 §6.3.3 CRL processing for one certificate: distribution points and the CRL's
 * issuingDistributionPoint scope (user/CA/attribute certificates, reasons), indirect CRLs
 * (cRLIssuer, certificateIssuer entries), delta CRLs (§5.2.4), CRLs signed by a key other than the
 * certificate issuer's (§6.3.3 (f): a CRL signer with its own path to the same trust anchor), and
 * freshness (§6.3.3 (a): nextUpdate) when asked for.
 *
 * The common case, one complete CRL from the certificate's issuer for every reason, does not come
 * here: certificate-path.ts checks it lazily (only the statuses it reports are verified). This
 * module runs when a CRL or the certificate's distribution points ask for more.
 */
import { readWhole, children, tlv } from '../cms/der';
import type { Certificate } from '../pki/certificate';
import type { CertificateRevocationList, RevokedEntry } from './certificate-revocation-list';
import {
  ALL_REASONS,
  X509_OID,
  readDistributionPoints,
  readIssuingDistributionPoint,
  type DistributionPoint,
  type DistributionPointName,
  type IssuingDistributionPoint,
} from './x509-extensions';
import { generalNamesEqual, namesMatch, readGeneralNames, type GeneralName } from './x509-names';

export type CrlVerdict<O> =
  | { readonly kind: 'revoked'; readonly revokedAt: Date; readonly thisUpdate: Date; readonly origin: O }
  | { readonly kind: 'good'; readonly thisUpdate: Date; readonly origin: O }
  | { readonly kind: 'undetermined'; readonly why: string };

export interface CrlEvidence<O> {
  readonly crl: CertificateRevocationList;
  readonly origin: O;
}

export interface CrlContext<O> {
  readonly crls: readonly CrlEvidence<O>[];
  readonly at: Date;
  /** RFC 5280 §6.3.3 (a): a CRL whose nextUpdate is before `at` is not used. */
  readonly requireFresh: boolean;
  /** The certificate that signs CRLs for this one (§6.3.3 (f)), validated; undefined when none. */
  readonly crlSigner: (crl: CertificateRevocationList) => Certificate | undefined;
}

const dpMemo = new WeakMap<Certificate, DistributionPoint[] | null>();

/** The certificate's distribution points; null when the extension is malformed. */
export function distributionPointsOf(c: Certificate): DistributionPoint[] | null {
  let dps = dpMemo.get(c);
  if (dps === undefined) {
    const ext = c.extensions.get(X509_OID.cRLDistributionPoints);
    try {
      dps = ext ? readDistributionPoints(ext.value) : [];
    } catch {
      dps = null;
    }
    dpMemo.set(c, dps);
  }
  return dps;
}

/** Whether a complete direct CRL for all reasons decides this certificate (no cRLIssuer, no reasons). */
export function hasPlainDistributionPoints(c: Certificate): boolean {
  const ext = c.extensions.get(X509_OID.cRLDistributionPoints);
  // Without the [1] reasons or [2] cRLIssuer tags anywhere in its bytes, no parse is needed.
  if (ext === undefined || (!ext.value.includes(0x81) && !ext.value.includes(0xa2))) return true;
  const dps = distributionPointsOf(c);
  return dps !== null && dps.every((dp) => dp.crlIssuer === undefined && dp.reasons === undefined);
}

const kuMemo = new WeakMap<Certificate, boolean>();

/** RFC 5280 §6.3.3 (f): a CRL signer's keyUsage, when present, includes cRLSign. */
export function maySignCrls(c: Certificate): boolean {
  let ok = kuMemo.get(c);
  if (ok === undefined) {
    try {
      const ku = c.keyUsage;
      ok = ku === null || ku.includes('cRLSign');
    } catch {
      ok = false;
    }
    kuMemo.set(c, ok);
  }
  return ok;
}

const idpMemo = new WeakMap<CertificateRevocationList, IssuingDistributionPoint | null | 'malformed'>();

function idpOf(crl: CertificateRevocationList): IssuingDistributionPoint | null | 'malformed' {
  let idp = idpMemo.get(crl);
  if (idp === undefined) {
    const ext = crl.extensions.get(X509_OID.issuingDistributionPoint);
    try {
      idp = ext ? readIssuingDistributionPoint(ext.value) : null;
    } catch {
      idp = 'malformed';
    }
    idpMemo.set(crl, idp);
  }
  return idp;
}

/** A DistributionPointName as full names; a relative one is appended to `issuerDer` (§5.2.5). */
function fullNames(name: DistributionPointName, issuerDer: Buffer): readonly GeneralName[] {
  if (name.kind === 'full') return name.names;
  const rdns = children(readWhole(issuerDer)).map((r) => r.raw);
  return [{ type: 'dn', der: tlv(0x30, ...rdns, name.rdnDer) }];
}

const isCa = (c: Certificate): boolean => {
  try {
    return c.basicConstraints?.ca === true;
  } catch {
    return false;
  }
};

/** The entry of an (in)direct CRL for the certificate: serial, and issuer for indirect entries. */
function entryFor(
  crl: CertificateRevocationList,
  c: Certificate,
  indirect: boolean,
): RevokedEntry | undefined {
  if (!indirect) return crl.revoked.get(c.serialNumber);
  return crl.entries.find((e) => {
    if (e.serialNumber !== c.serialNumber) return false;
    if (e.certificateIssuer === undefined) return namesMatch(crl.issuerDer, c.issuerDer);
    try {
      return readGeneralNames(readWhole(e.certificateIssuer)).some(
        (g) => g.type === 'dn' && namesMatch(g.der, c.issuerDer),
      );
    } catch {
      return false;
    }
  });
}

const REMOVE_FROM_CRL = 8;

/** RFC 5280 §6.3.3 for certificate `c` against the CRLs of `ctx`. */
export function crlRevocationStatus<O>(c: Certificate, ctx: CrlContext<O>): CrlVerdict<O> {
  const listed = distributionPointsOf(c);
  if (listed === null) return { kind: 'undetermined', why: 'malformed cRLDistributionPoints' };
  // No cRLDistributionPoints: the certificate's issuer, for all reasons (§6.3.3, first paragraph).
  const dps: DistributionPoint[] = listed.length > 0 ? listed : [{}];
  const at = ctx.at.getTime();
  const usable = ctx.crls.filter((r) => !r.crl.unusable && r.crl.thisUpdate.getTime() <= at);
  const completes = usable
    .filter((r) => !r.crl.extensions.has(X509_OID.deltaCRLIndicator))
    .sort((a, b) => b.crl.thisUpdate.getTime() - a.crl.thisUpdate.getTime());
  const deltas = usable.filter((r) => r.crl.extensions.has(X509_OID.deltaCRLIndicator));
  const stale = (crl: CertificateRevocationList) =>
    ctx.requireFresh && crl.nextUpdate !== undefined && crl.nextUpdate.getTime() < at;

  let reasonsMask = 0;
  let good: { thisUpdate: Date; origin: O } | undefined;
  const why = new Set<string>();
  for (const dp of dps) {
    for (const r of completes) {
      if (reasonsMask === ALL_REASONS) break;
      const crl = r.crl;
      const idp = idpOf(crl);
      if (idp === 'malformed') continue;
      // (b)(1): the CRL's issuer is the DP's cRLIssuer (an indirect CRL) or the certificate's.
      if (dp.crlIssuer) {
        if (!idp?.indirectCRL) continue;
        if (!dp.crlIssuer.some((g) => g.type === 'dn' && namesMatch(g.der, crl.issuerDer))) continue;
      } else if (!namesMatch(crl.issuerDer, c.issuerDer)) continue;
      // (b)(2): the CRL's scope covers this distribution point and this kind of certificate.
      if (idp) {
        if (idp.name) {
          const idpNames = fullNames(idp.name, crl.issuerDer);
          const dpIssuer = dp.crlIssuer?.find((g) => g.type === 'dn');
          const dpNames = dp.name
            ? fullNames(dp.name, dpIssuer?.type === 'dn' ? dpIssuer.der : c.issuerDer)
            : (dp.crlIssuer ?? [{ type: 'dn' as const, der: c.issuerDer }]);
          if (!idpNames.some((a) => dpNames.some((b) => generalNamesEqual(a, b)))) continue;
        }
        if (idp.onlyContainsUserCerts && isCa(c)) continue;
        if (idp.onlyContainsCACerts && !isCa(c)) continue;
        if (idp.onlyContainsAttributeCerts) continue;
      }
      // (c)(d): the reasons it adds.
      const interim = (dp.reasons ?? ALL_REASONS) & (idp?.onlySomeReasons ?? ALL_REASONS);
      if ((interim & ~reasonsMask) === 0) continue;
      if (stale(crl)) {
        why.add(`the CRL of ${crl.nextUpdate?.toISOString()} (nextUpdate) is no longer current`);
        continue;
      }
      // (f): the CRL's signer, validated.
      const signer = ctx.crlSigner(crl);
      if (!signer) {
        why.add('no valid certificate of the CRL issuer verifies the CRL (signature, cRLSign, path)');
        continue;
      }
      // (g): a delta CRL for this complete CRL (§5.2.4), current and signed by the same key.
      const base = crl.crlNumber;
      const candidates = deltas.filter((d) => {
        const dBase = d.crl.baseCrlNumber;
        const dNumber = d.crl.crlNumber;
        const dIdp = d.crl.extensions.get(X509_OID.issuingDistributionPoint)?.value;
        const cIdp = crl.extensions.get(X509_OID.issuingDistributionPoint)?.value;
        return (
          namesMatch(d.crl.issuerDer, crl.issuerDer) &&
          base !== undefined &&
          dBase !== undefined &&
          dNumber !== undefined &&
          dBase <= base &&
          dNumber > base &&
          (dIdp === undefined ? cIdp === undefined : cIdp !== undefined && dIdp.equals(cIdp))
        );
      });
      const fresh = candidates
        .filter((d) => !stale(d.crl) && d.crl.isIssuedBy(signer))
        .sort((a, b) => b.crl.thisUpdate.getTime() - a.crl.thisUpdate.getTime());
      if (candidates.length > 0 && fresh.length === 0) {
        why.add('the delta CRL for the complete CRL is not current or does not verify');
        continue;
      }
      const delta = fresh[0];
      reasonsMask |= interim;
      const indirect = idp?.indirectCRL === true;
      // (i): the delta decides first (removeFromCRL takes an entry on hold off the list) …
      const inDelta = delta ? entryFor(delta.crl, c, indirect) : undefined;
      const entry = inDelta ?? entryFor(crl, c, indirect);
      if (entry !== undefined && entry.reasonCode !== REMOVE_FROM_CRL)
        return {
          kind: 'revoked',
          revokedAt: entry.revokedAt,
          thisUpdate: (delta ?? r).crl.thisUpdate,
          origin: r.origin,
        };
      const thisUpdate = delta ? delta.crl.thisUpdate : crl.thisUpdate;
      if (!good || thisUpdate > good.thisUpdate) good = { thisUpdate, origin: r.origin };
    }
  }
  if (reasonsMask === ALL_REASONS && good) return { kind: 'good', ...good };
  if (why.size === 0)
    why.add(
      reasonsMask === 0
        ? 'no CRL in scope for the certificate'
        : 'the CRLs cover only some revocation reasons',
    );
  return { kind: 'undetermined', why: [...why].join('; ') };
}
