/**
 * "Số" of a document as Decree 30 writes it (Appendix I §II.3): Arabic numerals, numbers below 10 with a
 * leading zero: 5 → "05", 12 → "12". The one formatter of document numbers: the API, the PDF, file
 * names, edXML messages and registers all print through it; the stored number stays an integer.
 */
export function documentNumber(number: number): string {
  return number < 10 ? `0${number}` : String(number);
}

/** "Số, ký hiệu" as printed: "05/QĐ-UBND". */
export function documentNumberText(number: number, notation: string): string {
  return `${documentNumber(number)}/${notation}`;
}

/**
 * A number received from elsewhere (edXML `CodeNumber`, a paper register) in the same form: a bare
 * integer below 10 gets its leading zero ("1" → "01"); anything else is kept as written.
 */
export function normaliseDocumentNumber(text: string): string {
  return /^[0-9]+$/.test(text) && Number(text) < 10 ? documentNumber(Number(text)) : text;
}
