/** Text as compared for OCR quality: NFC (Vietnamese precomposed letters), whitespace runs as one space. */
export function normaliseForCer(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Character error rate of `recognised` against the known `reference`: Levenshtein distance (insertions,
 * deletions, substitutions of Unicode code points) over the reference's length, both normalised. A
 * wrong diacritic (ế for ê) counts as one error.
 */
export function characterErrorRate(reference: string, recognised: string): number {
  const a = [...normaliseForCer(reference)];
  const b = [...normaliseForCer(recognised)];
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]! / a.length;
}
