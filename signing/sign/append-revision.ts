/**
 * One revision appended to a PDF (ISO 32000-2 §7.5.6), optionally holding a signature whose
 * /Contents is produced from the digest of its byte range (§12.8.1): open → build the update →
 * write (to memory, or streamed to a file) → hash the byte ranges → embed the signature.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import {
  IncrementalUpdate,
  PdfReader,
  embedSignature,
  embedSignatureSync,
  hashByteRanges,
  hashByteRangesSync,
  type DigestAlgorithm,
  type PreparedSignature,
} from '../pdf';
import { SignError } from './sign-error';

export interface AppendRevisionOptions {
  /** Where to write the new file; in memory when absent. */
  output?: string;
  allowRepaired?: boolean;
  newId?: () => Buffer;
  digestAlgorithm?: DigestAlgorithm;
  /** For an update with a signature placeholder: the DER for /Contents given the byte-range digest. */
  contents?: (digest: Buffer, prepared: PreparedSignature) => Promise<Buffer>;
}

export interface AppendedRevision {
  /** The new file, when written in memory. */
  readonly data?: Buffer;
  readonly path?: string;
  readonly prepared?: PreparedSignature;
}

/** Open `input` for writing an update: encrypted and (unless allowed) repaired files are refused. */
export function openForUpdate(input: Buffer | string, allowRepaired = false): PdfReader {
  const reader = PdfReader.open(input);
  if (reader.isEncrypted) {
    const handler = reader.encryption?.filter;
    reader.close();
    throw new SignError(
      'PDF_ENCRYPTED',
      {
        vi: 'Tệp PDF được mã hoá (có mật khẩu); hãy gỡ mã hoá trước khi ký',
        en: 'The PDF is encrypted; remove the encryption before signing',
      },
      { details: { handler } },
    );
  }
  if (reader.repaired && !allowRepaired) {
    const repairs = [...reader.repairs];
    reader.close();
    throw new SignError(
      'PDF_REPAIRED_REFUSED',
      {
        vi: 'Tệp PDF bị hỏng bảng tham chiếu chéo; không ký lên tệp này (hãy sửa tệp trước)',
        en: 'The PDF is damaged (its cross-reference data needed repair); refusing to sign it',
      },
      { details: { repairs } },
    );
  }
  return reader;
}

export async function appendRevision(
  input: Buffer | string | PdfReader,
  build: (update: IncrementalUpdate) => void | Promise<void>,
  options: AppendRevisionOptions = {},
): Promise<AppendedRevision> {
  const reader = input instanceof PdfReader ? input : openForUpdate(input, options.allowRepaired);
  const alg = options.digestAlgorithm ?? 'sha256';
  try {
    const update = new IncrementalUpdate(reader, {
      allowRepaired: options.allowRepaired,
      newId: options.newId,
    });
    await build(update);
    if (options.output === undefined) {
      const written = update.toBuffer();
      const prepared = written.signature;
      if (prepared && options.contents) {
        const digest = hashByteRangesSync(written.data, prepared.byteRange, alg);
        embedSignatureSync(written.data, prepared, await options.contents(digest, prepared));
      }
      return { data: written.data, prepared };
    }
    // Written beside the target and renamed at the end: never a partial output file.
    const temp = `${options.output}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
    try {
      const written = await update.writeToFile(temp, { digestAlgorithm: options.contents && alg });
      const prepared = written.signature;
      if (prepared && options.contents) {
        // Hashed while writing; read back only if the writer could not.
        const digest = written.digest ?? (await hashByteRanges(temp, prepared.byteRange, alg));
        await embedSignature(temp, prepared, await options.contents(digest, prepared));
      }
      await rename(temp, options.output);
      return { path: options.output, prepared };
    } finally {
      await rm(temp, { force: true });
    }
  } finally {
    if (!(input instanceof PdfReader)) reader.close();
  }
}
