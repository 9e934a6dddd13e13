import { expect } from 'chai';
import { DOCUMENT_TYPES, documentTypeAbbreviation } from '../../../workflows/documents/document-types';
import {
  edxmlDocumentType,
  edxmlDocumentTypeName,
} from '../../../workflows/exchange/edxml/edxml-document-type';

/** Decree 30/2020/NĐ-CP Art. 7 in its order, with the Appendix III abbreviations. */
const DECREE_30: readonly [string, string][] = [
  ['Nghị quyết', 'NQ'],
  ['Quyết định', 'QĐ'],
  ['Chỉ thị', 'CT'],
  ['Quy chế', 'QC'],
  ['Quy định', 'QyĐ'],
  ['Thông cáo', 'TC'],
  ['Thông báo', 'TB'],
  ['Hướng dẫn', 'HD'],
  ['Chương trình', 'CTr'],
  ['Kế hoạch', 'KH'],
  ['Phương án', 'PA'],
  ['Đề án', 'ĐA'],
  ['Dự án', 'DA'],
  ['Báo cáo', 'BC'],
  ['Biên bản', 'BB'],
  ['Tờ trình', 'TTr'],
  ['Hợp đồng', 'HĐ'],
  ['Công văn', ''],
  ['Công điện', 'CĐ'],
  ['Bản ghi nhớ', 'GN'],
  ['Bản thỏa thuận', 'TTh'],
  ['Giấy ủy quyền', 'GUQ'],
  ['Giấy mời', 'GM'],
  ['Giấy giới thiệu', 'GGT'],
  ['Giấy nghỉ phép', 'GNP'],
  ['Phiếu gửi', 'PG'],
  ['Phiếu chuyển', 'PC'],
  ['Phiếu báo', 'PB'],
  ['Thư công', ''],
];

describe('Decree 30 administrative document types (Appendix III abbreviations)', () => {
  it('lists all 29 types in the decree’s order with their abbreviations', () => {
    expect(DOCUMENT_TYPES.map((t) => [t.name, t.abbreviation])).to.deep.equal(DECREE_30);
    expect(DOCUMENT_TYPES).to.have.length(29);
    for (const t of DOCUMENT_TYPES) expect(t.name).to.equal(t.name.normalize('NFC'));
  });

  it('finds an abbreviation by name (NFD input too) and none for a name outside the list', () => {
    expect(documentTypeAbbreviation('Quy định')).to.equal('QyĐ');
    expect(documentTypeAbbreviation('Thông cáo'.normalize('NFD'))).to.equal('TC');
    expect(documentTypeAbbreviation('Công văn')).to.equal('');
    expect(documentTypeAbbreviation('Luật')).to.equal(undefined);
  });

  it('numbers them for edXML from the same list (Công văn = 18, Thư công = 29)', () => {
    expect(edxmlDocumentType('Công văn')).to.equal(18);
    expect(edxmlDocumentType('Thư công')).to.equal(29);
    expect(edxmlDocumentType('Giấy nghỉ phép')).to.equal(25);
    expect(edxmlDocumentTypeName(5)).to.equal('Quy định');
    expect(edxmlDocumentType('Luật')).to.equal(0);
  });
});
