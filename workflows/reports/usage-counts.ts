import type { Queryable } from '../directory/unit-repository';

/** Accounts and signing certificates of one unit at one instant. */
export interface UsageCounts {
  /** Accounts active at the instant: created before it and not deactivated by then (users.deactivated_at). */
  readonly accounts: number;
  /** Organisation (seal) certificates in use: valid at the instant and not deactivated before it. */
  readonly organisationCertificates: number;
  /** Personal certificates of the unit's leaders in use. */
  readonly leaderCertificates: number;
  /** Every certificate in use: the organisation's and every personal one. */
  readonly certificates: number;
}

/** Accounts and certificates in use per unit at `at` (issue 13 item 1). */
export async function usageCounts(
  q: Queryable,
  unitIds: readonly string[],
  at: Date,
): Promise<Map<string, UsageCounts>> {
  const rows: { unit_id: string; accounts: string; org: string; leader: string; total: string }[] =
    await q.query(
      `WITH inuse AS (
       SELECT c.unit_id, c.owner_kind, c.user_id FROM signing_credentials c
        WHERE c.unit_id = ANY($1::uuid[]) AND c.created_at <= $2 AND c.not_before <= $2 AND c.not_after > $2
          AND (c.active OR c.deactivated_at > $2))
     SELECT u.id AS unit_id,
            (SELECT count(*) FROM users x WHERE x.unit_id = u.id AND x.created_at <= $2
                AND (x.active OR x.deactivated_at > $2)) AS accounts,
            (SELECT count(*) FROM inuse c WHERE c.unit_id = u.id AND c.owner_kind = 'unit') AS org,
            (SELECT count(*) FROM inuse c JOIN users x ON x.id = c.user_id
              WHERE c.unit_id = u.id AND c.owner_kind = 'user' AND 'leader' = ANY(x.roles)) AS leader,
            (SELECT count(*) FROM inuse c WHERE c.unit_id = u.id) AS total
       FROM unnest($1::uuid[]) AS u(id)`,
      [unitIds, at],
    );
  return new Map(
    rows.map((r) => [
      r.unit_id,
      {
        accounts: Number(r.accounts),
        organisationCertificates: Number(r.org),
        leaderCertificates: Number(r.leader),
        certificates: Number(r.total),
      },
    ]),
  );
}
