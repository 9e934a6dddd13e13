/**
 * Hostile PDFs built byte by byte (issue 10, items 4 and 5): each is small on the wire and attacks one
 * limit of a PDF reader — nesting, cross-reference sizes, revision chains, decompression, loops — or
 * pdf-lib's recursive parser. Used by the signing tests and by bench/hostile-sign.ts.
 */
import zlib from 'node:zlib';

/** Objects numbered from 1 in order, a classic cross-reference table, one revision. */
export function assemble(objects: readonly (string | Buffer)[], trailer = '/Root 1 0 R'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const body = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof o === 'string' ? Buffer.from(o, 'latin1') : o,
      Buffer.from('\nendobj\n'),
    ]);
    parts.push(body);
    offset += body.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>';
const streamObj = (dict: string, data: Buffer) =>
  Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream'),
  ]);

/** A one-page file that readers accept. */
export function plainPdf(): Buffer {
  return assemble(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE]);
}

/** The catalog holds an array nested `depth` deep (readers stop at 100; pdf-lib recurses). */
export function deepNesting(depth = 5000): Buffer {
  return assemble([
    `<< /Type /Catalog /Pages 2 0 R /Deep ${'['.repeat(depth)}${']'.repeat(depth)} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    PAGE,
  ]);
}

/**
 * A page tree `depth` levels deep with one page: our reader walks it without recursion, pdf-lib
 * recurses per level and overflows its stack ("Maximum call stack size exceeded") — the leader's draft
 * rewrite.
 */
export function deepPageTree(depth = 20_000): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let i = 0; i < depth; i++)
    objects.push(`<< /Type /Pages ${i ? `/Parent ${i + 1} 0 R ` : ''}/Kids [${i + 3} 0 R] /Count 1 >>`);
  objects.push(`<< /Type /Page /Parent ${depth + 1} 0 R /MediaBox [0 0 595 842] /Resources << >> >>`);
  return assemble(objects);
}

/** A cross-reference subsection header that claims 999,999,999 entries. */
export function hugeXref(): Buffer {
  const good = plainPdf().toString('latin1');
  const at = good.lastIndexOf('xref\n0 ');
  const startxref = at;
  return Buffer.from(
    `${good.slice(0, at)}xref\n0 999999999\n0000000000 65535 f \n` +
      `trailer\n<< /Size 999999999 /Root 1 0 R >>\nstartxref\n${startxref}\n%%EOF\n`,
    'latin1',
  );
}

/** `count` incremental updates, each an empty cross-reference section chained by /Prev. */
export function manyRevisions(count = 20_000): Buffer {
  const base = plainPdf();
  const parts: Buffer[] = [base];
  let length = base.length;
  let prev = base.toString('latin1').lastIndexOf('xref\n');
  for (let i = 0; i < count; i++) {
    const section = `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Root 1 0 R /Prev ${prev} >>\n`;
    const tail = `startxref\n${length}\n%%EOF\n`;
    parts.push(Buffer.from(section + tail, 'latin1'));
    prev = length;
    length += section.length + tail.length;
  }
  return Buffer.concat(parts);
}

/**
 * zlib data that inflates to `mib` MiB of `fill` without being that large to make: one compressed MiB
 * (raw deflate, sync-flushed, no final block) repeated, then an empty final block. The checksum is
 * absent (readers tolerate a truncated end).
 */
export function deflateBomb(mib: number, fill = 0x20): Buffer {
  const chunk = zlib.deflateRawSync(Buffer.alloc(1024 * 1024, fill), {
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
  });
  const parts = [Buffer.from([0x78, 0x9c])];
  for (let i = 0; i < mib; i++) parts.push(chunk);
  parts.push(Buffer.from([0x03, 0x00]));
  return Buffer.concat(parts);
}

/**
 * Catalog, page tree and page each alone in an object stream (ISO 32000-2 §7.5.7) padded to inflate
 * to `mib` MiB (issue 10 item 5: 367 KB on the wire, 120 MiB per stream), through a cross-reference
 * stream. Object 1–3 live in streams 4–6; 7 is the cross-reference stream.
 */
export function objectStreamBomb(mib = 120): Buffer {
  const inner = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE];
  const chunk = zlib.deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), {
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
  });
  const header = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const parts: Buffer[] = [Buffer.from(header, 'latin1')];
  let offset = parts[0]!.length;
  const streamOffsets: number[] = [];
  inner.forEach((o, i) => {
    const pairs = `${i + 1} 0 `;
    const head = Buffer.from(`${pairs}${o}\n`, 'latin1');
    const first = zlib.deflateRawSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const data = Buffer.concat([
      Buffer.from([0x78, 0x9c]),
      first,
      ...Array.from({ length: mib }, () => chunk),
      Buffer.from([0x03, 0x00]),
    ]);
    const body = Buffer.concat([
      Buffer.from(`${i + 4} 0 obj\n`),
      streamObj(`/Type /ObjStm /N 1 /First ${pairs.length} /Filter /FlateDecode`, data),
      Buffer.from('\nendobj\n'),
    ]);
    streamOffsets.push(offset);
    parts.push(body);
    offset += body.length;
  });
  // Cross-reference stream: /W [1 4 2]; 0 free, 1–3 compressed in 4–6, 4–6 and 7 in use.
  const row = (t: number, a: number, b: number) => {
    const r = Buffer.alloc(7);
    r.writeUInt8(t, 0);
    r.writeUInt32BE(a, 1);
    r.writeUInt16BE(b, 5);
    return r;
  };
  const xrefOffset = offset;
  const rows = Buffer.concat([
    row(0, 0, 0xffff),
    row(2, 4, 0),
    row(2, 5, 0),
    row(2, 6, 0),
    ...streamOffsets.map((o) => row(1, o, 0)),
    row(1, xrefOffset, 0),
  ]);
  parts.push(
    Buffer.concat([
      Buffer.from('7 0 obj\n'),
      streamObj('/Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R', rows),
      Buffer.from(`\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`),
    ]),
  );
  return Buffer.concat(parts);
}

/** The page tree's only kid is the tree itself. */
export function pageTreeLoop(): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>',
  ]);
}

/** /Pages is a reference to a reference to ... itself. */
export function referenceLoop(): Buffer {
  return assemble(['<< /Type /Catalog /Pages 2 0 R >>', '3 0 R', '2 0 R']);
}

export interface HostilePdf {
  readonly name: string;
  readonly build: () => Buffer;
  /** Only the leader's draft rewrite (pdf-lib) fails on it; our reader signs it as the unit. */
  readonly pdfLibOnly?: boolean;
}

/** Every hostile file by name, with the file's bytes built on demand. */
export const HOSTILE_PDFS: readonly HostilePdf[] = [
  { name: 'nesting deeper than 100', build: () => deepNesting() },
  { name: 'xref 0 999999999', build: hugeXref },
  { name: '20,000 revisions', build: () => manyRevisions() },
  { name: 'object streams inflating to 2 GiB', build: () => objectStreamBomb(2048) },
  { name: 'catalog, pages and page in object streams of 120 MiB each', build: () => objectStreamBomb() },
  { name: 'a page-tree loop', build: pageTreeLoop },
  { name: 'a reference loop', build: referenceLoop },
  {
    name: 'a page tree 20,000 deep (pdf-lib overflows its stack)',
    build: () => deepPageTree(),
    pdfLibOnly: true,
  },
];
