import { expect } from 'chai';
import { allocateNumber } from '../../../workflows/documents/allocate-number';
import { useTestDatabase } from '../../support/postgres';
import { insertUnit } from '../fixtures';

describe('workflows/documents allocateNumber (gapless registers)', () => {
  const t = useTestDatabase();
  let unitId: string;

  before(async () => {
    unitId = await insertUnit(t.db, {
      code: '000.00.00.H98',
      name: 'Ủy ban nhân dân tỉnh Thử',
      level: 'province',
    });
  });

  const scope = (year: number, extra: object = {}) => ({
    unitId,
    direction: 'outgoing' as const,
    year,
    series: 'normal' as const,
    ...extra,
  });

  it('gives 20 concurrent transactions the numbers 1..20 with no gap or duplicate', async () => {
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.db.transaction(async (m) => (await allocateNumber(m, scope(2026))).number),
      ),
    );
    expect([...numbers].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('gives a rolled-back number back, so the series stays gapless', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        t.db.transaction(async (m) => {
          const { number } = await allocateNumber(m, scope(2027));
          if (i === 3) throw new Error('clerk cancelled');
          return number;
        }),
      ),
    );
    const kept = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(kept).to.have.length(9);
    expect([...kept].sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const next = await t.db.transaction((m) => allocateNumber(m, scope(2027)));
    expect(next.number).to.equal(10);
  });

  it('numbers each year, type and series separately, from 1', async () => {
    const n = (extra: object, year = 2028) =>
      t.db.transaction(async (m) => (await allocateNumber(m, scope(year, extra))).number);
    expect(await n({})).to.equal(1);
    expect(await n({})).to.equal(2);
    expect(await n({ documentType: 'Quyết định' })).to.equal(1);
    expect(await n({ series: 'classified' })).to.equal(1);
    expect(await n({}, 2029)).to.equal(1);
    expect(await n({ direction: 'incoming' })).to.equal(1);
  });

  it('refuses to allocate outside a transaction', async () => {
    let err: unknown;
    try {
      await allocateNumber(t.db.manager, scope(2030));
    } catch (e) {
      err = e;
    }
    expect(String(err)).to.match(/inside the transaction/);
  });
});
