import { expect } from 'chai';
import { ROLES, type Role } from '../../workflows/context';
import { useTestDatabase } from '../support/postgres';
import { PASSWORD, seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * Role × unit × route: every account works in the district `own`; targets are `own`, its commune
 * `child`, and the sibling district `other`. Generated from the table below, against a real database.
 * Another unit's accounts answer 404 (their existence is not disclosed); a role that may never do an
 * action answers 403; the directory is readable by everyone in the province.
 */
type Target = 'own' | 'child' | 'other' | 'none';
type Expect = Record<Role, number>;

const all = (status: number): Expect => Object.fromEntries(ROLES.map((r) => [r, status])) as Expect;
const only = (roles: Role[], yes: number, no: number): Expect =>
  Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? yes : no])) as Expect;

interface Case {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly route: string;
  readonly path: (w: World, target: Target) => string;
  readonly body?: (w: World, target: Target, n: number) => unknown;
  readonly expect: Partial<Record<Target, Expect>>;
}

const unitOf = (w: World, t: Target) => (t === 'own' ? w.own : t === 'child' ? w.child : w.other);
const userIn = (w: World, t: Target) => w.targetUsers[t as 'own' | 'child' | 'other'];
const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86400_000).toISOString().slice(0, 10);

const CASES: Case[] = [
  { method: 'GET', route: '/api/me', path: () => '/api/me', expect: { none: all(200) } },
  { method: 'GET', route: '/api/tokens', path: () => '/api/tokens', expect: { none: all(200) } },
  {
    method: 'POST',
    route: '/api/tokens',
    path: () => '/api/tokens',
    body: (_w, _t, n) => ({ name: `Tích hợp ${n}` }),
    expect: { none: all(201) },
  },
  {
    method: 'GET',
    route: '/api/units?parent=…',
    path: (w, t) => `/api/units?parent=${unitOf(w, t)}`,
    expect: { own: all(200), child: all(200), other: all(200) },
  },
  {
    method: 'GET',
    route: '/api/units/:id',
    path: (w, t) => `/api/units/${unitOf(w, t)}`,
    expect: { own: all(200), child: all(200), other: all(200) },
  },
  {
    method: 'POST',
    route: '/api/units',
    path: () => '/api/units',
    body: (w, t, n) => ({
      code: `000.${t === 'own' ? '02' : '03'}.${String(10 + n).padStart(2, '0')}.H41`,
      name: `Ủy ban nhân dân xã Thử ${n}`,
      level: 'commune',
      parentId: unitOf(w, t),
    }),
    expect: { own: only(['admin'], 201, 403), other: only(['admin'], 404, 403) },
  },
  {
    method: 'POST',
    route: '/api/units/:id/rename',
    path: (w, t) => `/api/units/${unitOf(w, t)}/rename`,
    body: (_w, _t, n) => ({ name: `Đơn vị đổi tên ${n}`, effectiveOn: day(n) }),
    expect: {
      own: only(['admin'], 200, 403),
      child: only(['admin'], 200, 403),
      other: only(['admin'], 404, 403),
    },
  },
  {
    method: 'POST',
    route: '/api/units/:id/dissolve',
    path: (w, t) => `/api/units/${unitOf(w, t)}/dissolve`,
    body: (w) => ({ successorId: w.own, effectiveOn: '2025-08-01' }),
    expect: { other: only(['admin'], 404, 403) },
  },
  {
    method: 'POST',
    route: '/api/units/merge',
    path: () => '/api/units/merge',
    body: (w, t) => ({ sourceIds: [unitOf(w, t)], into: w.province, effectiveOn: '2025-08-01' }),
    expect: { other: only(['admin'], 404, 403) },
  },
  {
    method: 'GET',
    route: '/api/users?unit=…',
    path: (w, t) => `/api/users?unit=${unitOf(w, t)}`,
    expect: {
      own: only(['admin', 'auditor'], 200, 403),
      child: only(['admin', 'auditor'], 200, 403),
      other: only(['admin', 'auditor'], 404, 403),
    },
  },
  {
    method: 'GET',
    route: '/api/users/:id',
    path: (w, t) => `/api/users/${userIn(w, t)}`,
    expect: {
      own: only(['admin', 'auditor'], 200, 403),
      child: only(['admin', 'auditor'], 200, 403),
      other: all(404),
    },
  },
  {
    method: 'POST',
    route: '/api/users',
    path: () => '/api/users',
    body: (w, t, n) => ({
      username: `matrix.user${n}`,
      fullName: `Người dùng thử ${n}`,
      unitId: unitOf(w, t),
      roles: ['specialist'],
    }),
    expect: {
      own: only(['admin'], 201, 403),
      child: only(['admin'], 201, 403),
      other: only(['admin'], 404, 403),
    },
  },
  {
    method: 'GET',
    route: '/api/audit/events?unit=…',
    path: (w, t) => `/api/audit/events?unit=${unitOf(w, t)}`,
    expect: {
      own: only(['admin', 'auditor'], 200, 403),
      child: only(['admin', 'auditor'], 200, 403),
      other: only(['admin', 'auditor'], 404, 403),
    },
  },
  {
    method: 'POST',
    route: '/api/admin/audit/verify',
    path: () => '/api/admin/audit/verify',
    expect: { none: only(['admin', 'auditor'], 200, 403) },
  },
];

describe('authorisation matrix (role × unit × route)', () => {
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  const tokens = {} as Record<Role, string>;
  let n = 0;

  before(async () => {
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    for (const role of ROLES) {
      const login = await app.server.json('POST', '/api/auth/login', {
        json: { username: world.users[role].username, password: PASSWORD },
      });
      const cookie = /vanban_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')![0];
      const token = await app.server.json('POST', '/api/tokens', {
        json: { name: `matrix ${role}` },
        headers: { cookie, 'x-csrf-token': login.body.csrfToken },
      });
      tokens[role] = token.body.token;
    }
  });
  after(async () => app?.close());

  for (const c of CASES) {
    for (const [target, expected] of Object.entries(c.expect) as [Target, Expect][]) {
      const where = target === 'none' ? '' : ` (${target} unit)`;
      it(`without credentials: ${c.method} ${c.route}${where} → 401`, async () => {
        const r = await app.server.json(c.method, c.path(world, target), {
          json: c.body?.(world, target, ++n),
        });
        expect(r.status).to.equal(401);
      });
      for (const role of ROLES) {
        it(`${role}: ${c.method} ${c.route}${where} → ${expected[role]}`, async () => {
          const r = await app.server.json(c.method, c.path(world, target), {
            json: c.body?.(world, target, ++n),
            headers: { authorization: `Bearer ${tokens[role]}` },
          });
          expect(r.status, JSON.stringify(r.body)).to.equal(expected[role]);
          if (r.status === 404) expect(r.body.error.code).to.match(/NOT_FOUND$/);
          if (r.status === 403) expect(r.body.error.code).to.equal('FORBIDDEN');
        });
      }
    }
  }
});
