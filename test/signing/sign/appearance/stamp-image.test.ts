import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { expect } from 'chai';
import { IncrementalUpdate, PdfDict, PdfReader, PdfRef, PdfStream } from '../../../../signing/pdf';
import { StampImage } from '../../../../signing/sign/appearance/stamp-image';
import { tempDir } from '../../pki/dev-pki-fixture';

/** A PNG encoder for tests: any colour type at 8 bits, each row with the given filter type. */
function png(
  width: number,
  height: number,
  colorType: number,
  pixels: Buffer,
  opts: { filter?: number; plte?: Buffer; trns?: Buffer } = {},
): Buffer {
  const bpp = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType]!;
  const stride = width * bpp;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const f = opts.filter ?? y % 5; // every filter type in turn
    raw[y * (stride + 1)] = f;
    for (let x = 0; x < stride; x++) {
      const cur = pixels[y * stride + x];
      const a = x >= bpp ? pixels[y * stride + x - bpp] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp] : 0;
      const p = a + b - c;
      const pred = [
        0,
        a,
        b,
        (a + b) >> 1,
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c,
      ][f];
      raw[y * (stride + 1) + 1 + x] = (cur - pred) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]); // CRC unchecked by readers here
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(opts.plte ? [chunk('PLTE', opts.plte)] : []),
    ...(opts.trns ? [chunk('tRNS', opts.trns)] : []),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Add the image to an update on a minimal file and read back the image and mask streams decoded. */
function embed(image: StampImage): { dict: PdfDict; data: Buffer; mask?: Buffer; maskDict?: PdfDict } {
  const reader = PdfReader.open(path.join(__dirname, '../../../fixtures/corpus/pyhanko/minimal.pdf'));
  const update = new IncrementalUpdate(reader);
  const ref = image.addTo(update);
  const out = PdfReader.open(update.toBuffer().data);
  const s = out.getObject(ref) as PdfStream;
  const maskRef = s.dict.get('SMask') as PdfRef | undefined;
  const m = maskRef ? (out.getObject(maskRef) as PdfStream) : undefined;
  return {
    dict: s.dict,
    data: out.decodeStream(s),
    mask: m ? out.decodeStream(m) : undefined,
    maskDict: m?.dict,
  };
}

const pattern = (n: number, seed: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + seed * 11 + ((i * i) >> 3)) & 0xff));

describe('StampImage', () => {
  const dir = tempDir('images');

  it('splits RGBA into an RGB image and a soft mask, undoing every PNG row filter', () => {
    const [w, h] = [13, 11];
    const rgba = pattern(w * h * 4, 1);
    const e = embed(StampImage.from(png(w, h, 6, rgba)));
    const rgb = Buffer.alloc(w * h * 3);
    const alpha = Buffer.alloc(w * h);
    for (let i = 0; i < w * h; i++) {
      rgba.copy(rgb, i * 3, i * 4, i * 4 + 3);
      alpha[i] = rgba[i * 4 + 3];
    }
    expect(e.dict.getName('ColorSpace')).to.equal('DeviceRGB');
    expect(e.data.equals(rgb)).to.equal(true);
    expect(e.mask!.equals(alpha)).to.equal(true);
    expect(e.maskDict!.getName('ColorSpace')).to.equal('DeviceGray');
  });

  it('splits grey + alpha', () => {
    const [w, h] = [7, 9];
    const ga = pattern(w * h * 2, 2);
    const e = embed(StampImage.from(png(w, h, 4, ga)));
    expect(e.dict.getName('ColorSpace')).to.equal('DeviceGray');
    expect(e.data.equals(Buffer.from(ga.filter((_, i) => i % 2 === 0)))).to.equal(true);
    expect(e.mask!.equals(Buffer.from(ga.filter((_, i) => i % 2 === 1)))).to.equal(true);
  });

  it('expands a palette with transparency to RGB with a mask', () => {
    const plte = Buffer.from([255, 0, 0, 0, 0, 255, 10, 20, 30]);
    const trns = Buffer.from([0, 128]); // index 2 is opaque (missing from tRNS)
    const idx = Buffer.from(Array.from({ length: 20 }, (_, i) => i % 3));
    const e = embed(StampImage.from(png(5, 4, 3, idx, { plte, trns })));
    expect([...e.data.subarray(0, 9)]).to.deep.equal([255, 0, 0, 0, 0, 255, 10, 20, 30]);
    expect([...e.mask!.subarray(0, 3)]).to.deep.equal([0, 128, 255]);
  });

  it('passes an opaque RGB PNG through with the PNG predictor, decoding to the same pixels', () => {
    const [w, h] = [6, 5];
    const rgb = pattern(w * h * 3, 3);
    const e = embed(StampImage.from(png(w, h, 2, rgb)));
    expect(e.dict.get('SMask')).to.equal(undefined);
    expect((e.dict.get('DecodeParms') as PdfDict).getNumber('Predictor')).to.equal(15);
    expect(e.data.equals(rgb)).to.equal(true);
  });

  it('passes a JPEG through as DCTDecode with its size from the frame header', () => {
    // A JPEG made by poppler from a rendered page.
    const pdf = path.join(dir, 'src.pdf');
    execFileSync('cp', [path.join(__dirname, '../../../fixtures/corpus/pyhanko/minimal.pdf'), pdf]);
    execFileSync('pdftoppm', ['-jpeg', '-r', '10', '-singlefile', pdf, path.join(dir, 'page')]);
    const jpg = readFileSync(path.join(dir, 'page.jpg'));
    const img = StampImage.from(jpg);
    const reader = PdfReader.open(path.join(__dirname, '../../../fixtures/corpus/pyhanko/minimal.pdf'));
    const update = new IncrementalUpdate(reader);
    const ref = img.addTo(update);
    const s = PdfReader.open(update.toBuffer().data).getObject(ref) as PdfStream;
    expect(s.dict.getName('Filter')).to.equal('DCTDecode');
    expect(s.encodedBytes().equals(jpg)).to.equal(true);
    // minimal.pdf is 300 × 144 pt: at 10 dpi pdftoppm makes 42 × 20 pixels.
    expect([img.width, img.height]).to.deep.equal([Math.ceil((300 * 10) / 72), Math.ceil((144 * 10) / 72)]);
  });

  it('refuses what it cannot embed with IMAGE_UNSUPPORTED', () => {
    expect(() => StampImage.from(Buffer.from('GIF89a...')))
      .to.throw()
      .with.property('code', 'IMAGE_UNSUPPORTED');
    const interlaced = png(2, 2, 6, pattern(16, 4));
    interlaced[8 + 8 + 12] = 1; // IHDR interlace method
    expect(() => StampImage.from(interlaced))
      .to.throw()
      .with.property('code', 'IMAGE_UNSUPPORTED');
  });

  it('fits an image into a box keeping its aspect ratio, centred', () => {
    const img = StampImage.from(png(200, 100, 2, pattern(200 * 100 * 3, 5)));
    expect(img.fit(0, 0, 100, 100)).to.deep.equal([0, 25, 100, 50]);
  });
});
