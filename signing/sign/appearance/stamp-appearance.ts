/**
 * Appearance streams for signature and form-field widgets: a form XObject (ISO 32000-2 §8.10) used
 * as the widget's normal appearance /AP /N (§12.5.5), holding stamp images and lines of text in the
 * embedded Unicode font. Items are given in page coordinates and moved into the form's /BBox.
 */
import * as zlib from 'node:zlib';
import { IncrementalUpdate, PdfDict, PdfName, PdfNumber, PdfRef, PdfStream } from '../../pdf';
import type { StampBox } from '../stamp-profile';
import type { EmbeddedStampFont } from './stamp-font';
import type { StampImage } from './stamp-image';

export type Rgb = readonly [number, number, number];

export type AppearanceItem =
  | { readonly kind: 'image'; readonly image: StampImage; readonly box: StampBox }
  | {
      readonly kind: 'text';
      /** Lines are wrapped to `box.width` and laid out from the top of `box`. */
      readonly lines: readonly string[];
      readonly box: StampBox;
      readonly size: number;
      readonly color: Rgb;
      readonly align: 'left' | 'center' | 'right';
      /** Never wrap: each line stays one line, the size shrinks until the longest fits the width. */
      readonly oneLine?: boolean;
    };

const n = (v: number): string => {
  const s = (Math.round(v * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return s === '-0' || s === '' ? '0' : s;
};

/** Add a form XObject drawing `items` for a widget whose /Rect is `rect`; returns its reference. */
export function addAppearance(
  update: IncrementalUpdate,
  rect: StampBox,
  items: readonly AppearanceItem[],
  font: EmbeddedStampFont | undefined,
): PdfRef {
  const ops: string[] = [];
  const xobjects = new PdfDict();
  let imageCount = 0;
  for (const item of items) {
    const x = item.box.x - rect.x;
    const y = item.box.y - rect.y;
    if (item.kind === 'image') {
      const name = `Im${++imageCount}`;
      xobjects.set(name, item.image.addTo(update));
      const [fx, fy, fw, fh] = item.image.fit(x, y, item.box.width, item.box.height);
      ops.push(`q ${n(fw)} 0 0 ${n(fh)} ${n(fx)} ${n(fy)} cm /${name} Do Q`); // §8.9.5: unit square
      continue;
    }
    if (font === undefined) throw new Error('text items need a font');
    const lines = item.oneLine ? [...item.lines] : wrap(item.lines, font, item.size, item.box.width);
    // Shrink to fit the box height when the text is long (e.g. a long unit name).
    let size = item.size;
    if (item.oneLine) {
      const widest = Math.max(...lines.map((l) => font.shape(l).width));
      if (widest * size > item.box.width) size = item.box.width / widest;
    }
    const lead = 1.2;
    if (lines.length * size * lead > item.box.height) size = item.box.height / (lines.length * lead);
    const ascent = (font.font.ascent / 1000) * size;
    ops.push(`BT /F1 ${n(size)} Tf ${item.color.map(n).join(' ')} rg`);
    let baseline = y + item.box.height - ascent;
    for (const line of lines) {
      const shaped = font.shape(line);
      const w = shaped.width * size;
      const lx =
        item.align === 'left'
          ? x
          : item.align === 'center'
            ? x + (item.box.width - w) / 2
            : x + item.box.width - w;
      ops.push(`1 0 0 1 ${n(lx)} ${n(baseline)} Tm <${shaped.hex}> Tj`);
      baseline -= size * lead;
    }
    ops.push('ET');
  }
  const resources = new PdfDict();
  if (xobjects.size > 0) resources.set('XObject', xobjects);
  if (font !== undefined) resources.set('Font', new PdfDict({ F1: font.ref }));
  return update.add(
    new PdfStream(
      new PdfDict({
        Type: PdfName.of('XObject'),
        Subtype: PdfName.of('Form'),
        BBox: [0, 0, rect.width, rect.height].map((v) => PdfNumber.of(v)),
        Resources: resources,
        Filter: PdfName.of('FlateDecode'),
      }),
      zlib.deflateSync(Buffer.from(ops.join('\n'), 'latin1')),
    ),
  );
}

/** Greedy word wrap at spaces; a word longer than the line stays whole. */
function wrap(lines: readonly string[], font: EmbeddedStampFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let current = '';
    for (const word of line.split(' ')) {
      const candidate = current === '' ? word : `${current} ${word}`;
      if (current !== '' && font.shape(candidate).width * size > width) {
        out.push(current);
        current = word;
      } else current = candidate;
    }
    out.push(current);
  }
  return out;
}
