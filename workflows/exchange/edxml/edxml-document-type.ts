import { foldSearchText } from '../../directory/search-text';
import { DOCUMENT_TYPES } from '../../documents/document-types';

/**
 * `DocumentType/Type` numbers. The administrative document types of Decree 30/2020/NĐ-CP Art. 7 (DOCUMENT_TYPES),
 * numbered in the order the decree lists them; the one number that public QCVN 102:2016 samples show (18 = Công
 * văn) agrees with this order. A name outside the list is written as type 0 with its `TypeName`; on
 * reading, `TypeName` is what the incoming record keeps.
 */
export const EDXML_DOCUMENT_TYPES: readonly string[] = DOCUMENT_TYPES.map((t) => t.name);

const BY_NAME = new Map(EDXML_DOCUMENT_TYPES.map((name, i) => [foldSearchText(name), i + 1]));

/** The type number of a document type name (`Quyết định` → 2), 0 when it is not in the list. */
export function edxmlDocumentType(name: string): number {
  return BY_NAME.get(foldSearchText(name)) ?? 0;
}

/** The name of a type number, when it is in the list. */
export function edxmlDocumentTypeName(type: number): string | undefined {
  return EDXML_DOCUMENT_TYPES[type - 1];
}
