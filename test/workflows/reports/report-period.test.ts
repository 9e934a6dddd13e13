import { expect } from 'chai';
import { monthsOf, parseReportPeriod } from '../../../workflows/reports/report-period';

const today = '2026-05-04';
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('workflows/reports parseReportPeriod', () => {
  it('calendar periods: month, quarter, 6 and 9 months, year', () => {
    const p = (k: string) => parseReportPeriod(k, 'calendar', today);
    expect([p('2026-M02').from, p('2026-M02').to]).to.deep.equal(['2026-02-01', '2026-03-01']);
    expect([p('2026-Q1').from, p('2026-Q1').lastDay]).to.deep.equal(['2026-01-01', '2026-03-31']);
    expect([p('2026-Q4').from, p('2026-Q4').to]).to.deep.equal(['2026-10-01', '2027-01-01']);
    expect([p('2026-H2').from, p('2026-H2').to]).to.deep.equal(['2026-07-01', '2027-01-01']);
    expect([p('2026-9M').from, p('2026-9M').to]).to.deep.equal(['2026-01-01', '2026-10-01']);
    expect([p('2025').from, p('2025').to]).to.deep.equal(['2025-01-01', '2026-01-01']);
    expect(p('2026-Q1').label.vi).to.equal('Quý I năm 2026 (01/01/2026–31/03/2026)');
  });

  it('Decree 09/2019 Art. 12 windows: the 15th of the month before to the 14th; the year 15/12–14/12', () => {
    const p = (k: string) => parseReportPeriod(k, 'decree09', today);
    expect([p('2026-M01').from, p('2026-M01').lastDay]).to.deep.equal(['2025-12-15', '2026-01-14']);
    expect([p('2026-Q1').from, p('2026-Q1').lastDay]).to.deep.equal(['2025-12-15', '2026-03-14']);
    expect([p('2026-Q2').from, p('2026-Q2').lastDay]).to.deep.equal(['2026-03-15', '2026-06-14']);
    expect([p('2026-H1').from, p('2026-H1').lastDay]).to.deep.equal(['2025-12-15', '2026-06-14']);
    expect([p('2026-9M').from, p('2026-9M').lastDay]).to.deep.equal(['2025-12-15', '2026-09-14']);
    expect([p('2025').from, p('2025').lastDay]).to.deep.equal(['2024-12-15', '2025-12-14']);
    expect(monthsOf(p('2026-Q1')).map((m) => m.from)).to.deep.equal([
      '2025-12-15',
      '2026-01-15',
      '2026-02-15',
    ]);
  });

  it('custom ranges are inclusive; one ending before it starts is refused', () => {
    const c = parseReportPeriod('2026-01-05..2026-02-20', 'calendar', today);
    expect([c.from, c.to, c.kind]).to.deep.equal(['2026-01-05', '2026-02-21', 'custom']);
    expect(code(() => parseReportPeriod('2026-03-01..2026-02-01', 'calendar', today))).to.equal(
      'REPORT_PERIOD_INVALID',
    );
    expect(code(() => parseReportPeriod('2026-02-30..2026-03-01', 'calendar', today))).to.equal(
      'REPORT_PERIOD_INVALID',
    );
    expect(code(() => parseReportPeriod('2026-Q5', 'calendar', today))).to.equal('REPORT_PERIOD_INVALID');
  });

  it('a custom range over 10 years is refused; exactly 10 years is allowed', () => {
    expect(code(() => parseReportPeriod('2016-01-01..2026-01-01', 'calendar', today))).to.equal(
      'REPORT_PERIOD_TOO_LONG',
    );
    expect(parseReportPeriod('2016-01-01..2025-12-31', 'calendar', today).to).to.equal('2026-01-01');
  });

  it('marks future and ongoing periods', () => {
    expect(parseReportPeriod('2026-Q3', 'calendar', today)).to.include({ future: true, ongoing: false });
    expect(parseReportPeriod('2026-Q2', 'calendar', today)).to.include({ future: false, ongoing: true });
    expect(parseReportPeriod('2026-Q1', 'calendar', today)).to.include({ future: false, ongoing: false });
  });
});
