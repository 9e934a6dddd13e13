/** Builds small PDFs with a correct classic cross-reference table, for hostile-input tests. */
export function syntheticPdf(
  bodies: (string | Buffer)[],
  trailerExtra = '',
  options: { prev?: number } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let pos = parts[0].length;
  const offsets: number[] = [];
  bodies.forEach((b, i) => {
    offsets.push(pos);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof b === 'string' ? Buffer.from(b, 'latin1') : b,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(chunk);
    pos += chunk.length;
  });
  const xref = pos;
  let t = `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) t += `${String(o).padStart(10, '0')} 00000 n \n`;
  const prev = options.prev !== undefined ? ` /Prev ${options.prev}` : '';
  t += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R${prev}${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  parts.push(Buffer.from(t, 'latin1'));
  return Buffer.concat(parts);
}

/** Catalog + pages + one page: objects 1..3. */
export const MINIMAL_BODIES = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595.276 841.89] >>',
  '<< /Type /Page /Parent 2 0 R /Resources << >> >>',
];
