/**
 * Default stamp images drawn in code, so the development PKI and the tests need no binary assets:
 * a red round seal and a blue handwritten-looking signature, both RGBA PNGs with transparent
 * backgrounds (Decree 30/2020/ND-CP Appendix I asks for .png with a transparent background).
 */
import * as zlib from 'node:zlib';

type Rgb = readonly [number, number, number];

class Canvas {
  readonly rgba: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgba = Buffer.alloc(width * height * 4);
  }

  /** Paint with coverage `a` (0..1), keeping the strongest coverage so strokes do not darken. */
  plot(x: number, y: number, color: Rgb, a: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || a <= 0) return;
    const i = (y * this.width + x) * 4;
    const alpha = Math.round(Math.min(1, a) * 255);
    if (alpha <= this.rgba[i + 3]) return;
    this.rgba[i] = color[0];
    this.rgba[i + 1] = color[1];
    this.rgba[i + 2] = color[2];
    this.rgba[i + 3] = alpha;
  }

  /** A round brush along a polyline. */
  stroke(points: readonly [number, number][], radius: number, color: Rgb): void {
    for (let k = 0; k + 1 < points.length; k++) {
      const [x0, y0] = points[k];
      const [x1, y1] = points[k + 1];
      const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
      for (let s = 0; s <= steps; s++)
        this.dot(x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps, radius, color);
    }
  }

  dot(cx: number, cy: number, r: number, color: Rgb): void {
    for (let y = Math.floor(cy - r - 1); y <= Math.ceil(cy + r + 1); y++)
      for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++)
        this.plot(x, y, color, r + 0.5 - Math.hypot(x - cx, y - cy));
  }

  ring(cx: number, cy: number, r: number, w: number, color: Rgb): void {
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) {
        const d = Math.abs(Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - r);
        this.plot(x, y, color, w / 2 + 0.5 - d);
      }
  }

  png(): Buffer {
    const stride = this.width * 4;
    const raw = Buffer.alloc(this.height * (stride + 1));
    for (let y = 0; y < this.height; y++)
      this.rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.width, 0);
    ihdr.writeUInt32BE(this.height, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', zlib.deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  let c = 0xffffffff;
  for (const b of [...head.subarray(4), ...data]) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((c ^ 0xffffffff) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A red round seal (two rings, a dotted band and a five-pointed star), `size` pixels square. */
export function drawSealPng(size = 300): Buffer {
  const c = new Canvas(size, size);
  const red: Rgb = [218, 30, 40];
  const m = size / 2;
  c.ring(m, m, m * 0.94, size * 0.03, red);
  c.ring(m, m, m * 0.66, size * 0.015, red);
  // the lettering band: short radial dashes standing in for the unit's name
  for (let k = 0; k < 48; k++) {
    const t = (k / 48) * 2 * Math.PI;
    const r0 = m * 0.72;
    const r1 = m * 0.86;
    c.stroke(
      [
        [m + r0 * Math.cos(t), m + r0 * Math.sin(t)],
        [m + r1 * Math.cos(t + 0.03), m + r1 * Math.sin(t + 0.03)],
      ],
      size * 0.008,
      red,
    );
  }
  // star, filled by drawing its outline with a thick brush and scan-filling the inside
  const star: [number, number][] = [];
  for (let k = 0; k <= 10; k++) {
    const t = -Math.PI / 2 + (k * Math.PI) / 5;
    const r = k % 2 === 0 ? m * 0.4 : m * 0.16;
    star.push([m + r * Math.cos(t), m + r * Math.sin(t)]);
  }
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (inside(star, x + 0.5, y + 0.5)) c.plot(x, y, red, 1);
  c.stroke(star, size * 0.005, red);
  return c.png();
}

/** A blue handwritten-looking signature, `width` × `height` pixels. */
export function drawSignaturePng(width = 360, height = 150): Buffer {
  const c = new Canvas(width, height);
  const blue: Rgb = [20, 50, 170];
  const pts: [number, number][] = [];
  for (let i = 0; i <= 400; i++) {
    const t = i / 400;
    const x = width * (0.06 + 0.86 * t) + Math.sin(t * 31) * width * 0.035;
    const y = height * (0.55 - 0.25 * Math.sin(t * 9.5) * (1 - t * 0.5)) + Math.cos(t * 31) * height * 0.12;
    pts.push([x, y]);
  }
  c.stroke(pts, Math.max(1.5, height * 0.017), blue);
  c.stroke(
    [
      [width * 0.1, height * 0.8],
      [width * 0.55, height * 0.72],
      [width * 0.92, height * 0.78],
    ],
    Math.max(1.2, height * 0.012),
    blue,
  );
  return c.png();
}

function inside(poly: readonly [number, number][], x: number, y: number): boolean {
  let r = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) r = !r;
  }
  return r;
}
