import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { Certificate } from '../../../signing/pki/certificate';
import type { Signer } from '../../../signing/sign/signers/signer';
import { EdxmlError } from './edxml-error';
import { DSIG_NS, EDXML_NS } from './edxml-namespace';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const ACCEPTED_TRANSFORMS = new Set([ENVELOPED, EXC_C14N, C14N]);

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

/** The certificate named in the one signature's KeyInfo, without verifying anything (to pick the trust). */
export function signatureElement(doc: Document): Element {
  const sigs = doc.getElementsByTagNameNS(DSIG_NS, 'Signature');
  if (sigs.length === 0) {
    throw new EdxmlError('EDXML_UNSIGNED', {
      vi: 'Gói tin edXML không có chữ ký số',
      en: 'The edXML message is not signed',
    });
  }
  if (sigs.length > 1)
    throw EdxmlError.signature('exactly one signature is allowed', { signatures: sigs.length });
  const node = sigs.item(0)! as Element;
  const parent = node.parentNode as Element | null;
  if (!parent || parent.namespaceURI !== EDXML_NS || parent.localName !== 'edXMLHeader') {
    throw EdxmlError.signature('the signature must be a child of edXML:edXMLHeader');
  }
  return node;
}

/**
 * Verifies the one enveloped signature of `doc` (parsed by parseSafeXml from exactly `xml`): a child of
 * `edXML:edXMLHeader`, RSA-SHA256 over exactly one reference `URI=""` — the whole document, so nothing in
 * it can be moved out of the signature's reach (XML signature wrapping needs an Id reference) — with SHA-256
 * digests and only the enveloped and canonicalisation transforms. The key is never taken from the package:
 * the KeyInfo certificate must be one of `trust` (the configured peer certificates), valid at `at`, and the
 * signature is checked with that configured certificate. Returns it.
 */
export function verifyXml(xml: string, doc: Document, trust: readonly Certificate[], at: Date): Certificate {
  const node = signatureElement(doc);
  const certs = node.getElementsByTagNameNS(DSIG_NS, 'X509Certificate');
  if (certs.length < 1) throw EdxmlError.signature('no signing certificate in KeyInfo');
  let cert: Certificate;
  try {
    cert = Certificate.fromDer(Buffer.from((certs.item(0)!.textContent ?? '').replace(/\s+/g, ''), 'base64'));
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
  const sig = new SignedXml({ publicCert: trusted.toPem(), getCertFromKeyInfo: () => null });
  try {
    sig.loadSignature(node as unknown as Node);
  } catch (e) {
    throw EdxmlError.signature('unreadable signature', undefined, e);
  }
  if (sig.signatureAlgorithm !== RSA_SHA256) {
    throw EdxmlError.signature('the signature algorithm must be RSA-SHA256', {
      algorithm: String(sig.signatureAlgorithm).slice(0, 100),
    });
  }
  let ok: boolean;
  try {
    ok = sig.checkSignature(xml);
  } catch (e) {
    throw EdxmlError.signature('the signature does not verify', undefined, e);
  }
  if (!ok) throw EdxmlError.signature('the signature does not verify');
  // References as checkSignature re-read them from the verified SignedInfo.
  const refs = sig.getReferences();
  if (refs.length !== 1 || refs[0]!.uri !== '') {
    throw EdxmlError.signature('the signature must cover the whole document (one reference, URI="")');
  }
  if (refs[0]!.digestAlgorithm !== SHA256) throw EdxmlError.signature('the digest algorithm must be SHA-256');
  if (
    !refs[0]!.transforms.includes(ENVELOPED) ||
    refs[0]!.transforms.some((t) => !ACCEPTED_TRANSFORMS.has(t))
  ) {
    throw EdxmlError.signature('only the enveloped-signature and canonicalisation transforms are allowed');
  }
  return trusted;
}
