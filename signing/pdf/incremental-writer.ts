/**
 * Incremental update writer, ISO 32000-2 §7.5.6: new and changed objects appended after the
 * original bytes, which are never modified, followed by a cross-reference section of the same kind
 * as the previous revision's (§7.5.4 table or §7.5.8 stream; a table after a hybrid file, which
 * stays valid for readers with and without xref stream support, §7.5.8.4), a trailer with /Prev,
 * `startxref` and `%%EOF`.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { PdfError } from './errors';
import { deflate } from './filters';
import { PdfDict, PdfName, PdfNumber, PdfRef, PdfStream, PdfString, type PdfValue } from './objects';
import type { PdfReader } from './reader';
import { ByteSink } from './serializer';
import { preparePlaceholder, type DigestAlgorithm, type PreparedSignature } from './signature-placeholder';

export interface IncrementalUpdateOptions {
  /** Cross-reference kind: 'auto' (same as the previous revision, default), 'table' or 'stream'. */
  xrefKind?: 'auto' | 'table' | 'stream';
  /** Write onto a file whose cross-reference data was repaired (refused by default). */
  allowRepaired?: boolean;
  /** Source of the new second /ID element (default: 16 random bytes). Injected for tests. */
  newId?: () => Buffer;
}

/** The result of writing an update. */
export interface WrittenUpdate {
  /** Total length of the new file. */
  readonly length: number;
  /** Offset where the appended update starts (original length, plus an EOL if one was added). */
  readonly updateOffset: number;
  /** Offset of the new cross-reference section. */
  readonly xrefOffset: number;
  /** Set when the update holds a signature placeholder (see signature-placeholder.ts). */
  readonly signature: PreparedSignature | undefined;
  /**
   * The digest of the signature's byte ranges, when `writeToFile` was asked for one: computed from
   * the bytes as they were written, so the new file is not read again (§12.8.1).
   */
  readonly digest?: Buffer;
}

/** Trailer keys that belong to a cross-reference stream dictionary, not to the document. */
const STREAM_ONLY = new Set([
  'Type',
  'W',
  'Index',
  'Length',
  'Filter',
  'DecodeParms',
  'F',
  'FFilter',
  'FDecodeParms',
  'DL',
  'Prev',
  'XRefStm',
  'Size',
]);

/**
 * One incremental update under construction. Typical use:
 * ```ts
 * const update = new IncrementalUpdate(reader);
 * const info = update.add(new PdfDict({ Producer: PdfString.fromText('VanBan') }));
 * update.setTrailer('Info', info);
 * const out = update.toBuffer();            // or: await update.writeToFile(path)
 * ```
 */
export class IncrementalUpdate {
  private readonly objects = new Map<number, { gen: number; value: PdfValue }>();
  private readonly trailerChanges = new Map<string, PdfValue>();
  private nextNumber: number;
  private readonly options: IncrementalUpdateOptions;

  constructor(
    readonly reader: PdfReader,
    options: IncrementalUpdateOptions = {},
  ) {
    this.options = options;
    // An encrypted document can be extended once its password was accepted: what the update
    // writes is encrypted with the same file key (§7.6), the /Encrypt dictionary is kept.
    if (reader.isEncrypted && reader.securityHandler === undefined) {
      throw new PdfError('PDF_ENCRYPTED', {
        vi: 'Tệp PDF được mã hoá: cần mật khẩu để ghi bản cập nhật',
        en: 'The PDF is encrypted: its password is needed to write an incremental update',
      });
    }
    if (reader.repaired && options.allowRepaired !== true) {
      throw new PdfError(
        'PDF_REPAIRED_REFUSED',
        {
          vi: 'Tệp PDF bị hỏng bảng tham chiếu chéo và phải sửa khi đọc; không ký lên tệp này',
          en: 'The PDF needed cross-reference repair; refusing to append to it',
        },
        { details: { repairs: reader.repairs } },
      );
    }
    this.nextNumber = reader.size;
  }

  /** Reserve a new object number (§7.5.5 /Size grows); fill it later with set(). */
  allocate(): PdfRef {
    const ref = PdfRef.of(this.nextNumber++, 0);
    this.objects.set(ref.num, { gen: 0, value: null });
    return ref;
  }

  /** Add a new object and return its reference. */
  add(value: PdfValue): PdfRef {
    const ref = this.allocate();
    this.objects.get(ref.num)!.value = value;
    return ref;
  }

  /** Replace an existing object (same number and generation) or fill an allocated one. */
  set(ref: PdfRef, value: PdfValue): void {
    const existing = this.objects.get(ref.num);
    if (existing !== undefined) {
      if (existing.gen !== ref.gen) throw invalid(`generation mismatch for object ${ref.num}`);
      existing.value = value;
      return;
    }
    const entry = this.reader.entryAt(ref.num, this.reader.revisions.length - 1);
    if (entry === undefined || entry.type === 'free' || (entry.type === 'inUse' && entry.gen !== ref.gen)) {
      throw invalid(`object ${ref.toString()} does not exist in the document`);
    }
    this.objects.set(ref.num, { gen: ref.gen, value });
  }

  /** The value this update will hold for `ref`: the pending one, else the document's. */
  get(ref: PdfRef): PdfValue {
    const p = this.objects.get(ref.num);
    return p !== undefined && p.gen === ref.gen ? p.value : this.reader.getObject(ref);
  }

  /** Set a trailer entry of the new revision (e.g. 'Info', 'Root'). */
  setTrailer(key: 'Root' | 'Info', value: PdfRef): void {
    this.trailerChanges.set(key, value);
  }

  /** Object numbers written by this update, ascending. */
  get objectNumbers(): number[] {
    return [...this.objects.keys()].sort((a, b) => a - b);
  }

  /** Whether the previous revision ends without an EOL (then one is added first). */
  private get needsEol(): boolean {
    const len = this.reader.source.length;
    const last = this.reader.source.read(len - 1, 1)[0];
    return last !== 0x0a && last !== 0x0d;
  }

  /** Build the appended bytes (EOL if needed, objects, xref, trailer) for the current source. */
  private build(): {
    bytes: Buffer;
    prepared: PreparedSignature | undefined;
    xrefOffset: number;
    updateOffset: number;
  } {
    const r = this.reader;
    const base = r.source.length;
    const sink = new ByteSink();
    if (this.needsEol) sink.text('\n');
    const prev = r.revisions[r.revisions.length - 1];
    const rebuilt = prev.kind === 'rebuilt';
    const offsets = new Map<number, { gen: number; offset: number }>();
    const crypt = r.securityHandler;
    for (const num of this.objectNumbers) {
      const o = this.objects.get(num)!;
      this.checkRefs(o.value, 0);
      offsets.set(num, { gen: o.gen, offset: base + sink.position });
      sink.object(num, o.gen, crypt ? crypt.encryptObject(o.value, num, o.gen) : o.value);
    }
    const kind = this.options.xrefKind ?? 'auto';
    const asStream = !rebuilt && (kind === 'stream' || (kind === 'auto' && prev.kind === 'stream'));
    const trailer = new PdfDict();
    for (const [k, v] of prev.trailer.entries) if (!STREAM_ONLY.has(k)) trailer.set(k, v);
    for (const [k, v] of this.trailerChanges) trailer.set(k, v);
    trailer.set('ID', this.newIdArray(prev.trailer.get('ID')));
    const xrefOffset = base + sink.position;
    if (asStream) {
      const selfNum = this.nextNumber;
      offsets.set(selfNum, { gen: 0, offset: xrefOffset });
      this.writeXrefStream(sink, selfNum, offsets, trailer, prev.xrefOffset);
    } else {
      if (rebuilt) {
        // Full table, no /Prev: the old cross-reference data is unusable (§7.5.4).
        for (const [num, e] of prev.entries) {
          if (e.type === 'inUse' && !offsets.has(num)) offsets.set(num, { gen: e.gen, offset: e.offset });
        }
      }
      this.writeTable(sink, offsets, trailer, rebuilt ? undefined : prev.xrefOffset, rebuilt);
    }
    sink.text(`startxref\n${xrefOffset}\n%%EOF\n`);
    const bytes = sink.toBuffer();
    const updateOffset = base + (this.needsEol ? 1 : 0);
    const prepared = preparePlaceholder(bytes, base, sink.placeholders);
    return { bytes, prepared, xrefOffset, updateOffset };
  }

  private newIdArray(old: PdfValue | undefined): PdfValue[] {
    const o = this.reader.resolve(old);
    const fresh = (this.options.newId ?? (() => crypto.randomBytes(16)))();
    const first = Array.isArray(o) && o[0] instanceof PdfString ? o[0] : new PdfString(fresh, true);
    return [new PdfString(first.bytes, true), new PdfString(fresh, true)];
  }

  private writeTable(
    sink: ByteSink,
    offsets: Map<number, { gen: number; offset: number }>,
    trailer: PdfDict,
    prev: number | undefined,
    withFreeHead: boolean,
  ): void {
    sink.text('xref\n');
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    if (withFreeHead && !offsets.has(0)) sink.text('0 1\n0000000000 65535 f \n');
    for (let i = 0; i < nums.length;) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
      sink.text(`${nums[i]} ${j - i + 1}\n`);
      for (let k = i; k <= j; k++) {
        const e = offsets.get(nums[k])!;
        // §7.5.4: each entry is exactly 20 bytes, ending with a 2-byte EOL.
        sink.text(`${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n \n`);
      }
      i = j + 1;
    }
    trailer.set('Size', PdfNumber.of(Math.max(this.nextNumber, this.reader.size)));
    if (prev !== undefined) trailer.set('Prev', PdfNumber.of(prev));
    sink.text('trailer\n').value(reorder(trailer)).text('\n');
  }

  private writeXrefStream(
    sink: ByteSink,
    selfNum: number,
    offsets: Map<number, { gen: number; offset: number }>,
    trailer: PdfDict,
    prev: number,
  ): void {
    const nums = [...offsets.keys()].sort((a, b) => a - b);
    const maxOffset = Math.max(...[...offsets.values()].map((e) => e.offset));
    const w2 = maxOffset < 2 ** 32 ? 4 : 8;
    const rows = Buffer.alloc(nums.length * (1 + w2 + 2));
    const index: PdfValue[] = [];
    let pos = 0;
    for (let i = 0; i < nums.length;) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
      index.push(PdfNumber.of(nums[i]), PdfNumber.of(j - i + 1));
      for (let k = i; k <= j; k++) {
        const e = offsets.get(nums[k])!;
        rows[pos++] = 1; // §7.5.8.3 type 1: uncompressed object
        if (w2 === 4) rows.writeUInt32BE(e.offset, pos);
        else rows.writeBigUInt64BE(BigInt(e.offset), pos);
        pos += w2;
        rows.writeUInt16BE(Math.min(e.gen, 0xffff), pos);
        pos += 2;
      }
      i = j + 1;
    }
    const dict = new PdfDict([
      ['Type', PdfName.of('XRef')],
      ['Size', PdfNumber.of(selfNum + 1)],
      ['Index', index],
      ['W', [PdfNumber.of(1), PdfNumber.of(w2), PdfNumber.of(2)]],
      ['Prev', PdfNumber.of(prev)],
      ['Filter', PdfName.of('FlateDecode')],
    ]);
    for (const [k, v] of reorder(trailer).entries) dict.set(k, v);
    sink.object(selfNum, 0, new PdfStream(dict, deflate(rows)));
  }

  /** References must point at existing or newly allocated objects; nesting stays bounded. */
  private checkRefs(v: PdfValue, depth: number): void {
    if (depth > 100) throw invalid('value nested too deeply');
    if (v instanceof PdfRef) {
      if (this.objects.has(v.num)) return;
      const e = this.reader.entryAt(v.num, this.reader.revisions.length - 1);
      if (e === undefined || e.type === 'free')
        throw invalid(`reference ${v.toString()} points at no object`);
    } else if (Array.isArray(v)) for (const x of v) this.checkRefs(x, depth + 1);
    else if (v instanceof PdfDict) for (const x of v.entries.values()) this.checkRefs(x, depth + 1);
    else if (v instanceof PdfStream) this.checkRefs(v.dict, depth + 1);
  }

  /** The whole new file in memory: original bytes + update (for small inputs). */
  toBuffer(): { data: Buffer } & WrittenUpdate {
    const { bytes, prepared, xrefOffset, updateOffset } = this.build();
    const src = this.reader.source;
    const original = src.buffer ?? src.read(0, src.length);
    const data = Buffer.concat([original, bytes], original.length + bytes.length);
    return { data, length: data.length, updateOffset, xrefOffset, signature: prepared };
  }

  /**
   * Write the new file to `path`, copying the original from its source in 1 MiB chunks (bounded
   * memory for large files; the next chunk is read while the previous one is written), then the
   * update. With `digestAlgorithm` and a signature placeholder, the byte ranges are hashed on the
   * way (the original lies wholly before the /Contents gap, which is in the update).
   */
  async writeToFile(
    path: string,
    options: { digestAlgorithm?: DigestAlgorithm } = {},
  ): Promise<WrittenUpdate> {
    const { bytes, prepared, xrefOffset, updateOffset } = this.build();
    const src = this.reader.source;
    const hash =
      prepared !== undefined && options.digestAlgorithm !== undefined
        ? crypto.createHash(options.digestAlgorithm)
        : undefined;
    const out = await fsp.open(path, 'w');
    try {
      if (src.buffer !== undefined) {
        hash?.update(src.buffer);
        await writeAll(out, src.buffer);
      } else {
        // Three rotating buffers: one being read ahead, one hashed, one being written.
        const chunks = [0, 1, 2].map(() => Buffer.allocUnsafe(1024 * 1024));
        let writing: Promise<void> = Promise.resolve();
        let k = 0;
        try {
          let n = await readAt(src, chunks[0], 0);
          for (let pos = 0; pos < src.length;) {
            if (n === 0) throw invalid('source shorter than expected');
            const chunk = chunks[k].subarray(0, n);
            pos += n;
            k = (k + 1) % 3;
            const next = pos < src.length ? readAt(src, chunks[k], pos) : Promise.resolve(0);
            next.catch(() => undefined); // observed below; no unhandled rejection if the write fails first
            hash?.update(chunk);
            await writing;
            writing = writeAll(out, chunk);
            n = await next;
          }
        } finally {
          await writing.catch(() => undefined);
        }
        await writing;
      }
      await writeAll(out, bytes);
    } finally {
      await out.close();
    }
    let digest: Buffer | undefined;
    if (hash !== undefined && prepared !== undefined) {
      // The ranges [0, a) and [b, end) relative to the update's first byte.
      const base = src.length;
      hash.update(bytes.subarray(0, prepared.byteRange[1] - base));
      hash.update(bytes.subarray(prepared.byteRange[2] - base));
      digest = hash.digest();
    }
    return { length: src.length + bytes.length, updateOffset, xrefOffset, signature: prepared, digest };
  }
}

/** Read up to chunk.length bytes at `pos` without going through the reader's block cache. */
function readAt(src: PdfReader['source'], chunk: Buffer, pos: number): Promise<number> {
  const fd = src.fd;
  if (fd === undefined) {
    const b = src.read(pos, chunk.length);
    b.copy(chunk);
    return Promise.resolve(b.length);
  }
  return new Promise((resolve, reject) =>
    fs.read(fd, chunk, 0, Math.min(chunk.length, src.length - pos), pos, (err, n) =>
      err ? reject(err) : resolve(n),
    ),
  );
}

async function writeAll(out: fsp.FileHandle, b: Buffer): Promise<void> {
  let done = 0;
  while (done < b.length) {
    const { bytesWritten } = await out.write(b, done, b.length - done);
    done += bytesWritten;
  }
}

/** Put /Size, /Root, /Info, /ID, /Prev first for readability; values unchanged. */
function reorder(t: PdfDict): PdfDict {
  const out = new PdfDict();
  for (const k of ['Size', 'Root', 'Info', 'ID', 'Prev']) if (t.has(k)) out.set(k, t.get(k)!);
  for (const [k, v] of t.entries) if (!out.has(k)) out.set(k, v);
  return out;
}

function invalid(en: string): PdfError {
  return new PdfError('PDF_INVALID_UPDATE', {
    vi: `Bản cập nhật PDF không hợp lệ: ${en}`,
    en: `Invalid PDF update: ${en}`,
  });
}
