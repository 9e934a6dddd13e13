/**
 * The 29 administrative document types of Decree 30/2020/NĐ-CP (Art. 7), in the decree's order, with
 * the abbreviation Appendix III prescribes for the notation (ký hiệu), e.g. `QĐ-UBND`. Công văn carries
 * no type abbreviation in its notation (Appendix I: `UBND-VP`), and Thư công, which has no number or
 * notation, none either. The edXML `DocumentType/Type` number is the position in this list + 1.
 */
export interface DocumentType {
  readonly name: string;
  /** Appendix III abbreviation; '' when the type has none. */
  readonly abbreviation: string;
}

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  { name: 'Nghị quyết', abbreviation: 'NQ' },
  { name: 'Quyết định', abbreviation: 'QĐ' },
  { name: 'Chỉ thị', abbreviation: 'CT' },
  { name: 'Quy chế', abbreviation: 'QC' },
  { name: 'Quy định', abbreviation: 'QyĐ' },
  { name: 'Thông cáo', abbreviation: 'TC' },
  { name: 'Thông báo', abbreviation: 'TB' },
  { name: 'Hướng dẫn', abbreviation: 'HD' },
  { name: 'Chương trình', abbreviation: 'CTr' },
  { name: 'Kế hoạch', abbreviation: 'KH' },
  { name: 'Phương án', abbreviation: 'PA' },
  { name: 'Đề án', abbreviation: 'ĐA' },
  { name: 'Dự án', abbreviation: 'DA' },
  { name: 'Báo cáo', abbreviation: 'BC' },
  { name: 'Biên bản', abbreviation: 'BB' },
  { name: 'Tờ trình', abbreviation: 'TTr' },
  { name: 'Hợp đồng', abbreviation: 'HĐ' },
  { name: 'Công văn', abbreviation: '' },
  { name: 'Công điện', abbreviation: 'CĐ' },
  { name: 'Bản ghi nhớ', abbreviation: 'GN' },
  { name: 'Bản thỏa thuận', abbreviation: 'TTh' },
  { name: 'Giấy ủy quyền', abbreviation: 'GUQ' },
  { name: 'Giấy mời', abbreviation: 'GM' },
  { name: 'Giấy giới thiệu', abbreviation: 'GGT' },
  { name: 'Giấy nghỉ phép', abbreviation: 'GNP' },
  { name: 'Phiếu gửi', abbreviation: 'PG' },
  { name: 'Phiếu chuyển', abbreviation: 'PC' },
  { name: 'Phiếu báo', abbreviation: 'PB' },
  { name: 'Thư công', abbreviation: '' },
];

/** The Appendix III abbreviation of a type name (exact, NFC), undefined when it is not one of the 29. */
export function documentTypeAbbreviation(name: string): string | undefined {
  const n = name.normalize('NFC').trim();
  return DOCUMENT_TYPES.find((t) => t.name === n)?.abbreviation;
}
