/**
 * A TrueType font embedded for stamp text as a composite font, ISO 32000-2 §9.7: a Type0 font with
 * the Identity-H encoding (§9.7.5.2) over a CIDFontType2 descendant (§9.7.4) whose CIDs are the glyph
 * ids of a subset (CIDToGIDMap /Identity), /W widths (§9.7.4.3), the subset as /FontFile2
 * (§9.9) and a /ToUnicode CMap (§9.10.3) so the Vietnamese text stays extractable and searchable.
 *
 * Subsetting is the slow part (fontkit re-encodes the glyf table), so subsets are cached: every text
 * whose characters lie in the Vietnamese repertoire shares one subset per font file.
 */
import * as zlib from 'node:zlib';
import { readFileSync } from 'node:fs';
import * as fontkit from '@pdf-lib/fontkit';
import type { Font, Glyph } from '@pdf-lib/fontkit';
import { IncrementalUpdate, PdfDict, PdfName, PdfNumber, PdfRef, PdfStream, PdfString } from '../../pdf';
import { SignError } from '../sign-error';

/** Printable ASCII and every Vietnamese letter (precomposed, NFC) with its capital. */
const VIETNAMESE_LOWER =
  'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz';
const REPERTOIRE = (() => {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  return s + VIETNAMESE_LOWER + VIETNAMESE_LOWER.toUpperCase() + '–—‘’“”…°№';
})();

/** The italic of the place-and-date line: DejaVu Serif Condensed Italic (Vietnamese glyphs). */
export function defaultItalicFontPath(): string {
  return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed-Italic.ttf');
}

/** The default stamp font: DejaVu Serif from the `dejavu-fonts-ttf` package (Vietnamese glyphs). */
export function defaultFontPath(): string {
  return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf');
}

interface Subset {
  /** The subset font program, Flate-compressed, and its uncompressed length (/Length1). */
  readonly fontFile: Buffer;
  readonly length1: number;
  /** Code point → CID (the glyph id in the subset). */
  readonly cids: ReadonlyMap<number, number>;
  /** CID → advance width in 1/1000 em. */
  readonly widths: ReadonlyMap<number, number>;
  readonly toUnicode: Buffer;
  readonly tag: string;
}

/** A laid-out line: the hex string of CIDs for `Tj` and its width at 1 pt. */
export interface ShapedText {
  readonly hex: string;
  readonly width: number;
}

export class StampFont {
  private static readonly byPath = new Map<string, StampFont>();
  private readonly subsets = new Map<string, Promise<Subset>>();
  readonly postScriptName: string;
  readonly scale: number;
  readonly ascent: number;
  readonly descent: number;

  private constructor(private readonly font: Font) {
    this.postScriptName = (font.postscriptName || 'StampFont').replace(/[^A-Za-z0-9-]/g, '');
    this.scale = 1000 / font.unitsPerEm;
    this.ascent = Math.round(font.ascent * this.scale);
    this.descent = Math.round(font.descent * this.scale);
  }

  /** The font at `path` (default DejaVu Serif), parsed once per process. */
  static load(path: string = defaultFontPath()): StampFont {
    let f = StampFont.byPath.get(path);
    if (f === undefined) {
      let font: Font;
      try {
        font = fontkit.create(readFileSync(path));
      } catch (cause) {
        throw new SignError(
          'FONT_UNSUPPORTED',
          { vi: `Không đọc được phông chữ ${path}`, en: `Cannot read the font ${path}` },
          { cause },
        );
      }
      if (!('glyphForCodePoint' in font)) {
        throw new SignError('FONT_UNSUPPORTED', {
          vi: `Tệp ${path} không phải là một phông TrueType`,
          en: `${path} is not a single TrueType font`,
        });
      }
      f = new StampFont(font);
      StampFont.byPath.set(path, f);
    }
    return f;
  }

  /** Width of `text` at `size` points (no kerning: stamps are short lines). */
  widthOf(text: string, size: number): number {
    let w = 0;
    for (const ch of text.normalize('NFC')) w += this.glyph(ch).advanceWidth * this.scale;
    return (w * size) / 1000;
  }

  /**
   * Embed the font for `texts` into `update` (new objects) and return the Type0 font's reference
   * together with a shaper that turns each of those texts into CIDs.
   */
  async embed(update: IncrementalUpdate, texts: readonly string[]): Promise<EmbeddedStampFont> {
    const subset = await this.subsetFor(texts);
    const fontFile = update.add(
      new PdfStream(
        new PdfDict({ Filter: PdfName.of('FlateDecode'), Length1: PdfNumber.of(subset.length1) }),
        subset.fontFile,
      ),
    );
    const bbox = this.font.bbox;
    const descriptor = update.add(
      new PdfDict({
        Type: PdfName.of('FontDescriptor'),
        FontName: PdfName.of(`${subset.tag}+${this.postScriptName}`),
        Flags: PdfNumber.of(6), // §9.8.2: Serif + Symbolic (glyphs outside the standard Latin set)
        FontBBox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) =>
          PdfNumber.of(Math.round(v * this.scale)),
        ),
        ItalicAngle: PdfNumber.of(0),
        Ascent: PdfNumber.of(this.ascent),
        Descent: PdfNumber.of(this.descent),
        CapHeight: PdfNumber.of(Math.round((this.font.capHeight || this.font.ascent) * this.scale)),
        StemV: PdfNumber.of(80),
        FontFile2: fontFile,
      }),
    );
    const w: (PdfNumber | PdfNumber[])[] = [];
    for (const [cid, width] of [...subset.widths].sort((a, b) => a[0] - b[0])) {
      w.push(PdfNumber.of(cid), [PdfNumber.of(width)]);
    }
    const cidFont = update.add(
      new PdfDict({
        Type: PdfName.of('Font'),
        Subtype: PdfName.of('CIDFontType2'),
        BaseFont: PdfName.of(`${subset.tag}+${this.postScriptName}`),
        CIDSystemInfo: new PdfDict({
          Registry: PdfString.fromText('Adobe'),
          Ordering: PdfString.fromText('Identity'),
          Supplement: PdfNumber.of(0),
        }),
        FontDescriptor: descriptor,
        DW: PdfNumber.of(1000),
        W: w,
        CIDToGIDMap: PdfName.of('Identity'),
      }),
    );
    const toUnicode = update.add(
      new PdfStream(new PdfDict({ Filter: PdfName.of('FlateDecode') }), subset.toUnicode),
    );
    const ref = update.add(
      new PdfDict({
        Type: PdfName.of('Font'),
        Subtype: PdfName.of('Type0'),
        BaseFont: PdfName.of(`${subset.tag}+${this.postScriptName}`),
        Encoding: PdfName.of('Identity-H'),
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
    return new EmbeddedStampFont(ref, this, subset);
  }

  /** Start subsetting the repertoire ahead of the first signature (e.g. when a profile is loaded). */
  warmUp(): Promise<void> {
    return this.subsetFor([]).then(() => undefined);
  }

  glyph(ch: string): Glyph {
    const cp = ch.codePointAt(0)!;
    const g = this.font.glyphForCodePoint(cp);
    if (g === undefined || (g.id === 0 && cp > 0x20)) {
      throw new SignError(
        'FONT_UNSUPPORTED',
        {
          vi: `Phông chữ ${this.postScriptName} không có ký tự “${ch}”`,
          en: `The font ${this.postScriptName} has no glyph for U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
        },
        { details: { codePoint: cp } },
      );
    }
    return g;
  }

  private subsetFor(texts: readonly string[]): Promise<Subset> {
    const chars = new Set<string>();
    for (const t of texts) for (const ch of t.normalize('NFC')) if (!REPERTOIRE.includes(ch)) chars.add(ch);
    const key = [...chars].sort().join('');
    let p = this.subsets.get(key);
    if (p === undefined) {
      p = this.buildSubset(REPERTOIRE + key);
      p.catch(() => this.subsets.delete(key));
      this.subsets.set(key, p);
    }
    return p;
  }

  private async buildSubset(chars: string): Promise<Subset> {
    const subset = this.font.createSubset();
    const cids = new Map<number, number>();
    const widths = new Map<number, number>([
      [0, Math.round(this.font.getGlyph(0).advanceWidth * this.scale)],
    ]);
    subset.includeGlyph(0);
    for (const ch of chars) {
      const cp = ch.codePointAt(0)!;
      const g = this.font.glyphForCodePoint(cp);
      if (g === undefined || g.id === 0) continue; // a repertoire character this font lacks
      const cid = subset.includeGlyph(g);
      cids.set(cp, cid);
      widths.set(cid, Math.round(g.advanceWidth * this.scale));
    }
    const program = await new Promise<Buffer>((resolve, reject) => {
      const parts: Uint8Array[] = [];
      const stream = subset.encodeStream() as unknown as {
        on(e: string, cb: (x: never) => void): unknown;
      };
      stream.on('data', (d: Uint8Array) => parts.push(d));
      stream.on('end', () => resolve(Buffer.concat(parts)));
      stream.on('error', (e: unknown) => reject(e));
    });
    // Subset tag (§9.9.2): six capital letters derived from the content, stable across runs.
    let h = 0;
    for (const cp of cids.keys()) h = (h * 31 + cp) >>> 0;
    let tag = '';
    for (let i = 0; i < 6; i++) {
      tag += String.fromCharCode(65 + (h % 26));
      h = Math.floor(h / 26) + i * 7;
    }
    return {
      fontFile: zlib.deflateSync(program),
      length1: program.length,
      cids,
      widths,
      toUnicode: zlib.deflateSync(Buffer.from(toUnicodeCMap(cids), 'latin1')),
      tag,
    };
  }
}

/** The font as embedded in one update: its reference and the CID encoding of its subset. */
export class EmbeddedStampFont {
  constructor(
    readonly ref: PdfRef,
    readonly font: StampFont,
    private readonly subset: Subset,
  ) {}

  /** CIDs of `text` as a hex string for `<…> Tj`, and its width at 1 pt. */
  shape(text: string): ShapedText {
    let hex = '';
    let width = 0;
    for (const ch of text.normalize('NFC')) {
      const cid = this.subset.cids.get(ch.codePointAt(0)!);
      if (cid === undefined) this.font.glyph(ch); // throws FONT_UNSUPPORTED for a missing glyph
      const c = cid ?? 0;
      hex += c.toString(16).padStart(4, '0');
      width += this.subset.widths.get(c) ?? 0;
    }
    return { hex, width: width / 1000 };
  }
}

/** A ToUnicode CMap (§9.10.3, Adobe Technical Note #5411) mapping each CID to its code point. */
function toUnicodeCMap(cids: ReadonlyMap<number, number>): string {
  const pairs = [...cids].map(([cp, cid]) => {
    const u =
      cp > 0xffff
        ? Buffer.from(String.fromCodePoint(cp), 'utf16le').swap16().toString('hex')
        : cp.toString(16).padStart(4, '0');
    return `<${cid.toString(16).padStart(4, '0')}> <${u}>`;
  });
  let body = '';
  for (let i = 0; i < pairs.length; i += 100) {
    const chunk = pairs.slice(i, i + 100);
    body += `${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar\n`;
  }
  return (
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
    '/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
    body +
    'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n'
  );
}
