/**
 * Metadata of archived documents and files after Decree 30/2020/NĐ-CP Appendix VI (tags and maximum
 * lengths) with the archival fields of Circular 02/2019/TT-BNV (fonds, catalogue, keywords, access
 * regime, reliability, physical condition). The lengths were written from memory of the Appendix and
 * are listed in docs/archive.md "Case files" for checking. Values longer than their tag's maximum are
 * refused on input (files) and cut with an ellipsis in generated XML (documents: their fields come
 * from the registers, whose own limits differ).
 */
export const DOCUMENT_TAG_MAX = {
  FileCode: 30,
  DocOrdinal: 3,
  TypeName: 100,
  CodeNumber: 11,
  CodeNotation: 30,
  IssuedDate: 10,
  OrganName: 200,
  Subject: 500,
  Language: 100,
  PageAmount: 4,
  Description: 500,
  SignerInfo: 100,
  To: 1000,
  Priority: 50,
  IssuedAmount: 4,
  DueDate: 10,
  ArrivalDate: 10,
  ArrivalNumber: 10,
  ToPlaces: 1000,
  TraceHeaderList: 2000,
} as const;

export const FILE_TAG_MAX = {
  FileCode: 30,
  Title: 1000,
  Maintenance: 30,
  Rights: 30,
  Creator: 100,
  Language: 100,
  StartDate: 10,
  EndDate: 10,
  DocTotal: 4,
  PageTotal: 4,
  Description: 1000,
  Fonds: 200,
  Catalogue: 50,
  Keywords: 500,
  Reliability: 30,
  PhysicalCondition: 100,
} as const;

export type DocumentTag = keyof typeof DOCUMENT_TAG_MAX;
export type FileTag = keyof typeof FILE_TAG_MAX;

/** One document's Appendix VI metadata (strings as written: dates dd/MM/yyyy). */
export type DocumentMetadata = Partial<Record<DocumentTag, string>>;
export type FileMetadata = Partial<Record<FileTag, string>>;

function cut(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

/** Applies the tags' maximum lengths to a document's metadata. */
export function fitDocumentMetadata(m: DocumentMetadata): DocumentMetadata {
  const out: DocumentMetadata = {};
  for (const [k, v] of Object.entries(m) as [DocumentTag, string | undefined][]) {
    if (v !== undefined && v !== '') out[k] = cut(v, DOCUMENT_TAG_MAX[k]);
  }
  return out;
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .split('')
    .filter((c) => c >= ' ' || c === '\t' || c === '\n' || c === '\r')
    .join('');
}

function element(tag: string, value: string | undefined, indent: string): string {
  return value === undefined || value === '' ? '' : `${indent}<${tag}>${escapeXml(value)}</${tag}>\n`;
}

/**
 * The metadata XML stored with an archival record: the file's tags, then the document's, in the order
 * of the Appendix (a `<Document>` inside a `<File>`). UTF-8, NFC.
 */
export function appendixViXml(file: FileMetadata, doc: DocumentMetadata): string {
  const fileTags = Object.keys(FILE_TAG_MAX) as FileTag[];
  const docTags = Object.keys(DOCUMENT_TAG_MAX) as DocumentTag[];
  const fitted = fitDocumentMetadata(doc);
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<File>\n';
  for (const t of fileTags)
    xml += element(t, file[t] === undefined ? undefined : cut(file[t]!, FILE_TAG_MAX[t]), '  ');
  xml += '  <Document>\n';
  for (const t of docTags) xml += element(t, fitted[t], '    ');
  xml += '  </Document>\n</File>\n';
  return xml.normalize('NFC');
}
