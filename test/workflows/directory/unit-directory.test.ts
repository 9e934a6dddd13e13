import { expect } from 'chai';
import type { CodedError } from '../../../signing/errors';
import type { Actor } from '../../../workflows/context';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { createUnit } from '../../../workflows/directory/create-unit';
import { dissolveUnit } from '../../../workflows/directory/dissolve-unit';
import { getUnit } from '../../../workflows/directory/get-unit';
import { listUnits } from '../../../workflows/directory/list-units';
import { mergeUnits } from '../../../workflows/directory/merge-units';
import { renameUnit } from '../../../workflows/directory/rename-unit';
import { resolveSuccessor } from '../../../workflows/directory/resolve-successor';
import { assertUnitCode } from '../../../workflows/directory/unit-code';
import { unitStructureAt } from '../../../workflows/directory/unit-structure-at';
import { vietnamDate } from '../../../workflows/directory/vietnam-date';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock, insertActor, insertUnit } from '../fixtures';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as CodedError).code;
  }
  return undefined;
}

describe('workflows/directory unit codes and dates', () => {
  it('accepts QCVN 102:2016 codes for central bodies (G) and provinces (H)', () => {
    for (const c of ['000.00.00.H41', '001.00.10.H47', '000.00.00.G12', ' 000.01.20.H99 ']) {
      expect(assertUnitCode(c)).to.equal(c.trim());
    }
  });

  it('refuses malformed codes with UNIT_CODE_INVALID', () => {
    for (const c of [
      '00.00.00.H41',
      '000.00.00.h41',
      '000.00.00.X41',
      '000.00.00.H4',
      '000-00-00-H41',
      '',
      null,
      42,
    ]) {
      expect(() => assertUnitCode(c), String(c))
        .to.throw()
        .with.property('code', 'UNIT_CODE_INVALID');
    }
  });

  it('takes the calendar date in Vietnam (UTC+7), not in UTC', () => {
    expect(vietnamDate(new Date('2025-06-30T17:00:00Z'))).to.equal('2025-07-01');
    expect(vietnamDate(new Date('2025-06-30T16:59:59Z'))).to.equal('2025-06-30');
    expect(() => vietnamDate('2025-02-30'))
      .to.throw()
      .with.property('code', 'DATE_INVALID');
  });
});

describe('workflows/directory units', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2025-01-10T09:00:00+07:00'));
  let rootId: string;
  let admin: Actor;
  const ctx = () => ctxOf(t.db, admin, clock);

  before(async () => {
    rootId = await insertUnit(t.db, {
      code: '000.00.00.H99',
      name: 'Ủy ban nhân dân tỉnh Long Giang',
      level: 'province',
    });
    admin = await insertActor(t.db, rootId, 'admin', ['admin']);
  });

  it('creates a district under the province and a commune under the district', async () => {
    const district = await createUnit(ctx(), {
      code: '000.00.20.H99',
      name: 'Ủy ban nhân dân huyện Bến Thạnh',
      level: 'district',
      parentId: rootId,
    });
    const commune = await createUnit(ctx(), {
      code: '000.01.20.H99',
      name: '  Ủy ban nhân dân   xã Bình Đức ',
      shortName: 'UBND xã Bình Đức',
      level: 'commune',
      parentId: district.id,
    });
    expect(commune).to.include({
      name: 'Ủy ban nhân dân xã Bình Đức',
      parentId: district.id,
      validFrom: '2025-01-10',
      validTo: null,
    });
    expect(await getUnit(t.db, commune.id)).to.deep.equal(commune);
  });

  it('refuses a duplicate code with UNIT_CODE_DUPLICATE and keeps nothing of the attempt', async () => {
    const before = await t.db.query(`SELECT count(*) AS n FROM audit_events`);
    expect(
      await codeOf(
        createUnit(ctx(), { code: '000.00.20.H99', name: 'Trùng mã', level: 'district', parentId: rootId }),
      ),
    ).to.equal('UNIT_CODE_DUPLICATE');
    expect(await t.db.query(`SELECT count(*) AS n FROM audit_events`)).to.deep.equal(before);
  });

  it('refuses parents of the wrong level with UNIT_LEVEL_INVALID', async () => {
    const { items } = await listUnits(t.db, { level: 'commune' });
    const commune = items[0]!;
    const district = (await listUnits(t.db, { level: 'district' })).items[0]!;
    expect(
      await codeOf(
        createUnit(ctx(), {
          code: '000.02.20.H99',
          name: 'Xã con của xã',
          level: 'commune',
          parentId: commune.id,
        }),
      ),
    ).to.equal('UNIT_LEVEL_INVALID');
    expect(
      await codeOf(
        createUnit(ctx(), {
          code: '000.02.21.H99',
          name: 'Huyện trong huyện',
          level: 'district',
          parentId: district.id,
        }),
      ),
    ).to.equal('UNIT_LEVEL_INVALID');
    expect(
      await codeOf(createUnit(ctx(), { code: '000.00.22.H99', name: 'Huyện mồ côi', level: 'district' })),
    ).to.equal('UNIT_LEVEL_INVALID');
    expect(
      await codeOf(
        createUnit(ctx(), { code: '000.00.23.H99', name: 'X', level: 'ward' as never, parentId: rootId }),
      ),
    ).to.equal('UNIT_LEVEL_INVALID');
  });

  it('answers UNIT_NOT_FOUND for unknown and malformed ids', async () => {
    expect(await codeOf(getUnit(t.db, '8d3c1a52-1111-4a4a-9a9a-000000000000'))).to.equal('UNIT_NOT_FOUND');
    expect(await codeOf(getUnit(t.db, "1' OR '1'='1"))).to.equal('UNIT_NOT_FOUND');
  });

  it('hides units outside an admin’s subtree as UNIT_NOT_FOUND and refuses non-admins with FORBIDDEN', async () => {
    const district = (await listUnits(t.db, { level: 'district' })).items[0]!;
    const districtAdmin = await insertActor(t.db, district.id, 'quantri.huyen', ['admin']);
    const clerk = await insertActor(t.db, district.id, 'vanthu.huyen', ['clerk']);
    expect(
      await codeOf(
        renameUnit(ctxOf(t.db, districtAdmin, clock), {
          unitId: rootId,
          name: 'Đổi tên tỉnh',
          effectiveOn: '2025-02-01',
        }),
      ),
    ).to.equal('UNIT_NOT_FOUND');
    expect(
      await codeOf(
        renameUnit(ctxOf(t.db, clerk, clock), {
          unitId: district.id,
          name: 'Đổi tên',
          effectiveOn: '2025-02-01',
        }),
      ),
    ).to.equal('FORBIDDEN');
  });

  it('finds units with or without diacritics, in any word order, page by page', async () => {
    for (const q of ['xa binh', 'Xã Bình', 'binh duc', 'BÌNH ĐỨC', '000.01.20']) {
      const { items } = await listUnits(t.db, { q });
      expect(
        items.map((u) => u.code),
        q,
      ).to.deep.equal(['000.01.20.H99']);
    }
    expect((await listUnits(t.db, { q: '100%_' })).items).to.deep.equal([]);
    const first = await listUnits(t.db, { limit: 2 });
    const second = await listUnits(t.db, { limit: 2, cursor: first.nextCursor! });
    expect(first.items.map((u) => u.code)).to.deep.equal(['000.00.00.H99', '000.00.20.H99']);
    expect(second.items.map((u) => u.code)).to.deep.equal(['000.01.20.H99']);
    expect(second.nextCursor).to.equal(null);
  });

  it('renames from a date and keeps the old name with its period for the past', async () => {
    const district = (await listUnits(t.db, { level: 'district' })).items[0]!;
    await renameUnit(ctx(), {
      unitId: district.id,
      name: 'Ủy ban nhân dân thị xã Bến Thạnh',
      effectiveOn: '2025-03-01',
    });
    expect((await getUnit(t.db, district.id)).name).to.equal('Ủy ban nhân dân thị xã Bến Thạnh');
    const before = (await unitStructureAt(t.db, '2025-02-28')).find((u) => u.id === district.id)!;
    const after = (await unitStructureAt(t.db, '2025-03-01')).find((u) => u.id === district.id)!;
    expect([before.name, after.name]).to.deep.equal([
      'Ủy ban nhân dân huyện Bến Thạnh',
      'Ủy ban nhân dân thị xã Bến Thạnh',
    ]);
    expect(
      await codeOf(renameUnit(ctx(), { unitId: district.id, name: 'Lùi ngày', effectiveOn: '2025-02-15' })),
    ).to.equal('UNIT_REORGANISATION_INVALID');
    expect((await listUnits(t.db, { q: 'thi xa ben thanh' })).items).to.have.length(1);
  });
});

/**
 * The 2025 reform: from 1 July 2025 district-level committees are abolished and communes are merged into
 * new, larger communes reporting to the province.
 */
describe('workflows/directory 2025 reform replay', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2025-06-20T10:00:00+07:00'));
  const u: Record<string, string> = {};
  let admin: Actor;
  const ctx = () => ctxOf(t.db, admin, clock);

  before(async () => {
    u.root = await insertUnit(t.db, {
      code: '000.00.00.H99',
      name: 'Ủy ban nhân dân tỉnh Long Giang',
      level: 'province',
    });
    admin = await insertActor(t.db, u.root, 'admin', ['admin']);
    for (const [d, dd] of [
      ['A', '20'],
      ['B', '21'],
    ] as const) {
      u[d] = await insertUnit(t.db, {
        code: `000.00.${dd}.H99`,
        name: `Ủy ban nhân dân huyện ${d}`,
        level: 'district',
        parentId: u.root,
      });
      for (const i of [1, 2, 3]) {
        u[`${d}${i}`] = await insertUnit(t.db, {
          code: `000.0${i}.${dd}.H99`,
          name: `Ủy ban nhân dân xã ${d}${i}`,
          level: 'commune',
          parentId: u[d],
        });
      }
    }
    await insertActor(t.db, u.A1!, 'vanthu.a1', ['clerk']);
    await t.db.query(
      `CREATE TABLE test_work_items (id serial PRIMARY KEY, unit_id uuid NOT NULL, open boolean NOT NULL, on_date date NOT NULL)`,
    );
    // A closed record of March and a pending item, both naming commune A1.
    await t.db.query(
      `INSERT INTO test_work_items (unit_id, open, on_date) VALUES ($1, false, '2025-03-10'), ($1, true, '2025-06-25')`,
      [u.A1],
    );
  });

  it('applies the reform: communes merged into new communes under the province, districts dissolved', async () => {
    const n1 = await mergeUnits(ctx(), {
      sourceIds: [u.A1!, u.A2!],
      newUnit: {
        code: '000.00.40.H99',
        name: 'Ủy ban nhân dân xã Tân Hòa',
        level: 'commune',
        parentId: u.root!,
      },
      effectiveOn: '2025-07-01',
    });
    u.N1 = n1.target.id;
    expect(n1.accountsMoved).to.equal(1);
    const n2 = await mergeUnits(ctx(), {
      sourceIds: [u.A3!, u.B1!],
      newUnit: {
        code: '000.00.41.H99',
        name: 'Ủy ban nhân dân xã Phước Lợi',
        level: 'commune',
        parentId: u.root!,
      },
      effectiveOn: '2025-07-01',
    });
    u.N2 = n2.target.id;
    await mergeUnits(ctx(), { sourceIds: [u.B3!], into: u.B2!, effectiveOn: '2025-07-01' });
    const a = await dissolveUnit(ctx(), { unitId: u.A!, successorId: u.root!, effectiveOn: '2025-07-01' });
    const b = await dissolveUnit(ctx(), { unitId: u.B!, successorId: u.root!, effectiveOn: '2025-07-01' });
    expect([a.childrenMoved, b.childrenMoved]).to.deep.equal([0, 1]); // only B2 still existed under B
    expect(await verifyAuditChain(t.db)).to.include({ ok: true });
  });

  it('routes the pending item of a dissolved commune to its successor, while the closed record keeps A1', async () => {
    const items: { unit_id: string; open: boolean; on_date: string }[] = await t.db.query(
      `SELECT unit_id, open, on_date::text FROM test_work_items ORDER BY id`,
    );
    const closed = items.find((i) => !i.open)!;
    const pending = items.find((i) => i.open)!;
    expect(closed.unit_id).to.equal(u.A1);
    expect((await resolveSuccessor(t.db, pending.unit_id, '2025-07-15')).id).to.equal(u.N1);
    expect((await resolveSuccessor(t.db, pending.unit_id, '2025-06-30')).id).to.equal(u.A1);
    expect((await resolveSuccessor(t.db, u.B3!, '2025-07-01')).id).to.equal(u.B2);
    const structureInMarch = await unitStructureAt(t.db, closed.on_date);
    expect(structureInMarch.find((x) => x.id === closed.unit_id)).to.include({
      name: 'Ủy ban nhân dân xã A1',
      parentId: u.A,
    });
  });

  it('shows the structure in force on each side of 1 July 2025', async () => {
    const before = await unitStructureAt(t.db, '2025-06-30');
    const after = await unitStructureAt(t.db, new Date('2025-06-30T17:00:00Z'));
    expect(before.map((x) => x.code)).to.have.length(9);
    expect(after.map((x) => x.name)).to.have.members([
      'Ủy ban nhân dân tỉnh Long Giang',
      'Ủy ban nhân dân xã Tân Hòa',
      'Ủy ban nhân dân xã Phước Lợi',
      'Ủy ban nhân dân xã B2',
    ]);
    expect(before.find((x) => x.id === u.B2)!.parentId).to.equal(u.B);
    for (const x of after.filter((x) => x.level === 'commune')) expect(x.parentId).to.equal(u.root);
    expect(after.filter((x) => x.level === 'district')).to.deep.equal([]);
  });

  it('follows a chain of successors when a new commune is merged again', async () => {
    clock.set('2025-12-20T10:00:00+07:00');
    await mergeUnits(ctx(), { sourceIds: [u.N1!], into: u.N2!, effectiveOn: '2026-01-01' });
    expect((await resolveSuccessor(t.db, u.A1!, '2026-02-01')).id).to.equal(u.N2);
    expect((await resolveSuccessor(t.db, u.A1!, '2025-08-01')).id).to.equal(u.N1);
  });

  it('refuses to touch a dissolved unit with UNIT_DISSOLVED', async () => {
    expect(
      await codeOf(
        createUnit(ctx(), {
          code: '000.09.20.H99',
          name: 'Xã mới',
          level: 'commune',
          parentId: u.A!,
          validFrom: '2025-08-01',
        }),
      ),
    ).to.equal('UNIT_DISSOLVED');
    expect(
      await codeOf(renameUnit(ctx(), { unitId: u.A1!, name: 'Tên mới', effectiveOn: '2025-08-01' })),
    ).to.equal('UNIT_DISSOLVED');
    expect(
      await codeOf(dissolveUnit(ctx(), { unitId: u.B2!, successorId: u.A!, effectiveOn: '2025-09-01' })),
    ).to.equal('UNIT_DISSOLVED');
    expect(
      await codeOf(mergeUnits(ctx(), { sourceIds: [u.B2!, u.A2!], into: u.N2!, effectiveOn: '2025-09-01' })),
    ).to.equal('UNIT_DISSOLVED');
  });

  it('refuses merging units of different levels and merging a unit into itself', async () => {
    expect(
      await codeOf(mergeUnits(ctx(), { sourceIds: [u.B2!], into: u.root!, effectiveOn: '2026-03-01' })),
    ).to.equal('UNIT_LEVEL_INVALID');
    expect(
      await codeOf(mergeUnits(ctx(), { sourceIds: [u.B2!], into: u.B2!, effectiveOn: '2026-03-01' })),
    ).to.equal('UNIT_REORGANISATION_INVALID');
  });

  it('stops with UNIT_SUCCESSOR_CYCLE instead of looping on corrupted successor data', async () => {
    const x = await insertUnit(t.db, {
      code: '000.00.50.H99',
      name: 'X',
      level: 'province',
      parentId: u.root,
      validFrom: '2020-01-01',
    });
    const y = await insertUnit(t.db, {
      code: '000.00.51.H99',
      name: 'Y',
      level: 'province',
      parentId: u.root,
      validFrom: '2020-01-01',
    });
    await t.db.query(`UPDATE units SET valid_to = '2021-01-01', successor_id = $2 WHERE id = $1`, [x, y]);
    await t.db.query(`UPDATE units SET valid_to = '2021-01-01', successor_id = $2 WHERE id = $1`, [y, x]);
    expect(await codeOf(resolveSuccessor(t.db, x, '2022-01-01'))).to.equal('UNIT_SUCCESSOR_CYCLE');
  });
});
