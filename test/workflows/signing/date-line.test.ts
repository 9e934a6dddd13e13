import { expect } from 'chai';
import { dateLine } from '../../../workflows/signing/date-line';
import { documentNumberText } from '../../../workflows/signing/document-number-text';
import { placeNameOf } from '../../../workflows/signing/place-name';
import { useTestDatabase } from '../../support/postgres';
import { insertUnit } from '../fixtures';

describe('workflows/signing date line, number text and place name (Decree 30 Appendix I)', () => {
  const t = useTestDatabase();

  it('writes the date line in Vietnam time, with a leading zero for days below 10 and for months 1 and 2', () => {
    expect(dateLine('Long An', new Date('2026-03-03T09:00:00+07:00'))).to.equal(
      'Long An, ngày 03 tháng 3 năm 2026',
    );
    expect(dateLine('Bến Lức', new Date('2026-02-05T08:00:00+07:00'))).to.equal(
      'Bến Lức, ngày 05 tháng 02 năm 2026',
    );
    expect(dateLine('Hà Nội', new Date('2026-11-22T10:00:00+07:00'))).to.equal(
      'Hà Nội, ngày 22 tháng 11 năm 2026',
    );
    // 20:00 UTC on 31 December is already 1 January in Vietnam.
    expect(dateLine('Tân An', new Date('2026-12-31T20:00:00Z'))).to.equal(
      'Tân An, ngày 01 tháng 01 năm 2027',
    );
    expect(dateLine('', new Date('2026-10-10T10:00:00+07:00'))).to.equal('Ngày 10 tháng 10 năm 2026');
  });

  it('prints numbers below 10 with a leading zero', () => {
    expect(documentNumberText(5, 'QĐ-UBND')).to.equal('05/QĐ-UBND');
    expect(documentNumberText(12, 'UBND-VP')).to.equal('12/UBND-VP');
    expect(documentNumberText(1234, 'CV')).to.equal('1234/CV');
  });

  it('takes the place from the nearest People’s Committee, unless an admin set one', async () => {
    const province = await insertUnit(t.db, {
      code: '000.00.00.H92',
      name: 'Ủy ban nhân dân tỉnh Long An',
      level: 'province',
    });
    const department = await insertUnit(t.db, {
      code: '000.00.01.H92',
      name: 'Sở Nội vụ',
      level: 'province',
      parentId: province,
    });
    const city = await insertUnit(t.db, {
      code: '000.00.02.H92',
      name: 'Ủy ban nhân dân thành phố Tân An',
      level: 'district',
      parentId: province,
    });
    const office = await insertUnit(t.db, {
      code: '000.02.01.H92',
      name: 'Phòng Nội vụ thành phố Tân An',
      level: 'district',
      parentId: city,
    });
    const commune = await insertUnit(t.db, {
      code: '000.02.02.H92',
      name: 'UBND phường Khánh Hậu',
      level: 'commune',
      parentId: city,
    });
    expect(await placeNameOf(t.db, province)).to.equal('Long An');
    expect(await placeNameOf(t.db, department)).to.equal('Long An');
    expect(await placeNameOf(t.db, city)).to.equal('Tân An');
    expect(await placeNameOf(t.db, office)).to.equal('Tân An');
    expect(await placeNameOf(t.db, commune)).to.equal('Khánh Hậu');
    await t.db.query(
      `INSERT INTO unit_signing_settings (unit_id, place_name, updated_at) VALUES ($1, 'Thành phố Tân An', now())`,
      [city],
    );
    expect(await placeNameOf(t.db, city)).to.equal('Thành phố Tân An');
    expect(await placeNameOf(t.db, office)).to.equal('Tân An'); // the override is the unit's own
  });
});
