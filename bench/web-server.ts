/**
 * The server of bench/web.ts, run as a child process: the real app (createApp, production caching)
 * with no database behind it. A cold visitor's first page is the login page, whose only API call
 * (GET /api/me without a session) is answered 401 before any database access; anything else touching
 * the database fails loudly.
 */
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp } from '../server/app';
import type { ObjectStore } from '../storage/objects/object-store';
import { serveToParent } from './child-server';

serveToParent(async () => {
  const unused = new Proxy(
    {},
    {
      get: (_t, name) => {
        throw new Error(`bench/web-server: no database here (asked for ${String(name)})`);
      },
    },
  );
  const app = createApp({
    db: unused as DataSource,
    objects: unused as ObjectStore,
    clock: { now: () => new Date() },
    logger: pino({ level: 'silent' }),
    config: { bodyLimitBytes: 1 << 20, trustProxy: false, cookieSecure: false, mode: 'production' },
  });
  return { app };
});
