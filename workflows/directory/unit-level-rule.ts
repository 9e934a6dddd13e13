import { DirectoryError } from './directory-error';
import { UNIT_LEVELS, type Unit, type UnitLevel } from './unit';

/**
 * Which parent a unit of each level may have: a province-level unit (UBND tỉnh, a department) has none or
 * a province-level parent; a district committee reports to the province; a commune to a district or, since
 * the 2025 reform abolished districts, directly to the province.
 */
const ALLOWED_PARENT: Record<UnitLevel, readonly (UnitLevel | null)[]> = {
  province: [null, 'province'],
  district: ['province'],
  commune: ['district', 'province'],
};

export function assertLevel(level: unknown): UnitLevel {
  if (!UNIT_LEVELS.includes(level as UnitLevel)) {
    throw new DirectoryError(
      'UNIT_LEVEL_INVALID',
      {
        vi: 'Cấp đơn vị không hợp lệ (tỉnh, huyện, xã)',
        en: 'Invalid unit level (province, district, commune)',
      },
      { level: String(level).slice(0, 20) },
    );
  }
  return level as UnitLevel;
}

export function assertParentLevel(level: UnitLevel, parent: Pick<Unit, 'id' | 'level'> | null): void {
  if (!ALLOWED_PARENT[level].includes(parent?.level ?? null)) {
    const vi: Record<UnitLevel, string> = { province: 'cấp tỉnh', district: 'cấp huyện', commune: 'cấp xã' };
    throw new DirectoryError(
      'UNIT_LEVEL_INVALID',
      {
        vi: parent
          ? `Đơn vị ${vi[level]} không thể trực thuộc đơn vị ${vi[parent.level]}`
          : `Đơn vị ${vi[level]} phải có đơn vị cấp trên`,
        en: parent
          ? `A ${level}-level unit cannot report to a ${parent.level}-level unit`
          : `A ${level}-level unit needs a parent unit`,
      },
      { level, parentLevel: parent?.level ?? null, parentId: parent?.id ?? null },
    );
  }
}
