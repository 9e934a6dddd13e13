import zlib from 'node:zlib';
import { EdxmlError } from './edxml-error';

/**
 * How a file travels in `Attachment/ContentTransferEncoded`:
 * - `sdk` (the national SDKs' convention, the default): PDF, Word and Excel files as plain base64 of the
 *   file, with their own content type; any other file zipped (one entry) with `ContentType`
 *   `application/zip`. This is what the VNPT EdXML102 SDK and the Bkav eDoc SDK write (their builders
 *   attach office formats as they are and compress the rest; the public truclienthong sample carries a
 *   `.doc` as `application/zip`), and what their parsers read back.
 * - `zip`: every file as base64 of a one-entry ZIP, `ContentType` the file's own type (what this server
 *   wrote before; still read).
 * Content types are taken from the bytes (fileContentType), never from the display name.
 */
export type EdxmlAttachmentConvention = 'sdk' | 'zip';

/** The encoded form of one file: the base64 text and the `ContentType` to declare. */
export function encodeEdxmlAttachment(
  content: Buffer,
  name: string,
  at: Date,
  convention: EdxmlAttachmentConvention = 'sdk',
): { readonly text: string; readonly contentType: string } {
  const type = fileContentType(content, name);
  if (convention === 'sdk' && PLAIN_TYPES.has(type))
    return { text: content.toString('base64'), contentType: type };
  return {
    text: zipOne(content, zipEntryName(name), at).toString('base64'),
    contentType: convention === 'sdk' ? 'application/zip' : type,
  };
}

/** Sent as plain base64 by the SDK convention: PDF, Word, Excel (old and OOXML formats). */
const PLAIN_TYPES = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

/** A ZIP entry name: the file's own name (UTF-8, flagged), without directories or control characters. */
function zipEntryName(name: string): string {
  const base = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[\\/]/)
    .pop()!
    .normalize('NFC')
    .trim();
  return base.slice(-200) || 'file';
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const BY_EXTENSION: Readonly<Record<string, string>> = {
  doc: 'application/msword',
  dot: 'application/msword',
  xls: 'application/vnd.ms-excel',
  xlt: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/**
 * The MIME type of a file from its bytes (magic numbers): PDF, the OLE2 compound file of old Word/Excel
 * (told apart by the extension, the only thing that differs on the outside), OOXML (its parts' names) and
 * ODF (its `mimetype` entry), PNG, JPEG, GIF, TIFF, RTF, XML; `application/octet-stream` otherwise.
 */
export function fileContentType(content: Buffer, name = ''): string {
  if (content.subarray(0, 8).equals(OLE2)) {
    const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase() ?? '';
    return BY_EXTENSION[ext] ?? 'application/x-ole-storage';
  }
  if (content.length >= 4 && content.readUInt32LE(0) === ZIP_LOCAL) {
    const names = zipEntryNames(content);
    const mimetype = /^mimetype/.test(content.subarray(30, 38).toString('latin1'))
      ? /^mimetype(application\/vnd\.oasis\.opendocument\.[a-z.-]+)/.exec(
          content.subarray(30, 150).toString('latin1'),
        )
      : null;
    if (mimetype) return mimetype[1]!;
    if (names.includes('[Content_Types].xml')) {
      if (names.some((n) => n.startsWith('word/')))
        return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      if (names.some((n) => n.startsWith('xl/')))
        return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      if (names.some((n) => n.startsWith('ppt/')))
        return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    }
    return 'application/zip';
  }
  // PDF: the header within the first 1024 bytes (ISO 32000-2 §7.5.2 readers' allowance), after the
  // containers whose entries could hold those bytes.
  if (content.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (content.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (/^GIF8[79]a/.test(content.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (/^(II\*\0|MM\0\*)/.test(content.subarray(0, 4).toString('latin1'))) return 'image/tiff';
  if (content.subarray(0, 5).toString('latin1') === '{\\rtf') return 'application/rtf';
  if (/^(\uFEFF)?<\?xml[\s?]/.test(content.subarray(0, 10).toString('utf8'))) return 'application/xml';
  return 'application/octet-stream';
}

/** The entry names of a ZIP's central directory (empty when it is not a readable ZIP). */
function zipEntryNames(zip: Buffer): string[] {
  const end = findEnd(zip);
  if (end < 0) return [];
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out: string[] = [];
  for (let i = 0; i < entries && i < 10_000; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== ZIP_CENTRAL) break;
    const nameLength = zip.readUInt16LE(at + 28);
    out.push(zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

function findEnd(zip: Buffer): number {
  // End of central directory: within the last 65,557 bytes (22 + the longest comment).
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === ZIP_END) return i;
  }
  return -1;
}

/**
 * A ZIP archive with one deflated entry (APPNOTE 6.3.x §4.3: local header, data, central directory, end
 * record), deflated by zlib (level 1: PDFs are mostly compressed streams already). The name is UTF-8 with
 * general purpose bit 11 set (APPNOTE §4.4.4, Appendix D), so Vietnamese names survive any unzip tool.
 */
function zipOne(content: Buffer, name: string, at: Date): Buffer {
  const data = zlib.deflateRawSync(content, { level: 1 });
  const crc = zlib.crc32(content);
  const file = Buffer.from(name, 'utf8');
  // MS-DOS date and time (local fields, here the UTC ones); DOS dates start in 1980.
  const d = at.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : at;
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  if (content.length >= 0xffffffff || data.length >= 0xffffffff)
    throw EdxmlError.tooLarge('attachment', 0xfffffffe);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(ZIP_LOCAL, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0x0800, 6); // flags: bit 11, the name is UTF-8
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
  central.writeUInt16LE(0x0800, 8);
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

/**
 * Decodes `ContentTransferEncoded` into the file's bytes and their content type (from the bytes), reading
 * both conventions: a one-entry ZIP is the transfer wrapper and is opened (whatever `ContentType` says);
 * a file that is itself a ZIP container (OOXML, ODF, a `.zip` declared `application/zip`) is kept as it is;
 * anything else is the file in plain base64. EDXML_ATTACHMENT_INVALID / EDXML_TOO_LARGE.
 */
export function decodeEdxmlAttachment(
  text: string,
  declaredType: string,
  maxBytes: number,
  name = '',
): { readonly content: Buffer; readonly contentType: string; readonly zipped: boolean } {
  const b64 = text.replace(/[\r\n\t ]+/g, '');
  if (b64.length % 4 !== 0 || !BASE64.test(b64)) throw EdxmlError.attachment('not base64');
  if ((b64.length / 4) * 3 > maxBytes * 1.05 + 1024 * 1024) throw EdxmlError.tooLarge('attachment', maxBytes);
  const raw = Buffer.from(b64, 'base64');
  if (raw.length >= 4 && raw.readUInt32LE(0) === ZIP_LOCAL) {
    const names = zipEntryNames(raw);
    const itself = fileContentType(raw, name);
    const isContainer =
      itself !== 'application/zip' ||
      (declaredType === 'application/zip' && /\.zip$/i.test(name) && names.length > 1);
    if (!isContainer || names.length <= 1) {
      const content = unzipOne(raw, maxBytes);
      return { content, contentType: fileContentType(content, name), zipped: true };
    }
    if (raw.length > maxBytes) throw EdxmlError.tooLarge('attachment', maxBytes);
    return { content: raw, contentType: itself, zipped: false };
  }
  if (raw.length > maxBytes) throw EdxmlError.tooLarge('attachment', maxBytes);
  return { content: raw, contentType: fileContentType(raw, name), zipped: false };
}

/** The one file of a single-entry ZIP (APPNOTE 6.3.x §4.3), bounded by `maxBytes`. */
function unzipOne(zip: Buffer, maxBytes: number): Buffer {
  const end = findEnd(zip);
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
