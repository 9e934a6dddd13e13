import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { readRegisterBook, listRegisterBooks } from '../../../workflows/documents/register-book';
import { renderRegisterBookPdf } from '../../../workflows/documents/register-book-pdf';
import { registerTable } from '../../../workflows/documents/register-book-table';
import { renderRegisterBookXlsx } from '../../../workflows/documents/register-book-xlsx';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../fixtures';
import { codeOf, generateProvince, sealedDocument, type ProvinceWorld } from '../exchange/province-world';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'register-'));
  writeFileSync(join(dir, 'b.pdf'), pdf);
  return execFileSync('pdftotext', ['-layout', join(dir, 'b.pdf'), '-'], { encoding: 'utf8' });
}

describe('workflows/documents register books (sổ đăng ký văn bản đi / đến, Decree 30 Appendix IV)', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const as = (a: ProvinceWorld['root']['clerk']) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 3);
    // 12 documents to two communes: numbers 01…12, the commune registers them 01…12.
    for (let i = 1; i <= 12; i++) {
      const doc = await sealedDocument(t.db, w, clock, {
        subject: `Về việc kiểm tra công tác văn thư số ${i}`,
        recipients: [
          { kind: 'unit', unitId: w.communeIds[0]! },
          { kind: 'unit', unitId: w.communeIds[1]! },
        ],
        ...(i === 3 ? { urgency: 'urgent' as const } : {}),
      });
      await sendDocument(as(w.root.clerk), { documentId: doc.id });
      const [inc]: { id: string }[] = await t.db.query(
        `SELECT id FROM incoming_documents WHERE outgoing_id = $1 AND recipient_unit_id = $2`,
        [doc.id, w.communeIds[0]],
      );
      await registerIncoming(as(w.communeA.clerk), { incomingId: inc!.id });
      clock.advance(2 * 3600_000);
    }
  });

  it('lists the outgoing book with Decree 30 columns, numbers with a leading zero below 10, in number order', async () => {
    const book = await readRegisterBook(as(w.root.clerk), {
      direction: 'outgoing',
      from: '2026-03-01',
      to: '2026-03-31',
    });
    const table = registerTable(book);
    expect(table.title).to.equal('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(table.columns.map((c) => c.header)).to.deep.equal([
      'Số, ký hiệu văn bản',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung văn bản',
      'Người ký',
      'Nơi nhận văn bản',
      'Đơn vị, người nhận bản lưu',
      'Số lượng bản',
      'Ghi chú',
    ]);
    expect(table.rows).to.have.length(12);
    expect(table.rows.map((r) => r[0])).to.deep.equal(
      Array.from({ length: 12 }, (_, i) => `${String(i + 1).padStart(2, '0')}/QĐ-UBND`),
    );
    const third = table.rows[2]!;
    expect(third[1]).to.equal('02/03/2026');
    expect(third[2]).to.equal('Quyết định: Về việc kiểm tra công tác văn thư số 3');
    expect(third[4]!.split('; ')).to.have.length(2);
    expect(third[6]).to.equal('4');
    expect(third[7]).to.equal('Khẩn');
  });

  it('lists the incoming book of the commune with its incoming numbers and authors, and a period narrows it', async () => {
    const all = registerTable(
      await readRegisterBook(as(w.communeA.clerk), {
        direction: 'incoming',
        from: '2026-03-02',
        to: '2026-03-02',
      }),
    );
    expect(all.columns.map((c) => c.header)).to.deep.equal([
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký hiệu văn bản',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung văn bản',
      'Đơn vị hoặc người nhận',
      'Ký nhận',
      'Ghi chú',
    ]);
    // Every two hours from 09:00: eight on 2 March (to 23:00), the rest on 3 March in Vietnam.
    expect(all.rows).to.have.length(8);
    expect(all.rows[0]!.slice(0, 2)).to.deep.equal(['02/03/2026', '01']);
    const march = registerTable(
      await readRegisterBook(as(w.communeA.clerk), {
        direction: 'incoming',
        from: '2026-03-01',
        to: '2026-03-31',
      }),
    );
    expect(march.rows.map((r) => r[1])).to.deep.equal(
      Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(march.rows[0]![3]).to.equal('01/QĐ-UBND');
    const books = await listRegisterBooks(as(w.communeA.clerk));
    expect(books.map((b) => [b.direction, b.year, b.entries])).to.deep.equal([['incoming', 2026, 12]]);
    const one = await readRegisterBook(as(w.communeA.clerk), {
      direction: 'incoming',
      from: '2026-03-01',
      to: '2026-03-31',
      registerId: books[0]!.id,
    });
    expect(one.incoming).to.have.length(12);
  });

  it('refuses a specialist, another unit, a reversed period and a register of another direction', async () => {
    const q = { direction: 'outgoing' as const, from: '2026-03-01', to: '2026-03-31' };
    expect(await codeOf(readRegisterBook(as(w.root.specialist), q))).to.equal('FORBIDDEN');
    expect(await codeOf(readRegisterBook(as(w.communeA.clerk), { ...q, unitId: w.rootId }))).to.equal(
      'UNIT_NOT_FOUND',
    );
    expect(await codeOf(readRegisterBook(as(w.root.clerk), { ...q, from: '2026-04-01' }))).to.equal(
      'DOCUMENT_INVALID',
    );
    expect(await codeOf(readRegisterBook(as(w.root.clerk), { ...q, to: '2026-02-30' }))).to.equal(
      'DATE_INVALID',
    );
    const [incomingBook] = await listRegisterBooks(as(w.communeA.clerk));
    expect(
      await codeOf(
        readRegisterBook(as(w.communeA.clerk), {
          ...q,
          unitId: w.communeIds[0],
          registerId: incomingBook!.id,
        }),
      ),
    ).to.equal('DOCUMENT_INVALID');
  });

  it('prints the book on landscape A4 pages with the headers repeated on every page, and exports the same rows to XLSX', async () => {
    const book = await readRegisterBook(as(w.root.clerk), {
      direction: 'outgoing',
      from: '2026-03-01',
      to: '2026-03-31',
    });
    // Enough lines for several pages.
    const many = { ...book, outgoing: Array.from({ length: 6 }, () => book.outgoing).flat() };
    const table = registerTable(many);
    const pdf = await renderRegisterBookPdf(table, { generatedAt: clock.now() });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).to.be.greaterThan(1);
    for (const p of doc.getPages()) {
      const { width, height } = p.getSize();
      expect(width).to.be.greaterThan(height);
    }
    const pages = pdfText(pdf)
      .split('\f')
      .filter((p) => p.trim());
    expect(pages).to.have.length(doc.getPageCount());
    for (const p of pages)
      expect(p).to.contain('Tên loại và trích yếu nội dung văn bản').and.contain('Người ký');
    expect(pages[0]).to.contain('SỔ ĐĂNG KÝ VĂN BẢN ĐI').and.contain('09/QĐ-UBND');
    expect(pages[0]).to.contain('Về việc kiểm tra công tác văn thư số 1');

    const xlsx = await renderRegisterBookXlsx(table, { generatedAt: clock.now() });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).to.equal('Sổ văn bản đi');
    expect(ws.getCell('A1').value).to.equal('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(ws.getRow(3).values).to.deep.equal([undefined, ...table.columns.map((c) => c.header)]);
    expect(ws.getCell('A5').value).to.equal('01/QĐ-UBND');
    expect(ws.rowCount).to.equal(4 + table.rows.length);
    expect(ws.pageSetup.orientation).to.equal('landscape');
    expect(ws.pageSetup.printTitlesRow).to.equal('3:4');
  });
});
