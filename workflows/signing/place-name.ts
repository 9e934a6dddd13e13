import type { Queryable } from '../directory/unit-repository';

/** "Ủy ban nhân dân tỉnh Long An" → "Long An": the People's Committee naming an administrative unit. */
const PEOPLES_COMMITTEE =
  /^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+(.+)$/iu;

/**
 * The place name (địa danh) of a unit's date line, Decree 30/2020/NĐ-CP Appendix I §II.4.a: the official
 * name of the administrative unit where the issuing body has its seat. In order:
 * 1. `unit_signing_settings.place_name` when an admin set it (PUT /api/signing/units/:id/settings);
 * 2. the name of the nearest People's Committee (or People's Council) among the unit and its ancestors,
 *    without its prefix: "Ủy ban nhân dân huyện Bến Lức" → "Bến Lức"; a department of the province
 *    ("Sở Nội vụ") gets its province's name;
 * 3. the unit's own name (visible in the document, and a reason to set the override).
 */
export async function placeNameOf(q: Queryable, unitId: string): Promise<string> {
  const set: { place_name: string | null }[] = await q.query(
    `SELECT place_name FROM unit_signing_settings WHERE unit_id = $1`,
    [unitId],
  );
  if (set[0]?.place_name) return set[0].place_name;
  const chain: { name: string; depth: number }[] = await q.query(
    `WITH RECURSIVE up(id, name, parent_id, depth) AS (
       SELECT id, name, parent_id, 0 FROM units WHERE id = $1
       UNION ALL
       SELECT u.id, u.name, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 10
     ) SELECT name, depth FROM up ORDER BY depth`,
    [unitId],
  );
  for (const u of chain) {
    const m = PEOPLES_COMMITTEE.exec(u.name.normalize('NFC').trim());
    if (m) return m[1]!.trim();
  }
  return chain[0]?.name ?? '';
}
