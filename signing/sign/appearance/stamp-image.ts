/**
 * Raster images for stamps as image XObjects, ISO 32000-2 §8.9.5: PNG (ISO/IEC 15948) through
 * FlateDecode with the PNG predictors (§7.4.4.4) — the IDAT data passes through untouched when the
 * image has no alpha — and with an alpha channel or a transparent palette split into the colour
 * image and a /SMask soft mask (§11.6.5.3); JPEG passes through as DCTDecode (§7.4.8).
 */
import * as zlib from 'node:zlib';
import {
  IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfValue,
} from '../../pdf';
import { SignError } from '../sign-error';

export class StampImage {
  private static readonly cache = new WeakMap<Buffer, StampImage>();

  private constructor(
    readonly width: number,
    readonly height: number,
    private readonly image: { dict: Record<string, PdfValue>; data: Buffer },
    private readonly mask: { dict: Record<string, PdfValue>; data: Buffer } | undefined,
  ) {}

  /** Decode the headers of a PNG or JPEG file once (cached per Buffer). IMAGE_UNSUPPORTED otherwise. */
  static from(bytes: Buffer): StampImage {
    let img = StampImage.cache.get(bytes);
    if (img === undefined) {
      if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) img = fromPng(bytes);
      else if (bytes[0] === 0xff && bytes[1] === 0xd8) img = fromJpeg(bytes);
      else throw unsupported('not a PNG or JPEG file');
      StampImage.cache.set(bytes, img);
    }
    return img;
  }

  /** Add the image (and its soft mask) to `update`; returns the image XObject's reference. */
  addTo(update: IncrementalUpdate): PdfRef {
    const dict = new PdfDict({
      Type: PdfName.of('XObject'),
      Subtype: PdfName.of('Image'),
      Width: PdfNumber.of(this.width),
      Height: PdfNumber.of(this.height),
      ...this.image.dict,
    });
    if (this.mask !== undefined) {
      dict.set(
        'SMask',
        update.add(
          new PdfStream(
            new PdfDict({
              Type: PdfName.of('XObject'),
              Subtype: PdfName.of('Image'),
              Width: PdfNumber.of(this.width),
              Height: PdfNumber.of(this.height),
              ...this.mask.dict,
            }),
            this.mask.data,
          ),
        ),
      );
    }
    return update.add(new PdfStream(dict, this.image.data));
  }

  /** The largest box of this image's aspect ratio inside `w` × `h`, centred: [x, y, width, height]. */
  fit(x: number, y: number, w: number, h: number): [number, number, number, number] {
    const s = Math.min(w / this.width, h / this.height);
    const iw = this.width * s;
    const ih = this.height * s;
    return [x + (w - iw) / 2, y + (h - ih) / 2, iw, ih];
  }

  /** For tests: the constructor is private; this is how a StampImage is built by the decoders. */
  static create(
    width: number,
    height: number,
    image: { dict: Record<string, PdfValue>; data: Buffer },
    mask?: { dict: Record<string, PdfValue>; data: Buffer },
  ): StampImage {
    return new StampImage(width, height, image, mask);
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function unsupported(en: string, vi = en): SignError {
  return new SignError('IMAGE_UNSUPPORTED', {
    vi: `Ảnh không dùng được: ${vi}`,
    en: `Unsupported image: ${en}`,
  });
}

/** PNG: chunks per ISO/IEC 15948 §5; only what a stamp needs (no interlacing, no 16-bit palettes). */
function fromPng(png: Buffer): StampImage {
  let pos = 8;
  let ihdr: Buffer | undefined;
  let plte: Buffer | undefined;
  let trns: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos + 8 <= png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (data.length !== len) throw unsupported('truncated PNG chunk');
    if (type === 'IHDR') ihdr = data;
    else if (type === 'PLTE') plte = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (ihdr === undefined || ihdr.length < 13 || idat.length === 0)
    throw unsupported('PNG without IHDR or IDAT');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const depth = ihdr[8];
  const colorType = ihdr[9];
  if (ihdr[12] !== 0) throw unsupported('interlaced PNG', 'PNG xen kẽ (interlaced)');
  if (width === 0 || height === 0 || width * height > 40_000_000) throw unsupported('PNG dimensions');
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (channels === undefined) throw unsupported(`PNG colour type ${colorType}`);
  const data = Buffer.concat(idat);
  const colorSpace = (n: number): PdfValue => PdfName.of(n === 1 ? 'DeviceGray' : 'DeviceRGB');
  const predictor = (colors: number, bpc: number) =>
    new PdfDict({
      Predictor: PdfNumber.of(15),
      Colors: PdfNumber.of(colors),
      BitsPerComponent: PdfNumber.of(bpc),
      Columns: PdfNumber.of(width),
    });

  if ((colorType === 0 || colorType === 2 || colorType === 3) && (trns === undefined || colorType !== 3)) {
    // No alpha channel: the zlib stream with its per-row filters is a valid Flate + PNG predictor stream.
    const cs: PdfValue =
      colorType === 3
        ? [
            PdfName.of('Indexed'),
            PdfName.of('DeviceRGB'),
            PdfNumber.of((plte?.length ?? 3) / 3 - 1),
            new PdfString(plte ?? Buffer.alloc(3), true),
          ]
        : colorSpace(channels);
    if (colorType === 3 && plte === undefined) throw unsupported('palette PNG without PLTE');
    return StampImage.create(width, height, {
      dict: {
        ColorSpace: cs,
        BitsPerComponent: PdfNumber.of(depth),
        Filter: PdfName.of('FlateDecode'),
        DecodeParms: predictor(colorType === 3 ? 1 : channels, depth),
      },
      data,
    });
  }
  if (depth !== 8) throw unsupported(`PNG with alpha at ${depth} bits per sample`);
  let raw: Buffer;
  try {
    raw = zlib.inflateSync(data, { maxOutputLength: 256 * 1024 * 1024 });
  } catch (cause) {
    throw new SignError('IMAGE_UNSUPPORTED', { vi: 'Ảnh PNG bị hỏng', en: 'Corrupt PNG data' }, { cause });
  }
  const pixels = unfilter(raw, width, height, channels);
  const n = width * height;
  if (colorType === 3) {
    // Palette with transparency: expand to RGB + alpha.
    const pal = plte!;
    const rgb = Buffer.alloc(n * 3);
    const alpha = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      const idx = pixels[i];
      pal.copy(rgb, i * 3, idx * 3, idx * 3 + 3);
      alpha[i] = idx < trns!.length ? trns![idx] : 255;
    }
    return withMask(width, height, rgb, 3, alpha);
  }
  const colors = channels - 1;
  const color = Buffer.alloc(n * colors);
  const alpha = Buffer.alloc(n);
  for (let i = 0, c = 0; i < n; i++) {
    for (let k = 0; k < colors; k++) color[c++] = pixels[i * channels + k];
    alpha[i] = pixels[i * channels + colors];
  }
  return withMask(width, height, color, colors, alpha);
}

function withMask(width: number, height: number, color: Buffer, colors: number, alpha: Buffer): StampImage {
  return StampImage.create(
    width,
    height,
    {
      dict: {
        ColorSpace: PdfName.of(colors === 1 ? 'DeviceGray' : 'DeviceRGB'),
        BitsPerComponent: PdfNumber.of(8),
        Filter: PdfName.of('FlateDecode'),
      },
      data: zlib.deflateSync(color),
    },
    {
      dict: {
        ColorSpace: PdfName.of('DeviceGray'),
        BitsPerComponent: PdfNumber.of(8),
        Filter: PdfName.of('FlateDecode'),
      },
      data: zlib.deflateSync(alpha),
    },
  );
}

/** Reverse the PNG row filters (ISO/IEC 15948 §9.2) for 8-bit samples. */
function unfilter(raw: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) throw unsupported('PNG data shorter than its dimensions');
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[dst + x - bpp] : 0;
      const b = y > 0 ? out[dst - stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[dst - stride + x - bpp] : 0;
      let v = raw[src + x];
      if (type === 1) v += a;
      else if (type === 2) v += b;
      else if (type === 3) v += (a + b) >> 1;
      else if (type === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (type !== 0) throw unsupported(`PNG filter type ${type}`);
      out[dst + x] = v & 0xff;
    }
  }
  return out;
}

/** JPEG (ITU-T T.81): the frame header gives size and components; the data is DCTDecode as is. */
function fromJpeg(jpg: Buffer): StampImage {
  let pos = 2;
  while (pos + 4 <= jpg.length) {
    if (jpg[pos] !== 0xff) throw unsupported('corrupt JPEG marker');
    const marker = jpg[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    }
    const len = jpg.readUInt16BE(pos + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = jpg.readUInt16BE(pos + 5);
      const width = jpg.readUInt16BE(pos + 7);
      const components = jpg[pos + 9];
      const cs =
        components === 1
          ? 'DeviceGray'
          : components === 3
            ? 'DeviceRGB'
            : components === 4
              ? 'DeviceCMYK'
              : undefined;
      if (cs === undefined || width === 0 || height === 0) throw unsupported('JPEG frame header');
      const dict: Record<string, PdfValue> = {
        ColorSpace: PdfName.of(cs),
        BitsPerComponent: PdfNumber.of(8),
        Filter: PdfName.of('DCTDecode'),
      };
      // Adobe CMYK JPEGs store inverted samples.
      if (components === 4) dict.Decode = [1, 0, 1, 0, 1, 0, 1, 0].map((v) => PdfNumber.of(v));
      return StampImage.create(width, height, { dict, data: jpg });
    }
    pos += 2 + len;
  }
  throw unsupported('JPEG without a frame header');
}
