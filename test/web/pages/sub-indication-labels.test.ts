// Every sub-indication the validator can give (SubIndication in signing/validate/validation-result.ts)
// has words in both languages on the incoming document's verdict card, never only the ETSI code
// ('Lý do khác' is the fallback for a code the page does not know).
import { describe, expect, it } from 'vitest';
import { subIndicationText } from '../../../web/src/pages/incoming/incoming-document';

// The validator's source as text (Vite reads it at test time; nothing of it runs here).
const SOURCES: Record<string, string> = import.meta.glob('../../../signing/validate/validation-result.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const resultSource = Object.values(SOURCES)[0] ?? '';

/** The members of `export type SubIndication = … ;` in the validator's source. */
function subIndications(): string[] {
  const body = resultSource.split('export type SubIndication =')[1]!.split(';')[0]!;
  return [...body.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!);
}

describe('sub-indication labels', () => {
  it('labels every sub-indication of the validator in Vietnamese and English', () => {
    const codes = subIndications();
    expect(codes).toContain('CRYPTO_CONSTRAINTS_FAILURE_NO_POE');
    expect(codes.length).toBeGreaterThan(10);
    const unlabelled = codes.filter(
      (c) =>
        subIndicationText(c, 'vi').startsWith('Lý do khác') ||
        subIndicationText(c, 'en').startsWith('Other reason'),
    );
    expect(unlabelled).toEqual([]);
  });

  it('names an algorithm past its sunset without proof of existence', () => {
    expect(subIndicationText('CRYPTO_CONSTRAINTS_FAILURE_NO_POE', 'vi')).toBe(
      'Thuật toán đã hết hạn an toàn, không có bằng chứng thời điểm ký (CRYPTO_CONSTRAINTS_FAILURE_NO_POE)',
    );
    expect(subIndicationText('CRYPTO_CONSTRAINTS_FAILURE_NO_POE', 'en')).toBe(
      'Algorithm past its sunset, no proof of existence (CRYPTO_CONSTRAINTS_FAILURE_NO_POE)',
    );
    expect(subIndicationText('NO_SUCH_CODE', 'vi')).toBe('Lý do khác (NO_SUCH_CODE)');
  });
});
