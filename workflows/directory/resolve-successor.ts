import { DirectoryError } from './directory-error';
import type { Unit } from './unit';
import { unitRepository, type Queryable } from './unit-repository';
import { vietnamDate } from './vietnam-date';

/**
 * The unit that holds a unit's responsibilities on `at`: the unit itself while it exists, else its
 * successor, followed as far as needed (a commune merged in 2025 whose new commune was merged again...).
 * Open work items (pending incoming documents, deadlines) route through this; records that happened keep
 * the unit they name. Safe against successor cycles in bad data (UNIT_SUCCESSOR_CYCLE); a unit that
 * ended without successor answers UNIT_DISSOLVED.
 */
export async function resolveSuccessor(db: Queryable, unitId: string, at: Date | string): Promise<Unit> {
  const date = vietnamDate(at);
  let unit = await unitRepository.findById(db, unitId);
  if (!unit) throw DirectoryError.notFound(unitId);
  const seen = new Set<string>();
  while (unit.validTo !== null && unit.validTo <= date) {
    seen.add(unit.id);
    if (!unit.successorId) throw DirectoryError.dissolved(unit.id, unit.validTo);
    if (seen.has(unit.successorId)) {
      throw new DirectoryError(
        'UNIT_SUCCESSOR_CYCLE',
        { vi: 'Chuỗi đơn vị kế thừa bị vòng lặp', en: 'The chain of successor units loops' },
        { unitIds: [...seen] },
      );
    }
    const next: Unit | undefined = await unitRepository.findById(db, unit.successorId);
    if (!next) throw DirectoryError.notFound(unit.successorId);
    unit = next;
  }
  return unit;
}
