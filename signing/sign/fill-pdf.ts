/**
 * The clerk's step of the Decree 30 sequence as a revision of its own: the number and date (or any
 * text fields) filled in an incremental update between the leader's and the seal's signatures.
 * Signing with `signPdf({ fill })` does the same inside the seal's revision.
 */
import { appendRevision } from './append-revision';
import { StampFont } from './appearance/stamp-font';
import { dateLineStyle, fillFields } from './fill-fields';
import { SignError } from './sign-error';
import { DEFAULT_STAMP_PROFILE, type StampProfile } from './stamp-profile';

export interface FillPdfOptions {
  input: Buffer | string;
  output?: string;
  /** Number and date go to the profile's field names; `fields` names any text field directly. */
  number?: string;
  date?: string;
  fields?: Readonly<Record<string, string>>;
  profile?: StampProfile;
  allowRepaired?: boolean;
  newId?: () => Buffer;
  /** Password of an encrypted input (see appendRevision). */
  password?: string;
}

export async function fillPdf(o: FillPdfOptions): Promise<{ bytes?: Buffer; path?: string }> {
  const profile = o.profile ?? DEFAULT_STAMP_PROFILE;
  const values: Record<string, string> = { ...o.fields };
  if (o.number !== undefined) values[profile.fields.number.name] = o.number;
  if (o.date !== undefined) values[profile.fields.date.name] = o.date;
  if (Object.keys(values).length === 0) {
    throw new SignError('SIGN_OPTIONS_INVALID', {
      vi: 'Không có giá trị nào để điền',
      en: 'Nothing to fill',
    });
  }
  const written = await appendRevision(
    o.input,
    async (update) => {
      const form = update.reader.acroForm();
      if (form.docMdp !== undefined && form.docMdp.permissions === 1) {
        throw new SignError('PDF_CERTIFIED_NO_CHANGES', {
          vi: 'Văn bản đã được chứng thực và khoá mọi thay đổi (DocMDP P=1)',
          en: 'The document is certified with DocMDP P=1 (no changes)',
        });
      }
      const font = await StampFont.load(profile.fontPath).embed(update, Object.values(values));
      fillFields(
        update,
        values,
        { font, size: profile.fontSize + 3, color: profile.fields.textColor },
        await dateLineStyle(update, profile, values),
      );
    },
    {
      output: o.output,
      allowRepaired: o.allowRepaired,
      newId: o.newId,
      password: o.password,
      change: 'fill',
    },
  );
  return { bytes: written.data, path: written.path };
}
