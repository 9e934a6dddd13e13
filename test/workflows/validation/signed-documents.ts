/**
 * Documents for the product-level validation tests (CLI, API, web page): the Decree 30 sequence
 * signed by the signing engine (leader B-T → number and date → seal B-LTA with a document
 * timestamp), and the variants each test builds from it — one byte changed, an appended revision
 * that changes the page content, a rewritten /ByteRange, a removed /Contents, an overlay drawn over
 * the page after signing — plus a certified document (DocMDP P=2) with an annotation overlay.
 */
import * as zlib from 'node:zlib';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { PdfDict, PdfNumber, PdfStream, type PdfRef } from '../../../signing/pdf';
import { drawSealPng, drawSignaturePng } from '../../../signing/sign/appearance/draw-png';
import { fillPdf } from '../../../signing/sign/fill-pdf';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { PKI_TIME, testPki } from '../../signing/pki/dev-pki-fixture';
import { LEADER_TIME, SEAL_TIME, a4Draft, services, signers } from '../../signing/sign/sign-fixture';
import {
  addOverlayAnnotation,
  appendRevision,
  draftPdf,
  replacePageContent,
  signPdf as signWithFixture,
} from '../../signing/validate/signed-pdf-fixture';

export type Variant = 'one-byte' | 'content-revision' | 'byte-range' | 'no-contents' | 'overlay';

export const VARIANTS: readonly Variant[] = [
  'one-byte',
  'content-revision',
  'byte-range',
  'no-contents',
  'overlay',
];

export interface SignedDocuments {
  readonly pki: DevPki;
  /** A moment at which everything in the sequence is valid (an hour after the seal). */
  readonly at: Date;
  /** Leader (B-T) → fill → seal (B-LTA). */
  readonly sequence: Buffer;
  readonly variants: Readonly<Record<Variant, Buffer>>;
  /** Certified with DocMDP P=2, then a square annotation over the heading: the certification fails. */
  readonly certifiedOverlay: Buffer;
  /** PEM of the test PKI's root. */
  readonly rootPem: string;
}

let cached: Promise<SignedDocuments> | undefined;

/** Built once per test run (call from a `before` hook: the test PKI registers its cleanup there). */
export function signedDocuments(): Promise<SignedDocuments> {
  cached ??= build();
  return cached;
}

async function build(): Promise<SignedDocuments> {
  const pki = await testPki('rsa-2048');
  const leader = await signPdf({
    input: await a4Draft(),
    signer: signers(pki).leader,
    role: 'leader',
    level: 'B-T',
    signingTime: LEADER_TIME,
    ...services(pki, LEADER_TIME),
    appearance: { image: drawSignaturePng() },
  });
  const filled = await fillPdf({
    input: leader.bytes!,
    number: '3/QĐ-UBND',
    date: 'ngày 03 tháng 3 năm 2026',
  });
  const sealed = await signPdf({
    input: filled.bytes!,
    signer: signers(pki, SEAL_TIME).org,
    role: 'org',
    level: 'B-LTA',
    signingTime: SEAL_TIME,
    ...services(pki, SEAL_TIME),
    appearance: { image: drawSealPng() },
  });
  const sequence = sealed.bytes!;

  const crlAt = new Date(PKI_TIME.getTime() + 60_000);
  const crls = [
    new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
    new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
  ];
  const certified = await signWithFixture(await draftPdf(), {
    identity: pki.leader,
    fieldName: 'chung_nhan',
    docMdp: 2,
    crls,
  });

  return {
    pki,
    at: new Date(SEAL_TIME.getTime() + 3600_000),
    sequence,
    variants: {
      'one-byte': oneByteChanged(sequence),
      'content-revision': replacePageContent(sequence),
      'byte-range': rewrittenByteRange(sequence),
      'no-contents': removedContents(sequence),
      overlay: overlaidPage(sequence),
    },
    certifiedOverlay: addOverlayAnnotation(certified),
    rootPem: pki.root.certificate.toPem(),
  };
}

/** One byte inside every signature's first range: the header's version digit (`%PDF-1.7` → `%PDF-1.6`). */
export function oneByteChanged(pdf: Buffer): Buffer {
  const copy = Buffer.from(pdf);
  if (copy.toString('latin1', 0, 5) !== '%PDF-') throw new Error('no PDF header');
  copy[7] = copy[7] === 0x36 ? 0x37 : 0x36;
  return copy;
}

/** The leader's /ByteRange rewritten in place so that the gap no longer is its /Contents. */
export function rewrittenByteRange(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const first = /\/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text)!;
  const [a, b, n] = [Number(first[1]), Number(first[2]), Number(first[3])];
  const forged = `[0 ${a + 2} ${b} ${n}]`.padEnd(first[0].length - '/ByteRange'.length, ' ');
  const copy = Buffer.from(pdf);
  copy.write('/ByteRange' + forged, first.index, 'latin1');
  return copy;
}

/** The leader's signature dictionary loses its /Contents (the key renamed away, same length). */
export function removedContents(pdf: Buffer): Buffer {
  const copy = Buffer.from(pdf);
  const i = copy.toString('latin1').indexOf('/Contents <');
  copy.write('/Xontents', i, 'latin1');
  return copy;
}

/** An appended revision adding a content stream that paints a white box and other text over the page. */
export function overlaidPage(pdf: Buffer): Buffer {
  return appendRevision(pdf, (update, reader) => {
    const page = reader.pages()[0];
    const paint = Buffer.from(
      'q 1 g 40 560 520 120 re f Q BT /F1 14 Tf 200 640 Td (QUYET DINH da thay the) Tj ET',
      'latin1',
    );
    const overlay = update.add(new PdfStream(new PdfDict({ Length: PdfNumber.of(paint.length) }), paint));
    const dict = (update.get(page.ref!) as PdfDict).clone();
    const contents = dict.get('Contents');
    dict.set('Contents', [...(Array.isArray(contents) ? contents : [contents as PdfRef]), overlay]);
    update.set(page.ref!, dict);
  });
}

/**
 * A small file (about 100 KB for 3 million entries) whose compressed cross-reference stream lists
 * millions of objects: opening it costs seconds and hundreds of megabytes of heap. What a hostile
 * upload looks like to the isolation limits.
 */
export function xrefBomb(entries = 3_000_000): Buffer {
  const head = '%PDF-1.7\n';
  const obj1 = '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n';
  const obj2 = '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
  const o1 = head.length;
  const o2 = o1 + obj1.length;
  const xrefAt = o2 + obj2.length;
  // W [1 3 1]: 5 bytes an entry, so that even 6.5 million stay under the validator's 32 MiB decode limit.
  const rows = Buffer.alloc(entries * 5);
  const put = (i: number, type: number, a: number, b: number) => {
    rows[i * 5] = type;
    rows.writeUIntBE(a, i * 5 + 1, 3);
    rows[i * 5 + 4] = b;
  };
  put(0, 0, 0, 255);
  put(1, 1, o1, 0);
  put(2, 1, o2, 0);
  put(3, 1, xrefAt, 0);
  for (let i = 4; i < entries; i++) put(i, 2, 1, i % 200); // "in object stream 1": never read
  const data = zlib.deflateSync(rows);
  const obj3 =
    `3 0 obj\n<< /Type /XRef /Size ${entries} /W [1 3 1] /Root 1 0 R /Filter /FlateDecode ` +
    `/Length ${data.length} >>\nstream\n`;
  return Buffer.concat([
    Buffer.from(head + obj1 + obj2 + obj3, 'latin1'),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
  ]);
}
