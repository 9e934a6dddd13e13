import { SigningError } from './signing-error';

/** Pixel bounds of a stamp image's sides (docs/signing-service.md "Stamp images"). */
export const STAMP_IMAGE_MIN_SIDE = 150;
export const STAMP_IMAGE_MAX_SIDE = 2000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What a PNG's header and chunks say about it, read by hand (no image library). */
export interface PngFacts {
  readonly width: number;
  readonly height: number;
  /** IHDR colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  readonly colourType: number;
  /** A tRNS chunk came before the first IDAT. */
  readonly hasTrns: boolean;
}

/** Reads IHDR and looks for tRNS; null when the bytes are not a well-formed PNG header. */
export function readPngFacts(bytes: Buffer): PngFacts | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  let offset = 8;
  let ihdr: Buffer | null = null;
  let hasTrns = false;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) return null;
    if (ihdr === null && type !== 'IHDR') return null; // IHDR must come first
    if (type === 'IHDR') {
      if (length !== 13) return null;
      ihdr = bytes.subarray(offset + 8, offset + 8 + length);
    } else if (type === 'tRNS') hasTrns = true;
    else if (type === 'IDAT' || type === 'IEND') break; // tRNS must precede IDAT
    offset = end;
  }
  if (!ihdr) return null;
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    colourType: ihdr[9],
    hasTrns,
  };
}

/** A PNG lets the text show through when it has an alpha channel (colour type 4 or 6) or a tRNS chunk. */
export function pngIsTransparent(f: PngFacts): boolean {
  return f.colourType === 4 || f.colourType === 6 || f.hasTrns;
}

/**
 * Refuses a stamp image the page would print badly: a PNG without transparency (the seal would cover
 * the text under it; SIGNING_IMAGE_NOT_TRANSPARENT) and a side outside
 * STAMP_IMAGE_MIN_SIDE..STAMP_IMAGE_MAX_SIDE pixels (SIGNING_IMAGE_DIMENSIONS), with the measured values.
 * A PNG's size comes from its IHDR, so this runs before any pixel is inflated; a JPEG's `size` is the
 * one the stamp engine decoded from its frame header.
 */
export function checkStampImage(
  type: 'image/png' | 'image/jpeg',
  bytes: Buffer,
  jpegSize?: { readonly width: number; readonly height: number },
): void {
  let size = jpegSize;
  if (type === 'image/png') {
    const facts = readPngFacts(bytes);
    if (!facts) throw SigningError.imageInvalid();
    if (!pngIsTransparent(facts)) throw SigningError.imageNotTransparent(facts.colourType);
    size = facts;
  }
  if (!size) throw SigningError.imageInvalid();
  const { width, height } = size;
  if (
    width < STAMP_IMAGE_MIN_SIDE ||
    height < STAMP_IMAGE_MIN_SIDE ||
    width > STAMP_IMAGE_MAX_SIDE ||
    height > STAMP_IMAGE_MAX_SIDE
  )
    throw SigningError.imageDimensions(width, height, STAMP_IMAGE_MIN_SIDE, STAMP_IMAGE_MAX_SIDE);
}
