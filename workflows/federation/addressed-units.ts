import { isCodedError } from '../../signing/errors';
import type { Queryable } from '../directory/unit-repository';
import { resolveSuccessor } from '../directory/resolve-successor';
import type { EdxmlOrgan } from '../exchange/edxml/edxml-message';

export interface AddressedUnits {
  /** Units of this server the package reaches: the one named and the one that receives (its successor). */
  readonly units: readonly {
    readonly code: string;
    readonly addressedUnitId: string;
    readonly recipientUnitId: string;
  }[];
  /** Codes of the package's To that are not units of this server (or ended without successor). */
  readonly notHere: readonly string[];
}

/**
 * The units of this server a package's To names, on `date` (Vietnam): looked up by QCVN 102:2016 code; a
 * unit that ended routes to its successor (resolveSuccessor), as internal sending does; a unit that ended
 * without one, or an unknown code, is not here.
 */
export async function addressedUnits(
  q: Queryable,
  to: readonly EdxmlOrgan[],
  date: string,
): Promise<AddressedUnits> {
  const codes = [...new Set(to.map((t) => t.organId))];
  const rows: { id: string; code: string; ended: boolean }[] = await q.query(
    `SELECT id, code, (valid_to IS NOT NULL AND valid_to <= $2::date) AS ended FROM units WHERE code = ANY($1::text[])`,
    [codes, date],
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const units: { code: string; addressedUnitId: string; recipientUnitId: string }[] = [];
  const notHere: string[] = [];
  const seen = new Set<string>();
  for (const code of codes) {
    const u = byCode.get(code);
    if (!u) {
      notHere.push(code);
      continue;
    }
    let recipientUnitId = u.id;
    if (u.ended) {
      try {
        recipientUnitId = (await resolveSuccessor(q, u.id, date)).id;
      } catch (e) {
        if (isCodedError(e) && e.code === 'UNIT_DISSOLVED') {
          notHere.push(code);
          continue;
        }
        throw e;
      }
    }
    if (seen.has(recipientUnitId)) continue;
    seen.add(recipientUnitId);
    units.push({ code, addressedUnitId: u.id, recipientUnitId });
  }
  return { units, notHere };
}
