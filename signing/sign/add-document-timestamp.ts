/**
 * PAdES B-LTA (ETSI EN 319 142-1 §5.5, §6.2.4): a document timestamp as a further revision — a
 * /Type /DocTimeStamp dictionary with /SubFilter /ETSI.RFC3161 whose /Contents is an RFC 3161
 * TimeStampToken over the digest of the byte range (ISO 32000-2 §12.8.5), in an invisible field.
 */
import { IncrementalUpdate, PdfDict, PdfName, addSignaturePlaceholder, readAcroForm } from '../pdf';
import type { TimestampClient } from '../pki/timestamp-client';
import { appendRevision } from './append-revision';
import { SignError } from './sign-error';
import { addSignatureField } from './signature-field';

export interface AddDocumentTimestampOptions {
  input: Buffer | string;
  output?: string;
  timestampClient: TimestampClient;
  fieldName?: string;
  /** Room for the token in /Contents (bytes); default 16 KiB. */
  contentsSize?: number;
  allowRepaired?: boolean;
  newId?: () => Buffer;
  /** Password of an encrypted input (see appendRevision). */
  password?: string;
}

export interface DocumentTimestampResult {
  readonly bytes?: Buffer;
  readonly path?: string;
  readonly byteRange: readonly [number, number, number, number];
  readonly fieldName: string;
}

export async function addDocumentTimestamp(o: AddDocumentTimestampOptions): Promise<DocumentTimestampResult> {
  let fieldName = '';
  const written = await appendRevision(
    o.input,
    (update) => {
      fieldName = build(update, o);
    },
    {
      output: o.output,
      allowRepaired: o.allowRepaired,
      newId: o.newId,
      password: o.password,
      contents: (digest) => o.timestampClient.timestamp(digest, 'sha256'),
    },
  );
  return { bytes: written.data, path: written.path, byteRange: written.prepared!.byteRange, fieldName };
}

function build(update: IncrementalUpdate, o: AddDocumentTimestampOptions): string {
  const reader = update.reader;
  const form = readAcroForm(reader);
  if (form.docMdp !== undefined && form.docMdp.permissions === 1) {
    throw new SignError('PDF_CERTIFIED_NO_CHANGES', {
      vi: 'Văn bản đã được chứng thực và khoá mọi thay đổi (DocMDP P=1)',
      en: 'The document is certified with DocMDP P=1 (no changes)',
    });
  }
  const taken = new Set(form.fields.map((f) => f.fullName));
  let name = o.fieldName ?? 'dau_thoi_gian';
  for (let k = 2; taken.has(name); k++) name = `${o.fieldName ?? 'dau_thoi_gian'}_${k}`;
  const dict = new PdfDict({
    Type: PdfName.of('DocTimeStamp'),
    Filter: PdfName.of('Adobe.PPKLite'),
    SubFilter: PdfName.of('ETSI.RFC3161'),
  });
  const ref = update.add(addSignaturePlaceholder(dict, o.contentsSize ?? 16 * 1024));
  const page = reader.page(0);
  if (page?.ref === undefined) {
    throw new SignError('SIGN_OPTIONS_INVALID', {
      vi: 'Trang đầu của PDF không phải đối tượng gián tiếp',
      en: 'The first page is a direct object',
    });
  }
  addSignatureField(update, { name, value: ref, pageRef: page.ref });

  return name;
}
