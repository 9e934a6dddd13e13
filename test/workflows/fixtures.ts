import type { DataSource } from 'typeorm';
import type { Actor, Clock, DomainContext, Role } from '../../workflows/context';
import type { Job } from '../../workflows/exchange/job';

/** A clock the test moves by hand. */
export class FixedClock implements Clock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t.getTime());
  }
  set(t: Date | string): void {
    this.t = new Date(t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/** A claimed job as a handler receives it (first attempt of ten, now), with `fields` over the defaults. */
export function jobOf(fields: Partial<Job> = {}): Job {
  return {
    id: '1',
    kind: 'test',
    payload: {},
    runAt: new Date(),
    attempts: 1,
    maxAttempts: 10,
    lockedBy: null,
    lockedUntil: null,
    ...fields,
  };
}

export function ctxOf(db: DataSource, actor: Actor, clock: Clock): DomainContext {
  return { db, actor, clock, requestMetadata: { ip: '127.0.0.1', userAgent: 'mocha', requestId: 'test' } };
}

/** Inserts a unit row directly (no authorisation, no audit): the starting world of a test. */
export async function insertUnit(
  db: DataSource,
  u: {
    code: string;
    name: string;
    level: 'province' | 'district' | 'commune';
    parentId?: string | null;
    validFrom?: string;
  },
): Promise<string> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO units (code, name, level, parent_id, valid_from, search_text) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [u.code, u.name, u.level, u.parentId ?? null, u.validFrom ?? '2020-01-01', u.name.toLowerCase()],
  );
  return rows[0]!.id;
}

/** Inserts an account directly and returns it as an Actor. */
export async function insertActor(
  db: DataSource,
  unitId: string,
  username: string,
  roles: Role[],
  passwordHash: string | null = null,
): Promise<Actor> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO users (username, full_name, unit_id, roles, password_hash) VALUES ($1, $2, $3, $4::text[], $5) RETURNING id`,
    [username, `Người dùng ${username}`, unitId, roles, passwordHash],
  );
  return { userId: rows[0]!.id, username, unitId, roles };
}
