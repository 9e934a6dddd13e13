/**
 * The Standard security handler, ISO 32000-2 §7.6.4 (password-based encryption), for reading and for
 * extending documents that already use it: revisions 2–4 (RC4 40–128-bit, and AES-128 through the
 * /AESV2 crypt filter) and 6 (AES-256, /AESV3, with the SHA-256/384/512 hash of Algorithm 2.B);
 * revision 5 (the deprecated Adobe extension: AES-256 with a plain SHA-256) is read as well.
 *
 * - Authentication: Algorithm 6 (user password, R 2–4), Algorithm 7 (owner password, R 2–4),
 *   Algorithms 11 and 12 (user and owner password, R 6; R 5 with one SHA-256 instead of 2.B).
 * - File key: Algorithm 2 (R 2–4), Algorithm 2.A (R 5–6: the owner or user key decrypts /OE or /UE).
 * - Per object: Algorithm 1 (MD5 of the file key, object number and generation, and "sAlT" for
 *   AES); the AES-256 filter uses the file key itself (§7.6.3.3).
 * - Crypt filters (§7.6.5): /StmF for streams, /StrF for strings, /EFF for embedded files, a
 *   stream's own /Crypt filter; /Identity leaves data as it is.
 * The handler only transforms bytes; which strings and streams are exempt (the /Encrypt dictionary,
 * cross-reference streams, signature /Contents, unencrypted metadata) is the caller's rule
 * ({@link isSignatureDictionary} and the reader).
 */
import * as crypto from 'node:crypto';
import { PdfError } from './errors';
import { PdfDict, PdfName, PdfNumber, PdfStream, PdfString, type PdfValue } from './objects';
import { rc4 } from './rc4';

/** How a crypt filter transforms data (§7.6.5, table 25 /CFM). */
export type CryptMethod = 'None' | 'V2' | 'AESV2' | 'AESV3';

/** What was authenticated and how the document is encrypted, for reports and permission checks. */
export interface SecurityInfo {
  readonly v: number;
  readonly r: number;
  /** Length of the file key in bits. */
  readonly keyBits: number;
  /** Method of the default stream filter (strings may use another). */
  readonly method: CryptMethod;
  readonly stringMethod: CryptMethod;
  /** /P as a signed 32-bit integer (table 22: bit 3 print, 4 modify, 5 copy, 6 annotate/forms, ...). */
  readonly permissions: number;
  readonly encryptMetadata: boolean;
  /** Which password opened the document. */
  readonly authenticatedAs: 'owner' | 'user';
  /** R 6: whether /Perms decrypts to the same /P (a mismatch suggests a tampered /P). */
  readonly permsValid?: boolean;
}

/** The 32-byte padding string of Algorithm 2 step a. */
const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const SALT = Buffer.from('sAlT', 'latin1');

const md5 = (...parts: Buffer[]): Buffer => {
  const h = crypto.createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/**
 * A signature dictionary, whose /Contents is never encrypted (§7.6.2): `/Type /Sig` or
 * `/Type /DocTimeStamp`, or — /Type being optional in a signature dictionary (§12.8.1 table 255) —
 * a dictionary with both /ByteRange and /Contents, as signers that omit /Type write it.
 */
export function isSignatureDictionary(d: PdfDict): boolean {
  const type = d.getName('Type');
  return type === 'Sig' || type === 'DocTimeStamp' || (d.has('ByteRange') && d.has('Contents'));
}

function unsupported(en: string, vi: string): PdfError {
  return new PdfError('PDF_ENCRYPTION_UNSUPPORTED', {
    vi: `Không hỗ trợ kiểu mã hoá của tệp PDF: ${vi}`,
    en: `Unsupported PDF encryption: ${en}`,
  });
}

function invalid(en: string): PdfError {
  return new PdfError('PDF_ENCRYPTION_INVALID', {
    vi: `Từ điển mã hoá (/Encrypt) của tệp PDF không hợp lệ: ${en}`,
    en: `Invalid /Encrypt dictionary: ${en}`,
  });
}

export class StandardSecurityHandler {
  private constructor(
    private readonly fileKey: Buffer,
    readonly info: SecurityInfo,
    private readonly filters: ReadonlyMap<string, CryptMethod>,
    private readonly streamFilter: CryptMethod,
    private readonly stringFilter: CryptMethod,
    private readonly embeddedFileFilter: CryptMethod,
    /** Injected for tests: the AES initialisation vectors of encrypted output. */
    private readonly randomIv: () => Buffer = () => crypto.randomBytes(16),
  ) {}

  /**
   * Authenticate `password` (owner first, then user) against a Standard /Encrypt dictionary whose
   * values are direct. `password` undefined tries the empty password (documents with only an owner
   * password open without one). Returns null when the password is wrong; throws
   * PDF_ENCRYPTION_UNSUPPORTED / PDF_ENCRYPTION_INVALID for what cannot be handled at all.
   */
  static open(
    dict: PdfDict,
    documentId: Buffer,
    password: string | Buffer | undefined,
    options: { randomIv?: () => Buffer } = {},
  ): StandardSecurityHandler | null {
    if (dict.getName('Filter') !== 'Standard')
      throw unsupported('not the Standard security handler', 'không phải bộ mã hoá Standard (mật khẩu)');
    const v = dict.getNumber('V') ?? 0;
    const r = dict.getNumber('R') ?? 0;
    if (![1, 2, 4, 5].includes(v)) throw unsupported(`/V ${v}`, `/V ${v}`);
    if (![2, 3, 4, 5, 6].includes(r)) throw unsupported(`/R ${r}`, `/R ${r}`);
    const bytes = (key: string, min: number): Buffer => {
      const s = dict.get(key);
      if (!(s instanceof PdfString) || s.bytes.length < min) throw invalid(`/${key} missing or too short`);
      return s.bytes;
    };
    const pValue = dict.get('P');
    if (!(pValue instanceof PdfNumber) || !Number.isInteger(pValue.value))
      throw invalid('/P is not an integer');
    const permissions = pValue.value | 0;
    const em = dict.get('EncryptMetadata');
    const encryptMetadata = em !== false;

    // Crypt filters (§7.6.5): V 4 and 5 name them; V 1 and 2 use RC4 throughout.
    const filters = new Map<string, CryptMethod>([['Identity', 'None']]);
    let keyBits: number;
    let streamFilter: CryptMethod;
    let stringFilter: CryptMethod;
    let embeddedFileFilter: CryptMethod;
    if (v === 4 || v === 5) {
      const cf = dict.get('CF');
      const lengths = new Map<string, number>();
      if (cf instanceof PdfDict) {
        for (const [name, value] of cf.entries) {
          if (!(value instanceof PdfDict)) continue;
          const cfm = value.getName('CFM') ?? 'None';
          if (cfm !== 'None' && cfm !== 'V2' && cfm !== 'AESV2' && cfm !== 'AESV3') continue;
          filters.set(name, cfm);
          const len = value.getNumber('Length');
          if (len !== undefined) lengths.set(name, len < 40 ? len * 8 : len); // some writers give bytes
        }
      }
      const pick = (key: string, fallback: string): CryptMethod => {
        const name = dict.getName(key) ?? fallback;
        const m = filters.get(name);
        if (m === undefined) throw unsupported(`crypt filter /${name}`, `bộ lọc mã hoá /${name}`);
        return m;
      };
      streamFilter = pick('StmF', 'Identity');
      stringFilter = pick('StrF', 'Identity');
      embeddedFileFilter = pick('EFF', dict.getName('StmF') ?? 'Identity');
      keyBits = v === 5 ? 256 : (lengths.get(dict.getName('StmF') ?? '') ?? 128);
    } else {
      streamFilter = stringFilter = embeddedFileFilter = 'V2';
      keyBits = v === 1 ? 40 : (dict.getNumber('Length') ?? 40);
    }
    if (v < 5 && (keyBits < 40 || keyBits > 128 || keyBits % 8 !== 0)) throw invalid(`key length ${keyBits}`);
    const make = (key: Buffer, as: 'owner' | 'user', permsValid?: boolean) =>
      new StandardSecurityHandler(
        key,
        {
          v,
          r,
          keyBits: key.length * 8,
          method: streamFilter,
          stringMethod: stringFilter,
          permissions,
          encryptMetadata,
          authenticatedAs: as,
          permsValid,
        },
        filters,
        streamFilter,
        stringFilter,
        embeddedFileFilter,
        options.randomIv,
      );

    if (r <= 4) {
      const o = bytes('O', 32).subarray(0, 32);
      const u = bytes('U', 32).subarray(0, 32);
      const n = r === 2 ? 5 : keyBits / 8;
      const p = Buffer.alloc(4);
      p.writeInt32LE(permissions);
      // Algorithm 2: the file key from a (padded) user password.
      const fileKey = (padded: Buffer): Buffer => {
        let h = md5(
          padded,
          o,
          p,
          documentId,
          r >= 4 && !encryptMetadata ? Buffer.from([255, 255, 255, 255]) : Buffer.alloc(0),
        );
        if (r >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
        return h.subarray(0, n);
      };
      // Algorithms 4 and 5: the /U a file key gives; Algorithm 6 compares it.
      const userOk = (key: Buffer): boolean => {
        if (r === 2) return rc4(key, PAD).equals(u);
        let x = rc4(key, md5(PAD, documentId));
        for (let i = 1; i <= 19; i++) x = rc4(xorKey(key, i), x);
        return x.equals(u.subarray(0, 16));
      };
      for (const pw of legacyPasswords(password)) {
        // Algorithm 7: the owner password's key decrypts /O into the user password.
        let ok = md5(pad(pw));
        if (r >= 3) for (let i = 0; i < 50; i++) ok = md5(ok);
        const ownerKey = ok.subarray(0, n);
        let user = o;
        if (r === 2) user = rc4(ownerKey, o);
        else for (let i = 19; i >= 0; i--) user = rc4(xorKey(ownerKey, i), user);
        const fromOwner = fileKey(user);
        if (userOk(fromOwner)) return make(fromOwner, 'owner');
        const fromUser = fileKey(pad(pw));
        if (userOk(fromUser)) return make(fromUser, 'user');
      }
      return null;
    }

    // R 5 and 6 (Algorithm 2.A): 48-byte /O and /U = hash (32) ‖ validation salt (8) ‖ key salt (8).
    const o = bytes('O', 48).subarray(0, 48);
    const u = bytes('U', 48).subarray(0, 48);
    const hash = (pw: Buffer, salt: Buffer, udata: Buffer): Buffer =>
      r === 5
        ? crypto.createHash('sha256').update(pw).update(salt).update(udata).digest()
        : hash2B(pw, salt, udata);
    const unwrap = (key: Buffer, wrapped: PdfValue | undefined): Buffer | undefined => {
      if (!(wrapped instanceof PdfString) || wrapped.bytes.length < 32) return undefined;
      const d = crypto.createDecipheriv('aes-256-cbc', key, Buffer.alloc(16));
      d.setAutoPadding(false);
      return Buffer.concat([d.update(wrapped.bytes.subarray(0, 32)), d.final()]);
    };
    const permsCheck = (key: Buffer): boolean | undefined => {
      const perms = dict.get('Perms');
      if (r !== 6 || !(perms instanceof PdfString) || perms.bytes.length < 16) return undefined;
      const d = crypto.createDecipheriv('aes-256-ecb', key, null);
      d.setAutoPadding(false);
      const plain = Buffer.concat([d.update(perms.bytes.subarray(0, 16)), d.final()]);
      return plain.toString('latin1', 9, 12) === 'adb' && plain.readInt32LE(0) === permissions;
    };
    for (const pw of unicodePasswords(password)) {
      if (hash(pw, o.subarray(32, 40), u).equals(o.subarray(0, 32))) {
        const key = unwrap(hash(pw, o.subarray(40, 48), u), dict.get('OE'));
        if (key !== undefined) return make(key, 'owner', permsCheck(key));
      }
      if (hash(pw, u.subarray(32, 40), Buffer.alloc(0)).equals(u.subarray(0, 32))) {
        const key = unwrap(hash(pw, u.subarray(40, 48), Buffer.alloc(0)), dict.get('UE'));
        if (key === undefined) throw invalid('/UE missing or too short');
        return make(key, 'user', permsCheck(key));
      }
    }
    return null;
  }

  /** Whether a /P permission bit (1-based, table 22) is granted; the owner has every permission. */
  allows(bit: number): boolean {
    return this.info.authenticatedAs === 'owner' || (this.info.permissions & (1 << (bit - 1))) !== 0;
  }

  /** The crypt filter of a string (/StrF). */
  decryptString(data: Buffer, num: number, gen: number): Buffer {
    return this.apply(this.stringFilter, data, num, gen, false);
  }

  encryptString(data: Buffer, num: number, gen: number): Buffer {
    return this.apply(this.stringFilter, data, num, gen, true);
  }

  /**
   * The crypt filter of a stream: its own /Crypt filter when its first filter is one (§7.4.10), else
   * /EFF for embedded files, else /StmF. Undefined when the stream is not encrypted at all.
   */
  streamMethod(dict: PdfDict): CryptMethod {
    const f = dict.get('Filter');
    const first = Array.isArray(f) ? f[0] : f;
    if (first instanceof PdfName && first.name === 'Crypt') {
      const p = dict.get('DecodeParms');
      const parms = Array.isArray(p) ? p[0] : p;
      const name = parms instanceof PdfDict ? (parms.getName('Name') ?? 'Identity') : 'Identity';
      const m = this.filters.get(name);
      if (m === undefined) throw unsupported(`crypt filter /${name}`, `bộ lọc mã hoá /${name}`);
      return m;
    }
    if (dict.getName('Type') === 'EmbeddedFile') return this.embeddedFileFilter;
    return this.streamFilter;
  }

  decryptStream(data: Buffer, num: number, gen: number, method: CryptMethod): Buffer {
    return this.apply(method, data, num, gen, false);
  }

  encryptStream(data: Buffer, num: number, gen: number, method: CryptMethod): Buffer {
    return this.apply(method, data, num, gen, true);
  }

  /**
   * A value to be written as object `num gen` with its strings and stream data encrypted (§7.6.2):
   * the /Contents of a signature dictionary stays as it is (its placeholder is filled with plain
   * hex after writing), and so does metadata when /EncryptMetadata is false. Returns a copy; the
   * value given (plain text, as the reader returns it) is not changed.
   */
  encryptObject(v: PdfValue, num: number, gen: number): PdfValue {
    if (v instanceof PdfStream) {
      const dict = this.encryptStrings(v.dict, num, gen, 0) as PdfDict;
      const data = v.encodedBytes();
      if (v.dict.getName('Type') === 'Metadata' && !this.info.encryptMetadata)
        return new PdfStream(dict, data);
      return new PdfStream(dict, this.encryptStream(data, num, gen, this.streamMethod(v.dict)));
    }
    return this.encryptStrings(v, num, gen, 0);
  }

  private encryptStrings(v: PdfValue, num: number, gen: number, depth: number): PdfValue {
    if (depth > 200) throw new RangeError('value nested too deeply');
    if (v instanceof PdfString) return new PdfString(this.encryptString(v.bytes, num, gen), true);
    if (Array.isArray(v)) return v.map((x) => this.encryptStrings(x, num, gen, depth + 1));
    if (v instanceof PdfDict) {
      const out = new PdfDict();
      const signature = isSignatureDictionary(v);
      for (const [k, x] of v.entries)
        out.set(k, signature && k === 'Contents' ? x : this.encryptStrings(x, num, gen, depth + 1));
      return out;
    }
    return v;
  }

  /** Algorithm 1: the key for one object (V ≤ 4); AES-256 uses the file key (§7.6.3.3). */
  private objectKey(method: CryptMethod, num: number, gen: number): Buffer {
    if (method === 'AESV3') return this.fileKey;
    const ng = Buffer.from([
      num & 0xff,
      (num >> 8) & 0xff,
      (num >> 16) & 0xff,
      gen & 0xff,
      (gen >> 8) & 0xff,
    ]);
    const h = md5(this.fileKey, ng, method === 'AESV2' ? SALT : Buffer.alloc(0));
    return h.subarray(0, Math.min(this.fileKey.length + 5, 16));
  }

  private apply(method: CryptMethod, data: Buffer, num: number, gen: number, encrypt: boolean): Buffer {
    if (method === 'None') return data;
    const key = this.objectKey(method, num, gen);
    if (method === 'V2') return rc4(key, data);
    const alg = method === 'AESV3' ? 'aes-256-cbc' : 'aes-128-cbc';
    if (encrypt) {
      // §7.6.3.2: a 16-byte random initialisation vector, then the data padded as in RFC 8018 §6.1.1.
      const iv = this.randomIv();
      const c = crypto.createCipheriv(alg, key, iv);
      return Buffer.concat([iv, c.update(data), c.final()]);
    }
    // Tolerant reading: data shorter than an IV decrypts to nothing, a ragged tail is dropped, and
    // a bad padding leaves the blocks as they are.
    if (data.length < 32) return Buffer.alloc(0);
    const body = data.subarray(16, 16 + Math.floor((data.length - 16) / 16) * 16);
    try {
      const d = crypto.createDecipheriv(alg, key, data.subarray(0, 16));
      return Buffer.concat([d.update(body), d.final()]);
    } catch {
      const d = crypto.createDecipheriv(alg, key, data.subarray(0, 16));
      d.setAutoPadding(false);
      return Buffer.concat([d.update(body), d.final()]);
    }
  }
}

function xorKey(key: Buffer, i: number): Buffer {
  const k = Buffer.allocUnsafe(key.length);
  for (let j = 0; j < key.length; j++) k[j] = key[j] ^ i;
  return k;
}

/** Algorithm 2 step a: the password padded or truncated to 32 bytes. */
function pad(pw: Buffer): Buffer {
  return Buffer.concat([pw.subarray(0, 32), PAD.subarray(0, Math.max(0, 32 - pw.length))]);
}

/**
 * R 2–4 passwords are PDFDocEncoding bytes (§7.6.4.3.1): tried as Latin-1 when every character fits,
 * then as UTF-8 (what some tools write).
 */
function legacyPasswords(password: string | Buffer | undefined): Buffer[] {
  if (password === undefined) return [Buffer.alloc(0)];
  if (Buffer.isBuffer(password)) return [password];
  const out: Buffer[] = [];
  if ([...password].every((c) => c.codePointAt(0)! <= 0xff)) out.push(Buffer.from(password, 'latin1'));
  const utf8 = Buffer.from(password, 'utf8');
  if (!out.some((b) => b.equals(utf8))) out.push(utf8);
  return out;
}

/**
 * R 5–6 passwords: UTF-8 of the SASLprep profile of stringprep (RFC 4013: non-ASCII spaces mapped
 * to U+0020, "commonly mapped to nothing" removed, NFKC), at most 127 bytes (§7.6.4.3.3); the
 * unprepared UTF-8 is tried next (some writers skip SASLprep).
 */
function unicodePasswords(password: string | Buffer | undefined): Buffer[] {
  if (password === undefined) return [Buffer.alloc(0)];
  if (Buffer.isBuffer(password)) return [password.subarray(0, 127)];
  const spaces = new Set([0xa0, 0x1680, 0x202f, 0x205f, 0x3000]);
  const nothing = new Set([
    0xad, 0x34f, 0x1806, 0x180b, 0x180c, 0x180d, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff,
  ]);
  let mapped = '';
  for (const ch of password) {
    const c = ch.codePointAt(0)!;
    if (spaces.has(c) || (c >= 0x2000 && c <= 0x200a)) mapped += ' ';
    else if (!nothing.has(c) && !(c >= 0xfe00 && c <= 0xfe0f)) mapped += ch;
  }
  const prepared = mapped.normalize('NFKC');
  const out = [truncateUtf8(prepared)];
  const raw = truncateUtf8(password);
  if (!raw.equals(out[0])) out.push(raw);
  return out;
}

function truncateUtf8(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return b.length <= 127 ? b : b.subarray(0, 127);
}

/** Algorithm 2.B (R 6): SHA-256, then rounds of AES-128-CBC and SHA-256/384/512 chosen by the data. */
function hash2B(password: Buffer, salt: Buffer, udata: Buffer): Buffer {
  let k = crypto.createHash('sha256').update(password).update(salt).update(udata).digest();
  let e = Buffer.alloc(0);
  for (let round = 0; round < 64 || e[e.length - 1] > round - 32; round++) {
    const block = Buffer.concat([password, k, udata]);
    const k1 = Buffer.concat(new Array<Buffer>(64).fill(block));
    const c = crypto.createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
    c.setAutoPadding(false);
    e = Buffer.concat([c.update(k1), c.final()]);
    // The first 16 bytes as a big-endian integer modulo 3 equal the sum of those bytes modulo 3.
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i];
    k = crypto
      .createHash(['sha256', 'sha384', 'sha512'][sum % 3])
      .update(e)
      .digest();
  }
  return k.subarray(0, 32);
}
