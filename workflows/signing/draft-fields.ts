import { PdfReader } from '../../signing/pdf';
import { DEFAULT_STAMP_PROFILE, type StampProfile } from '../../signing/sign/stamp-profile';
import { SIGNING_INPUT_LIMITS } from './check-signing-input';
import { SigningError } from './signing-error';
import type { SigningServices } from './signing-services';

/**
 * True when the PDF at `path` has both the number and the date text fields of the stamp profile.
 */
export function hasDraftFields(path: string, profile: StampProfile = DEFAULT_STAMP_PROFILE): boolean {
  const reader = PdfReader.open(path, { limits: SIGNING_INPUT_LIMITS });
  try {
    const names = new Set(reader.acroForm().fields.map((f) => f.fullName));
    return names.has(profile.fields.number.name) && names.has(profile.fields.date.name);
  } finally {
    reader.close();
  }
}

/**
 * Whether the leader's signature may first rewrite the draft to add the number/date fields (pdf-lib
 * loads the whole file): up to `draftFieldsMaxBytes`. A larger draft must already carry the fields.
 */
export function draftRewriteAllowed(
  doc: { readonly id: string; readonly pdfSize: number },
  path: string,
  deps: SigningServices,
): boolean {
  if (doc.pdfSize <= deps.draftFieldsMaxBytes) return true;
  if (!hasDraftFields(path, deps.stampProfile))
    throw SigningError.fieldsMissing(doc.id, deps.draftFieldsMaxBytes);
  return false;
}
