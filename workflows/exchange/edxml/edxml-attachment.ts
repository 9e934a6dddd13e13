import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { EdxmlError } from './edxml-error';

/**
 * Attachment transfer encoding. QCVN 102:2016 carries every file of a package in
 * `Attachment/ContentTransferEncoded` as base64 of a ZIP archive holding the file (the national SDKs
 * compress each file into its own ZIP before encoding); `ContentType` names the type of the file itself
 * (application/pdf), not of the ZIP. This server writes one ZIP per file with one deflated entry, and
 * reads exactly that: a single-entry ZIP (stored or deflated), no encryption, no ZIP64, with the
 * uncompressed size bounded before inflating and the CRC-32 and size checked after. For interoperability a
 * PDF sent without the ZIP wrapper (base64 of the PDF itself) is accepted too.
 */
export function encodeEdxmlAttachment(content: Buffer, entryName: string, at: Date): string {
  const name = entryName.replace(/[^\w.-]+/g, '_').slice(-100) || 'file';
  // DOS dates start in 1980; level 1: PDFs are mostly compressed streams already.
  const mtime = at.getUTCFullYear() < 1980 ? new Date('1980-01-01T00:00:00Z') : at;
  const zip = zipSync({ [name]: [content, { level: 1, mtime }] });
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/** Decodes `ContentTransferEncoded` into the file's bytes; EDXML_ATTACHMENT_INVALID / EDXML_TOO_LARGE. */
export function decodeEdxmlAttachment(text: string, contentType: string, maxBytes: number): Buffer {
  const b64 = text.replace(/[\r\n\t ]+/g, '');
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) throw EdxmlError.attachment('not base64');
  if ((b64.length / 4) * 3 > maxBytes * 1.05 + 1024 * 1024) throw EdxmlError.tooLarge('attachment', maxBytes);
  const raw = Buffer.from(b64, 'base64');
  if (raw.length >= 4 && raw.readUInt32LE(0) === ZIP_LOCAL) return unzipOne(raw, maxBytes);
  if (contentType.toLowerCase() === 'application/pdf' && raw.subarray(0, 1024).includes('%PDF-')) {
    if (raw.length > maxBytes) throw EdxmlError.tooLarge('attachment', maxBytes);
    return raw;
  }
  throw EdxmlError.attachment('the content is not a ZIP archive');
}

/** The one file of a single-entry ZIP (APPNOTE 6.3.x §4.3), bounded by `maxBytes`. */
function unzipOne(zip: Buffer, maxBytes: number): Buffer {
  // End of central directory: within the last 65,557 bytes (22 + the longest comment).
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw EdxmlError.attachment('ZIP without an end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  const cdSize = zip.readUInt32LE(end + 12);
  const cdOffset = zip.readUInt32LE(end + 16);
  if (entries !== 1) throw EdxmlError.attachment('the ZIP must hold exactly one file', { entries });
  if (cdOffset + 46 > zip.length || cdOffset + cdSize > end || zip.readUInt32LE(cdOffset) !== ZIP_CENTRAL) {
    throw EdxmlError.attachment('broken ZIP central directory');
  }
  const flags = zip.readUInt16LE(cdOffset + 8);
  const method = zip.readUInt16LE(cdOffset + 10);
  const crc = zip.readUInt32LE(cdOffset + 16);
  const compressedSize = zip.readUInt32LE(cdOffset + 20);
  const size = zip.readUInt32LE(cdOffset + 24);
  const localOffset = zip.readUInt32LE(cdOffset + 42);
  if (flags & 0x1) throw EdxmlError.attachment('encrypted ZIP entries are not accepted');
  if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
    throw EdxmlError.attachment('ZIP64 is not accepted');
  }
  if (method !== 0 && method !== 8) throw EdxmlError.attachment('unsupported ZIP compression', { method });
  if (size > maxBytes) throw EdxmlError.tooLarge('attachment', maxBytes);
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== ZIP_LOCAL) {
    throw EdxmlError.attachment('broken ZIP local header');
  }
  const dataStart =
    localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  if (dataStart + compressedSize > cdOffset) throw EdxmlError.attachment('ZIP entry overruns the archive');
  const data = zip.subarray(dataStart, dataStart + compressedSize);
  let out: Buffer;
  if (method === 0) out = Buffer.from(data);
  else {
    try {
      out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
    } catch (e) {
      throw EdxmlError.attachment('the ZIP entry does not inflate to its declared size', undefined, e);
    }
  }
  if (out.length !== size || zlib.crc32(out) !== crc) {
    throw EdxmlError.attachment('the ZIP entry does not match its size and CRC-32');
  }
  return out;
}
