import type { DataSource, EntityManager } from 'typeorm';
import type { DomainContext } from '../context';

/**
 * A context whose `db` is the caller's open transaction and whose clock is frozen at `now`. Domain
 * functions called with it (recordLeaderSignature, assignNumber, recordSeal: each calls
 * `ctx.db.transaction`) run as SAVEPOINTs on the same connection — TypeORM's
 * EntityManager.transaction reuses its query runner and nests — so they commit or roll back with the
 * caller: a failed signature after the number was taken gives the number back. The frozen clock makes
 * the number's year, the date line and the signing time one instant.
 */
export function nestedContext(ctx: DomainContext, m: EntityManager, now: Date): DomainContext {
  return {
    ...ctx,
    // Only `transaction` and `query` are used by the domain functions; an EntityManager has both.
    db: m as unknown as DataSource,
    clock: { now: () => new Date(now.getTime()) },
  };
}
