import type { DataSource } from 'typeorm';

/** Roles a user may hold (DESIGN.md §1). */
export const ROLES = ['specialist', 'leader', 'clerk', 'archivist', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who performs a domain operation. Built by the HTTP layer from a session or bearer token. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly unitId: string;
  readonly roles: readonly Role[];
}

/** Where a request came from; recorded in the audit trail. Never holds secrets. */
export interface RequestMetadata {
  readonly ip?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
}

/** Injected clock so that tests fix time instead of waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * What every domain function receives: `fn(ctx, input)`. Domain functions never see `req`; they take
 * the actor and request metadata and return typed results or throw CodedError subclasses.
 */
export interface DomainContext {
  readonly db: DataSource;
  readonly clock: Clock;
  readonly actor: Actor;
  readonly requestMetadata: RequestMetadata;
}
