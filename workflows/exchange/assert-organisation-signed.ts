import { CodedError } from '../../signing/errors';
import type { SignatureValidation } from '../../signing/validate/validation-result';
import type { DomainContext } from '../context';
import { validateFile } from '../validation/validate-file';
import type { ValidationDeps } from '../validation/validation-deps';

/** A PDF replacing an issued document's lacks the issuing unit's valid organisation signature. */
export class UpdateSignatureError extends CodedError {}

export interface OrganisationSignature {
  readonly fieldName: string;
  readonly signerName: string | undefined;
  /** SHA-256 of the seal certificate (a `unit` credential of the issuing unit). */
  readonly certificateSha256: string;
}

/**
 * An issued document carries its unit's organisation signature (the seal, Decree 30 Art. 15 and
 * DESIGN §4 step 3); a corrected PDF that replaces it (edXML business type 2) must too, or recipients
 * would hold an unsigned "official" copy. The file is validated like any upload (validation processes,
 * the server's trust list, revocation data embedded in the file) and accepted when:
 * - a signature of it is TOTAL_PASSED and made with a seal credential of the issuing unit (any, active
 *   or since deactivated: the certificate was checked valid at its signing time), and
 * - nothing unsigned follows the newest signature or document timestamp.
 * Otherwise UPDATE_SIGNATURE_REQUIRED (422) says why, per signature.
 */
export async function assertOrganisationSigned(
  ctx: DomainContext,
  deps: ValidationDeps,
  doc: { readonly id: string; readonly unitId: string },
  file: { readonly path: string; readonly sha256: string; readonly size: number },
): Promise<OrganisationSignature> {
  const now = ctx.clock.now();
  const report = await validateFile(
    ctx.db,
    deps,
    { path: file.path, name: null, sha256: file.sha256, size: file.size },
    { at: now, now, online: false },
  );
  const seals: { sha256: string }[] = await ctx.db.query(
    `SELECT sha256 FROM signing_credentials WHERE owner_kind = 'unit' AND unit_id = $1`,
    [doc.unitId],
  );
  // Fingerprints compared as bare lower-case hex (reports write them upper case with colons).
  const hex = (v: string | undefined) => (v ?? '').replace(/[^0-9a-f]/gi, '').toLowerCase();
  const sealOfUnit = new Set(seals.map((s) => hex(s.sha256)));
  const signatures = (report.validation?.signatures ?? []).filter((s) => s.kind === 'signature');
  const isSeal = (s: SignatureValidation) => s.chain.length > 0 && sealOfUnit.has(hex(s.chain[0]!.sha256));
  const seal = signatures.find((s) => isSeal(s) && s.indication === 'TOTAL_PASSED');
  const summary = signatures.map((s) => ({
    fieldName: s.fieldName,
    signerName: s.signerName ?? null,
    sealOfUnit: isSeal(s),
    indication: s.indication,
    subIndication: s.subIndication ?? null,
  }));
  const refuse = (vi: string, en: string) =>
    new UpdateSignatureError(
      'UPDATE_SIGNATURE_REQUIRED',
      {
        vi: `Tệp thay thế văn bản đã ban hành phải có chữ ký số hợp lệ của cơ quan ban hành: ${vi}`,
        en: `The PDF replacing an issued document must carry the issuing unit's valid organisation signature: ${en}`,
      },
      {
        details: {
          documentId: doc.id,
          status: report.status,
          problem: report.problem?.code ?? null,
          signatures: summary,
        },
      },
    );
  if (!report.validation) throw refuse('không đọc được tệp PDF', 'the PDF could not be validated');
  if (signatures.length === 0) throw refuse('tệp chưa được ký', 'the PDF is not signed');
  if (!seal) {
    if (!signatures.some(isSeal))
      throw refuse(
        'không có chữ ký nào bằng chứng thư của cơ quan (con dấu) này',
        'no signature is made with a seal credential of this unit',
      );
    throw refuse(
      'chữ ký của cơ quan không hợp lệ hoặc chưa xác định được',
      'the organisation signature did not validate (see the indications)',
    );
  }
  if (!report.validation.lastRevisionCovered)
    throw refuse(
      'có nội dung được thêm vào sau chữ ký cuối cùng',
      'content was appended after the last signature',
    );
  return {
    fieldName: seal.fieldName,
    signerName: seal.signerName,
    certificateSha256: hex(seal.chain[0]!.sha256),
  };
}
