import * as crypto from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { C14nCanonicalization, ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { findAncestorNsForElement } from 'xml-crypto/lib/utils';
import { Certificate } from '../../../signing/pki/certificate';
import type { Signer } from '../../../signing/sign/signers/signer';
import { EdxmlError } from './edxml-error';
import { DSIG_NS, EDXML_NS, SOAP_NS } from './edxml-namespace';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/** The exclusive-c14n URI as the VNPT SDK writes it in transforms (a typo of EXC_C14N that libraries accept). */
const EXC_C14N_SDK = 'http://www.w3.org/TR/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const CANONICALISATIONS = new Set([EXC_C14N, C14N, EXC_C14N_SDK]);

/** Where the signature goes: the last child of `edXML:edXMLHeader` (QCVN 102:2016 header `Signature`). */
const HEADER_XPATH = `//*[local-name(.)='edXMLHeader' and namespace-uri(.)='${EDXML_NS}']`;

/**
 * Signs an edXML document with one enveloped XML signature (XMLDSig 1.0 §6.6.4): RSA-SHA256 (RFC 6931
 * §2.3.2), exclusive canonicalisation, a single reference `URI=""` to the whole document with the
 * enveloped-signature transform and a SHA-256 digest, the signing certificate in `KeyInfo/X509Data`.
 * The signature is appended to `edXML:edXMLHeader`. The signature value comes from the server's Signer (a
 * PKCS#12 key, a token, a remote service) through xml-crypto's asynchronous callback path.
 */
export async function signXml(xml: string, signer: Signer): Promise<string> {
  const alg = signer.signatureAlgorithm('sha256');
  if (alg.scheme !== 'rsa-pkcs1') {
    throw EdxmlError.signature('the server key must be RSA (RSA-SHA256)', { scheme: alg.scheme });
  }
  const certB64 = signer.certificate.der.toString('base64');
  class SignerAlgorithm {
    getSignature(signedInfo: string, _key: unknown, cb?: (err: Error | null, value?: string) => void): void {
      signer.sign(Buffer.from(signedInfo, 'utf8'), alg).then(
        (v) => cb?.(null, v.toString('base64')),
        (e: unknown) => cb?.(e instanceof Error ? e : new Error(String(e))),
      );
    }
    verifySignature(): boolean {
      return false;
    }
    getAlgorithmName(): string {
      return RSA_SHA256;
    }
  }
  const sig = new SignedXml({
    privateKey: 'held-by-the-signer',
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () => `<X509Data><X509Certificate>${certB64}</X509Certificate></X509Data>`,
  });
  (sig.SignatureAlgorithms as Record<string, unknown>)[RSA_SHA256] = SignerAlgorithm;
  sig.addReference({
    xpath: '/*',
    digestAlgorithm: SHA256,
    transforms: [ENVELOPED, EXC_C14N],
    isEmptyUri: true,
  });
  await new Promise<void>((resolve, reject) => {
    sig.computeSignature(xml, { location: { reference: HEADER_XPATH, action: 'append' } }, (err) =>
      err ? reject(err) : resolve(),
    );
  });
  return sig.getSignedXml();
}

/** Where a package's signature element lives: its namespace (what other systems' SDKs write). */
export type XmlSignaturePlacement = 'xmldsig' | 'qcvn' | 'none';

/** The signature algorithms read: RSA-SHA256 always, RSA-SHA1 only from peers allowed to use it. */
export type XmlSignatureAlgorithm = 'rsa-sha256' | 'rsa-sha1';

export interface VerifiedXmlSignature {
  /** The configured certificate the signature verified with. */
  readonly certificate: Certificate;
  readonly algorithm: XmlSignatureAlgorithm;
  readonly placement: XmlSignaturePlacement;
  /** RSA-SHA1 or a SHA-1 digest: accepted from this peer only because it is configured so. */
  readonly weak: boolean;
}

const SIGNATURE_NAMESPACES: readonly (string | null)[] = [DSIG_NS, EDXML_NS, null];

function placementOf(ns: string | null): XmlSignaturePlacement {
  return ns === DSIG_NS ? 'xmldsig' : ns === EDXML_NS ? 'qcvn' : 'none';
}

/**
 * The package's one signature element. Public material carries it in three namespaces: XMLDSig (this
 * server, libxmlsec, .NET SignedXml), the QCVN 102:2016 default namespace (the VNPT SDK's `<Signature>`
 * inside the outer `<edXML xmlns="…QCVN_102_2016">`) and no namespace at all (the same signature in a
 * package without a default namespace). EDXML_UNSIGNED when there is none; two are refused.
 */
export function signatureElement(doc: Document): Element {
  const sigs: Element[] = [];
  const all = doc.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) {
    const e = all.item(i)!;
    if (e.localName === 'Signature' && SIGNATURE_NAMESPACES.includes(e.namespaceURI ?? null)) sigs.push(e);
  }
  if (sigs.length === 0) {
    throw new EdxmlError('EDXML_UNSIGNED', {
      vi: 'Gói tin edXML không có chữ ký số',
      en: 'The edXML message is not signed',
    });
  }
  if (sigs.length > 1)
    throw EdxmlError.signature('exactly one signature is allowed', { signatures: sigs.length });
  const node = sigs[0]!;
  const parent = node.parentNode as Element | null;
  const inHeader =
    parent &&
    ((parent.namespaceURI === EDXML_NS && parent.localName === 'edXMLHeader') ||
      (parent.namespaceURI === SOAP_NS &&
        parent.localName === 'Header' &&
        parent.parentNode === doc.documentElement));
  if (!inHeader) throw EdxmlError.signature('the signature must be a child of edXML:edXMLHeader');
  return node;
}

/** Children of `parent` named `name` in the signature's own namespace. */
function sigChildren(parent: Element, name: string, ns: string | null): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    const e = n as Element;
    if (n.nodeType === 1 && e.localName === name && (e.namespaceURI ?? null) === ns) out.push(e);
  }
  return out;
}

function sigChild(parent: Element, name: string, ns: string | null): Element {
  const all = sigChildren(parent, name, ns);
  if (all.length !== 1) throw EdxmlError.signature(`the signature needs exactly one ${name}`);
  return all[0]!;
}

function algorithmOf(e: Element): string {
  return e.getAttribute('Algorithm') ?? '';
}

/** XML canonicalisation of an element (XMLDSig 1.0 §6.5): inclusive with its in-scope namespaces, or exclusive. */
function canonicalise(algorithm: string, node: Element): string {
  if (algorithm === C14N) {
    return new C14nCanonicalization().process(node as never, {
      ancestorNamespaces: findAncestorNsForElement(node as never),
    });
  }
  return new ExclusiveCanonicalization().process(node as never, {});
}

/**
 * Verifies the one enveloped signature of `doc` (parsed by parseSafeXml from exactly `xml`), in any of the
 * three placements (signatureElement): a child of `edXML:edXMLHeader`, RSA-SHA256 — or RSA-SHA1 when
 * `acceptRsaSha1` (a peer configured so; reported `weak`) — over exactly one reference `URI=""` — the whole
 * document, so nothing in it can be moved out of the signature's reach (XML signature wrapping needs an Id
 * reference) — with a SHA-256 (or, with RSA-SHA1 allowed, SHA-1) digest and only the enveloped and
 * canonicalisation transforms (XMLDSig 1.0 §6.6.4, §6.5). The key is never taken from the package: the
 * KeyInfo certificate must be one of `trust` (the configured peer certificates), valid at `at`, and the
 * signature is checked with that configured certificate.
 *
 * The signed `SignedInfo` is canonicalised as it stands; when the signature is not in the XMLDSig
 * namespace it is also tried as the SDK signed it before its serializer dropped the namespace declaration
 * (the same element in the XMLDSig namespace). Both forms carry the same algorithms, reference and digest,
 * which are what the signature value authenticates.
 */
export function verifyXml(
  xml: string,
  doc: Document,
  trust: readonly Certificate[],
  at: Date,
  o: { readonly acceptRsaSha1?: boolean } = {},
): VerifiedXmlSignature {
  void xml; // the document was parsed from exactly this text (parseSafeXml); canonicalisation works on it
  const node = signatureElement(doc);
  const ns = node.namespaceURI ?? null;
  const placement = placementOf(ns);
  const keyInfo = sigChildren(node, 'KeyInfo', ns)[0];
  const x509 = keyInfo ? sigChildren(keyInfo, 'X509Data', ns)[0] : undefined;
  const certEl = x509 ? sigChildren(x509, 'X509Certificate', ns)[0] : undefined;
  if (!certEl) throw EdxmlError.signature('no signing certificate in KeyInfo');
  let cert: Certificate;
  try {
    cert = Certificate.fromDer(Buffer.from((certEl.textContent ?? '').replace(/\s+/g, ''), 'base64'));
  } catch (e) {
    throw EdxmlError.signature('unreadable signing certificate', undefined, e);
  }
  const trusted = trust.find((t) => t.der.equals(cert.der));
  if (!trusted) {
    throw new EdxmlError(
      'EDXML_SIGNER_UNTRUSTED',
      {
        vi: 'Chứng thư ký gói tin edXML không phải chứng thư đã cấu hình cho hệ thống gửi',
        en: 'The edXML signing certificate is not the one configured for the sending system',
      },
      { subject: cert.subject, sha256: cert.fingerprint('sha256').toString('hex') },
    );
  }
  if (at < trusted.notBefore || at > trusted.notAfter) {
    throw EdxmlError.signature('the signing certificate is not valid now', {
      notBefore: trusted.notBefore.toISOString(),
      notAfter: trusted.notAfter.toISOString(),
    });
  }

  const signedInfo = sigChild(node, 'SignedInfo', ns);
  const c14n = algorithmOf(sigChild(signedInfo, 'CanonicalizationMethod', ns));
  if (c14n !== EXC_C14N && c14n !== C14N) {
    throw EdxmlError.signature('unsupported canonicalisation', { algorithm: c14n.slice(0, 100) });
  }
  const method = algorithmOf(sigChild(signedInfo, 'SignatureMethod', ns));
  if (method !== RSA_SHA256 && !(method === RSA_SHA1 && o.acceptRsaSha1)) {
    throw EdxmlError.signature(
      o.acceptRsaSha1
        ? 'the signature algorithm must be RSA-SHA256 or RSA-SHA1'
        : 'the signature algorithm must be RSA-SHA256 (RSA-SHA1 only from a peer configured to allow it)',
      { algorithm: method.slice(0, 100) },
    );
  }
  const refs = sigChildren(signedInfo, 'Reference', ns);
  if (refs.length !== 1 || refs[0]!.getAttribute('URI') !== '') {
    throw EdxmlError.signature('the signature must cover the whole document (one reference, URI="")');
  }
  const ref = refs[0]!;
  const transformsEl = sigChildren(ref, 'Transforms', ns)[0];
  const transforms = transformsEl ? sigChildren(transformsEl, 'Transform', ns).map(algorithmOf) : [];
  if (
    !transforms.includes(ENVELOPED) ||
    transforms.some((t) => t !== ENVELOPED && !CANONICALISATIONS.has(t))
  ) {
    throw EdxmlError.signature('only the enveloped-signature and canonicalisation transforms are allowed');
  }
  const digestMethod = algorithmOf(sigChild(ref, 'DigestMethod', ns));
  if (digestMethod !== SHA256 && !(digestMethod === SHA1 && o.acceptRsaSha1)) {
    throw EdxmlError.signature('the digest algorithm must be SHA-256', {
      algorithm: digestMethod.slice(0, 100),
    });
  }
  const digestValue = Buffer.from(
    (sigChild(ref, 'DigestValue', ns).textContent ?? '').replace(/\s+/g, ''),
    'base64',
  );
  const signatureValue = Buffer.from(
    (sigChild(node, 'SignatureValue', ns).textContent ?? '').replace(/\s+/g, ''),
    'base64',
  );

  // The reference: the whole document without the signature (enveloped-signature transform), then the
  // last canonicalisation named (inclusive c14n when none is; XMLDSig 1.0 §4.3.3.2).
  const copy = doc.cloneNode(true) as Document;
  const copySig = signatureElement(copy);
  copySig.parentNode!.removeChild(copySig);
  const lastC14n = [...transforms].reverse().find((t) => CANONICALISATIONS.has(t)) ?? C14N;
  const referenced = canonicalise(lastC14n === C14N ? C14N : EXC_C14N, copy.documentElement!);
  const digest = crypto
    .createHash(digestMethod === SHA1 ? 'sha1' : 'sha256')
    .update(referenced, 'utf8')
    .digest();
  if (digest.length !== digestValue.length || !crypto.timingSafeEqual(digest, digestValue)) {
    throw EdxmlError.signature('the signature does not verify (the document changed)');
  }

  const asWritten = canonicalise(c14n, signedInfo);
  const candidates = [asWritten];
  if (ns !== DSIG_NS) {
    // As signed in the XMLDSig namespace: the apex element carries the default declaration instead.
    candidates.push(
      asWritten.startsWith('<SignedInfo xmlns="')
        ? asWritten.replace(/^<SignedInfo xmlns="[^"]*"/, `<SignedInfo xmlns="${DSIG_NS}"`)
        : asWritten.replace(/^<SignedInfo/, `<SignedInfo xmlns="${DSIG_NS}"`),
    );
  }
  const hash = method === RSA_SHA1 ? 'sha1' : 'sha256';
  const ok = candidates.some((c) => {
    try {
      return crypto.verify(hash, Buffer.from(c, 'utf8'), trusted.publicKey, signatureValue);
    } catch {
      return false;
    }
  });
  if (!ok) throw EdxmlError.signature('the signature does not verify');
  const weak = method === RSA_SHA1 || digestMethod === SHA1;
  return {
    certificate: trusted,
    algorithm: method === RSA_SHA1 ? 'rsa-sha1' : 'rsa-sha256',
    placement,
    weak,
  };
}
