import { expect } from 'chai';
import { createApiToken } from '../../workflows/accounts/create-api-token';
import { ROLES, type Actor, type Role } from '../../workflows/context';
import { sendDocument } from '../../workflows/exchange/send-document';
import { useTestDatabase } from '../support/postgres';
import { pdfBytes } from '../workflows/exchange/exchange-pdf';
import { ctxOf, insertActor } from '../workflows/fixtures';
import { sealedDocument } from './exchange/support/exchange-world';
import { seedWorld, startApp, type RunningApp, type World } from './support/world';

/**
 * Role × unit × route for the exchange routes (outgoing send/recall/update/tracking, inbox, incoming
 * transitions, unit groups), in the style of authorization-matrix.test.ts: every account works in the
 * district `own`; the target record belongs to `own`, to its commune `child`, or to the sibling district
 * `other`. Each request gets a fresh record in the state the route needs, so an allowed call really
 * succeeds. Reading reaches the units below; acting is for the unit's own accounts (a unit above gets
 * 403); another unit's records answer 404, never 403.
 */
type Target = 'own' | 'child' | 'other' | 'none';
type Expect = Record<Role, number>;
type Unit = Exclude<Target, 'none'>;

const all = (status: number): Expect => Object.fromEntries(ROLES.map((r) => [r, status])) as Expect;
const only = (roles: Role[], yes: number, no: number): Expect =>
  Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? yes : no])) as Expect;
/** own → `yes` for roles, child → 403 for them (a unit above may not act), other → 404 for them. */
const acting = (roles: Role[], yes: number): Partial<Record<Target, Expect>> => ({
  own: only(roles, yes, 403),
  child: only(roles, 403, 403),
  other: only(roles, 404, 403),
});
const READERS: Role[] = ['specialist', 'leader', 'clerk', 'archivist', 'auditor'];
/** Reading an incoming record: a specialist not assigned to it does not see it. */
const incomingRead: Partial<Record<Target, Expect>> = {
  own: { ...only(READERS, 200, 403), specialist: 404 },
  child: { ...only(READERS, 200, 403), specialist: 404 },
  other: only(READERS, 404, 403),
};

interface Request {
  readonly path: string;
  readonly json?: unknown;
  readonly pdf?: Buffer;
}

interface Fixture {
  readonly w: World;
  readonly app: RunningApp;
  readonly unitOf: (t: Unit) => string;
  /** A fresh incoming record at `t` (from an external sender), in the given state. */
  incoming(t: Unit, state: { status: string; recall?: boolean; assignee?: boolean }): Promise<string>;
  /** A fresh outgoing document of `t`: sealed, or issued (sent to the province). */
  outgoing(t: Unit, state: 'sealed' | 'issued'): Promise<string>;
  group(t: Unit): Promise<string>;
  specialistOf(t: Unit): string;
  readonly n: () => number;
}

interface Case {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly route: string;
  readonly prepare: (f: Fixture, t: Target) => Promise<Request>;
  readonly expect: Partial<Record<Target, Expect>>;
}

const CASES: Case[] = [
  {
    method: 'GET',
    route: '/api/incoming?unit=…',
    prepare: async (f, t) => ({ path: `/api/incoming?unit=${f.unitOf(t as Unit)}` }),
    expect: { own: only(READERS, 200, 403), child: only(READERS, 200, 403), other: only(READERS, 404, 403) },
  },
  {
    method: 'GET',
    route: '/api/incoming/summary?unit=…',
    prepare: async (f, t) => ({ path: `/api/incoming/summary?unit=${f.unitOf(t as Unit)}` }),
    expect: { own: only(READERS, 200, 403), child: only(READERS, 200, 403), other: only(READERS, 404, 403) },
  },
  {
    method: 'GET',
    route: '/api/incoming/assignees',
    prepare: async () => ({ path: '/api/incoming/assignees' }),
    expect: { none: only(['leader', 'clerk'], 200, 403) },
  },
  {
    method: 'GET',
    route: '/api/incoming/:id',
    prepare: async (f, t) => ({ path: `/api/incoming/${await f.incoming(t as Unit, { status: '01' })}` }),
    expect: incomingRead,
  },
  {
    method: 'GET',
    route: '/api/incoming/:id/pdf',
    prepare: async (f, t) => ({ path: `/api/incoming/${await f.incoming(t as Unit, { status: '01' })}/pdf` }),
    expect: incomingRead,
  },
  {
    method: 'POST',
    route: '/api/incoming/:id/register',
    prepare: async (f, t) => ({
      path: `/api/incoming/${await f.incoming(t as Unit, { status: '01' })}/register`,
    }),
    expect: acting(['clerk'], 200),
  },
  {
    method: 'POST',
    route: '/api/incoming/:id/refuse',
    prepare: async (f, t) => ({
      path: `/api/incoming/${await f.incoming(t as Unit, { status: '01' })}/refuse`,
      json: { reason: 'Sai địa chỉ' },
    }),
    expect: acting(['clerk'], 200),
  },
  {
    method: 'POST',
    route: '/api/incoming/:id/forward',
    prepare: async (f, t) => ({
      path: `/api/incoming/${await f.incoming(t as Unit, { status: '03' })}/forward`,
    }),
    expect: acting(['clerk'], 200),
  },
  {
    method: 'POST',
    route: '/api/incoming/:id/assign',
    prepare: async (f, t) => ({
      path: `/api/incoming/${await f.incoming(t as Unit, { status: '04' })}/assign`,
      json: { assigneeUserIds: [f.specialistOf(t as Unit)], deadline: '2026-03-20' },
    }),
    expect: acting(['leader'], 200),
  },
  {
    method: 'POST',
    route: '/api/incoming/:id/complete',
    prepare: async (f, t) => ({
      path: `/api/incoming/${await f.incoming(t as Unit, { status: '05', assignee: true })}/complete`,
      json: { note: 'Đã xử lý xong' },
    }),
    expect: acting(['specialist', 'leader'], 200),
  },
  {
    method: 'POST',
    route: '/api/incoming/:id/recall-answer',
    prepare: async (f, t) => ({
      path: `/api/incoming/${await f.incoming(t as Unit, { status: '03', recall: true })}/recall-answer`,
      json: { accept: true },
    }),
    expect: acting(['clerk'], 200),
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/send',
    prepare: async (f, t) => ({ path: `/api/outgoing/${await f.outgoing(t as Unit, 'sealed')}/send` }),
    expect: acting(['clerk'], 200),
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/recall',
    prepare: async (f, t) => ({
      path: `/api/outgoing/${await f.outgoing(t as Unit, 'issued')}/recall`,
      json: { reason: 'Thu hồi để sửa' },
    }),
    expect: acting(['clerk', 'leader'], 200),
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/update',
    prepare: async (f, t) => ({
      path: `/api/outgoing/${await f.outgoing(t as Unit, 'issued')}/update`,
      json: { reason: 'Đính chính', subject: `Trích yếu đã đính chính ${f.n()}` },
    }),
    expect: acting(['clerk'], 200),
  },
  {
    method: 'POST',
    route: '/api/outgoing/:id/update/pdf',
    prepare: async (f, t) => ({
      path: `/api/outgoing/${await f.outgoing(t as Unit, 'issued')}/update/pdf?reason=${encodeURIComponent('Thay tệp')}`,
      pdf: await pdfBytes('DINH CHINH'),
    }),
    // Past the access checks a clerk meets the signature check (an unsigned PDF: 422, issue 10 item 9).
    expect: acting(['clerk'], 422),
  },
  {
    method: 'GET',
    route: '/api/outgoing/:id/recipients',
    prepare: async (f, t) => ({ path: `/api/outgoing/${await f.outgoing(t as Unit, 'issued')}/recipients` }),
    expect: { own: only(READERS, 200, 403), child: only(READERS, 200, 403), other: only(READERS, 404, 403) },
  },
  {
    method: 'GET',
    route: '/api/unit-groups?owner=…',
    prepare: async (f, t) => ({ path: `/api/unit-groups?owner=${f.unitOf(t as Unit)}` }),
    expect: { own: all(200), child: all(200), other: all(404) },
  },
  {
    method: 'GET',
    route: '/api/unit-groups/:id',
    prepare: async (f, t) => ({ path: `/api/unit-groups/${await f.group(t as Unit)}` }),
    expect: { own: all(200), child: all(200), other: all(404) },
  },
  {
    method: 'POST',
    route: '/api/unit-groups',
    prepare: async (f, t) => ({
      path: '/api/unit-groups',
      json: { name: `Nhóm ${f.n()}`, ownerUnitId: f.unitOf(t as Unit), unitIds: [f.w.child] },
    }),
    expect: {
      own: only(['admin'], 201, 403),
      child: only(['admin'], 201, 403),
      other: only(['admin'], 404, 403),
    },
  },
  {
    method: 'PATCH',
    route: '/api/unit-groups/:id',
    prepare: async (f, t) => ({
      path: `/api/unit-groups/${await f.group(t as Unit)}`,
      json: { name: `Nhóm đổi tên ${f.n()}` },
    }),
    expect: {
      own: only(['admin'], 200, 403),
      child: only(['admin'], 200, 403),
      other: only(['admin'], 404, 403),
    },
  },
  {
    method: 'DELETE',
    route: '/api/unit-groups/:id',
    prepare: async (f, t) => ({ path: `/api/unit-groups/${await f.group(t as Unit)}` }),
    expect: {
      own: only(['admin'], 204, 403),
      child: only(['admin'], 204, 403),
      other: only(['admin'], 404, 403),
    },
  },
];

describe('exchange authorisation matrix (role × unit × route)', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let f: Fixture;
  const tokens = {} as Record<Role, string>;

  before(async () => {
    const w = await seedWorld(t.db);
    app = await startApp(t.db);
    app.clock.set('2026-03-02T09:00:00+07:00');
    const clock = app.clock;
    const unitOf = (u: Unit) => w[u];
    const own = Object.fromEntries(
      ROLES.map((r) => [
        r,
        { userId: w.users[r].id, username: w.users[r].username, unitId: w.own, roles: [r] },
      ]),
    ) as unknown as Record<Role, Actor>;
    const senders: Record<Unit, { specialist: Actor; leader: Actor; clerk: Actor }> = {
      own,
      child: {
        specialist: {
          userId: w.targetUsers.child,
          username: 'tl.specialist',
          unitId: w.child,
          roles: ['specialist'],
        },
        leader: await insertActor(t.db, w.child, 'tl.leader', ['leader']),
        clerk: await insertActor(t.db, w.child, 'tl.clerk', ['clerk']),
      },
      other: {
        specialist: {
          userId: w.targetUsers.other,
          username: 'cd.specialist',
          unitId: w.other,
          roles: ['specialist'],
        },
        leader: await insertActor(t.db, w.other, 'cd.leader', ['leader']),
        clerk: await insertActor(t.db, w.other, 'cd.clerk', ['clerk']),
      },
    };
    const stored = await app.objects.put(await pdfBytes(), { contentType: 'application/pdf' });
    let counter = 0;
    const n = () => ++counter;
    f = {
      w,
      app,
      unitOf,
      n,
      specialistOf: (u) => senders[u].specialist.userId,
      async incoming(u, state) {
        const rows: { id: string }[] = await t.db.query(
          `INSERT INTO incoming_documents (recipient_unit_id, addressed_unit_id, external_sender_code,
             external_document_id, document_type, notation, subject, urgency, pdf_sha256, received_at, status_code,
             recall_code, assignee_user_ids, assigned_at, deadline)
           VALUES ($1, $1, '000.00.00.G12', $2, 'Công văn', '12/BNV-VP', 'Về việc kiểm tra phân quyền', 'normal',
             $3, $4, $5, $6, $7::uuid[], CASE WHEN $5 = '05' THEN $4::timestamptz END,
             CASE WHEN $5 = '05' THEN '2026-03-20'::date END)
           RETURNING id`,
          [
            unitOf(u),
            `matrix-${n()}`,
            stored.sha256,
            clock.now(),
            state.status,
            state.recall ? '13' : null,
            state.assignee ? [u === 'own' ? own.specialist.userId : senders[u].specialist.userId] : [],
          ],
        );
        return rows[0]!.id;
      },
      async outgoing(u, state) {
        const doc = await sealedDocument(t.db, app.objects, clock, senders[u], await pdfBytes(), {
          notation: `CV-${n()}`,
          recipients: [{ kind: 'unit', unitId: w.province }],
        });
        if (state === 'issued')
          await sendDocument(ctxOf(t.db, senders[u].clerk, clock), { documentId: doc.id });
        return doc.id;
      },
      async group(u) {
        const rows: { id: string }[] = await t.db.query(
          `INSERT INTO unit_groups (owner_unit_id, name) VALUES ($1, $2) RETURNING id`,
          [unitOf(u), `Nhóm sẵn ${n()}`],
        );
        await t.db.query(`INSERT INTO unit_group_members (group_id, unit_id) VALUES ($1, $2)`, [
          rows[0]!.id,
          w.child,
        ]);
        return rows[0]!.id;
      },
    };
    for (const role of ROLES) {
      tokens[role] = (await createApiToken(ctxOf(t.db, own[role], clock), { name: `matrix ${role}` })).token;
    }
  });
  after(async () => app?.close());

  const send = async (c: Case, r: Request, headers: Record<string, string>) => {
    if (r.pdf) {
      const res = await app.server.fetch(r.path, {
        method: c.method,
        headers: { ...headers, 'content-type': 'application/pdf' },
        body: new Uint8Array(r.pdf),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    }
    const res = await app.server.fetch(r.path, {
      method: c.method,
      headers: { ...headers, ...(r.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: r.json !== undefined ? JSON.stringify(r.json) : undefined,
    });
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await res.json() : (await res.arrayBuffer(), undefined);
    return { status: res.status, body: body as any };
  };

  for (const c of CASES) {
    for (const [target, expected] of Object.entries(c.expect) as [Target, Expect][]) {
      const where = target === 'none' ? '' : ` (${target} unit)`;
      it(`without credentials: ${c.method} ${c.route}${where} → 401`, async () => {
        const r = await send(c, await c.prepare(f, target), {});
        expect(r.status).to.equal(401);
      });
      for (const role of ROLES) {
        it(`${role}: ${c.method} ${c.route}${where} → ${expected[role]}`, async () => {
          const r = await send(c, await c.prepare(f, target), { authorization: `Bearer ${tokens[role]}` });
          expect(r.status, JSON.stringify(r.body)).to.equal(expected[role]);
          if (r.status === 404) expect(r.body.error.code).to.match(/NOT_FOUND$/);
          if (r.status === 403) expect(r.body.error.code).to.equal('FORBIDDEN');
        });
      }
    }
  }
});
