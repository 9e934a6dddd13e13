/**
 * Vietnamese number formatting of the reports, as provinces publish them (issue 13 item 3):
 * `99,96% (33.545/33.557 văn bản đi)` — dot for thousands, comma for decimals.
 *
 * Rounding: half-up to two decimals, computed on integers (no floating point): 19.999/20.000 =
 * 99,995% → "100%"; 1/3 → "33,33%"; 2/3 → "66,67%". Whole percentages are written without decimals
 * ("100%", "50%"), others with two ("99,90%"). 0 of 0 → "—" (no denominator: no rate, never NaN).
 */
export function formatCount(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return n < 0 ? `-${grouped}` : grouped;
}

/** The rate in hundredths of a percent, half-up (e.g. 9996 for 99,96 %); null when the denominator is 0. */
export function rateHundredths(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  // round(n / d × 10000) half-up = floor((2 × 10000 × n + d) / (2d)) for n, d ≥ 0.
  return Number((20000n * n + d) / (2n * d));
}

export function formatPercent(hundredths: number | null): string {
  if (hundredths === null) return '—';
  const whole = Math.trunc(hundredths / 100);
  const frac = hundredths % 100;
  return frac === 0 ? `${formatCount(whole)}%` : `${formatCount(whole)},${String(frac).padStart(2, '0')}%`;
}

/** `99,96% (33.545/33.557 văn bản đi)`; with no denominator `— (0/0 văn bản đi)`. */
export function formatRate(numerator: number, denominator: number, noun = 'văn bản đi'): string {
  const pct = formatPercent(rateHundredths(numerator, denominator));
  return `${pct} (${formatCount(numerator)}/${formatCount(denominator)}${noun ? ` ${noun}` : ''})`;
}
