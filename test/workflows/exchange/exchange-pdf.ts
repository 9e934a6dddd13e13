import { PDFDocument, StandardFonts } from 'pdf-lib';

let counter = 0;

/**
 * A small, real, unsigned one-page PDF, different at every call (so that each document has its own
 * object in the store): enough where the content does not matter, only that it is a stored PDF.
 */
export async function pdfBytes(text = 'VAN BAN THU NGHIEM'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  page.drawText(`${text} ${++counter} ${process.pid} ${Date.now()}`, { x: 70, y: 780, size: 12, font });
  return Buffer.from(await doc.save());
}
