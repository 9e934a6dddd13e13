import { expect } from 'chai';
import { useTestDatabase } from '../../support/postgres';
import { pdfBytes } from '../../workflows/exchange/exchange-pdf';
import { insertUnit } from '../../workflows/fixtures';
import { startApp, type RunningApp } from '../support/world';
import { sealedDocument, seedExchangeWorld, type ExchangeWorld } from './support/exchange-world';

/** Groups of recipient units over HTTP: managed by admins, picked by clerks, expanded at sending time. */
describe('HTTP exchange: unit groups (/api/unit-groups)', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: ExchangeWorld;
  let communes: string[];

  type A = ExchangeWorld['actors']['own']['clerk'];
  const call = (method: string, path: string, actor: A, json?: unknown) =>
    app.server.json(method, path, { json, headers: w.bearer(actor) });

  before(async () => {
    app = await startApp(t.db);
    app.clock.set('2026-03-02T08:00:00+07:00');
    w = await seedExchangeWorld(t.db, app.clock);
    communes = [w.child];
    for (const n of [1, 2, 3]) {
      communes.push(
        await insertUnit(t.db, {
          code: `000.03.0${n}.H41`,
          name: `Ủy ban nhân dân xã Cần Đước ${n}`,
          level: 'commune',
          parentId: w.other,
        }),
      );
    }
  });
  after(async () => app?.close());

  it('lets an admin make "all communes" from a selector and every clerk below pick it', async () => {
    const made = await call('POST', '/api/unit-groups', w.actors.province.admin, {
      name: 'Tất cả UBND xã',
      select: { level: 'commune' },
    });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    expect(made.body).to.include({ name: 'Tất cả UBND xã', ownerUnitId: w.province, memberCount: 4 });
    expect(made.body.members.map((m: { id: string }) => m.id).sort()).to.deep.equal([...communes].sort());
    expect(made.body.members.map((m: { code: string }) => m.code)).to.deep.equal(
      [...made.body.members.map((m: { code: string }) => m.code)].sort(),
    );

    const own = await call('GET', '/api/unit-groups', w.actors.own.clerk);
    expect(own.status).to.equal(200);
    expect(own.body.items.map((g: { name: string }) => g.name)).to.deep.equal(['Tất cả UBND xã']);
    const child = await call('GET', `/api/unit-groups/${made.body.id}`, w.actors.child.clerk);
    expect(child.status).to.equal(200);
    expect(child.body.memberCount).to.equal(4);

    const dup = await call('POST', '/api/unit-groups', w.actors.province.admin, {
      name: '  Tất cả   UBND xã ',
      unitIds: [w.child],
    });
    expect(dup.status).to.equal(409);
    expect(dup.body.error.code).to.equal('UNIT_GROUP_DUPLICATE');
    const audit: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE type = 'UNIT_GROUP_CREATED' AND payload->>'groupId' = $1`,
      [made.body.id],
    );
    expect(audit[0]!.n).to.equal(1);
  });

  it('refuses unknown and ended units, other units’ groups and non-admins, each with its own answer', async () => {
    const admin = w.actors.own.admin;
    const unknown = await call('POST', '/api/unit-groups', admin, {
      name: 'Sai',
      unitIds: [w.child, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.code).to.equal('UNIT_GROUP_INVALID');
    expect(unknown.body.error.details.unknownUnitIds).to.deep.equal(['00000000-0000-4000-8000-000000000000']);
    const empty = await call('POST', '/api/unit-groups', admin, { name: 'Rỗng', unitIds: [] });
    expect(empty.status).to.equal(400);

    const gone = await insertUnit(t.db, {
      code: '000.02.09.H41',
      name: 'Xã đã sáp nhập',
      level: 'commune',
      parentId: w.own,
    });
    await t.db.query(`UPDATE units SET valid_to = '2026-01-01', successor_id = $2 WHERE id = $1`, [
      gone,
      w.child,
    ]);
    const ended = await call('POST', '/api/unit-groups', admin, { name: 'Cũ', unitIds: [gone] });
    expect(ended.status).to.equal(400);
    expect(ended.body.error.details.endedUnitIds).to.deep.equal([gone]);

    expect(
      (await call('POST', '/api/unit-groups', admin, { name: 'X', ownerUnitId: w.other, unitIds: [w.child] }))
        .status,
    ).to.equal(404);
    expect(
      (await call('POST', '/api/unit-groups', w.actors.own.clerk, { name: 'X', unitIds: [w.child] })).status,
    ).to.equal(403);
    const theirs = (await call('GET', '/api/unit-groups', w.actors.own.clerk)).body.items[0].id as string;
    const patch = await call('PATCH', `/api/unit-groups/${theirs}`, admin, { name: 'Đổi tên' });
    expect(patch.status).to.equal(403);
    expect((await call('GET', `/api/unit-groups?owner=${w.other}`, w.actors.own.clerk)).status).to.equal(404);

    const mine = await call('POST', '/api/unit-groups', admin, {
      name: 'Xã trong huyện',
      select: { parentId: w.own },
    });
    expect(mine.status).to.equal(201);
    expect(mine.body.members.map((m: { id: string }) => m.id)).to.deep.equal([w.child]);
    expect((await call('GET', `/api/unit-groups/${mine.body.id}`, w.actors.other.clerk)).status).to.equal(
      404,
    );
  });

  it('expands a group when sending (a member merged since routes to its successor), and keeps a used group', async () => {
    const admin = w.actors.province.admin;
    const g = await call('POST', '/api/unit-groups', admin, {
      name: 'Xã Cần Đước',
      unitIds: communes.slice(1),
    });
    expect(g.status).to.equal(201);
    const renamed = await call('PATCH', `/api/unit-groups/${g.body.id}`, admin, {
      name: 'Các xã huyện Cần Đước',
      unitIds: communes.slice(1),
    });
    expect(renamed.body).to.include({ name: 'Các xã huyện Cần Đước', memberCount: 3 });
    // One member is merged into a commune of another district after the group was made.
    await t.db.query(`UPDATE units SET valid_to = '2026-03-01', successor_id = $2 WHERE id = $1`, [
      communes[3],
      w.child,
    ]);

    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
      recipients: [{ kind: 'group', groupId: g.body.id }],
    });
    const inUse = await call('DELETE', `/api/unit-groups/${g.body.id}`, admin);
    expect(inUse.status).to.equal(409);
    expect(inUse.body.error.code).to.equal('UNIT_GROUP_IN_USE');
    expect(inUse.body.error.details.documentIds).to.deep.equal([doc.id]);

    const sent = await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk);
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    expect(sent.body.delivered).to.equal(3);
    expect(sent.body.routed).to.deep.include({ addressedUnitId: communes[3], recipientUnitId: w.child });

    expect((await call('DELETE', `/api/unit-groups/${g.body.id}`, admin)).status).to.equal(204);
    expect((await call('GET', `/api/unit-groups/${g.body.id}`, admin)).status).to.equal(404);
    // The documents it reached keep their records.
    const rows: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    expect(rows[0]!.n).to.equal(3);
  });
});
