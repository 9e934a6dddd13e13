/**
 * Builds signed PDFs for the validator's tests from the lower-level parts: a pdf-lib draft with a
 * text field, incremental updates with a signature field (optionally a certification signature with
 * DocMDP), a PAdES CMS from the dev PKI, and hostile later revisions.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildPadesSignedData } from '../../../signing/cms/build-pades-signed-data';
import {
  IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfReader,
  PdfRef,
  PdfStream,
  PdfString,
  addSignaturePlaceholder,
  embedSignatureSync,
  hashByteRangesSync,
  type PdfValue,
} from '../../../signing/pdf';
import type { DevIdentity } from '../../../signing/pki/create-dev-pki';
import type { TimestampAuthority } from '../../../signing/pki/timestamp-authority';
import type { TimestampClient } from '../../../signing/pki/timestamp-client';
import { Pkcs12Signer } from '../../../signing/sign/signers/pkcs12-signer';
import { PKI_TIME } from '../pki/dev-pki-fixture';

/** A one-page draft with text and an empty text field "so_ky_hieu" (number and notation). */
export async function draftPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(PKI_TIME);
  doc.setModificationDate(PKI_TIME);
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('QUYET DINH ve viec phe duyet ke hoach nam 2026', { x: 60, y: 760, size: 14, font });
  const field = doc.getForm().createTextField('so_ky_hieu');
  field.addToPage(page, { x: 60, y: 700, width: 200, height: 20 });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export interface SignOptions {
  readonly identity: DevIdentity;
  readonly fieldName: string;
  /** CRLs to embed in the CMS (RFC 5652 revocationInfoChoices). */
  readonly crls?: readonly Buffer[];
  /** Make it a certification signature with this DocMDP /P (ISO 32000-2 §12.8.2.2). */
  readonly docMdp?: 1 | 2 | 3;
  /** RSA keys: sign with RSASSA-PSS instead of PKCS#1 v1.5. */
  readonly rsaScheme?: 'rsa-pkcs1' | 'rsa-pss';
  /** FieldMDP (§12.8.2.4): lock these fields (Action /Include). */
  readonly lockFields?: readonly string[];
  /** Widget rectangle; invisible ([0 0 0 0]) by default. */
  readonly rect?: readonly [number, number, number, number];
  /** OCSP responses to embed in the CMS (RFC 5940). */
  readonly ocspResponses?: readonly Buffer[];
  /** Add a signature timestamp (PAdES B-T). */
  readonly timestampClient?: TimestampClient;
  /** Password of an encrypted input (the revision is encrypted like the rest). */
  readonly password?: string;
  /** More changes in the signing revision (what some signers also update), given the new field. */
  readonly alsoChange?: (update: IncrementalUpdate, reader: PdfReader, field: PdfRef) => void;
  /** Leave /Type /Sig out of the signature dictionary (it is optional, ISO 32000-2 §12.8.1). */
  readonly omitType?: boolean;
  /** /SubFilter of the signature dictionary (ETSI.CAdES.detached by default). */
  readonly subFilter?: string;
  /** Builds the CMS from the signed bytes (the two /ByteRange ranges) instead of the PAdES builder. */
  readonly cms?: (signedBytes: Buffer) => Buffer;
}

/** Appends a signed revision (signature field on page 1, PAdES B-B CMS). */
export async function signPdf(pdf: Buffer, options: SignOptions): Promise<Buffer> {
  const reader = PdfReader.open(pdf, options.password !== undefined ? { password: options.password } : {});
  const update = new IncrementalUpdate(reader, { newId: () => Buffer.alloc(16, 7) });
  const sigDict = new PdfDict({
    Type: PdfName.of('Sig'),
    Filter: PdfName.of('Adobe.PPKLite'),
    SubFilter: PdfName.of(options.subFilter ?? 'ETSI.CAdES.detached'),
    M: PdfString.fromText("D:20260302090000+07'00'"),
  });
  if (options.omitType) sigDict.delete('Type');
  if (options.docMdp !== undefined) {
    sigDict.set('Reference', [
      new PdfDict({
        Type: PdfName.of('SigRef'),
        TransformMethod: PdfName.of('DocMDP'),
        TransformParams: new PdfDict({
          Type: PdfName.of('TransformParams'),
          P: PdfNumber.of(options.docMdp),
          V: PdfName.of('1.2'),
        }),
      }),
    ]);
  }
  if (options.lockFields !== undefined) {
    const refs = (sigDict.get('Reference') as PdfValue[] | undefined) ?? [];
    sigDict.set('Reference', [
      ...refs,
      new PdfDict({
        Type: PdfName.of('SigRef'),
        TransformMethod: PdfName.of('FieldMDP'),
        TransformParams: new PdfDict({
          Type: PdfName.of('TransformParams'),
          Action: PdfName.of('Include'),
          Fields: options.lockFields.map((f) => PdfString.fromText(f)),
          V: PdfName.of('1.2'),
        }),
      }),
    ]);
  }
  const sig = update.add(addSignaturePlaceholder(sigDict, 16000));
  const field = addSignatureField(
    update,
    reader,
    sig,
    options.fieldName,
    options.docMdp !== undefined,
    options.rect,
  );
  options.alsoChange?.(update, reader, field);

  const { data, signature } = update.toBuffer();
  if (options.cms !== undefined) {
    const [, a, b, len] = signature!.byteRange;
    embedSignatureSync(
      data,
      signature!,
      options.cms(Buffer.concat([data.subarray(0, a), data.subarray(b, b + len)])),
    );
    return data;
  }
  const digest = hashByteRangesSync(data, signature!.byteRange, 'sha256');
  const signer = Pkcs12Signer.fromKey(
    options.identity.key,
    options.identity.certificate,
    options.identity.chain,
    {
      clock: () => PKI_TIME,
      rsaScheme: options.rsaScheme,
    },
  );
  const cms = await buildPadesSignedData({
    messageDigest: digest,
    digestAlgorithm: 'sha256',
    signer,
    crls: options.crls,
    ocspResponses: options.ocspResponses,
    timestampClient: options.timestampClient,
  });
  embedSignatureSync(data, signature!, cms);
  return data;
}

/** An invisible signature field whose /V is `sig`, on page 1 and in /AcroForm (§12.7.5.5). */
function addSignatureField(
  update: IncrementalUpdate,
  reader: PdfReader,
  sig: PdfRef,
  fieldName: string,
  certification: boolean,
  rect: readonly number[] = [0, 0, 0, 0],
): PdfRef {
  const page = reader.pages()[0];
  const field = update.add(
    new PdfDict({
      FT: PdfName.of('Sig'),
      T: PdfString.fromText(fieldName),
      V: sig,
      Type: PdfName.of('Annot'),
      Subtype: PdfName.of('Widget'),
      Rect: rect.map((x) => PdfNumber.of(x)),
      F: PdfNumber.of(132),
      P: page.ref!,
    }),
  );
  const pageDict = (update.get(page.ref!) as PdfDict).clone();
  const annotsValue = pageDict.get('Annots');
  const annots = reader.resolve(annotsValue);
  // An indirect /Annots array is updated in place, as most signers do.
  if (annotsValue instanceof PdfRef && Array.isArray(annots)) update.set(annotsValue, [...annots, field]);
  else {
    pageDict.set('Annots', [...(Array.isArray(annots) ? annots : []), field]);
    update.set(page.ref!, pageDict);
  }
  const rootRef = reader.rootRef!;
  const catalog = (update.get(rootRef) as PdfDict).clone();
  const formValue = catalog.get('AcroForm');
  const form = (reader.resolve(formValue) as PdfDict | undefined)?.clone() ?? new PdfDict();
  const fields = reader.resolve(form.get('Fields'));
  form.set('Fields', [...(Array.isArray(fields) ? (fields as PdfValue[]) : []), field]);
  form.set('SigFlags', PdfNumber.of(3));
  if (formValue instanceof PdfRef) update.set(formValue, form);
  else catalog.set('AcroForm', form);
  if (certification) catalog.set('Perms', new PdfDict({ DocMDP: sig }));
  update.set(rootRef, catalog);
  return field;
}

/** A PAdES document timestamp revision (ETSI EN 319 142-1 §5.4.3, SubFilter ETSI.RFC3161). */
export function addDocumentTimestamp(
  pdf: Buffer,
  tsa: TimestampAuthority,
  at: Date,
  fieldName = 'dau_thoi_gian',
): Buffer {
  const reader = PdfReader.open(pdf);
  const update = new IncrementalUpdate(reader, { newId: () => Buffer.alloc(16, 8) });
  const sig = update.add(
    addSignaturePlaceholder(
      new PdfDict({
        Type: PdfName.of('DocTimeStamp'),
        Filter: PdfName.of('Adobe.PPKLite'),
        SubFilter: PdfName.of('ETSI.RFC3161'),
      }),
      12000,
    ),
  );
  addSignatureField(update, reader, sig, fieldName, false);
  const { data, signature } = update.toBuffer();
  const digest = hashByteRangesSync(data, signature!.byteRange, 'sha256');
  embedSignatureSync(data, signature!, tsa.timestamp(digest, 'sha256', at));
  return data;
}

/** A DSS revision (ETSI EN 319 142-1 §5.4.2) holding certificates and CRLs. */
export function addDss(pdf: Buffer, certificates: readonly Buffer[], crls: readonly Buffer[]): Buffer {
  return appendRevision(pdf, (update, reader) => {
    const stream = (b: Buffer) =>
      update.add(new PdfStream(new PdfDict({ Length: PdfNumber.of(b.length) }), b));
    const dss = update.add(
      new PdfDict({ Type: PdfName.of('DSS'), Certs: certificates.map(stream), CRLs: crls.map(stream) }),
    );
    const catalog = (update.get(reader.rootRef!) as PdfDict).clone();
    catalog.set('DSS', dss);
    update.set(reader.rootRef!, catalog);
  });
}

/** An incremental update built by `change` (no signature). */
export function appendRevision(
  pdf: Buffer,
  change: (update: IncrementalUpdate, reader: PdfReader) => void,
): Buffer {
  const reader = PdfReader.open(pdf);
  const update = new IncrementalUpdate(reader, { newId: () => Buffer.alloc(16, 9) });
  change(update, reader);
  return update.toBuffer().data;
}

/** Fill the text field "so_ky_hieu" (its /V), as the clerk does before the seal (DESIGN §4). */
export function fillNumberField(pdf: Buffer, value: string): Buffer {
  return appendRevision(pdf, (update, reader) => {
    const f = reader.acroForm().fields.find((x) => x.fullName === 'so_ky_hieu')!;
    update.set(f.ref!, f.dict.clone().set('V', PdfString.fromText(value)));
  });
}

/** Replace the first page's content stream object in place ("shadow replace"). */
export function replacePageContent(pdf: Buffer): Buffer {
  return appendRevision(pdf, (update, reader) => {
    const page = reader.pages()[0];
    const contents = page.dict.get('Contents');
    const ref = (Array.isArray(contents) ? contents[0] : contents) as PdfRef;
    const text = Buffer.from('BT /F1 14 Tf 60 760 Td (QUYET DINH da bi sua) Tj ET', 'latin1');
    update.set(ref, new PdfStream(new PdfDict({ Length: PdfNumber.of(text.length) }), text));
  });
}

/** Add a white square annotation over the top of page 1 (an overlay that hides content). */
export function addOverlayAnnotation(pdf: Buffer): Buffer {
  return appendRevision(pdf, (update, reader) => {
    const page = reader.pages()[0];
    const annot = update.add(
      new PdfDict({
        Type: PdfName.of('Annot'),
        Subtype: PdfName.of('Square'),
        Rect: [50, 740, 560, 790].map((x) => PdfNumber.of(x)),
        IC: [1, 1, 1].map((x) => PdfNumber.of(x)),
        C: [1, 1, 1].map((x) => PdfNumber.of(x)),
        F: PdfNumber.of(4),
      }),
    );
    const pageDict = (update.get(page.ref!) as PdfDict).clone();
    const annots = reader.resolve(pageDict.get('Annots'));
    pageDict.set('Annots', [...(Array.isArray(annots) ? annots : []), annot]);
    update.set(page.ref!, pageDict);
  });
}
