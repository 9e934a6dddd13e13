import { expect } from 'chai';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../../workflows/context';
import { issueDevCredential } from '../../../workflows/signing/issue-dev-credential';
import { a4Draft } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf } from '../../workflows/fixtures';
import { seedWorld, type World } from '../support/world';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';

/**
 * Role × unit × route for the outgoing, signing and development-PKI routes (the shared matrix in
 * test/server/authorization-matrix.test.ts covers the platform routes). Every account works in the
 * district `own`; targets are documents and credentials of `own`, of its commune `child` and of the
 * sibling district `other`. A role the route never allows answers 403; another unit's data 404; a
 * parent unit may read its child's documents but not act on them (403); an allowed actor meets the
 * document's step (409) or the missing object (404), never a 2xx that would change the fixture.
 */
type Target = 'own' | 'child' | 'other' | 'none';
type Expect = Record<Role, number>;

const all = (status: number): Expect => Object.fromEntries(ROLES.map((r) => [r, status])) as Expect;
const only = (roles: Role[], yes: number, no = 403): Expect =>
  Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? yes : no])) as Expect;

interface Fixture {
  readonly world: World;
  /** Per unit: a document signed by its leader, and one under review. */
  readonly signed: Record<'own' | 'child' | 'other', string>;
  readonly inReview: Record<'own' | 'child' | 'other', string>;
  /** Per unit: a seal credential. */
  readonly seal: Record<'own' | 'child' | 'other', string>;
  readonly pdf: Buffer;
}

interface Case {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly route: string;
  readonly path: (f: Fixture, target: Target) => string;
  readonly body?: (f: Fixture, target: Target) => unknown;
  /** A raw body instead of JSON. */
  readonly raw?: { readonly type: string; readonly bytes: (f: Fixture) => Buffer };
  readonly expect: Partial<Record<Target, Expect>>;
}

const unitOf = (f: Fixture, t: Target) =>
  t === 'own' ? f.world.own : t === 'child' ? f.world.child : f.world.other;
const t3 = (t: Target) => t as 'own' | 'child' | 'other';
const READ = { own: all(200), child: all(200), other: all(404) };

const CASES: Case[] = [
  {
    method: 'GET',
    route: '/api/outgoing?unit=…',
    path: (f, t) => `/api/outgoing?unit=${unitOf(f, t)}`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/api/outgoing?box=to_sign',
    path: () => '/api/outgoing?box=to_sign',
    expect: { none: only(['leader'], 200) },
  },
  {
    method: 'GET',
    route: '/api/outgoing?box=to_number',
    path: () => '/api/outgoing?box=to_number',
    expect: { none: only(['clerk'], 200) },
  },
  {
    method: 'GET',
    route: '/api/outgoing/:id',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/api/outgoing/:id/pdf',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/pdf`,
    expect: READ,
  },
  {
    method: 'GET',
    route: '/api/outgoing/:id/versions/:seq/pdf',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/versions/1/pdf`,
    expect: READ,
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/submit',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/submit`,
    body: () => ({}),
    expect: {
      own: only(['specialist', 'leader'], 409),
      child: only(['specialist', 'leader'], 403),
      other: only(['specialist', 'leader'], 404),
    },
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/attachments',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/attachments`,
    body: () => ({ fileId: randomUUID() }),
    expect: {
      own: only(['specialist', 'leader'], 409),
      child: only(['specialist', 'leader'], 403),
      other: only(['specialist', 'leader'], 404),
    },
  },
  {
    method: 'DELETE',
    route: '/api/outgoing/:id/attachments/:index',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/attachments/0`,
    expect: {
      own: only(['specialist', 'leader'], 409),
      child: only(['specialist', 'leader'], 403),
      other: only(['specialist', 'leader'], 404),
    },
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/return',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/return`,
    body: () => ({ comment: 'Thử quyền' }),
    expect: { own: only(['leader'], 409), child: only(['leader'], 403), other: only(['leader'], 404) },
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/sign',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/sign`,
    body: () => ({ credentialId: randomUUID() }),
    expect: { own: only(['leader'], 409), child: only(['leader'], 403), other: only(['leader'], 404) },
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/sign/prepare',
    path: (f, t) => `/api/outgoing/${f.signed[t3(t)]}/sign/prepare`,
    body: () => ({ credentialId: randomUUID() }),
    expect: { own: only(['leader'], 409), child: only(['leader'], 403), other: only(['leader'], 404) },
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/sign/complete',
    path: (f, t) => `/api/outgoing/${f.inReview[t3(t)]}/sign/complete`,
    body: () => ({ sessionId: randomUUID(), signature: 'AAAA' }),
    expect: { own: only(['leader'], 404), other: only(['leader'], 404) },
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/number-and-seal',
    path: (f, t) => `/api/outgoing/${f.inReview[t3(t)]}/number-and-seal`,
    body: (f, t) => ({ credentialId: f.seal[t3(t)] }),
    expect: { own: only(['clerk'], 409), child: only(['clerk'], 403), other: only(['clerk'], 404) },
  },
  {
    method: 'POST',
    route: '/api/outgoing',
    path: () => '/api/outgoing',
    body: () => ({
      documentType: 'Công văn',
      notation: 'UBND',
      subject: 'Thử',
      recipients: [],
      fileId: randomUUID(),
    }),
    expect: { none: only(['specialist', 'leader'], 404) },
  },
  {
    method: 'POST',
    route: '/api/outgoing/paper',
    path: () => '/api/outgoing/paper',
    body: () => ({
      documentType: 'Công văn',
      notation: 'UBND',
      subject: 'Thử',
      recipients: [],
      scanFileId: randomUUID(),
    }),
    expect: { none: only(['clerk'], 404) },
  },
  {
    method: 'POST',
    route: '/api/files',
    path: () => '/api/files',
    raw: { type: 'application/pdf', bytes: (f) => f.pdf },
    expect: { none: only(['specialist', 'leader', 'clerk'], 201) },
  },
  {
    method: 'GET',
    route: '/api/signing/credentials?unit=…',
    path: (f, t) => `/api/signing/credentials?unit=${unitOf(f, t)}`,
    expect: { own: only(['admin'], 200), child: only(['admin'], 200), other: only(['admin'], 404) },
  },
  {
    method: 'POST',
    route: '/api/signing/credentials/:id/deactivate',
    path: (f, t) => `/api/signing/credentials/${f.seal[t3(t)]}/deactivate`,
    expect: { child: only(['admin'], 200), other: only(['admin'], 404) },
  },
  {
    method: 'PUT',
    route: '/api/signing/credentials/:id/image',
    path: (f, t) => `/api/signing/credentials/${f.seal[t3(t)]}/image`,
    raw: { type: 'image/png', bytes: () => Buffer.from('not a png') },
    expect: { own: all(400), other: all(400) },
  },
  {
    method: 'DELETE',
    route: '/api/signing/credentials/:id/image',
    path: (f, t) => `/api/signing/credentials/${f.seal[t3(t)]}/image`,
    expect: { own: only(['admin'], 200), child: only(['admin'], 200), other: all(404) },
  },
  {
    method: 'POST',
    route: '/api/signing/credentials',
    path: () => '/api/signing/credentials',
    body: (f) => ({ kind: 'external', unitId: f.world.own, certificatePem: 'x' }),
    expect: { none: only(['admin'], 400) },
  },
  {
    method: 'GET',
    route: '/api/signing/units/:id/settings',
    path: (f, t) => `/api/signing/units/${unitOf(f, t)}/settings`,
    expect: { own: only(['admin'], 200), child: only(['admin'], 200), other: only(['admin'], 404) },
  },
  {
    method: 'PUT',
    route: '/api/signing/units/:id/settings',
    path: (f, t) => `/api/signing/units/${unitOf(f, t)}/settings`,
    body: () => ({ placeName: null }),
    expect: { own: only(['admin'], 200), child: only(['admin'], 200), other: only(['admin'], 404) },
  },
  {
    method: 'GET',
    route: '/api/signing/my-credentials',
    path: () => '/api/signing/my-credentials',
    expect: { none: all(200) },
  },
  {
    method: 'POST',
    route: '/api/signing/sign',
    path: (f, t) => `/api/signing/sign?role=org&credentialId=${f.seal[t3(t)]}`,
    raw: { type: 'application/pdf', bytes: (f) => f.pdf },
    expect: { other: all(404) },
  },
  { method: 'GET', route: '/api/dev-pki', path: () => '/api/dev-pki', expect: { none: all(200) } },
  {
    method: 'POST',
    route: '/api/dev-pki/credentials/:id/revoke',
    path: () => `/api/dev-pki/credentials/${randomUUID()}/revoke`,
    body: () => ({}),
    expect: { none: only(['admin'], 404) },
  },
];

describe('authorisation matrix of the outgoing, signing and dev-PKI routes (role × unit × route)', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let fixture: Fixture;
  const tokens = {} as Record<Role, string>;

  before(async () => {
    const world = await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    for (const role of ROLES) tokens[role] = await tokenFor(app, world.users[role].username);
    const pdf = await a4Draft();
    const stored = await app.objects.put(pdf, { contentType: 'application/pdf' });
    const drafters = {
      own: world.users.specialist.id,
      child: world.targetUsers.child,
      other: world.targetUsers.other,
    };
    const doc = async (unit: 'own' | 'child' | 'other', status: string, n: number) => {
      const [{ id }] = await t.db.query(
        `INSERT INTO outgoing_documents (unit_id, document_type, notation, subject, status, drafter_user_id, pdf_sha256,
           pdf_size, created_at, updated_at)
         VALUES ($1, 'Công văn', 'UBND-VP', $2, $3, $4, $5, $6, now(), now()) RETURNING id`,
        [
          unitOf({ world } as Fixture, unit),
          `Văn bản thử ${n}`,
          status,
          drafters[unit],
          stored.sha256,
          stored.size,
        ],
      );
      await t.db.query(
        `INSERT INTO document_versions (document_id, seq, step, sha256, size, created_at) VALUES ($1, 1, 'drafted', $2, $3, now())`,
        [id, stored.sha256, stored.size],
      );
      return id as string;
    };
    const admin = {
      userId: world.users.admin.id,
      username: 'bl.admin',
      unitId: world.own,
      roles: ['admin'] as Role[],
    };
    const seal = async (unit: 'own' | 'child' | 'other') =>
      (
        await issueDevCredential(ctxOf(t.db, admin, state.clock), app.signing, {
          unitId: unitOf({ world } as Fixture, unit),
        })
      ).id;
    fixture = {
      world,
      pdf,
      signed: {
        own: await doc('own', 'signed', 1),
        child: await doc('child', 'signed', 2),
        other: await doc('other', 'signed', 3),
      },
      inReview: {
        own: await doc('own', 'in_review', 4),
        child: await doc('child', 'in_review', 5),
        other: await doc('other', 'in_review', 6),
      },
      seal: { own: await seal('own'), child: await seal('child'), other: await seal('other') },
    };
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const call = (c: Case, target: Target, token?: string) => {
    const headers: Record<string, string> = { 'x-signing-pin': '123456' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (c.raw) {
      return app
        .fetch(c.path(fixture, target), {
          method: c.method,
          headers: { ...headers, 'content-type': c.raw.type },
          body: new Uint8Array(c.raw.bytes(fixture)),
        })
        .then(async (r) => {
          const text = await r.text();
          return {
            status: r.status,
            body: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
          };
        });
    }
    return app.json(c.method, c.path(fixture, target), { json: c.body?.(fixture, target), headers });
  };

  for (const c of CASES) {
    for (const [target, expected] of Object.entries(c.expect) as [Target, Expect][]) {
      const where = target === 'none' ? '' : ` (${target} unit)`;
      it(`without credentials: ${c.method} ${c.route}${where} → 401`, async () => {
        expect((await call(c, target)).status).to.equal(401);
      });
      for (const role of ROLES) {
        it(`${role}: ${c.method} ${c.route}${where} → ${expected[role]}`, async () => {
          const r = await call(c, target, tokens[role]);
          expect(r.status, JSON.stringify(r.body)).to.equal(expected[role]);
          if (r.status === 404) expect(r.body.error.code).to.match(/NOT_FOUND$/);
          if (r.status === 403) expect(r.body.error.code).to.equal('FORBIDDEN');
        });
      }
    }
  }
});
