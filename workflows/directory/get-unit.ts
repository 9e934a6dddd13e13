import { DirectoryError } from './directory-error';
import type { Unit } from './unit';
import { unitRepository, type Queryable } from './unit-repository';

/** The unit with this id, past or present; UNIT_NOT_FOUND otherwise. The directory is readable by all. */
export async function getUnit(db: Queryable, unitId: string): Promise<Unit> {
  const unit = await unitRepository.findById(db, unitId);
  if (!unit) throw DirectoryError.notFound(unitId);
  return unit;
}
