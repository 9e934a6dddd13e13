/**
 * "Số" of a document as printed (Appendix I §II.3): Arabic numerals, numbers below 10 with a leading
 * zero, then the notation: "05/QĐ-UBND".
 */
export function documentNumberText(number: number, notation: string): string {
  return `${number < 10 ? `0${number}` : number}/${notation}`;
}
