/**
 * PAdES signing of one PDF (ETSI EN 319 142-1): the Decree 30 sequence's signatures (leader approval,
 * organisation seal, attachment marker) at baseline levels B-B, B-T, B-LT and B-LTA, each step an
 * incremental update so that bytes already signed are never rewritten (ISO 32000-2 §7.5.6).
 *
 * Refuses, each with a coded error and no output file: encrypted input, a document certified with
 * DocMDP P=1 (§12.8.2.2.2: no change allowed), damaged input needing repair (unless allowed), a
 * signer certificate expired or not yet valid at the signing time.
 */
import * as crypto from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { verifyWithKey } from '../cms/algorithms';
import { buildPadesSignedData } from '../cms/build-pades-signed-data';
import {
  type IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfString,
  addSignaturePlaceholder,
  type DigestAlgorithm,
  type PdfLimits,
} from '../pdf';
import { PkiError } from '../pki/pki-error';
import type { TimestampClient } from '../pki/timestamp-client';
import { assertValidAt } from './signers/pkcs12-signer';
import type { Signer } from './signers/signer';
import { addDocumentTimestamp } from './add-document-timestamp';
import { addDraftFields } from './add-draft-fields';
import { addValidationData } from './add-validation-data';
import { appendRevision, openForUpdate } from './append-revision';
import { addAppearance, type AppearanceItem } from './appearance/stamp-appearance';
import { StampFont } from './appearance/stamp-font';
import { extentWithin, pageTextBoxes, type TextBox } from './appearance/page-text-extent';
import { StampImage } from './appearance/stamp-image';
import { dateLineStyle, fillFields } from './fill-fields';
import { prepareDraft } from './prepare-draft';
import type { RevocationDataSource } from './revocation-data-source';
import { SignError } from './sign-error';
import { addSignatureField } from './signature-field';
import {
  DEFAULT_STAMP_PROFILE,
  leaderShowsTitle,
  sealBox,
  type StampBox,
  type StampProfile,
} from './stamp-profile';
import { pdfDate, vietnamIsoTime } from './vietnam-time';

export type SignRole = 'leader' | 'org' | 'attachment';
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
export const PADES_LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

/** What a visible stamp shows, and where. Omitted texts come from the signer's certificate. */
export interface StampOptions {
  /** false: an invisible signature (zero-size widget). Default true, except when `role` has no stamp. */
  visible?: boolean;
  profile?: StampProfile;
  /** PNG or JPEG: the leader's signature image or the organisation's seal. Not used for attachments. */
  image?: Buffer;
  /** Leader: name (default: certificate CN) and title (default: certificate title attribute). */
  name?: string;
  title?: string;
  /** Organisation name on the seal stamp (default: certificate O, else CN). */
  organisation?: string;
  /** Attachment marker: number and notation of the main document, e.g. "12/QĐ-UBND". */
  documentNumber?: string;
  /**
   * Leader signing a document that has no signature yet: add the empty number and date fields first
   * (pdf-lib rewrite, allowed before the first signature). Default true for the leader.
   */
  draftFields?: boolean;
}

export interface SignPdfOptions {
  /** The PDF as bytes or a path (a path is read through a descriptor: large files stay on disk). */
  input: Buffer | string;
  /** Write the result here (temp file + rename: never a partial file); in memory when absent. */
  output?: string;
  signer: Signer;
  role: SignRole;
  level: PadesLevel;
  /** The moment of signing: /M, the stamp's time, the certificate validity check. */
  signingTime: Date;
  fieldName?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Needed for B-T and above (signature timestamp) and for B-LTA (document timestamp). */
  timestampClient?: TimestampClient;
  /** Needed for B-LT and above: CRLs and OCSP responses for the DSS. */
  revocationData?: RevocationDataSource;
  appearance?: StampOptions;
  /** Clerk's values for the number and date fields, written in this signature's revision. */
  fill?: { number?: string; date?: string };
  /** Sign a file whose cross-reference data needed repair (the update then holds a full table). */
  allowRepaired?: boolean;
  digestAlgorithm?: DigestAlgorithm;
  /** Injected for reproducible tests: the second element of the new trailer /ID. */
  newId?: () => Buffer;
  /**
   * Password of an encrypted input (Standard security handler, ISO 32000-2 §7.6.4: owner, or user
   * when its permissions allow changes). The result stays encrypted with the same key; the
   * signature's /Contents is plain hex (§7.6.2). Without it an encrypted input is PDF_ENCRYPTED.
   */
  password?: string;
  /**
   * Safety limits of the reader of the input (decoded bytes, nesting, revisions...); the reader's
   * defaults when absent. pdf-lib (the draft rewrite) runs only on an input that passed them.
   */
  limits?: Partial<PdfLimits>;
}

export interface SignPdfResult {
  /** The signed file, when no output path was given. */
  readonly bytes?: Buffer;
  readonly path?: string;
  /** The byte range of the signature (not of a later document timestamp). */
  readonly byteRange: readonly [number, number, number, number];
  readonly fieldName: string;
}

const DEFAULT_FIELD: Record<SignRole, string> = {
  leader: 'chu_ky_lanh_dao',
  org: 'chu_ky_co_quan',
  attachment: 'chu_ky_phu_luc',
};

const DEFAULT_REASON: Record<SignRole, string> = {
  leader: 'Phê duyệt văn bản',
  org: 'Ban hành văn bản',
  attachment: 'Ban hành phụ lục kèm theo văn bản',
};

export async function signPdf(options: SignPdfOptions): Promise<SignPdfResult> {
  const { signer, role, level, signingTime } = options;
  const levelIndex = PADES_LEVELS.indexOf(level);
  if (levelIndex < 0)
    throw optionsInvalid(`unknown level ${String(level)}`, `mức chữ ký ${String(level)} không hợp lệ`);
  if (levelIndex >= 1 && options.timestampClient === undefined)
    throw optionsInvalid(
      `level ${level} needs a timestamp client`,
      `mức ${level} cần dịch vụ cấp dấu thời gian`,
    );
  if (levelIndex >= 2 && options.revocationData === undefined)
    throw optionsInvalid(`level ${level} needs revocation data`, `mức ${level} cần nguồn thông tin thu hồi`);
  // RFC 5280 §4.1.2.5: the certificate must be valid when the signature is made.
  assertValidAt(signer.certificate, signingTime);
  // The issuer is looked up (a signature check per candidate) only when a revocation source can answer.
  const revocationOf = options.revocationData?.revocationOf?.bind(options.revocationData);
  const issuer = revocationOf ? signer.chain.find((c) => signer.certificate.isIssuedBy(c)) : undefined;
  const revoked = issuer !== undefined ? await revocationOf?.(signer.certificate, issuer, signingTime) : null;
  if (revoked) {
    throw new SignError(
      'CERT_REVOKED',
      {
        vi: `Chứng thư số của người ký đã bị thu hồi từ ${revoked.revokedAt.toISOString()}`,
        en: `The signer's certificate was revoked on ${revoked.revokedAt.toISOString()}`,
      },
      { details: { reason: revoked.reason, subject: signer.certificate.subject } },
    );
  }

  const temps: string[] = [];
  const tempFor = (n: number) => {
    const p = `${options.output}.${process.pid}-${crypto.randomBytes(4).toString('hex')}-${n}.part`;
    temps.push(p);
    return p;
  };
  try {
    let current: Buffer | string = options.input;
    const profile = options.appearance?.profile ?? DEFAULT_STAMP_PROFILE;
    let draftFieldsInUpdate: ReadonlySet<string> | undefined;
    if (role === 'leader' && options.appearance?.draftFields !== false) {
      const draft = await prepareIfDraft(current, profile, options.password, options.limits);
      current = draft.input;
      draftFieldsInUpdate = draft.existingFields;
    }
    const reader = openForUpdate(current, options.allowRepaired, options.password, 'sign', options.limits);
    let fieldName = '';
    const signed = await appendRevision(
      reader,
      async (update) => {
        fieldName = await buildSignature(update, options, profile, draftFieldsInUpdate);
      },
      {
        output: options.output !== undefined ? tempFor(1) : undefined,
        allowRepaired: options.allowRepaired,
        newId: options.newId,
        digestAlgorithm: options.digestAlgorithm,
        contents: (digest) =>
          buildPadesSignedData({
            messageDigest: digest,
            digestAlgorithm: options.digestAlgorithm ?? 'sha256',
            signer: checkedSigner(signer),
            timestampClient: levelIndex >= 1 ? options.timestampClient : undefined,
          }),
      },
    ).finally(() => reader.close());
    current = signed.data ?? signed.path!;
    if (levelIndex >= 2) {
      const next = await addValidationData({
        input: current,
        output: options.output !== undefined ? tempFor(2) : undefined,
        revocationData: options.revocationData!,
        at: signingTime,
        newId: options.newId,
        password: options.password,
      });
      current = next.bytes ?? next.path!;
    }
    if (levelIndex >= 3) {
      const next = await addDocumentTimestamp({
        input: current,
        output: options.output !== undefined ? tempFor(3) : undefined,
        timestampClient: options.timestampClient!,
        newId: options.newId,
        password: options.password,
      });
      current = next.bytes ?? next.path!;
    }
    const byteRange = signed.prepared!.byteRange;
    if (options.output === undefined) return { bytes: current as Buffer, byteRange, fieldName };
    await rename(current as string, options.output);
    return { path: options.output, byteRange, fieldName };
  } finally {
    for (const t of temps) await rm(t, { force: true });
  }
}

/**
 * Leader on an unsigned draft: add the number/date fields (a rewrite is still allowed). An
 * encrypted draft is not rewritten (pdf-lib would drop the encryption): `existingFields` then asks
 * for the fields to be added inside the signature's own revision.
 */
async function prepareIfDraft(
  input: Buffer | string,
  profile: StampProfile,
  password: string | undefined,
  limits: Partial<PdfLimits> | undefined,
): Promise<{ input: Buffer | string; existingFields?: ReadonlySet<string> }> {
  const reader = openForUpdate(input, false, password, 'sign', limits);
  try {
    const form = reader.acroForm();
    if (form.signatureFields.some((f) => f.signature !== undefined)) return { input };
    const names = new Set(form.fields.map((f) => f.fullName));
    if (names.has(profile.fields.number.name) && names.has(profile.fields.date.name)) return { input };
    if (reader.isEncrypted) return { input, existingFields: names };
    const bytes = reader.source.buffer ?? reader.source.read(0, reader.source.length);
    return { input: await prepareDraft(bytes, { profile, limits }) };
  } finally {
    reader.close();
  }
}

/** Builds the signature dictionary, field, widget, stamp and fills into `update`; returns the field name. */
async function buildSignature(
  update: IncrementalUpdate,
  o: SignPdfOptions,
  profile: StampProfile,
  draftFields: ReadonlySet<string> | undefined,
): Promise<string> {
  const reader = update.reader;
  const form = reader.acroForm();
  // ISO 32000-2 §12.8.2.2.2: with DocMDP P=1 no change is permitted, a further signature included.
  if (form.docMdp !== undefined && form.docMdp.permissions === 1) {
    throw new SignError('PDF_CERTIFIED_NO_CHANGES', {
      vi: 'Văn bản đã được chứng thực và khoá mọi thay đổi (DocMDP P=1); thêm chữ ký sẽ làm hỏng chứng thực',
      en: 'The document is certified with DocMDP P=1 (no changes); a further signature would break it',
    });
  }
  const taken = new Set(form.fields.map((f) => f.fullName));
  let fieldName = o.fieldName ?? DEFAULT_FIELD[o.role];
  if (taken.has(fieldName)) {
    if (o.fieldName !== undefined) {
      throw new SignError(
        'FIELD_ALREADY_SIGNED',
        { vi: `Trường “${fieldName}” đã tồn tại`, en: `The field "${fieldName}" already exists` },
        { details: { field: fieldName } },
      );
    }
    let k = 2;
    while (taken.has(`${fieldName}_${k}`)) k++;
    fieldName = `${fieldName}_${k}`;
  }

  const cert = o.signer.certificate;
  const stamp = o.appearance ?? {};
  const visible = stamp.visible !== false;
  // Only the page that carries the widget is read (ISO 32000-2 §7.7.3.2 /Count), not the whole tree.
  const pageCount = reader.pageCount();
  const pageAt = (p: StampProfile['leader']['page']) => {
    const i = p === 'first' ? 0 : p === 'last' ? pageCount - 1 : Math.min(p, pageCount - 1);
    const found = reader.page(i);
    if (found === undefined) throw optionsInvalid('the document has no pages', 'tài liệu không có trang nào');
    return found;
  };
  let page = pageAt(o.role === 'attachment' ? 'first' : profile.leader.page);

  // What the stamp shows (Decree 30/2020/ND-CP Appendix I).
  const texts: string[] = [];
  let layout: { rect: StampBox; items: AppearanceItem[] } | undefined;
  if (visible) {
    if (o.role === 'leader') {
      // The template's signature block already prints the title: the stamp does not repeat it.
      const title = leaderShowsTitle(profile)
        ? (stamp.title ?? cert.subjectValue('title') ?? '').toLocaleUpperCase('vi')
        : '';
      const name = stamp.name ?? cert.commonName ?? '';
      const box = profile.leader.box;
      const img = profile.leader.imageBox;
      const line = profile.fontSize * 1.3;
      const items: AppearanceItem[] = [];
      if (title)
        items.push(
          textItem(
            [title],
            { ...box, y: box.y + box.height - line, height: line },
            profile,
            profile.leader.textColor,
            'center',
          ),
        );
      if (stamp.image) items.push({ kind: 'image', image: StampImage.from(stamp.image), box: img });
      if (name)
        items.push(textItem([name], { ...box, height: line }, profile, profile.leader.textColor, 'center'));
      texts.push(title, name);
      layout = { rect: box, items };
    } else if (o.role === 'org') {
      const seal = sealBox(profile);
      const tb = profile.seal.textBox;
      const org = stamp.organisation ?? cert.subjectValue('O') ?? cert.commonName ?? '';
      const lines = [org, `Thời gian ký: ${vietnamIsoTime(o.signingTime)}`];
      texts.push(...lines);
      const items: AppearanceItem[] = [textItem(lines, tb, profile, profile.seal.textColor, 'left')];
      if (stamp.image) items.unshift({ kind: 'image', image: StampImage.from(stamp.image), box: seal });
      layout = { rect: union(seal, tb), items };
    } else {
      page = pageAt('first');
      const [llx, lly, urx, ury] = page.cropBox ?? page.mediaBox ?? [0, 0, 595.276, 841.89];
      const a = profile.attachment;
      const rect = attachmentRect(a, [llx, lly, urx, ury], pageTextBoxes(reader, page));
      const lines = [
        ...(stamp.documentNumber ? [`Số: ${stamp.documentNumber}`] : []),
        `Thời gian ký: ${vietnamIsoTime(o.signingTime)}`,
      ];
      texts.push(...lines);
      layout = { rect, items: [textItem(lines, rect, profile, a.textColor, 'right')] };
    }
  }
  if (draftFields !== undefined) {
    const fieldsPage = pageAt(profile.fields.page);
    if (fieldsPage.ref === undefined)
      throw optionsInvalid('the page is a direct object', 'trang PDF không phải đối tượng gián tiếp');
    addDraftFields(update, profile, fieldsPage.ref, draftFields);
  }
  const fill: Record<string, string> = {};
  if (o.fill?.number !== undefined) fill[profile.fields.number.name] = o.fill.number;
  if (o.fill?.date !== undefined) fill[profile.fields.date.name] = o.fill.date;
  texts.push(...Object.values(fill));
  const font = texts.some((t) => t !== '')
    ? await StampFont.load(profile.fontPath).embed(update, texts)
    : undefined;
  if (Object.keys(fill).length > 0) {
    fillFields(
      update,
      fill,
      { font: font!, size: profile.fontSize + 3, color: profile.fields.textColor },
      await dateLineStyle(update, profile, fill),
    );
  }

  // ISO 32000-2 §12.8.1 table 255; ETSI EN 319 142-1 §5.3 (PAdES: /SubFilter ETSI.CAdES.detached,
  // the signing time in /M, none in the CMS).
  const sig = new PdfDict({
    Type: PdfName.of('Sig'),
    Filter: PdfName.of('Adobe.PPKLite'),
    SubFilter: PdfName.of('ETSI.CAdES.detached'),
    M: PdfString.fromText(pdfDate(o.signingTime)),
  });
  if (cert.commonName) sig.set('Name', PdfString.fromText(cert.commonName));
  sig.set('Reason', PdfString.fromText(o.reason ?? DEFAULT_REASON[o.role]));
  if (o.location) sig.set('Location', PdfString.fromText(o.location));
  if (o.contactInfo) sig.set('ContactInfo', PdfString.fromText(o.contactInfo));
  const sigRef = update.add(addSignaturePlaceholder(sig, contentsSize(o)));

  if (page.ref === undefined)
    throw optionsInvalid('the page is a direct object', 'trang PDF không phải đối tượng gián tiếp');
  const appearance = layout ? addAppearance(update, layout.rect, layout.items, font) : undefined;
  addSignatureField(update, {
    name: fieldName,
    value: sigRef,
    pageRef: page.ref,
    rect: layout?.rect,
    appearance,
  });
  return fieldName;
}

/**
 * The signer, with every signature value checked against the certificate's public key before it
 * goes into the file: a token or remote service using another key than the certificate names
 * gives KEY_CERT_MISMATCH instead of a document with a broken signature.
 */
function checkedSigner(signer: Signer): Signer {
  return {
    certificate: signer.certificate,
    chain: signer.chain,
    signatureAlgorithm: (d) => signer.signatureAlgorithm(d),
    async sign(data, algorithm) {
      const value = await signer.sign(data, algorithm);
      if (!verifyWithKey(algorithm, data, value, signer.certificate.publicKey)) {
        throw new PkiError('KEY_CERT_MISMATCH', {
          vi: 'Chữ ký tạo ra không khớp với chứng thư số (khóa bí mật không thuộc chứng thư này)',
          en: 'The signature value does not verify with the certificate: the key does not belong to it',
        });
      }
      return value;
    },
  };
}

function textItem(
  lines: string[],
  box: StampBox,
  profile: StampProfile,
  color: readonly [number, number, number],
  align: 'left' | 'center' | 'right',
): AppearanceItem {
  return { kind: 'text', lines, box, size: profile.fontSize, color, align };
}

function union(a: StampBox, b: StampBox): StampBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * Room for the CMS: the certificates, signed attributes, the signature value, and for B-T and above a
 * timestamp token (with the TSA's certificates), plus a margin; whole KiB.
 */
function contentsSize(o: SignPdfOptions): number {
  const certs = [o.signer.certificate, ...o.signer.chain].reduce((n, c) => n + c.der.length, 0);
  const sig = 1024; // up to RSA-8192 or any ECDSA value
  const ts = o.level === 'B-B' ? 0 : 12 * 1024;
  return Math.ceil((certs + sig + 2048 + ts) / 1024) * 1024;
}

function optionsInvalid(en: string, vi: string): SignError {
  return new SignError('SIGN_OPTIONS_INVALID', {
    vi: `Tham số ký không hợp lệ: ${vi}`,
    en: `Invalid signing options: ${en}`,
  });
}

/** Gap kept between the marker and the page's text, and the least room a marker needs (two small lines). */
const MARKER_GAP = 4;
const MARKER_MIN_HEIGHT = 16;

/**
 * Where the attachment marker goes on page 1: at the top right (`margin` from the edges) when that
 * clears the page's text in those columns — the national motto header sits at the top right —, else higher in the free
 * band above the text; when the top band is too narrow, at the bottom right below the text; as a last
 * resort the widest of the two bands, the marker shrunk to it (its text shrinks with it).
 */
export function attachmentRect(
  a: StampProfile['attachment'],
  [, lly, urx, ury]: readonly number[],
  boxes: readonly TextBox[],
): StampBox {
  const x = urx! - a.margin - a.width;
  // Only text that reaches into the marker's columns matters (the unit's name at the top left does not).
  const text = extentWithin(boxes, x - MARKER_GAP, urx!);
  const preferred = { x, y: ury! - a.margin - a.height, width: a.width, height: a.height };
  if (text === undefined || preferred.y >= text.top + MARKER_GAP) return preferred;
  const edge = Math.min(a.margin, 6);
  const above = ury! - edge - (text.top + MARKER_GAP);
  if (above >= a.height) return { ...preferred, y: ury! - edge - a.height };
  const below = text.bottom - MARKER_GAP - (lly! + edge);
  if (below >= a.height) return { ...preferred, y: text.bottom - MARKER_GAP - a.height };
  if (above >= below) {
    const h = Math.max(above, MARKER_MIN_HEIGHT);
    return { ...preferred, y: ury! - edge - h, height: h };
  }
  const h = Math.max(below, MARKER_MIN_HEIGHT);
  return { ...preferred, y: text.bottom - MARKER_GAP - h, height: h };
}
