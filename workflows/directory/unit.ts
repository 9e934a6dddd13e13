export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** A unit as the domain sees it (plain object; dates are Vietnam calendar dates `YYYY-MM-DD`). */
export interface Unit {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly shortName: string | null;
  readonly level: UnitLevel;
  readonly parentId: string | null;
  readonly validFrom: string;
  /** Exclusive: the first day the unit no longer exists. */
  readonly validTo: string | null;
  readonly successorId: string | null;
}

/** True when the unit exists on `date` (`validFrom <= date < validTo`). */
export function isActiveOn(unit: Pick<Unit, 'validFrom' | 'validTo'>, date: string): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date < unit.validTo);
}
