import { expect } from 'chai';
import { generateKeyPair } from '../../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import { ROLES, type Actor, type Role } from '../../../workflows/context';
import { createValidationBatch } from '../../../workflows/validation/create-validation-batch';
import { validateUpload } from '../../../workflows/validation/validate-upload';
import type { ValidationDeps } from '../../../workflows/validation/validation-deps';
import { sharedValidationPool } from '../../../workflows/validation/validation-pool';
import { ctxOf } from '../../workflows/fixtures';
import { a4Draft } from '../../signing/sign/sign-fixture';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, startApp, type RunningApp, type World } from '../support/world';
import { sha256Of, storeIncoming, storeOutgoing, tokensFor, userIn } from './validation-support';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Who may validate what — role × unit × route, generated from the table below against a real
 * database: every account works in the district `own`; targets are records, reports and batches of
 * `own`, its commune `child` and the sibling district `other`. Out of reach answers the resource's
 * *_NOT_FOUND (existence is not disclosed); a role that may never do it answers 403 FORBIDDEN.
 */
type Target = 'own' | 'child' | 'other' | 'none';
type Expect = Record<Role, number>;

const only = (roles: Role[], yes: number, no: number): Expect =>
  Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? yes : no])) as Expect;
const oversight: Role[] = ['auditor', 'admin'];

interface Fixture {
  incoming: Record<'own' | 'child' | 'other', string>;
  outgoing: string;
  reports: Record<'own' | 'child' | 'other', string>;
  batches: Record<'own' | 'child' | 'other', string>;
  anchors: Record<Role, string>;
}

interface Case {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly route: string;
  readonly path: (f: Fixture, target: Target) => string;
  readonly body?: (f: Fixture, role: Role) => unknown;
  /** Raw PDF upload instead of JSON. */
  readonly pdf?: boolean;
  readonly expect: Partial<Record<Target, Expect>>;
}

const CASES: Case[] = [
  {
    method: 'POST',
    route: '/api/validation/validate',
    path: () => '/api/validation/validate',
    pdf: true,
    expect: { none: only(oversight, 200, 403) },
  },
  {
    method: 'POST',
    route: '/api/validation/documents/:sha256 (incoming record)',
    path: (f, t) => `/api/validation/documents/${f.incoming[t as 'own']}`,
    body: () => ({}),
    expect: {
      own: only([...oversight, 'clerk'], 200, 403),
      child: { ...only(oversight, 200, 403), clerk: 404 },
      other: { ...only(oversight, 404, 403), clerk: 404 },
    },
  },
  {
    method: 'POST',
    route: '/api/validation/documents/:sha256 (outgoing document)',
    path: (f) => `/api/validation/documents/${f.outgoing}`,
    body: () => ({}),
    expect: { own: { ...only(oversight, 200, 403), clerk: 404 } },
  },
  {
    method: 'POST',
    route: '/api/validation/documents/:sha256 (nobody holds it)',
    path: () => `/api/validation/documents/${'0'.repeat(64)}`,
    body: () => ({}),
    expect: { none: only([...oversight, 'clerk'], 404, 403) },
  },
  {
    method: 'POST',
    route: '/api/validation/certificates',
    path: () => '/api/validation/certificates',
    body: () => ({
      certificate: fs
        .readFileSync(path.join(__dirname, '../../fixtures/pkits/certs/TrustAnchorRootCertificate.crt'))
        .toString('base64'),
    }),
    expect: { none: only(oversight, 200, 403) },
  },
  {
    method: 'GET',
    route: '/api/validation/reports/:id',
    path: (f, t) => `/api/validation/reports/${f.reports[t as 'own']}`,
    expect: {
      own: { ...only(oversight, 200, 403), clerk: 404 },
      child: { ...only(oversight, 200, 403), clerk: 404 },
      other: { ...only(oversight, 404, 403), clerk: 404 },
    },
  },
  {
    method: 'GET',
    route: '/api/validation/reports/:id/download',
    path: (f, t) => `/api/validation/reports/${f.reports[t as 'own']}/download?format=html`,
    expect: {
      own: { ...only(oversight, 200, 403), clerk: 404 },
      other: { ...only(oversight, 404, 403), clerk: 404 },
    },
  },
  {
    method: 'POST',
    route: '/api/validation/batches',
    path: () => '/api/validation/batches',
    body: (_f, role) => ({ name: `Lô ${role}` }),
    expect: { none: only(oversight, 201, 403) },
  },
  {
    method: 'GET',
    route: '/api/validation/batches',
    path: () => '/api/validation/batches',
    expect: { none: only(oversight, 200, 403) },
  },
  {
    method: 'GET',
    route: '/api/validation/batches/:id',
    path: (f, t) => `/api/validation/batches/${f.batches[t as 'own']}`,
    expect: {
      own: only(oversight, 200, 403),
      child: only(oversight, 200, 403),
      other: only(oversight, 404, 403),
    },
  },
  {
    method: 'POST',
    route: '/api/validation/batches/:id/files',
    path: (f, t) => `/api/validation/batches/${f.batches[t as 'own']}/files`,
    pdf: true,
    expect: { own: only(oversight, 201, 403), other: only(oversight, 404, 403) },
  },
  {
    method: 'GET',
    route: '/api/admin/trust',
    path: () => '/api/admin/trust',
    expect: { none: only(oversight, 200, 403) },
  },
  {
    method: 'POST',
    route: '/api/admin/trust/anchors',
    path: () => '/api/admin/trust/anchors',
    body: (f, role) => ({ pem: f.anchors[role] }),
    // The actors' unit is a district: trust is changed by the top-level unit's admin only
    // (issue 10 item 1; test/server/validation/trust-administration.test.ts).
    expect: { none: only([], 201, 403) },
  },
  {
    method: 'DELETE',
    route: '/api/admin/trust/anchors/:sha256',
    path: () => `/api/admin/trust/anchors/${'ab'.repeat(32)}`,
    expect: { none: only([], 404, 403) },
  },
  {
    method: 'PUT',
    route: '/api/admin/trust/revocation-hosts',
    path: () => '/api/admin/trust/revocation-hosts',
    body: () => ({ hosts: [] }),
    expect: { none: only([], 200, 403) },
  },
];

/** A self-signed CA certificate (one per role, so that each admin attempt adds a new one). */
function caPem(name: string): string {
  const keys = generateKeyPair('ec-p256');
  const now = new Date('2025-06-01T00:00:00Z');
  return issueCertificate({
    subject: [
      ['C', 'VN'],
      ['CN', name],
    ],
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    serialNumber: randomSerial(),
    notBefore: now,
    notAfter: new Date(now.getTime() + 365 * 24 * 3600_000),
    keyUsage: ['keyCertSign', 'cRLSign'],
    ca: {},
  }).toPem();
}

describe('validation authorisation matrix (role × unit × route)', function () {
  this.timeout(240_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let world: World;
  let tokens: Record<Role, string>;
  let draft: Buffer;
  const f = {} as Fixture;

  before(async () => {
    world = await seedWorld(t.db);
    app = await startApp(t.db);
    tokens = await tokensFor(app.server, world);
    draft = await a4Draft();
    const deps: ValidationDeps = {
      objects: app.objects,
      pool: sharedValidationPool(),
      trust: { mode: 'production' },
    };
    f.incoming = {
      own: await storeIncoming(t.db, app.objects, world.own, Buffer.concat([draft, Buffer.from('\n%1')]), 1),
      child: await storeIncoming(
        t.db,
        app.objects,
        world.child,
        Buffer.concat([draft, Buffer.from('\n%2')]),
        2,
      ),
      other: await storeIncoming(
        t.db,
        app.objects,
        world.other,
        Buffer.concat([draft, Buffer.from('\n%3')]),
        3,
      ),
    };
    f.outgoing = await storeOutgoing(
      t.db,
      app.objects,
      world.own,
      world.users.specialist.id,
      Buffer.concat([draft, Buffer.from('\n%4')]),
    );
    f.reports = {} as Fixture['reports'];
    f.batches = {} as Fixture['batches'];
    const file = path.join(tempDir('validation-matrix'), 'draft.pdf');
    fs.writeFileSync(file, draft);
    for (const unit of ['own', 'child', 'other'] as const) {
      const username = `${unit}.matrix.auditor`;
      await userIn(t.db, world[unit], username, ['auditor']);
      const [{ id }]: { id: string }[] = await t.db.query(`SELECT id FROM users WHERE username = $1`, [
        username,
      ]);
      const actor: Actor = { userId: id, username, unitId: world[unit], roles: ['auditor'] };
      const ctx = ctxOf(t.db, actor, app.clock);
      const r = await validateUpload(ctx, deps, { path: file, size: draft.length, sha256: sha256Of(draft) });
      f.reports[unit] = r.record.id;
      f.batches[unit] = (await createValidationBatch(ctx, deps, { name: `Lô ${unit}` })).id;
    }
    f.anchors = Object.fromEntries(ROLES.map((r) => [r, caPem(`CA thử ${r}`)])) as Record<Role, string>;
  });
  after(async () => app?.close());

  const call = (c: Case, target: Target, token?: string, role: Role = 'admin') => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (c.pdf)
      return app.server
        .fetch(c.path(f, target), {
          method: c.method,
          headers: { ...headers, 'content-type': 'application/pdf' },
          body: draft as unknown as BodyInit,
        })
        .then(async (res) => ({ status: res.status, body: await res.json().catch(() => undefined) }));
    return app.server.json(c.method, c.path(f, target), { json: c.body?.(f, role), headers });
  };

  for (const c of CASES) {
    for (const [target, expected] of Object.entries(c.expect) as [Target, Expect][]) {
      const where = target === 'none' ? '' : ` (${target} unit)`;
      it(`without credentials: ${c.method} ${c.route}${where} → 401`, async () => {
        expect((await call(c, target)).status).to.equal(401);
      });
      for (const role of ROLES) {
        it(`${role}: ${c.method} ${c.route}${where} → ${expected[role]}`, async () => {
          const r = await call(c, target, tokens[role], role);
          expect(r.status, JSON.stringify(r.body)).to.equal(expected[role]);
          if (r.status === 404) expect(r.body.error.code).to.match(/NOT_FOUND$/);
          if (r.status === 403) expect(r.body.error.code).to.equal('FORBIDDEN');
        });
      }
    }
  }
});
