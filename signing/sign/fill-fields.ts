/**
 * Filling text fields in an incremental update (ISO 32000-2 §12.7.4.3 text fields): the field's /V
 * becomes the text and every widget gets a fresh normal appearance (/AP /N, §12.5.5) drawn in the
 * embedded Unicode font, so viewers need not regenerate it (no /NeedAppearances). A validator
 * classes such a revision as form filling (ISO 32000-2 §12.8.2.2.2, DocMDP P=2 allows it).
 */
import { IncrementalUpdate, PdfDict, PdfString, readAcroForm } from '../pdf';
import { addAppearance, type Rgb } from './appearance/stamp-appearance';
import { defaultItalicFontPath, StampFont, type EmbeddedStampFont } from './appearance/stamp-font';
import { SignError } from './sign-error';
import { dictForUpdate } from './signature-field';
import { DATE_LINE_SIZE, type StampProfile } from './stamp-profile';

export interface FieldStyle {
  readonly font: EmbeddedStampFont;
  readonly size: number;
  readonly color: Rgb;
}

/**
 * Set `values` (full field name → text) in `update`, each on one line (shrunk to the width if need be);
 * `styles` overrides the style per field (the italic date line). FIELD_NOT_FOUND for a missing or
 * non-text field.
 */
export function fillFields(
  update: IncrementalUpdate,
  values: Readonly<Record<string, string>>,
  baseStyle: FieldStyle,
  styles: Readonly<Record<string, FieldStyle>> = {},
): void {
  const form = readAcroForm(update.reader);
  for (const [name, text] of Object.entries(values)) {
    const field = form.fields.find((f) => f.fullName === name);
    if (field === undefined || field.fieldType !== 'Tx' || field.ref === undefined) {
      throw new SignError(
        'FIELD_NOT_FOUND',
        {
          vi: `Không có trường văn bản “${name}” để điền`,
          en: `No text field named "${name}" to fill`,
        },
        { details: { field: name, known: form.fields.map((f) => f.fullName) } },
      );
    }
    const style = styles[name] ?? baseStyle;
    const fieldDict = dictForUpdate(update, field.ref);
    fieldDict.set('V', PdfString.fromText(text));
    for (const w of field.widgets) {
      if (w.rect === undefined || w.rect.length !== 4) continue;
      const [x1, y1, x2, y2] = w.rect;
      const box = {
        x: Math.min(x1, x2),
        y: Math.min(y1, y2),
        width: Math.abs(x2 - x1),
        height: Math.abs(y2 - y1),
      };
      if (box.width === 0 || box.height === 0) continue;
      const size = Math.min(style.size, box.height * 0.8);
      // One line, vertically centred: the text box starts at the baseline's ascent above the middle.
      const ap = addAppearance(
        update,
        box,
        [
          {
            kind: 'text',
            lines: [text],
            box: {
              x: box.x + 2,
              y: box.y,
              width: box.width - 4,
              height: (box.height + size) / 2 + size * 0.1,
            },
            size,
            color: style.color,
            align: 'left',
            oneLine: true,
          },
        ],
        style.font,
      );
      const widgetDict =
        w.ref === undefined || w.ref.equals(field.ref) ? fieldDict : dictForUpdate(update, w.ref);
      widgetDict.set('AP', new PdfDict({ N: ap }));
    }
  }
}

/**
 * The style of the place-and-date line when `values` fills it: the profile's italic font (default DejaVu
 * Serif Condensed Italic) at 13 pt (Decree 30 Appendix I), embedded for this text.
 */
export async function dateLineStyle(
  update: IncrementalUpdate,
  profile: StampProfile,
  values: Readonly<Record<string, string>>,
): Promise<Record<string, FieldStyle>> {
  const name = profile.fields.date.name;
  const text = values[name];
  if (text === undefined) return {};
  const font = await StampFont.load(profile.fields.date.fontPath ?? defaultItalicFontPath()).embed(update, [
    text,
  ]);
  return {
    [name]: { font, size: profile.fields.date.fontSize ?? DATE_LINE_SIZE, color: profile.fields.textColor },
  };
}
