import { expect } from 'chai';
import { DEMO_SCALES, planSealing, quarterRange } from '../../../workflows/demo/demo-history';
import { formatRate } from '../../../workflows/reports/format-rate';

/** The full scale reproduces the published Q1/2024 figures (issue 13 item 7) without running it. */
describe('workflows/demo scales', () => {
  const sealedOf = (count: number, unsealed: number) => planSealing(count, unsealed).filter(Boolean).length;

  it('full scale: 33.545/33.557 at province and district level, 99,92 % at commune level', () => {
    const f = DEMO_SCALES.full;
    const pd = sealedOf(f.provinceDistrict, f.provinceDistrictUnsealed);
    const c = sealedOf(f.commune, f.communeUnsealed);
    expect(formatRate(f.provinceDistrict, f.provinceDistrict)).to.equal('100% (33.557/33.557 văn bản đi)');
    expect(formatRate(pd, f.provinceDistrict)).to.equal('99,96% (33.545/33.557 văn bản đi)');
    expect(formatRate(c, f.commune)).to.match(/^99,92% /);
  });

  it('the unsealed documents are spread over the period, not bunched at its start or end', () => {
    const plan = planSealing(33_557, 12);
    const at = plan.flatMap((sealed, i) => (sealed ? [] : [i]));
    expect(at).to.have.length(12);
    expect(at[0]).to.be.greaterThan(1000);
    expect(at[11]).to.be.lessThan(33_557);
    expect(at[11]! - at[0]!).to.be.greaterThan(30_000);
    expect(planSealing(5, 0).every(Boolean)).to.equal(true);
  });

  it('quarters', () => {
    expect(quarterRange('2024Q4')).to.deep.equal({ from: '2024-10-01', to: '2025-01-01' });
    expect(() => quarterRange('2024-Q1')).to.throw(/2024Q1/);
  });
});
