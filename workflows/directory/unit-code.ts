import { DirectoryError } from './directory-error';

/**
 * QCVN 102:2016 identifier code of an organisation: `NNN.NN.NN.XNN`, e.g. `000.00.00.H41` (a province's
 * People's Committee) or `000.01.20.H41`. X is `G` (central bodies) or `H` (provinces), followed by two
 * digits.
 */
export const UNIT_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}$/;

/** Returns the code trimmed, or throws UNIT_CODE_INVALID. */
export function assertUnitCode(code: unknown): string {
  const c = typeof code === 'string' ? code.trim() : '';
  if (!UNIT_CODE_PATTERN.test(c)) {
    throw new DirectoryError(
      'UNIT_CODE_INVALID',
      {
        vi: 'Mã định danh đơn vị không đúng định dạng QCVN 102:2016 (NNN.NN.NN.XNN, ví dụ 000.00.00.H41)',
        en: 'Unit identifier code is not in the QCVN 102:2016 format (NNN.NN.NN.XNN, e.g. 000.00.00.H41)',
      },
      { code: typeof code === 'string' ? code.slice(0, 40) : typeof code },
    );
  }
  return c;
}
