import type { RegisterBook } from './register-book';

export interface RegisterTable {
  readonly title: string;
  readonly subtitle: string;
  /** Column headers as Decree 30/2020 Appendix IV names them, with relative widths. */
  readonly columns: readonly { readonly header: string; readonly width: number }[];
  readonly rows: readonly (readonly string[])[];
}

const dmy = (iso: string | null): string =>
  iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '';

/**
 * The register book as one table — the same headers, order and cell texts for the PDF, the XLSX and the
 * page, so the printed and exported books always agree.
 */
export function registerTable(book: RegisterBook): RegisterTable {
  const outgoing = book.direction === 'outgoing';
  const series = book.register
    ? ` — sổ ${book.register.year}${book.register.documentType ? `, ${book.register.documentType}` : ''}${
        book.register.series === 'classified' ? ', văn bản mật' : ''
      }`
    : '';
  const title = outgoing ? 'SỔ ĐĂNG KÝ VĂN BẢN ĐI' : 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN';
  const subtitle = `${book.unit.name}${series} — từ ngày ${dmy(book.from)} đến ngày ${dmy(book.to)}`;
  if (outgoing) {
    return {
      title,
      subtitle,
      columns: [
        { header: 'Số, ký hiệu văn bản', width: 11 },
        { header: 'Ngày tháng văn bản', width: 8 },
        { header: 'Tên loại và trích yếu nội dung văn bản', width: 28 },
        { header: 'Người ký', width: 11 },
        { header: 'Nơi nhận văn bản', width: 17 },
        { header: 'Đơn vị, người nhận bản lưu', width: 11 },
        { header: 'Số lượng bản', width: 5 },
        { header: 'Ghi chú', width: 9 },
      ],
      rows: book.outgoing.map((l) => [
        l.numberAndNotation,
        dmy(l.date),
        `${l.documentType}: ${l.subject}`,
        l.signer ?? '',
        l.recipients.join('; '),
        l.fileCopy,
        String(l.copies),
        l.note,
      ]),
    };
  }
  return {
    title,
    subtitle,
    columns: [
      { header: 'Ngày đến', width: 8 },
      { header: 'Số đến', width: 5 },
      { header: 'Tác giả', width: 15 },
      { header: 'Số, ký hiệu văn bản', width: 11 },
      { header: 'Ngày tháng văn bản', width: 8 },
      { header: 'Tên loại và trích yếu nội dung văn bản', width: 27 },
      { header: 'Đơn vị hoặc người nhận', width: 12 },
      { header: 'Ký nhận', width: 7 },
      { header: 'Ghi chú', width: 7 },
    ],
    rows: book.incoming.map((l) => [
      dmy(l.arrivedOn),
      l.number,
      l.author,
      l.numberAndNotation,
      dmy(l.date),
      `${l.documentType}: ${l.subject}`,
      l.receivedBy,
      l.signedFor,
      l.note,
    ]),
  };
}
