/**
 * PAdES B-LT (ETSI EN 319 142-1 §5.4, §6.2.2): a Document Security Store added in a later incremental
 * update — /DSS in the catalog with /Certs, /CRLs and /OCSPs arrays of streams holding the DER of
 * every certificate of the signatures' and timestamps' chains and revocation data for each of them,
 * and /VRI entries keyed by the upper-case hex SHA-1 of each signature's /Contents (§5.4.2.2). An
 * existing DSS is extended, never dropped; identical data is stored once.
 */
import * as crypto from 'node:crypto';
import { children, readTlv, readWhole } from '../cms/der';
import { parseSignedData } from '../cms/parse-signed-data';
import { IncrementalUpdate, PdfDict, PdfName, PdfRef, PdfStream, type PdfValue } from '../pdf';
import { Certificate } from '../pki/certificate';
import { appendRevision } from './append-revision';
import type { RevocationDataSource } from './revocation-data-source';
import { SignError } from './sign-error';

export interface AddValidationDataOptions {
  input: Buffer | string;
  output?: string;
  revocationData: RevocationDataSource;
  /** The time the revocation data should be current at. */
  at: Date;
  allowRepaired?: boolean;
  newId?: () => Buffer;
  /** Password of an encrypted input (see appendRevision). */
  password?: string;
}

export interface ValidationDataResult {
  readonly bytes?: Buffer;
  readonly path?: string;
  /** VRI keys written (one per signature and document timestamp). */
  readonly vriKeys: readonly string[];
}

export async function addValidationData(o: AddValidationDataOptions): Promise<ValidationDataResult> {
  const vriKeys: string[] = [];
  const written = await appendRevision(
    o.input,
    async (update) => {
      vriKeys.push(...(await buildDss(update, o)));
    },
    { output: o.output, allowRepaired: o.allowRepaired, newId: o.newId, password: o.password },
  );
  return { bytes: written.data, path: written.path, vriKeys };
}

async function buildDss(update: IncrementalUpdate, o: AddValidationDataOptions): Promise<string[]> {
  const reader = update.reader;
  const form = reader.acroForm();
  const signatures = form.signatureFields.map((f) => f.signature).filter((s) => s?.contents !== undefined);
  if (signatures.length === 0) {
    throw new SignError('SIGN_OPTIONS_INVALID', {
      vi: 'Văn bản chưa có chữ ký nào để bổ sung thông tin kiểm tra (B-LT)',
      en: 'The document holds no signature to add validation data for',
    });
  }
  const rootRef = reader.rootRef!;
  const catalog = (update.get(rootRef) as PdfDict).clone();
  const oldDss = reader.resolve(catalog.get('DSS'));
  const pool = new Map<string, PdfRef>(); // sha256 of DER → stream ref, across all kinds
  const arrays: Record<'Certs' | 'CRLs' | 'OCSPs', PdfValue[]> = { Certs: [], CRLs: [], OCSPs: [] };
  const vri = new PdfDict();
  if (oldDss instanceof PdfDict) {
    for (const k of ['Certs', 'CRLs', 'OCSPs'] as const) {
      const a = reader.resolve(oldDss.get(k));
      if (Array.isArray(a)) {
        for (const v of a) {
          arrays[k].push(v);
          const s = reader.resolve(v);
          if (v instanceof PdfRef && s instanceof PdfStream) pool.set(k + sha256(reader.decodeStream(s)), v);
        }
      }
    }
    const oldVri = reader.resolve(oldDss.get('VRI'));
    if (oldVri instanceof PdfDict) for (const [k, v] of oldVri.entries) vri.set(k, v);
  }
  const store = (kind: 'Certs' | 'CRLs' | 'OCSPs', der: Buffer): PdfRef => {
    const key = kind + sha256(der);
    let ref = pool.get(key);
    if (ref === undefined) {
      ref = update.add(new PdfStream(new PdfDict(), der));
      pool.set(key, ref);
      arrays[kind].push(ref);
    }
    return ref;
  };

  const keys: string[] = [];
  for (const sig of signatures) {
    const contents = sig!.contents!;
    const certs = new Map<string, Certificate>();
    const addCerts = (ders: readonly Buffer[]) => {
      for (const d of ders) {
        const c = Certificate.from(d);
        certs.set(c.fingerprintHex(), c);
      }
    };
    const parsed = parseSignedData(contents);
    addCerts(parsed.certificates);
    for (const si of parsed.signerInfos) {
      for (const token of si.signatureTimestampTokens) addCerts(parseSignedData(token).certificates);
    }
    const certRefs: PdfRef[] = [];
    const crlRefs: PdfRef[] = [];
    const ocspRefs: PdfRef[] = [];
    const all = [...certs.values()];
    for (const cert of all) {
      certRefs.push(store('Certs', cert.der));
      if (cert.isSelfIssued) continue; // a trust anchor has no revocation data
      const issuer = all.find((c) => c !== cert && cert.isIssuedBy(c));
      if (issuer === undefined) continue;
      if (cert.extensions.has('1.3.6.1.5.5.7.48.1.5')) continue; // id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1)
      let data;
      try {
        data = await o.revocationData.collect(cert, issuer, o.at);
      } catch (cause) {
        throw new SignError(
          'REVOCATION_UNAVAILABLE',
          {
            vi: `Không lấy được thông tin thu hồi cho chứng thư “${cert.subject}”`,
            en: `Cannot obtain revocation data for "${cert.subject}"`,
          },
          { cause },
        );
      }
      for (const crl of data.crls) crlRefs.push(store('CRLs', crl));
      for (const ocsp of data.ocspResponses) ocspRefs.push(store('OCSPs', ocsp));
      // The OCSP responder's own certificate comes with its responses; keep it for the verifier.
      for (const resp of data.ocspResponses)
        for (const d of ocspCertificates(resp)) certRefs.push(store('Certs', d));
    }
    const key = crypto.createHash('sha1').update(contents).digest('hex').toUpperCase();
    keys.push(key);
    const entry = new PdfDict({ Cert: dedupe(certRefs) });
    if (crlRefs.length > 0) entry.set('CRL', dedupe(crlRefs));
    if (ocspRefs.length > 0) entry.set('OCSP', dedupe(ocspRefs));
    vri.set(key, entry);
  }
  const dss = new PdfDict({ Type: PdfName.of('DSS'), VRI: vri });
  for (const k of ['Certs', 'CRLs', 'OCSPs'] as const) if (arrays[k].length > 0) dss.set(k, arrays[k]);
  catalog.set('DSS', update.add(dss));
  update.set(rootRef, catalog);
  return keys;
}

/** Certificates carried in an OCSPResponse's BasicOCSPResponse (RFC 6960 §4.2.1 `certs`). */
function ocspCertificates(response: Buffer): Buffer[] {
  try {
    // OCSPResponse → [0] responseBytes → SEQ { oid, OCTET STRING BasicOCSPResponse }
    const top = children(readWhole(response));
    if (top.length < 2) return [];
    const responseBytes = children(children(top[1])[0]);
    const basic = readTlv(responseBytes[1].content);
    const parts = children(basic);
    const certsField = parts.find((p) => p.tag === 0xa0);
    if (!certsField) return [];
    return children(children(certsField)[0]).map((c) => c.raw);
  } catch {
    return [];
  }
}

function dedupe(refs: PdfRef[]): PdfRef[] {
  const seen = new Set<number>();
  return refs.filter((r) => (seen.has(r.num) ? false : (seen.add(r.num), true)));
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
