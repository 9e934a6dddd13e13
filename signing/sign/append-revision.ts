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
  type PdfLimits,
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
  /** Password of an encrypted input (owner or user); what the update writes is encrypted too. */
  password?: string;
  /** What the update does, for the permissions of a user-password holder (default 'sign'). */
  change?: UpdateChange;
}

/**
 * What an update does, for the document's permissions (ISO 32000-2 §7.6.4.2 table 22) when only the
 * user password was given: 'sign' adds fields and annotations (bits 4 and 6: modify, and create
 * form fields), 'fill' fills existing fields (bit 6, or bit 9 from revision 3 on).
 */
export type UpdateChange = 'sign' | 'fill';

export interface AppendedRevision {
  /** The new file, when written in memory. */
  readonly data?: Buffer;
  readonly path?: string;
  readonly prepared?: PreparedSignature;
}

/**
 * Open `input` for writing an update. Refused, with no output: an encrypted file without its password
 * (PDF_ENCRYPTED) or with a wrong one (PDF_PASSWORD_INCORRECT, from the reader), a public-key
 * encrypted file (PDF_ENCRYPTION_UNSUPPORTED), a change the permissions deny to a user-password
 * holder (PDF_CHANGES_FORBIDDEN), and (unless allowed) a repaired file.
 */
export function openForUpdate(
  input: Buffer | string,
  allowRepaired = false,
  password?: string,
  change: UpdateChange = 'sign',
  limits?: Partial<PdfLimits>,
): PdfReader {
  const reader = PdfReader.open(input, { ...(password !== undefined ? { password } : {}), limits });
  if (reader.isEncrypted) {
    const encryption = reader.encryption;
    const handler = encryption?.filter;
    if (handler !== 'Standard') {
      reader.close();
      throw new SignError(
        'PDF_ENCRYPTION_UNSUPPORTED',
        {
          vi: `Tệp PDF được mã hoá bằng khoá công khai (/${handler}); chỉ ký được tệp mã hoá bằng mật khẩu`,
          en: `The PDF is encrypted for public-key recipients (/${handler}); only password-encrypted PDFs can be signed`,
        },
        { details: { handler } },
      );
    }
    if (password === undefined || !reader.decrypted) {
      reader.close();
      throw new SignError(
        'PDF_ENCRYPTED',
        {
          vi: 'Tệp PDF được mã hoá bằng mật khẩu; hãy cung cấp mật khẩu của tệp (--pdf-password) để ký',
          en: 'The PDF is password-encrypted; give its password (--pdf-password) to sign it',
        },
        { details: { handler, v: encryption?.v, r: encryption?.r } },
      );
    }
    const security = encryption!.security!;
    const crypt = reader.securityHandler!;
    const allowed =
      change === 'sign'
        ? crypt.allows(4) && crypt.allows(6)
        : crypt.allows(6) || (security.r >= 3 && crypt.allows(9));
    if (!allowed) {
      reader.close();
      throw new SignError(
        'PDF_CHANGES_FORBIDDEN',
        {
          vi: 'Quyền của tệp PDF (mật khẩu người dùng) không cho phép thêm chữ ký hay điền trường; hãy dùng mật khẩu chủ sở hữu',
          en: "The PDF's permissions for the user password forbid adding signatures or filling fields; use the owner password",
        },
        { details: { permissions: security.permissions, change } },
      );
    }
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
  const reader =
    input instanceof PdfReader
      ? input
      : openForUpdate(input, options.allowRepaired, options.password, options.change);
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
