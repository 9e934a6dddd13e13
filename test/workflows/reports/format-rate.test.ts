import { expect } from 'chai';
import {
  formatCount,
  formatPercent,
  formatRate,
  rateHundredths,
} from '../../../workflows/reports/format-rate';

describe('workflows/reports formatRate (Vietnamese, half-up, two decimals)', () => {
  it('writes the province’s own figures exactly', () => {
    expect(formatRate(33545, 33557)).to.equal('99,96% (33.545/33.557 văn bản đi)');
    expect(formatRate(33557, 33557)).to.equal('100% (33.557/33.557 văn bản đi)');
  });

  it('rounds half up at the second decimal: 99,995 % → 100 %, 99,994 % → 99,99 %', () => {
    expect(rateHundredths(19999, 20000)).to.equal(10000);
    expect(formatPercent(rateHundredths(19999, 20000))).to.equal('100%');
    expect(rateHundredths(99994, 100000)).to.equal(9999);
    expect(formatPercent(rateHundredths(99994, 100000))).to.equal('99,99%');
    expect(formatPercent(rateHundredths(1, 8))).to.equal('12,50%'); // 12,5 exactly
    expect(formatPercent(rateHundredths(1, 3))).to.equal('33,33%');
    expect(formatPercent(rateHundredths(2, 3))).to.equal('66,67%');
    expect(formatPercent(rateHundredths(1, 20000))).to.equal('0,01%'); // 0,005 → 0,01
    expect(formatPercent(rateHundredths(1, 20001))).to.equal('0%');
  });

  it('shows 0 of 0 as "—", never NaN', () => {
    expect(rateHundredths(0, 0)).to.equal(null);
    expect(formatRate(0, 0)).to.equal('— (0/0 văn bản đi)');
  });

  it('groups thousands with dots, including beyond 32-bit integers', () => {
    expect(formatCount(9200)).to.equal('9.200');
    expect(formatCount(10_000_000)).to.equal('10.000.000');
    expect(formatRate(3_000_000_000, 3_000_000_001, 'văn bản')).to.equal(
      '100% (3.000.000.000/3.000.000.001 văn bản)',
    );
  });
});
