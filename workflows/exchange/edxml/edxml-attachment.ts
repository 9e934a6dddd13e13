import zlib from 'node:zlib';
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
  return zipOne(content, entryName.replace(/[^\w.-]+/g, '_').slice(-100) || 'file', at).toString('base64');
}

/**
 * A ZIP archive with one deflated entry (APPNOTE 6.3.x §4.3: local header, data, central directory, end
 * record), deflated by zlib (level 1: PDFs are mostly compressed streams already). Names are ASCII.
 */
function zipOne(content: Buffer, name: string, at: Date): Buffer {
  const data = zlib.deflateRawSync(content, { level: 1 });
  const crc = zlib.crc32(content);
  const file = Buffer.from(name, 'ascii');
  // MS-DOS date and time (local fields, here the UTC ones); DOS dates start in 1980.
  const d = at.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : at;
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  if (content.length >= 0xffffffff || data.length >= 0xffffffff)
    throw EdxmlError.tooLarge('attachment', 0xfffffffe);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(ZIP_LOCAL, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0, 6); // flags
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(file.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(ZIP_CENTRAL, 0);
  central.writeUInt16LE(20, 4); // made by
  central.writeUInt16LE(20, 6); // needed
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(time, 12);
  central.writeUInt16LE(date, 14);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(file.length, 28);
  // extra, comment, disk, internal and external attributes, local header offset 0: already zero
  const cdOffset = 30 + file.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(ZIP_END, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + file.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, file, data, central, file, end]);
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
