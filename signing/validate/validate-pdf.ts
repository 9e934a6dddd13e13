/**
 * Validation of the signatures of a PDF (the auditor's tool, DESIGN §5): per signature the
 * structure (ISO 32000-2 §12.8.1, ETSI EN 319 142-1 §5.1), the CMS cryptography (RFC 5652 §5.4,
 * §11.2; ETSI EN 319 122-1 §5.2.2 signing-certificate-v2), the certification path to a configured
 * trust anchor with revocation (RFC 5280 §6), timestamps (RFC 3161, ETSI EN 319 142-1 §5.4), and the
 * modifications of every later revision (ISO 32000-2 §12.8.2). Indications follow ETSI EN 319 102-1
 * §5.1.3. The result is frozen data; only an unreadable file throws (VALIDATION_UNREADABLE).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { readTlv } from '../cms/der';
import { berToDer } from './ber-to-der';
import { parseSignedData, type ParsedSignedData, type ParsedSignerInfo } from '../cms/parse-signed-data';
import {
  createVerificationHash,
  pssSaltLength,
  verificationAlgorithmName,
  verifyReceived,
  type VerificationDigest,
} from '../cms/algorithms';
import { verifySignerInfo, type SignerInfoCheck } from '../cms/verify-signer-info';
import {
  PdfError,
  PdfReader,
  type PdfInput,
  type PdfLimits,
  type SignatureField,
  type SignatureInfo,
} from '../pdf';
// The classes from their own module, not through the index's re-export getters.
import { PdfDict, PdfStream, PdfString } from '../pdf/objects';
import { Certificate } from '../pki/certificate';
import { parseTstInfo } from '../pki/timestamp-token';
import { CertificateRevocationList } from './certificate-revocation-list';
import {
  summarize,
  validatePath,
  type OcspData,
  type PathInput,
  type PathResult,
  type RevocationData,
} from './certificate-path';
import { judgeAlgorithms, weaknessesOf, type WeakAlgorithmClass } from './algorithm-policy';
import { analyseRevisions, judgeChanges, type AnalysedChange } from './diff-analysis';
import { documentIndication, indicationOf, revocationKnown, type Verdict } from './indication';
import { OcspResponse } from './ocsp-response';
import { startSignedRangeDigests } from './signed-range-digests';
import { unreadable } from './validation-error';
import { VerificationCache } from './verification-cache';
import {
  deepFreeze,
  type CertificateSummary,
  type Coverage,
  type CryptoCheck,
  type DocumentValidation,
  type Indication,
  type SignatureValidation,
  type StructureCheck,
  type SubIndication,
  type TimestampCheck,
} from './validation-result';

/** Fetches revocation data online; the implementation enforces the allow-list and address rules. */
export interface RevocationFetcher {
  /** The DER CRLs at a certificate's CRL distribution points (empty when none could be fetched). */
  fetchCrls(certificate: Certificate): Promise<readonly Buffer[]>;
  /** DER OCSP responses about `certificate` from its AIA responders (RFC 6960), when supported. */
  fetchOcsp?(certificate: Certificate, issuer: Certificate): Promise<readonly Buffer[]>;
}

export interface ValidationOptions {
  readonly trustAnchors: readonly Certificate[];
  /** The moment to validate at ("now", or a past moment with `--at`). */
  readonly at: Date;
  /** Offline by default: only revocation data embedded in the CMS or the DSS is used. */
  readonly revocation?: { readonly offline: boolean; readonly fetcher?: RevocationFetcher };
  /**
   * Revocation evidence the auditor holds (DER CRLs and OCSP responses, `--crl`/`--ocsp`): used
   * beside the embedded data and checked like it (signature, issuer, thisUpdate ≤ `at`); reported
   * with `revocationSource: "offline"`. An item that does not parse is skipped with a warning.
   */
  readonly evidence?: { readonly crls?: readonly Buffer[]; readonly ocsps?: readonly Buffer[] };
  /** Development mode: reported only (no relaxation of the rules). */
  readonly devMode?: boolean;
  readonly limits?: Partial<PdfLimits>;
  /**
   * Password of an encrypted document (ISO 32000-2 §7.6.4, owner or user). Without it only
   * documents whose user password is empty can be read; others are VALIDATION_UNREADABLE.
   */
  readonly password?: string;
  /**
   * The validation policy's sunset dates of weak algorithm classes (signing/validate/algorithm-policy.ts),
   * over the defaults (NIST SP 800-131A); null: never acceptable.
   */
  readonly algorithmSunsets?: Partial<Record<WeakAlgorithmClass, Date | null>>;
}

const MAX_SIGNATURES = 1000;
/** Tighter than the reader's defaults: a validator decodes only DSS streams (certificates, CRLs). */
const VALIDATION_LIMITS: Partial<PdfLimits> = { maxDecodedStreamBytes: 32 * 1024 * 1024 };
const MAX_DSS_ITEMS = 2000;

interface Candidate {
  readonly field: SignatureField;
  readonly sig: SignatureInfo;
}

/** What is needed from one signature before the chain and modification steps. */
interface Prepared {
  readonly c: Candidate;
  readonly structure: StructureCheck;
  readonly signed?: ParsedSignedData;
  readonly si?: ParsedSignerInfo;
  readonly hashName?: string;
  readonly failure?: { indication: Indication; sub: SubIndication; why: string };
}

export async function validatePdf(input: PdfInput, options: ValidationOptions): Promise<DocumentValidation> {
  let reader: PdfReader;
  let opened: OpenedInput;
  try {
    opened = openInput(input);
  } catch (e) {
    throw unreadable(e);
  }
  try {
    reader = PdfReader.open(opened.input, {
      limits: { ...VALIDATION_LIMITS, ...options.limits },
      ...(options.password !== undefined ? { password: options.password } : {}),
    });
  } catch (e) {
    opened.close();
    throw unreadable(e);
  }
  try {
    // Strings and streams that cannot be decrypted would be judged as ciphertext: refuse instead.
    if (reader.isEncrypted && !reader.decrypted) {
      const handler = reader.encryption?.filter;
      throw unreadable(
        new PdfError(
          handler === 'Standard' ? 'PDF_ENCRYPTED' : 'PDF_ENCRYPTION_UNSUPPORTED',
          { vi: 'Tệp PDF được mã hoá', en: 'The PDF is encrypted' },
          { details: { handler } },
        ),
      );
    }
    return await validateReader(reader, options);
  } finally {
    opened.close();
  }
}

/** Files up to this size are read whole: one read instead of many small windows, then a second pass to hash. */
const READ_WHOLE_BYTES = 4 * 1024 * 1024;

interface OpenedInput {
  readonly input: PdfInput;
  close(): void;
}

/**
 * A path is opened here: a regular file of at most READ_WHOLE_BYTES is read into memory at once
 * (the reader then parses and hashes it in place), a larger one is read through its descriptor in
 * bounded steps, so memory stays bounded for any size. Other inputs are used as given.
 */
function openInput(input: PdfInput): OpenedInput {
  if (typeof input !== 'string') return { input, close: () => undefined };
  const fd = fs.openSync(input, 'r');
  let whole: Buffer | undefined;
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.size <= READ_WHOLE_BYTES) {
      const buffer = Buffer.allocUnsafe(stat.size);
      let n = 0;
      for (let r = 1; n < buffer.length && r > 0; n += r)
        r = fs.readSync(fd, buffer, n, buffer.length - n, n);
      whole = buffer.subarray(0, n);
    }
  } catch {
    // not readable at once (a read error): the reader reads it through the descriptor and reports
    whole = undefined;
  }
  if (whole !== undefined) {
    fs.closeSync(fd);
    return { input: whole, close: () => undefined };
  }
  return { input: fd, close: () => fs.closeSync(fd) };
}

async function validateReader(reader: PdfReader, options: ValidationOptions): Promise<DocumentValidation> {
  const at = options.at;
  const warnings: string[] = [...reader.repairs.map((r) => `repaired: ${r}`)];
  const fileLength = reader.source.length;

  let signatureFields: readonly SignatureField[] = [];
  let docMdp: { ref: string | undefined; permissions: number } | undefined;
  const fieldNames = new Map<string, string>();
  try {
    const form = reader.acroForm();
    signatureFields = form.signatureFields;
    for (const f of form.fields) if (f.ref) fieldNames.set(f.ref.key, f.fullName);
    if (form.docMdp) docMdp = { ref: form.docMdp.signature.ref?.key, permissions: form.docMdp.permissions };
  } catch (e) {
    warnings.push(`form fields unreadable: ${(e as Error).message}`);
  }
  for (const f of signatureFields)
    if (f.signature?.contents !== undefined && f.signature.contents.every((b) => b === 0))
      warnings.push(`signature field ${f.fullName} holds an unfilled placeholder`);
  const candidates: Candidate[] = signatureFields
    .filter((f) => f.signature !== undefined && !f.signature.contents?.every((b) => b === 0))
    .slice(0, MAX_SIGNATURES)
    .map((f) => ({ field: f, sig: f.signature! }));

  if (candidates.length === 0) {
    return deepFreeze({
      validationTime: at.toISOString(),
      revisions: reader.revisions.length,
      fileLength,
      encrypted: reader.isEncrypted,
      repaired: reader.repaired,
      signatures: [],
      lastRevisionCovered: false,
      unsignedRevisions: reader.revisions.length,
      repairedRevisions: revisionRepairs(reader).map(([revision, repairs]) => ({
        revision,
        signed: false,
        repairs,
      })),
      indication: undefined,
      warnings,
    });
  }

  // Each certificate, CRL and OCSP response is parsed, and its signature checked, once per document.
  const cache = new VerificationCache();
  const trustAnchors = options.trustAnchors.map((a) => cache.canonical(a));
  const prepared = candidates.map((c) => prepare(reader, c, fileLength));

  // Hash every signed range in one pass over the shared prefix. A large file is hashed on the
  // hashing thread while the checks below that do not need the digest run here; the promise is
  // always awaited before the file is closed.
  const jobs = prepared.filter((p) => p.hashName !== undefined && p.failure === undefined);
  const hashing: Promise<{ digests: Buffer[]; error?: Error }> = startSignedRangeDigests(
    reader.source,
    jobs.map((p) => ({
      algorithm: p.hashName!,
      byteRange: p.structure.byteRange as [number, number, number, number],
    })),
  ).then(
    (digests) => ({ digests }),
    (e: unknown) => ({ digests: [], error: e as Error }),
  );

  let base: EarlyContext;
  let changes: AnalysedChange[][] = [];
  const early = new Map<Prepared, Promise<EarlyChecks>>();
  let digests: Buffer[];
  try {
    // Long-term material (ETSI EN 319 142-1 §5.4.2 DSS): certificates and CRLs.
    const dss = withEvidence(readDss(reader, warnings, cache), options.evidence, cache, warnings);
    try {
      changes = analyseRevisions(reader, fieldNames);
    } catch (e) {
      warnings.push(`modification analysis failed: ${(e as Error).message}`);
    }
    const fetcher = options.revocation?.offline === false ? options.revocation.fetcher : undefined;
    base = {
      reader,
      options,
      cache,
      trustAnchors,
      dss,
      fetchCrls: fetcher
        ? async (c: Certificate) =>
            (await fetcher.fetchCrls(c))
              .map((d) => cache.crl(d))
              .filter((x): x is CertificateRevocationList => x !== null)
        : undefined,
      fetchOcsp: fetcher?.fetchOcsp
        ? async (c: Certificate, issuer: Certificate) =>
            (await fetcher.fetchOcsp!(c, issuer))
              .map((d) => cache.ocsp(d))
              .filter((x): x is OcspResponse => x !== null)
        : undefined,
    };
    // What a signature's evaluation needs that does not depend on the digest: its timestamp
    // tokens, its signer and signature over the signed attributes and — when no document
    // timestamp can give a proof of existence — its certification path. Started now, they run
    // while the hashing thread hashes (microtasks, before its answer arrives).
    const withPath = !prepared.some((p) => isDocTimestamp(p.c));
    for (const p of prepared)
      if (p.failure === undefined && !isDocTimestamp(p.c)) {
        const checks = earlyChecks(p, base, withPath);
        checks.catch(() => undefined); // awaited (and its failure reported) by evaluate
        early.set(p, checks);
      }
    const hashed = await hashing;
    digests = hashed.digests;
    if (hashed.error) warnings.push(`hashing failed: ${hashed.error.message}`);
  } catch (e) {
    await hashing;
    throw e;
  }
  const digestOf = new Map(jobs.map((p, i) => [p, digests[i]]));

  // Document timestamps first, the newest first: a trusted one is a proof of existence for what it
  // covers, including older document timestamps (a weak one protected by a newer, strong one).
  const endOf = (p: Prepared) =>
    p.structure.byteRange ? p.structure.byteRange[2] + p.structure.byteRange[3] : -1;
  const ordered = [...prepared].sort(
    (a, b) =>
      Number(isDocTimestamp(b.c)) - Number(isDocTimestamp(a.c)) ||
      (isDocTimestamp(a.c) ? endOf(b) - endOf(a) : 0),
  );
  const results = new Map<Prepared, SignatureValidation>();
  const docTimestampPoe: { coversUpTo: number; genTime: Date }[] = [];
  for (const p of ordered) {
    let poe: Date | undefined;
    const end = p.structure.byteRange ? p.structure.byteRange[2] + p.structure.byteRange[3] : -1;
    for (const t of docTimestampPoe)
      if (end > 0 && end <= t.coversUpTo && (poe === undefined || t.genTime < poe)) poe = t.genTime;
    let r: SignatureValidation;
    try {
      r = await evaluate(p, {
        ...base,
        digest: digestOf.get(p),
        changes,
        docMdp,
        poeFromDocTimestamps: poe,
        early: early.get(p),
      });
    } catch (e) {
      r = failed(
        p,
        at,
        'INDETERMINATE',
        'SIGNED_DATA_NOT_FOUND',
        `evaluation failed: ${(e as Error).message}`,
      );
    }
    if (r.kind === 'document-timestamp' && r.indication === 'TOTAL_PASSED' && r.timestamps[0]?.genTime)
      docTimestampPoe.push({ coversUpTo: end, genTime: new Date(r.timestamps[0].genTime) });
    results.set(p, r);
  }
  const signatures = prepared.map((p) => results.get(p)!);

  const covered = signatures.map((s) => s.structure.revision ?? -1);
  const newest = Math.max(...covered);
  // An auditor's fact: which revisions needed their cross-reference data repaired, signed or not.
  const repairedRevisions = revisionRepairs(reader).map(([revision, repairs]) => ({
    revision,
    signed: revision <= newest,
    repairs,
  }));
  for (const r of repairedRevisions)
    if (!r.signed)
      warnings.push(
        `revision ${r.revision}, which no signature covers, needed cross-reference repair to be read: ${r.repairs.join('; ')}`,
      );
  if (options.devMode) warnings.push('development mode');
  return deepFreeze({
    validationTime: at.toISOString(),
    revisions: reader.revisions.length,
    fileLength,
    encrypted: reader.isEncrypted,
    repaired: reader.repaired,
    signatures,
    lastRevisionCovered: signatures.some((s) => s.structure.coverage === 'ENTIRE_FILE'),
    unsignedRevisions: newest < 0 ? reader.revisions.length : reader.revisions.length - 1 - newest,
    repairedRevisions,
    indication: documentIndication(signatures),
    warnings,
  });
}

/** SubFilters whose CMS signs the /ByteRange bytes as external content (ISO 32000-2 §12.8.3.3). */
const DETACHED_SUBFILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

/**
 * The reader's repairs by the revision they concern: a cross-reference section found off its
 * offset belongs to the revision whose section it is, an object found off its offset to the newest
 * revision listing it there; a missing or unreadable startxref, to the newest revision (it ends the file).
 */
function revisionRepairs(reader: PdfReader): [number, string[]][] {
  const byRevision = new Map<number, string[]>();
  const newestRevision = reader.revisions.length - 1;
  for (const repair of reader.repairs) {
    let revision = newestRevision;
    const section = /^cross-reference offset (\d+) off by (-?\d+)/.exec(repair);
    const object = /^object (\d+) (?:offset (\d+) corrected|not found \(offset (\d+)\))/.exec(repair);
    if (section) {
      const at = Number(section[1]) + Number(section[2]);
      const i = reader.revisions.findIndex((r) => r.xrefOffset === at);
      if (i >= 0) revision = i;
    } else if (object) {
      const num = Number(object[1]);
      const offset = Number(object[2] ?? object[3]);
      for (let i = newestRevision; i >= 0; i--) {
        const e = reader.revisions[i].entries.get(num);
        if (e?.type === 'inUse' && e.offset === offset) {
          revision = i;
          break;
        }
      }
    }
    byRevision.set(revision, [...(byRevision.get(revision) ?? []), repair]);
  }
  return [...byRevision].sort((a, b) => a[0] - b[0]);
}

const isDocTimestamp = (c: Candidate): boolean =>
  c.sig.type === 'DocTimeStamp' || c.sig.subFilter === 'ETSI.RFC3161';

/** Structure (ISO 32000-2 §12.8.1) and CMS decoding; decides the digest algorithm. */
function prepare(reader: PdfReader, c: Candidate, fileLength: number): Prepared {
  const structure = checkStructure(reader, c.sig, fileLength);
  const bad = (sub: SubIndication, why: string, indication: Indication = 'TOTAL_FAILED'): Prepared => ({
    c,
    structure,
    failure: { indication, sub, why },
  });
  if (structure.problems.length > 0) return bad('FORMAT_FAILURE', structure.problems[0]);
  let der: Buffer;
  let signed: ParsedSignedData;
  try {
    // DER as most signers write it: one element read. NSS (pdfsig) writes BER indefinite lengths,
    // which the DER reader refuses: then berToDer rewrites them (a walk of the whole CMS).
    try {
      der = readTlv(c.sig.contents!, 0).raw;
      signed = parseSignedData(der);
    } catch {
      der = berToDer(c.sig.contents!);
      signed = parseSignedData(der);
    }
  } catch (e) {
    return bad('FORMAT_FAILURE', `the CMS in /Contents cannot be decoded: ${(e as Error).message}`);
  }
  if (signed.signerInfos.length !== 1)
    return bad('FORMAT_FAILURE', 'a PAdES signature has exactly one SignerInfo (ETSI EN 319 142-1 §5.1)');
  // ISO 32000-2 §12.8.3.3.1: a detached signature signs the /ByteRange bytes; with an eContent the
  // message digest would be that of the eContent instead (RFC 5652 §5.4), so the bytes are unsigned.
  if (
    !isDocTimestamp(c) &&
    DETACHED_SUBFILTERS.has(c.sig.subFilter ?? '') &&
    signed.encapsulatedContentPresent
  )
    return bad(
      'FORMAT_FAILURE',
      `a detached signature (${c.sig.subFilter}) carries encapsulated content (eContent, RFC 5652 §5.4)`,
    );
  const si = signed.signerInfos[0];
  let hashName: string | undefined;
  if (isDocTimestamp(c)) {
    try {
      const tst = parseTstInfo(signed);
      hashName = tst.hashAlgorithm ?? undefined;
    } catch (e) {
      return bad('FORMAT_FAILURE', `document timestamp token unreadable: ${(e as Error).message}`);
    }
  } else if (c.sig.subFilter === 'adbe.pkcs7.sha1') {
    // ISO 32000-1 §12.8.3.3.1: the eContent is the SHA-1 digest of the /ByteRange bytes.
    hashName = 'sha1';
  } else hashName = si.digestAlgorithm ?? undefined;
  if (hashName === undefined)
    return bad(
      'CRYPTO_CONSTRAINTS_FAILURE',
      `digest algorithm ${si.digestAlgorithmOid} is not supported`,
      'INDETERMINATE',
    );
  return { c, structure, signed, si, hashName };
}

function checkStructure(reader: PdfReader, sig: SignatureInfo, fileLength: number): StructureCheck {
  const problems: string[] = [];
  const br = sig.byteRange;
  const result = (
    revision: number | undefined,
    coverage: Coverage,
    gapIsContents: boolean,
  ): StructureCheck => ({
    byteRange: br,
    revision,
    coverage,
    gapIsContents,
    problems,
  });
  if (sig.contents === undefined) {
    problems.push('the signature dictionary has no /Contents string');
    return result(undefined, 'NONE', false);
  }
  if (br === undefined || br.length !== 4 || br.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    problems.push('/ByteRange is not four non-negative integers');
    return result(undefined, 'NONE', false);
  }
  const [start, a, b, len] = br;
  if (start !== 0 || a <= 0 || b < a + 2 || b + len > fileLength) {
    problems.push('/ByteRange is not [0 a b n] with 0 < a < b and b + n within the file');
    return result(undefined, 'NONE', false);
  }
  // The gap holds exactly `<hex>` and that hex string is this dictionary's /Contents. When the
  // parser decoded /Contents from exactly the gap's bytes of the file (hex digits only), that is
  // established already; otherwise the gap is read and compared.
  let gapIsContents = reader.hexStringFileOffset(sig.contents) === a && b - a === 2 * sig.contents.length + 2;
  if (!gapIsContents) {
    const gap = reader.source.read(a, b - a);
    const hex = gap.subarray(1, gap.length - 1).toString('latin1');
    const delimited = gap[0] === 0x3c && gap[gap.length - 1] === 0x3e;
    // As signers write it, lower-case hex of exactly the bytes: one encoding compared, no decoding.
    gapIsContents =
      delimited && hex.length === 2 * sig.contents.length && hex === sig.contents.toString('hex');
    if (!gapIsContents && delimited) {
      // Node's hex decoder stops at the first non-hex pair: full length means only hex digits.
      const decoded = Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
      gapIsContents = decoded.length === Math.ceil(hex.length / 2) && decoded.equals(sig.contents);
    }
  }
  if (!gapIsContents) problems.push('the /ByteRange gap is not exactly the /Contents hex string');
  const end = b + len;
  const revision = reader.revisions.findIndex(
    (r) => end === r.endOffset || (r.startxrefOffset >= 0 && end > r.startxrefOffset && end <= r.endOffset),
  );
  const coverage: Coverage =
    end === fileLength ? 'ENTIRE_FILE' : revision >= 0 ? 'ENTIRE_REVISION' : 'PARTIAL';
  if (revision < 0)
    problems.push('the signed range does not end at the end of a revision (ETSI EN 319 142-1 §5.1)');
  else if (sig.ref !== undefined) {
    const then = reader.getObjectAt(sig.ref, revision);
    if (!(then instanceof PdfDict) && !(then instanceof PdfStream))
      problems.push('the signature dictionary is not part of the revision it signs');
  }
  return result(revision >= 0 ? revision : undefined, coverage, gapIsContents);
}

interface Context {
  readonly reader: PdfReader;
  readonly options: ValidationOptions;
  readonly cache: VerificationCache;
  /** options.trustAnchors as the cache's instances. */
  readonly trustAnchors: readonly Certificate[];
  readonly dss: LongTermData;
  readonly digest: Buffer | undefined;
  readonly changes: readonly AnalysedChange[][];
  readonly docMdp: { ref: string | undefined; permissions: number } | undefined;
  readonly fetchCrls?: (c: Certificate) => Promise<CertificateRevocationList[]>;
  readonly fetchOcsp?: (c: Certificate, issuer: Certificate) => Promise<OcspResponse[]>;
  readonly poeFromDocTimestamps: Date | undefined;
  /** The signature's checks started before the digest was known (earlyChecks). */
  readonly early?: Promise<EarlyChecks>;
}

/** What earlyChecks needs: the context without the digest and what depends on it. */
type EarlyContext = Omit<Context, 'digest' | 'changes' | 'docMdp' | 'poeFromDocTimestamps' | 'early'>;

type TokenResult = TimestampCheck & { genDate?: Date; strong?: boolean };

/** A signature's checks that do not need the digest of its byte ranges. */
interface EarlyChecks {
  /**
   * verifySignerInfo: the signer and the signature over the signed attributes; messageDigestMatches
   * is meaningful only for adbe.pkcs7.sha1 (whose content digest is that of the eContent).
   */
  readonly signerCheck: SignerInfoCheck;
  /** The signature timestamp tokens' checks, in their order. */
  readonly tokens: readonly TokenResult[];
  /** The signer's path, validated with `proofOfExistence` from the tokens alone. */
  readonly path?: {
    readonly signer: Certificate;
    readonly poe: Date | undefined;
    readonly result: PathResult;
  };
}

/** The earliest time the trusted, strong signature timestamps prove, from `poe` on. */
function poeFromTokens(tokens: readonly TokenResult[], poe: Date | undefined): Date | undefined {
  for (const ts of tokens)
    if (ts.intact && ts.valid && ts.trusted && ts.strong && ts.genDate && (!poe || ts.genDate < poe))
      poe = ts.genDate;
  return poe;
}

/** The path input of a signature's signer (or a document timestamp's TSA). */
function signerPathInput(
  p: Prepared,
  ctx: EarlyContext,
  signer: Certificate,
  proofOfExistence: Date | undefined,
): PathInput {
  const signed = p.signed!;
  return {
    leaf: signer,
    candidates: [...certificatesOf(signed, ctx.cache), ...ctx.dss.certificates],
    trustAnchors: ctx.trustAnchors,
    at: ctx.options.at,
    proofOfExistence,
    crls: [...crlsOf(signed, ctx.cache), ...ctx.dss.crls],
    ocsps: [...ocspsOf(signed, ctx.cache), ...ctx.dss.ocsps],
    purpose: isDocTimestamp(p.c) ? 'timestamp' : 'signature',
    fetchCrls: ctx.fetchCrls,
    fetchOcsp: ctx.fetchOcsp,
  };
}

/**
 * A signature's (not a document timestamp's) checks that do not depend on the digest of its
 * ranges, so that they can run while a large file is hashed: the signer check, the signature
 * timestamps, and with `withPath` (no document timestamp in the file, hence no proof of existence
 * from one) the signer's path.
 */
async function earlyChecks(p: Prepared, ctx: EarlyContext, withPath: boolean): Promise<EarlyChecks> {
  const signed = p.signed!;
  const si = p.si!;
  // adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1): the CMS signs its eContent, the SHA-1 of the ranges.
  const pkcs7Sha1 = p.c.sig.subFilter === 'adbe.pkcs7.sha1';
  const contentDigest =
    pkcs7Sha1 && si.digestAlgorithm
      ? createVerificationHash(si.digestAlgorithm)
          .update(signed.encapsulatedContent ?? Buffer.alloc(0))
          .digest()
      : NO_DIGEST;
  const signerCheck = verifyWithCache(ctx, signed, si, contentDigest);
  // Signature timestamps (ETSI EN 319 142-1 §5.3, PAdES B-T): imprint over the signature value.
  const tokens: TokenResult[] = [];
  for (const token of si.signatureTimestampTokens)
    tokens.push(
      await checkToken(
        token,
        (h) =>
          createVerificationHash(h as VerificationDigest)
            .update(si.signature)
            .digest(),
        'signature',
        ctx,
        crlsOf(signed, ctx.cache),
      ),
    );
  const signer = signerCheck.signerCertificate;
  if (!withPath || signer === null) return { signerCheck, tokens };
  const poe = poeFromTokens(tokens, undefined);
  const result = await validatePath(signerPathInput(p, ctx, signer, poe));
  return { signerCheck, tokens, path: { signer, poe, result } };
}

/** A placeholder content digest: no message-digest attribute has length 0. */
const NO_DIGEST = Buffer.alloc(0);

function failed(
  p: Prepared,
  at: Date,
  indication: Indication,
  sub: SubIndication,
  why: string,
): SignatureValidation {
  return {
    kind: isDocTimestamp(p.c) ? 'document-timestamp' : 'signature',
    fieldName: p.c.field.fullName,
    subFilter: p.c.sig.subFilter,
    docMdpPermissions: undefined,
    signerName: p.c.sig.name,
    intact: false,
    valid: false,
    trusted: false,
    indication,
    subIndication: sub,
    reasons: [why],
    structure: p.structure,
    crypto: undefined,
    chain: [],
    timestamps: [],
    modifications: { level: 'NONE', allowed: true, changes: [] },
    modificationLevel: 'NONE',
    validationTime: at.toISOString(),
    claimedSigningTime: p.c.sig.signingTime,
  };
}

function certificatesOf(signed: ParsedSignedData, cache: VerificationCache): Certificate[] {
  return cache.certificatesOf(signed.certificates);
}

function ocspsOf(signed: ParsedSignedData, cache: VerificationCache): OcspData[] {
  return signed.ocspResponses
    .map((d) => cache.ocsp(d))
    .filter((x): x is OcspResponse => x !== null)
    .map((response) => ({ response, origin: 'cms' as const }));
}

function crlsOf(signed: ParsedSignedData, cache: VerificationCache): RevocationData[] {
  return signed.crls
    .map((d) => cache.crl(d))
    .filter((x): x is CertificateRevocationList => x !== null)
    .map((crl) => ({ crl, origin: 'cms' as const }));
}

/**
 * verifySignerInfo (RFC 5652 §5.6) with the embedded certificates taken from the cache: the same
 * candidates in the same order (embedded first, then the DSS), parsed once per document.
 */
function verifyWithCache(
  ctx: EarlyContext,
  signed: ParsedSignedData,
  si: ParsedSignerInfo,
  contentDigest: Buffer,
): SignerInfoCheck {
  const check = verifySignerInfo({ ...signed, certificates: [] }, si, contentDigest, [
    ...certificatesOf(signed, ctx.cache),
    ...ctx.dss.certificates,
  ]);
  return check;
}

/** A TimeStampToken's own checks: imprint, TSA signature, TSA path (RFC 3161 §2.4.2, §2.3). */
async function checkToken(
  token: Buffer | ParsedSignedData,
  imprintOf: (hash: string) => Buffer | undefined,
  kind: TimestampCheck['kind'],
  ctx: EarlyContext,
  extraCrls: readonly RevocationData[],
): Promise<TimestampCheck & { genDate?: Date; strong?: boolean }> {
  const problems: string[] = [];
  try {
    const signed = Buffer.isBuffer(token) ? parseSignedData(token) : token;
    const tst = parseTstInfo(signed);
    const si = signed.signerInfos[0];
    const expected = tst.hashAlgorithm ? imprintOf(tst.hashAlgorithm) : undefined;
    const intactImprint = expected !== undefined && expected.equals(tst.hashedMessage);
    if (!intactImprint) problems.push('message imprint does not match');
    let valid = false;
    let trusted = false;
    let strong = false;
    if (si && si.digestAlgorithm && signed.encapsulatedContent) {
      const contentDigest = createVerificationHash(si.digestAlgorithm)
        .update(signed.encapsulatedContent)
        .digest();
      const check = verifyWithCache(ctx, signed, si, contentDigest);
      valid = intactImprint && check.messageDigestMatches && check.signatureValid;
      if (!check.signatureValid || !check.messageDigestMatches)
        problems.push('TSA signature does not verify');
      if (check.signerCertificate) {
        // A proof of existence for a weak algorithm must itself be strong (ETSI EN 319 102-1 §5.6.2.5).
        strong = weaknessesOf(si, check.signerCertificate).length === 0;
        const path = await validatePath({
          leaf: check.signerCertificate,
          candidates: [...certificatesOf(signed, ctx.cache), ...ctx.dss.certificates],
          trustAnchors: ctx.trustAnchors,
          at: ctx.options.at,
          crls: [...crlsOf(signed, ctx.cache), ...ctx.dss.crls, ...extraCrls],
          ocsps: [...ocspsOf(signed, ctx.cache), ...ctx.dss.ocsps],
          purpose: 'timestamp',
          fetchCrls: ctx.fetchCrls,
          fetchOcsp: ctx.fetchOcsp,
        });
        trusted = path.failure === undefined;
        problems.push(...path.reasons);
      } else problems.push('TSA certificate not found');
    } else problems.push('timestamp token signer unreadable');
    return {
      kind,
      genTime: tst.genTime.toISOString(),
      genDate: tst.genTime,
      strong,
      intact: intactImprint,
      valid,
      trusted,
      problems,
    };
  } catch (e) {
    return {
      kind,
      genTime: undefined,
      intact: false,
      valid: false,
      trusted: false,
      problems: [(e as Error).message],
    };
  }
}

async function evaluate(p: Prepared, ctx: Context): Promise<SignatureValidation> {
  const at = ctx.options.at;
  if (p.failure) return failed(p, at, p.failure.indication, p.failure.sub, p.failure.why);
  if (ctx.digest === undefined)
    return failed(p, at, 'INDETERMINATE', 'SIGNED_DATA_NOT_FOUND', 'signed bytes unreadable');
  const signed = p.signed!;
  const si = p.si!;
  const docTs = isDocTimestamp(p.c);
  const reasons: string[] = [];
  let verdict: { indication: Indication; sub: SubIndication } | undefined;
  const fail = (indication: Indication, sub: SubIndication, why: string): void => {
    reasons.push(why);
    if (verdict === undefined) verdict = { indication, sub };
  };

  // Cryptography (RFC 5652 §5.4, §11.2).
  const timestamps: TimestampCheck[] = [];
  let crypto_: CryptoCheck;
  let signer: Certificate | null;
  let proofOfExistence = ctx.poeFromDocTimestamps;
  let early: EarlyChecks | undefined;
  if (docTs) {
    const ts = await checkToken(signed, () => ctx.digest, 'document', ctx, []);
    timestamps.push(stripDate(ts));
    const contentDigest = si.digestAlgorithm
      ? createVerificationHash(si.digestAlgorithm)
          .update(signed.encapsulatedContent ?? Buffer.alloc(0))
          .digest()
      : Buffer.alloc(0);
    const check = verifyWithCache(ctx, signed, si, contentDigest);
    signer = check.signerCertificate;
    crypto_ = {
      digestAlgorithm: p.hashName,
      signatureAlgorithm: si.signatureAlgorithm
        ? verificationAlgorithmName(si.signatureAlgorithm)
        : si.signatureAlgorithmOid,
      messageDigestMatches: ts.intact,
      signatureValid: check.signatureValid && check.messageDigestMatches,
      signingCertificateAttribute: check.signingCertificate,
      weakAlgorithm: undefined,
    };
    if (!ts.intact)
      fail('TOTAL_FAILED', 'HASH_FAILURE', 'the document timestamp imprint does not match the signed bytes');
  } else {
    // adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1): the CMS encapsulates the SHA-1 digest of the
    // ranges and signs that eContent; every other SubFilter signs the ranges as detached content.
    const pkcs7Sha1 = p.c.sig.subFilter === 'adbe.pkcs7.sha1';
    const eContent = signed.encapsulatedContent ?? Buffer.alloc(0);
    early = await (ctx.early ?? earlyChecks(p, ctx, false));
    // The message-digest attribute against the digest of the ranges (RFC 5652 §11.2), as
    // verifySignerInfo compares it; for adbe.pkcs7.sha1, against the eContent's (early).
    const digestMatches = pkcs7Sha1
      ? early.signerCheck.messageDigestMatches
      : si.messageDigest !== undefined &&
        si.messageDigest.length === ctx.digest.length &&
        crypto.timingSafeEqual(si.messageDigest, ctx.digest);
    const check = withoutSignedAttributes(
      { ...early.signerCheck, messageDigestMatches: digestMatches },
      si,
      pkcs7Sha1 ? eContent : { reader: ctx.reader, byteRange: p.structure.byteRange! },
    );
    const rangesMatch = !pkcs7Sha1 || eContent.equals(ctx.digest);
    signer = check.signerCertificate;
    crypto_ = {
      digestAlgorithm: p.hashName,
      signatureAlgorithm: si.signatureAlgorithm
        ? verificationAlgorithmName(si.signatureAlgorithm)
        : si.signatureAlgorithmOid,
      messageDigestMatches: check.messageDigestMatches && rangesMatch,
      signatureValid: check.signatureValid,
      signingCertificateAttribute: check.signingCertificate,
      weakAlgorithm: undefined,
    };
    if (!crypto_.messageDigestMatches)
      fail(
        'TOTAL_FAILED',
        'HASH_FAILURE',
        rangesMatch
          ? 'the message-digest attribute does not match the signed bytes'
          : 'the eContent is not the SHA-1 digest of the signed bytes (adbe.pkcs7.sha1)',
      );
    if (si.contentType !== undefined && !check.contentTypeMatches)
      fail('TOTAL_FAILED', 'FORMAT_FAILURE', 'the content-type attribute does not match eContentType');
    for (const ts of early.tokens) timestamps.push(stripDate(ts));
    proofOfExistence = poeFromTokens(early.tokens, proofOfExistence);
  }
  if (signer === null)
    fail('INDETERMINATE', 'NO_SIGNING_CERTIFICATE_FOUND', 'the signer certificate is not in the CMS or DSS');
  else if (!crypto_.signatureValid) {
    if (si.signatureAlgorithm === null)
      fail(
        'INDETERMINATE',
        'CRYPTO_CONSTRAINTS_FAILURE',
        `signature algorithm ${si.signatureAlgorithmOid} is not supported`,
      );
    else fail('TOTAL_FAILED', 'SIG_CRYPTO_FAILURE', 'the signature value does not verify');
  }
  if (crypto_.signingCertificateAttribute === 'mismatch')
    fail(
      'INDETERMINATE',
      'NO_SIGNING_CERTIFICATE_FOUND',
      'signing-certificate attribute names another certificate',
    );
  if (
    !docTs &&
    crypto_.signingCertificateAttribute === 'absent' &&
    p.c.sig.subFilter === 'ETSI.CAdES.detached'
  )
    fail(
      'INDETERMINATE',
      'SIG_CONSTRAINTS_FAILURE',
      'no signing-certificate(-v2) attribute (ETSI EN 319 122-1 §5.2.2)',
    );
  // Cryptographic constraints with sunset dates (ETSI EN 319 102-1 §5.2.8, §5.6.2.5).
  const algorithms = judgeAlgorithms(
    weaknessesOf(si, signer, docTs ? undefined : p.c.sig.subFilter),
    at,
    proofOfExistence,
    ctx.options.algorithmSunsets,
  );
  if (algorithms.weak !== undefined) {
    crypto_ = {
      ...crypto_,
      weakAlgorithm: algorithms.weak,
      weakAlgorithmSunset: algorithms.sunset?.toISOString(),
      weakAlgorithmAccepted: algorithms.acceptable ? algorithms.because : undefined,
    };
    if (!algorithms.acceptable)
      fail(
        'INDETERMINATE',
        algorithms.sub,
        algorithms.sunset === undefined
          ? `weak algorithm, not acceptable at any time: ${algorithms.weak}`
          : `weak algorithm past its sunset (${algorithms.sunset.toISOString()}) and no proof of existence before it: ${algorithms.weak}`,
      );
    else
      reasons.push(
        algorithms.because === 'before-sunset'
          ? `weak algorithm accepted: the validation time is before its sunset (${algorithms.sunset.toISOString()}): ${algorithms.weak}`
          : `weak algorithm accepted: a proof of existence at ${proofOfExistence!.toISOString()} predates its sunset (${algorithms.sunset.toISOString()}): ${algorithms.weak}`,
      );
  }
  const intact =
    p.structure.problems.length === 0 &&
    crypto_.messageDigestMatches &&
    crypto_.signatureValid &&
    signer !== null;

  // Modifications after the signed revision (ISO 32000-2 §12.8.2).
  const revision = p.structure.revision!;
  // A loop, not slice().flat(): Array.prototype.flat is V8's generic (slow) path.
  const later: AnalysedChange[] = [];
  for (let i = revision + 1; i < ctx.changes.length; i++) for (const c of ctx.changes[i]) later.push(c);
  const isCertification = ctx.docMdp !== undefined && ctx.docMdp.ref === p.c.sig.ref?.key;
  const certificationApplies = ctx.docMdp !== undefined;
  const locks = fieldLocks(ctx.reader, p.c);
  const judged = judgeChanges(later, certificationApplies ? ctx.docMdp!.permissions : undefined, locks);
  if (!judged.allowed) fail('TOTAL_FAILED', 'FORMAT_FAILURE', judged.why!);

  // Certification path and revocation (RFC 5280 §6, ETSI EN 319 102-1 §5.2.6).
  let chain: readonly CertificateSummary[];
  let trusted = false;
  if (signer !== null) {
    // Validated early with the same input when the signer and the proof of existence are the same.
    const path =
      early?.path !== undefined &&
      early.path.signer === signer &&
      early.path.poe?.getTime() === proofOfExistence?.getTime()
        ? early.path.result
        : await validatePath(signerPathInput(p, ctx, signer, proofOfExistence));
    chain = path.summaries;
    trusted = path.failure === undefined;
    if (path.failure) fail(path.failure.indication, path.failure.sub, path.reasons[0] ?? path.failure.sub);
    else reasons.push(...path.reasons);
  } else chain = [];

  const valid = intact && judged.allowed && algorithms.acceptable && verdict?.indication !== 'TOTAL_FAILED';
  // Fail closed: TOTAL_PASSED only from the established facts, never from the absence of a verdict.
  const decided = indicationOf(
    {
      intact,
      modificationsAllowed: judged.allowed,
      algorithmsAcceptable: algorithms.acceptable && crypto_.signatureValid,
      chainTrusted: trusted,
      revocationKnown: trusted && revocationKnown(chain),
    },
    verdict as Verdict | undefined,
  );
  return {
    kind: docTs ? 'document-timestamp' : 'signature',
    fieldName: p.c.field.fullName,
    subFilter: p.c.sig.subFilter,
    docMdpPermissions: isCertification ? ctx.docMdp!.permissions : undefined,
    signerName: signer?.commonName ?? p.c.sig.name,
    intact,
    valid,
    trusted,
    indication: decided.indication,
    subIndication: decided.sub,
    reasons,
    structure: p.structure,
    crypto: crypto_,
    chain: chain.length > 0 ? chain : signer ? [{ ...summarize(signer), revocation: 'unknown' }] : [],
    timestamps,
    modifications: { level: judged.level, allowed: judged.allowed, changes: later },
    modificationLevel: judged.level,
    validationTime: at.toISOString(),
    claimedSigningTime: si.signingTime?.toISOString() ?? p.c.sig.signingTime,
  };
}

/**
 * RFC 5652 §5.4: without signed attributes the signature covers the content itself (the /ByteRange
 * bytes, streamed again, or adbe.pkcs7.sha1's eContent); there is no message-digest attribute to
 * compare. EdDSA in pure mode (RFC 8419 §3.1) needs the content whole.
 */
function withoutSignedAttributes(
  check: SignerInfoCheck,
  si: ParsedSignerInfo,
  content: Buffer | { readonly reader: PdfReader; readonly byteRange: readonly number[] },
): SignerInfoCheck {
  if (si.signedAttributesDer !== null || check.signerCertificate === null || si.signatureAlgorithm === null)
    return check;
  const alg = si.signatureAlgorithm;
  const key = check.signerCertificate.publicKey;
  const chunks = function* (): Generator<Buffer> {
    if (Buffer.isBuffer(content)) return yield content;
    const [, a, b, len] = content.byteRange;
    for (const [from, to] of [
      [0, a],
      [b, b + len],
    ])
      for (let pos = from; pos < to; pos += 1 << 20)
        yield content.reader.source.read(pos, Math.min(1 << 20, to - pos));
  };
  let ok: boolean;
  try {
    if (alg.hash === null) {
      ok = verifyReceived(alg, Buffer.concat([...chunks()]), si.signature, key);
      return { ...check, messageDigestMatches: ok, signatureValid: ok, contentTypeMatches: true };
    }
    const v = crypto.createVerify(alg.hash);
    for (const chunk of chunks()) v.update(chunk);
    ok =
      alg.scheme === 'rsa-pss'
        ? v.verify(
            { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: pssSaltLength(alg) },
            si.signature,
          )
        : alg.scheme === 'ecdsa'
          ? v.verify({ key, dsaEncoding: 'der' }, si.signature)
          : v.verify(key, si.signature);
  } catch {
    ok = false;
  }
  return { ...check, messageDigestMatches: ok, signatureValid: ok, contentTypeMatches: true };
}

function stripDate(t: TimestampCheck & { genDate?: Date; strong?: boolean }): TimestampCheck {
  const { genDate: _unused, strong: _strong, ...rest } = t;
  void _unused;
  void _strong;
  return rest;
}

/** FieldMDP of the signature (§12.8.2.4) and the field's /Lock (§12.7.5.5): which fields it locks. */
function fieldLocks(reader: PdfReader, c: Candidate): (name: string) => boolean {
  const rules: { action: string; fields: readonly string[] }[] = [];
  for (const r of c.sig.references) if (r.fieldMdp) rules.push(r.fieldMdp);
  try {
    const lock = reader.resolve(c.field.dict.get('Lock'));
    if (lock instanceof PdfDict) {
      const action = lock.getName('Action') ?? '';
      const fs = reader.resolve(lock.get('Fields'));
      const fields = Array.isArray(fs)
        ? fs
            .map((x) => reader.resolve(x))
            .filter((x) => x instanceof PdfString)
            .map((x) => x.text())
        : [];
      rules.push({ action, fields });
    }
  } catch {
    // an unreadable /Lock locks nothing more than FieldMDP says
  }
  return (name) =>
    rules.some(
      (r) =>
        r.action === 'All' ||
        (r.action === 'Include' && r.fields.includes(name)) ||
        (r.action === 'Exclude' && !r.fields.includes(name)),
    );
}

interface LongTermData {
  readonly certificates: Certificate[];
  readonly crls: RevocationData[];
  readonly ocsps: OcspData[];
}

/** DSS /Certs, /CRLs and /OCSPs (ETSI EN 319 142-1 §5.4.2.2). */
function readDss(reader: PdfReader, warnings: string[], cache: VerificationCache): LongTermData {
  const certificates: Certificate[] = [];
  const crls: RevocationData[] = [];
  const ocsps: OcspData[] = [];
  try {
    const dss = reader.resolve(reader.catalog.get('DSS'));
    if (!(dss instanceof PdfDict)) return { certificates, crls, ocsps };
    const streams = (key: string): Buffer[] => {
      const list = reader.resolve(dss.get(key));
      if (!Array.isArray(list)) return [];
      return list.slice(0, MAX_DSS_ITEMS).flatMap((x) => {
        const s = reader.resolve(x);
        try {
          return s instanceof PdfStream ? [reader.decodeStream(s)] : [];
        } catch {
          return [];
        }
      });
    };
    for (const d of streams('Certs')) {
      const c = cache.certificate(d);
      if (c) certificates.push(c);
      else warnings.push('a DSS certificate is malformed');
    }
    for (const d of streams('OCSPs')) {
      const response = cache.ocsp(d);
      if (response) ocsps.push({ response, origin: 'dss' });
    }
    for (const d of streams('CRLs')) {
      const crl = cache.crl(d);
      if (crl) crls.push({ crl, origin: 'dss' });
    }
  } catch (e) {
    warnings.push(`DSS unreadable: ${(e as Error).message}`);
  }
  return { certificates, crls, ocsps };
}

/** The auditor's own CRLs and OCSP responses beside the document's (origin 'offline'). */
function withEvidence(
  dss: LongTermData,
  evidence: ValidationOptions['evidence'],
  cache: VerificationCache,
  warnings: string[],
): LongTermData {
  if (!evidence?.crls?.length && !evidence?.ocsps?.length) return dss;
  const crls = [...dss.crls];
  const ocsps = [...dss.ocsps];
  for (const [i, der] of (evidence.crls ?? []).entries()) {
    const crl = cache.crl(der);
    if (crl) crls.push({ crl, origin: 'offline' });
    else warnings.push(`offline CRL ${i + 1} is not a readable CRL`);
  }
  for (const [i, der] of (evidence.ocsps ?? []).entries()) {
    const response = cache.ocsp(der);
    if (response) ocsps.push({ response, origin: 'offline' });
    else warnings.push(`offline OCSP response ${i + 1} is not a readable OCSP response`);
  }
  return { ...dss, crls, ocsps };
}
