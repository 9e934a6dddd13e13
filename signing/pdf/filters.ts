/**
 * Stream filters, ISO 32000-2 §7.4: FlateDecode with PNG/TIFF predictors (§7.4.4.4), LZWDecode
 * (§7.4.4), ASCIIHexDecode (§7.4.2), ASCII85Decode (§7.4.3), RunLengthDecode (§7.4.5) and the
 * Identity crypt filter. Image-only filters (DCT, JPX, CCITTFax, JBIG2) are not decoded: the engine
 * never needs their pixels. Every decoder stops at `maxOutputBytes` (decompression bombs).
 */
import * as zlib from 'node:zlib';
import { PdfError, limitExceeded, malformed } from './errors';
import { PdfDict, PdfName, type PdfValue } from './objects';

/** Resolves indirect references inside /Filter and /DecodeParms. */
export type ValueResolver = (v: PdfValue | undefined) => PdfValue | undefined;

/** Decode `data` through the filters named in `dict` (a stream dictionary). */
export function decodeFilters(
  data: Buffer,
  dict: PdfDict,
  resolve: ValueResolver,
  maxOutputBytes: number,
  /** The stream was decrypted when read: a /Crypt filter (§7.4.10) is then already applied. */
  cryptApplied = false,
): Buffer {
  const f = resolve(dict.get('Filter'));
  const p = resolve(dict.get('DecodeParms'));
  const filters: string[] = [];
  const parms: (PdfDict | undefined)[] = [];
  if (f instanceof PdfName) {
    filters.push(f.name);
    const pr = Array.isArray(p) ? resolve(p[0]) : p;
    parms.push(pr instanceof PdfDict ? pr : undefined);
  } else if (Array.isArray(f)) {
    f.forEach((x, i) => {
      const n = resolve(x);
      if (!(n instanceof PdfName)) throw malformed('filter is not a name');
      filters.push(n.name);
      const pr = Array.isArray(p) ? resolve(p[i]) : undefined;
      parms.push(pr instanceof PdfDict ? pr : undefined);
    });
  } else if (f !== undefined && f !== null) throw malformed('/Filter is neither a name nor an array');
  let out = data;
  for (let i = 0; i < filters.length; i++) {
    if (cryptApplied && filters[i] === 'Crypt') continue;
    out = applyFilter(filters[i], out, parms[i], resolve, maxOutputBytes);
  }
  return out;
}

function applyFilter(
  name: string,
  data: Buffer,
  parms: PdfDict | undefined,
  resolve: ValueResolver,
  max: number,
): Buffer {
  switch (name) {
    case 'FlateDecode':
    case 'Fl':
      return predict(inflate(data, max), parms, resolve);
    case 'LZWDecode':
    case 'LZW': {
      const early = num(resolve(parms?.get('EarlyChange')), 1);
      return predict(lzwDecode(data, early !== 0, max), parms, resolve);
    }
    case 'ASCIIHexDecode':
    case 'AHx':
      return asciiHexDecode(data);
    case 'ASCII85Decode':
    case 'A85':
      return ascii85Decode(data, max);
    case 'RunLengthDecode':
    case 'RL':
      return runLengthDecode(data, max);
    case 'Crypt': {
      const n = resolve(parms?.get('Name'));
      if (n === undefined || (n instanceof PdfName && n.name === 'Identity')) return data;
      throw new PdfError('PDF_ENCRYPTED', {
        vi: 'Luồng dữ liệu được mã hoá bằng bộ lọc Crypt',
        en: 'Stream is encrypted with a Crypt filter',
      });
    }
    default:
      throw new PdfError(
        'PDF_UNSUPPORTED_FILTER',
        { vi: `Không hỗ trợ bộ lọc luồng /${name}`, en: `Unsupported stream filter /${name}` },
        { details: { filter: name } },
      );
  }
}

function num(v: PdfValue | undefined, dflt: number): number {
  return v !== undefined && v !== null && typeof v === 'object' && 'value' in v && typeof v.value === 'number'
    ? v.value
    : dflt;
}

/** zlib inflate; tolerant of a missing end (truncated streams are common), bounded in output. */
export function inflate(data: Buffer, max: number): Buffer {
  // Output chunks sized for the usual 3–10× ratio: fewer zlib calls and no concatenation of 16 KiB
  // pieces for object and cross-reference streams.
  const chunkSize = Math.max(16 * 1024, Math.min(data.length * 8, 1024 * 1024));
  try {
    return zlib.inflateSync(data, {
      maxOutputLength: max,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      chunkSize,
    });
  } catch (e) {
    if (e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw limitExceeded('maxDecodedStreamBytes', max);
    }
    // Some producers write raw deflate data without the zlib header.
    try {
      return zlib.inflateRawSync(data, { maxOutputLength: max, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (e2) {
      if (e2 instanceof RangeError) throw limitExceeded('maxDecodedStreamBytes', max);
      throw new PdfError(
        'PDF_MALFORMED',
        { vi: 'Luồng nén Flate bị hỏng', en: 'Corrupt Flate stream' },
        { cause: e },
      );
    }
  }
}

/** Predictors, §7.4.4.4: 1 none, 2 TIFF, 10–15 PNG (per-row filter byte). */
function predict(data: Buffer, parms: PdfDict | undefined, resolve: ValueResolver): Buffer {
  if (parms === undefined) return data;
  const predictor = num(resolve(parms.get('Predictor')), 1);
  if (predictor <= 1) return data;
  const colors = Math.max(1, num(resolve(parms.get('Colors')), 1));
  const bpc = Math.max(1, num(resolve(parms.get('BitsPerComponent')), 8));
  const columns = Math.max(1, num(resolve(parms.get('Columns')), 1));
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    if (bpc !== 8) return data; // only the common 8-bit case
    const out = Buffer.from(data);
    for (let r = 0; r + rowLen <= out.length; r += rowLen) {
      for (let i = bpp; i < rowLen; i++) out[r + i] = (out[r + i] + out[r + i - bpp]) & 0xff;
    }
    return out;
  }
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  const prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const src = r * (rowLen + 1);
    const type = data[src];
    const row = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const x = data[src + 1 + i];
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let v: number;
      switch (type) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + b; break;
        case 3: v = x + ((a + b) >> 1); break;
        case 4: {
          const pp = a + b - c;
          const pa = Math.abs(pp - a), pb = Math.abs(pp - b), pc = Math.abs(pp - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: throw malformed(`unknown PNG predictor row type ${type}`);
      } // prettier-ignore
      row[i] = v & 0xff;
    }
    row.copy(prev);
  }
  return out;
}

function asciiHexDecode(data: Buffer): Buffer {
  let s = data.toString('latin1', 0, data.length);
  const end = s.indexOf('>');
  if (end >= 0) s = s.slice(0, end);
  s = s.replace(/[\s\0]/g, '');
  if (/[^0-9A-Fa-f]/.test(s)) throw malformed('invalid character in ASCIIHexDecode data');
  return Buffer.from(s.length % 2 ? s + '0' : s, 'hex');
}

function ascii85Decode(data: Buffer, max: number): Buffer {
  let s = data.toString('latin1', 0, data.length).replace(/[\s\0]/g, '');
  if (s.startsWith('<~')) s = s.slice(2);
  const end = s.indexOf('~>');
  if (end >= 0) s = s.slice(0, end);
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number): void => {
    let v = 0;
    for (let i = 0; i < 5; i++) v = v * 85 + (i < group.length ? group[i] : 84);
    for (let i = 0; i < n - 1; i++) out.push((v >>> (24 - 8 * i)) & 0xff);
  };
  for (const ch of s) {
    if (ch === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
    } else {
      const c = ch.charCodeAt(0) - 33;
      if (c < 0 || c > 84) throw malformed('invalid character in ASCII85Decode data');
      group.push(c);
      if (group.length === 5) {
        flush(5);
        group = [];
      }
    }
    if (out.length > max) throw limitExceeded('maxDecodedStreamBytes', max);
  }
  if (group.length > 1) flush(group.length);
  return Buffer.from(out);
}

function runLengthDecode(data: Buffer, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let i = 0;
  while (i < data.length) {
    const len = data[i++];
    if (len === 128) break;
    let chunk: Buffer;
    if (len < 128) {
      chunk = data.subarray(i, i + len + 1);
      i += len + 1;
    } else {
      chunk = Buffer.alloc(257 - len, data[i++] ?? 0);
    }
    total += chunk.length;
    if (total > max) throw limitExceeded('maxDecodedStreamBytes', max);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** LZW as in §7.4.4.2 (9–12 bit codes, 256 clear, 257 end of data). */
function lzwDecode(data: Buffer, earlyChange: boolean, max: number): Buffer {
  const out: number[] = [];
  const dict: number[][] = [];
  const reset = (): void => {
    dict.length = 0;
    for (let i = 0; i < 256; i++) dict.push([i]);
    dict.push([], []);
  };
  reset();
  let codeLen = 9;
  let bitBuf = 0;
  let bitCount = 0;
  let prev: number[] | null = null;
  for (let i = 0; i < data.length; i++) {
    bitBuf = ((bitBuf << 8) | data[i]) >>> 0;
    bitCount += 8;
    while (bitCount >= codeLen) {
      const code = (bitBuf >>> (bitCount - codeLen)) & ((1 << codeLen) - 1);
      bitCount -= codeLen;
      bitBuf &= (1 << bitCount) - 1;
      if (code === 256) {
        reset();
        codeLen = 9;
        prev = null;
        continue;
      }
      if (code === 257) return Buffer.from(out);
      let entry: number[];
      if (code < dict.length && (code < 256 || code > 257)) entry = dict[code];
      else if (code === dict.length && prev !== null) entry = [...prev, prev[0]];
      else throw malformed('invalid LZW code');
      for (const b of entry) out.push(b);
      if (out.length > max) throw limitExceeded('maxDecodedStreamBytes', max);
      if (prev !== null && dict.length < 4096) dict.push([...prev, entry[0]]);
      prev = entry;
      const limit = dict.length + (earlyChange ? 1 : 0);
      if (limit >= 512 && codeLen === 9) codeLen = 10;
      else if (limit >= 1024 && codeLen === 10) codeLen = 11;
      else if (limit >= 2048 && codeLen === 11) codeLen = 12;
    }
  }
  return Buffer.from(out);
}

/** Flate-encode (for xref streams and new content written by the engine). */
export function deflate(data: Buffer): Buffer {
  return zlib.deflateSync(data);
}
