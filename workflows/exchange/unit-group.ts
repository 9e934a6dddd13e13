import type { UnitLevel } from '../directory/unit';

/** A named list of units (nhóm nơi nhận), e.g. "Tất cả UBND xã", owned by one unit. */
export interface UnitGroup {
  readonly id: string;
  readonly ownerUnitId: string;
  readonly ownerUnitName: string;
  readonly name: string;
  readonly memberCount: number;
  readonly createdAt: Date;
}

export interface UnitGroupMember {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly level: UnitLevel;
  /** Exclusive end: set when the unit no longer exists (sending routes it to its successor). */
  readonly validTo: string | null;
}

export interface UnitGroupDetail extends UnitGroup {
  readonly members: readonly UnitGroupMember[];
}

/** How a group's members are given: explicit units and/or every unit existing today at a level / under a parent. */
export interface UnitGroupMembersInput {
  readonly unitIds?: readonly string[];
  readonly select?: { readonly level?: UnitLevel; readonly parentId?: string };
}
