import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { writtenDate } from './archive-input';
import { maintenanceText } from './record-metadata';

/** What the handover record (biên bản giao nhận tài liệu) names. */
export interface HandoverRecordInput {
  readonly transferId: string;
  readonly unitName: string;
  readonly submittedBy: string;
  readonly acceptedBy: string;
  /** YYYY-MM-DD, Vietnam. */
  readonly acceptedOn: string;
  readonly files: readonly {
    readonly ordinal: number;
    readonly fileCode: string;
    readonly title: string;
    readonly startDate: string | null;
    readonly endDate: string | null;
    readonly retentionYears: number | null;
    readonly documents: number;
    readonly pages: number;
  }[];
}

let fonts: { regular: Buffer; bold: Buffer } | undefined;

function fontBytes(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/** Splits text into lines no wider than `width` points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The handover record of an accepted transfer as an A4 PDF (pdf-lib, DejaVu Sans embedded as a subset
 * — the Vietnamese glyphs the signing stamps also use): the two sides, the transfer list (mục lục hồ sơ
 * nộp lưu: code, title, dates, retention, documents, pages) and totals. Written before any signature, so
 * pdf-lib may write the whole file (STYLE.md). Deterministic for the same input (no creation date of
 * the machine: the acceptance day is the record's date).
 */
export async function handoverRecordPdf(input: HandoverRecordInput): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const bytes = fontBytes();
  const regular = await doc.embedFont(bytes.regular, { subset: true });
  const bold = await doc.embedFont(bytes.bold, { subset: true });
  doc.setTitle(`Biên bản giao nhận tài liệu ${input.transferId}`);
  doc.setProducer('VanBan');
  doc.setCreator('VanBan');
  const accepted = new Date(`${input.acceptedOn}T00:00:00Z`);
  doc.setCreationDate(accepted);
  doc.setModificationDate(accepted);

  const margin = 56;
  const width = 595.28 - 2 * margin;
  let page: PDFPage = doc.addPage([595.28, 841.89]);
  let y = 841.89 - margin;
  const ink = rgb(0, 0, 0);
  const write = (
    text: string,
    o: { font?: PDFFont; size?: number; center?: boolean; indent?: number } = {},
  ) => {
    const font = o.font ?? regular;
    const size = o.size ?? 10.5;
    for (const line of wrap(text, font, size, width - (o.indent ?? 0))) {
      if (y < margin + size) {
        page = doc.addPage([595.28, 841.89]);
        y = 841.89 - margin;
      }
      const x = o.center
        ? margin + (width - font.widthOfTextAtSize(line, size)) / 2
        : margin + (o.indent ?? 0);
      page.drawText(line, { x, y: y - size, size, font, color: ink });
      y -= size * 1.45;
    }
  };

  write('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { font: bold, center: true, size: 11.5 });
  write('Độc lập - Tự do - Hạnh phúc', { font: bold, center: true, size: 11.5 });
  y -= 12;
  write('BIÊN BẢN', { font: bold, center: true, size: 14 });
  write('Về việc giao nhận tài liệu vào Lưu trữ cơ quan', { font: bold, center: true, size: 12 });
  y -= 8;
  write(`Ngày ${writtenDate(input.acceptedOn)}, tại ${input.unitName}.`);
  write(`Bên giao: ${input.submittedBy}, đại diện đơn vị, người lập hồ sơ.`);
  write(`Bên nhận: ${input.acceptedBy}, lưu trữ viên.`);
  write(`Mã đợt nộp lưu: ${input.transferId}.`);
  y -= 6;
  write('Thống nhất lập biên bản giao nhận tài liệu với nội dung sau (mục lục hồ sơ nộp lưu):', {
    font: bold,
  });
  let documents = 0;
  let pages = 0;
  for (const f of input.files) {
    documents += f.documents;
    pages += f.pages;
    const dates = [writtenDate(f.startDate), writtenDate(f.endDate)].filter(Boolean).join(' – ');
    write(`${f.ordinal}. Hồ sơ số ${f.fileCode}: ${f.title}`, { indent: 8 });
    write(
      `Thời gian: ${dates || '—'}; thời hạn bảo quản: ${maintenanceText(f.retentionYears)}; ` +
        `số văn bản: ${f.documents}; số trang: ${f.pages || '—'}.`,
      { indent: 22, size: 9.5 },
    );
  }
  y -= 6;
  write(`Tổng cộng: ${input.files.length} hồ sơ, ${documents} văn bản, ${pages} trang (điện tử).`, {
    font: bold,
  });
  write(
    'Tài liệu điện tử được giao nhận kèm siêu dữ liệu theo Phụ lục VI Nghị định 30/2020/NĐ-CP; ' +
      'mỗi tệp được lưu theo mã băm SHA-256 trong kho lưu trữ không thể sửa đổi.',
  );
  y -= 18;
  write(`BÊN GIAO: ${input.submittedBy}                    BÊN NHẬN: ${input.acceptedBy}`, { font: bold });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
