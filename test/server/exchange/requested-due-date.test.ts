import { expect } from 'chai';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { testPki } from '../../signing/pki/dev-pki-fixture';
import { a4Draft, LEADER_TIME, SEAL_TIME, signers } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { startApp, type RunningApp } from '../support/world';
import { sealedDocument, seedExchangeWorld, type ExchangeWorld } from './support/exchange-world';

/**
 * Issue 14 item 4, "deadlines travel", over HTTP on PostgreSQL: the hạn xử lý the sender's draft asks for
 * reaches every recipient (inbox list and detail), pre-fills the assignment when the leader gives none,
 * and is what the sender's tracking measures early / on time / late against.
 */
describe('HTTP exchange: the deadline the sender asks for travels to its recipients', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: ExchangeWorld;
  let pki: DevPki;
  let signedPdf: Buffer;

  const call = (
    method: string,
    path: string,
    actor: ExchangeWorld['actors']['own']['clerk'],
    json?: unknown,
  ) => app.server.json(method, path, { json, headers: w.bearer(actor) });

  before(async () => {
    app = await startApp(t.db);
    app.clock.set(new Date(SEAL_TIME.getTime() + 3600_000)); // 2026-03-03, Vietnam
    w = await seedExchangeWorld(t.db, app.clock);
    pki = await testPki('ec-p256');
    const signed = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
    });
    signedPdf = Buffer.from(signed.bytes!);
  });
  after(async () => app?.close());

  async function toAssignment(id: string, unit: 'own' | 'child'): Promise<void> {
    const a = w.actors[unit];
    expect((await call('POST', `/api/incoming/${id}/register`, a.clerk)).status).to.equal(200);
    expect((await call('POST', `/api/incoming/${id}/forward`, a.clerk)).status).to.equal(200);
  }

  it('shows it in every inbox, pre-fills the assignment, and the sender’s tracking measures against it', async () => {
    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, signedPdf, {
      dueDate: '2026-03-05',
      recipients: [
        { kind: 'unit', unitId: w.own },
        { kind: 'unit', unitId: w.child },
      ],
    });
    expect((await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk)).status).to.equal(200);
    const incoming: { id: string; recipient_unit_id: string }[] = await t.db.query(
      `SELECT id, recipient_unit_id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    const ownId = incoming.find((i) => i.recipient_unit_id === w.own)!.id;
    const childId = incoming.find((i) => i.recipient_unit_id === w.child)!.id;

    // Every recipient sees it, in the list and in the detail; nobody has set a deadline of their own yet.
    for (const [unit, id] of [
      ['own', ownId],
      ['child', childId],
    ] as const) {
      const list = await call('GET', '/api/incoming', w.actors[unit].clerk);
      expect(list.body.items.find((i: { id: string }) => i.id === id)).to.include({
        requestedDueDate: '2026-03-05',
        deadline: null,
      });
      const detail = await call('GET', `/api/incoming/${id}`, w.actors[unit].clerk);
      expect(detail.body).to.include({ requestedDueDate: '2026-03-05', deadline: null });
    }

    // The district's leader gives no deadline: the sender's is taken (and its reminder queued).
    await toAssignment(ownId, 'own');
    const assigned = await call('POST', `/api/incoming/${ownId}/assign`, w.actors.own.leader, {
      assigneeUserIds: [w.actors.own.specialist.userId],
    });
    expect(assigned.status, JSON.stringify(assigned.body)).to.equal(200);
    expect(assigned.body).to.include({ deadline: '2026-03-05', requestedDueDate: '2026-03-05' });
    const [reminder] = await t.db.query(
      `SELECT run_at FROM jobs WHERE kind = 'incoming.deadline_reminder' AND payload ->> 'incomingId' = $1`,
      [ownId],
    );
    expect(new Date(reminder.run_at).toISOString()).to.equal('2026-03-05T01:00:00.000Z');

    // The commune's leader gives a later deadline of its own; the commune finishes within it.
    await toAssignment(childId, 'child');
    const own = await call('POST', `/api/incoming/${childId}/assign`, w.actors.child.leader, {
      assigneeUserIds: [w.actors.child.specialist.userId],
      deadline: '2026-03-20',
    });
    expect(own.body).to.include({ deadline: '2026-03-20' });

    app.clock.advance(4 * 24 * 3600_000); // 2026-03-07: after the sender's deadline
    for (const [unit, id] of [
      ['own', ownId],
      ['child', childId],
    ] as const) {
      const done = await call('POST', `/api/incoming/${id}/complete`, w.actors[unit].specialist, {
        note: 'Đã xử lý',
      });
      expect(done.status, JSON.stringify(done.body)).to.equal(200);
    }
    // The commune's own record counts against its own deadline (early) ...
    expect(
      (await call('GET', `/api/incoming/${childId}`, w.actors.child.clerk)).body.handlingResult,
    ).to.equal('early');
    // ... the sender measures both against the deadline it asked for: late.
    const track = await call('GET', `/api/outgoing/${doc.id}/recipients`, p.clerk);
    expect(track.status, JSON.stringify(track.body)).to.equal(200);
    expect(track.body.document.dueDate).to.equal('2026-03-05');
    expect(
      track.body.recipients.map((r: { unit: { id: string }; deadline: string; handlingResult: string }) => [
        r.unit.id === w.own ? 'own' : 'child',
        r.deadline,
        r.handlingResult,
      ]),
    ).to.have.deep.members([
      ['own', '2026-03-05', 'late'],
      ['child', '2026-03-20', 'late'],
    ]);
  });

  it('does not take a requested deadline already past', async () => {
    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, signedPdf, {
      subject: 'Hạn đã qua',
      dueDate: '2026-03-08',
      recipients: [{ kind: 'unit', unitId: w.own }],
    });
    expect((await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk)).status).to.equal(200);
    const [{ id }]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    await toAssignment(id, 'own');
    app.clock.advance(2 * 24 * 3600_000); // past 2026-03-08
    const assigned = await call('POST', `/api/incoming/${id}/assign`, w.actors.own.leader, {
      assigneeUserIds: [w.actors.own.specialist.userId],
    });
    expect(assigned.body).to.include({ deadline: null, requestedDueDate: '2026-03-08' });
  });
});
