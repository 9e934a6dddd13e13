import type { Queryable } from '../directory/unit-repository';
import { FederationError } from './federation-error';
import type { PeerValues } from './peer-input';

/** Two enabled peers may not claim the same pattern: a package's sender would be ambiguous. */
export async function assertNoPatternClash(q: Queryable, p: PeerValues, exceptId?: string): Promise<void> {
  if (!p.enabled) return;
  const rows: { name: string; pattern: string }[] = await q.query(
    `SELECT name, pattern FROM federation_peers, unnest(organ_patterns) AS pattern
     WHERE enabled AND pattern = ANY($1::text[]) AND ($2::uuid IS NULL OR id <> $2::uuid) LIMIT 5`,
    [p.organPatterns, exceptId ?? null],
  );
  if (rows.length) {
    throw new FederationError(
      'FEDERATION_PEER_CONFLICT',
      {
        vi: `Mã ${rows[0]!.pattern} đã thuộc hệ thống liên thông ${rows[0]!.name}`,
        en: `Pattern ${rows[0]!.pattern} already belongs to peer ${rows[0]!.name}`,
      },
      { clashes: rows },
    );
  }
}

/** The unique name constraint as a coded error; anything else is rethrown. */
export function peerConflict(e: unknown, name: string): unknown {
  if ((e as { code?: string; constraint?: string }).constraint === 'federation_peers_name_key') {
    return new FederationError(
      'FEDERATION_PEER_CONFLICT',
      { vi: `Đã có hệ thống liên thông tên "${name}"`, en: `A peer named "${name}" exists` },
      { name },
    );
  }
  return e;
}
