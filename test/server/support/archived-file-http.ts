// The archive's HTTP tests start from the same material: the seeded world, a running app with the archive
// on the app's clock, and one closed file of 2024 ('07.GOI', ten years, one issued outgoing document)
// transferred and accepted, so it has an archival record and its stored objects; sessions per role and
// the 4xx assertion. Mocha hooks: call inside a describe, after useTestDatabase(); the describe's own
// before hooks (registered after this call) run once the file is archived.
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { configureArchiveStorage } from '../../../workflows/archive/archival-objects';
import { closeCaseFile, createCaseFile, fileDocument } from '../../../workflows/archive/case-files';
import { listRetentionPeriods } from '../../../workflows/archive/retention-periods';
import { acceptTransfer, submitTransfer } from '../../../workflows/archive/transfers';
import { systemClock, type Actor, type DomainContext, type Role } from '../../../workflows/context';
import { issuedOutgoing } from '../../workflows/archive/archive-world';
import { ctxOf } from '../../workflows/fixtures';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './world';

export interface ArchivedFileOverHttp {
  readonly app: RunningApp;
  readonly w: World;
  /** The archived file of 2024. */
  readonly fileId: string;
  /** The ten-year retention period's id. */
  readonly tenYears: string;
  /** The seeded user of `role`, in the world's own unit. */
  actor(role: Role): Actor;
  /** A domain context of that user on the app's clock. */
  as(role: Role): DomainContext;
  /** A session (cookie and CSRF token) of that user, logged in once. */
  headers(role: Role): Promise<Record<string, string>>;
  call(
    role: Role,
    method: string,
    path: string,
    json?: unknown,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** The answer is `status` with the machine-readable `code` and a Vietnamese message. */
  expectError(r: { status: number; body: any }, status: number, code: string): void;
}

/**
 * Sessions of the app's users (cookie and CSRF token), each logged in once with the seeded password:
 * `(username) => headers`; `clear()` forgets them. `app` is read at the first call of each user.
 */
export function sessionHeaders(
  app: () => RunningApp,
): ((username: string) => Promise<Record<string, string>>) & { clear(): void } {
  const sessions = new Map<string, Record<string, string>>();
  const headers = async (username: string) => {
    let h = sessions.get(username);
    if (!h) {
      const r = await app().server.json('POST', '/api/auth/login', {
        json: { username, password: PASSWORD },
      });
      const cookie = /vanban_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
      h = { cookie, 'x-csrf-token': r.body.csrfToken as string };
      sessions.set(username, h);
    }
    return h;
  };
  return Object.assign(headers, { clear: () => sessions.clear() });
}

export function archivedFileOverHttp(t: { readonly db: DataSource }, title: string): ArchivedFileOverHttp {
  let state: { app: RunningApp; w: World; fileId: string; tenYears: string } | undefined;
  const get = () => {
    if (!state) throw new Error('archivedFileOverHttp(): the file exists only inside hooks and tests');
    return state;
  };
  const actor = (role: Role): Actor => ({
    userId: get().w.users[role].id,
    username: get().w.users[role].username,
    unitId: get().w.own,
    roles: [role],
  });
  const as = (role: Role) => ctxOf(t.db, actor(role), get().app.clock);
  const session = sessionHeaders(() => get().app);
  const headers = (role: Role) => session(get().w.users[role].username);

  before(async () => {
    const w = await seedWorld(t.db);
    const app = await startApp(t.db);
    configureArchiveStorage({ clock: app.clock });
    state = { app, w, fileId: '', tenYears: '' };
    const tenYears = (await listRetentionPeriods(as('specialist'))).find((r) => r.years === 10)!.id;
    const doc = await issuedOutgoing(t.db, app.objects, {
      unitId: w.own,
      drafter: actor('specialist'),
      issuedOn: '2024-03-10',
    });
    const f = await createCaseFile(as('specialist'), {
      year: 2024,
      fileCode: '07.GOI',
      title,
      retentionId: tenYears,
    });
    await fileDocument(as('specialist'), { fileId: f.id, sourceKind: 'outgoing', sourceId: doc.id });
    await closeCaseFile(as('specialist'), { fileId: f.id, endDate: '2024-12-31' });
    const sent = await submitTransfer(as('specialist'), { fileIds: [f.id] });
    await acceptTransfer(as('archivist'), app.objects, sent.id);
    state = { app, w, fileId: f.id, tenYears };
  });
  after(async () => {
    configureArchiveStorage({ clock: systemClock });
    await state?.app.close();
    state = undefined;
    session.clear();
  });

  return {
    get app() {
      return get().app;
    },
    get w() {
      return get().w;
    },
    get fileId() {
      return get().fileId;
    },
    get tenYears() {
      return get().tenYears;
    },
    actor,
    as,
    headers,
    call: async (role, method, path, json) =>
      get().app.server.json(method, path, { headers: await headers(role), json }),
    expectError: (r, status, code) => {
      expect(r.status, JSON.stringify(r.body)).to.equal(status);
      expect(r.body.error.code).to.equal(code);
      expect(r.body.error.messageVi).to.be.a('string').and.not.equal('');
    },
  };
}
