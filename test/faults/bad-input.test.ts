import { expect } from 'chai';
import type { DevPki } from '../../signing/pki/create-dev-pki';
import { signPdf } from '../../signing/sign/sign-pdf';
import { createApiToken } from '../../workflows/accounts/create-api-token';
import { assignNumber } from '../../workflows/documents/assign-number';
import { createDraft } from '../../workflows/documents/create-draft';
import { recordLeaderSignature } from '../../workflows/documents/record-leader-signature';
import { recordSeal } from '../../workflows/documents/record-seal';
import { submitForReview } from '../../workflows/documents/submit-for-review';
import {
  runJobs,
  sealedDocument,
  seedExchangeWorld,
  type ExchangeWorld,
} from '../server/exchange/support/exchange-world';
import { startApp, type RunningApp } from '../server/support/world';
import { testPki } from '../signing/pki/dev-pki-fixture';
import { a4Draft, LEADER_TIME, SEAL_TIME, signers } from '../signing/sign/sign-fixture';
import { useTestDatabase } from '../support/postgres';
import { pdfBytes } from '../workflows/exchange/exchange-pdf';
import { ctxOf, insertActor, insertUnit } from '../workflows/fixtures';

/**
 * Issue 5, "Bad input and faults", over HTTP: recipients that do not exist or no longer exist, a
 * document whose signature fails validation on arrival, and clerks working at the same moment.
 */
describe('fault: bad recipients, a failing signature, concurrent clerks', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let app: RunningApp;
  let w: ExchangeWorld;
  let pki: DevPki;

  type A = ExchangeWorld['actors']['own']['clerk'];
  const call = (method: string, path: string, actor: A, json?: unknown) =>
    app.server.json(method, path, { json, headers: w.bearer(actor) });
  const nothingSent = async (documentId: string) => {
    const rows: { n: number; status: string }[] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM incoming_documents WHERE outgoing_id = $1) AS n, status
       FROM outgoing_documents WHERE id = $1`,
      [documentId],
    );
    expect(rows[0]).to.deep.equal({ n: 0, status: 'sealed' });
  };

  before(async () => {
    app = await startApp(t.db);
    app.clock.set(new Date(SEAL_TIME.getTime() + 3600_000));
    w = await seedExchangeWorld(t.db, app.clock);
    pki = await testPki('ec-p256');
  });
  after(async () => app?.close());

  describe('recipients', () => {
    it('an unknown unit, group or external code: 422 naming it, nothing sent, the document still sealed', async () => {
      const p = w.actors.province;
      for (const [spec, details] of [
        [
          { kind: 'unit', unitId: '00000000-0000-4000-8000-000000000000' },
          { unitId: '00000000-0000-4000-8000-000000000000' },
        ],
        [
          { kind: 'group', groupId: '00000000-0000-4000-8000-000000000001' },
          { groupId: '00000000-0000-4000-8000-000000000001' },
        ],
        [{ kind: 'external', code: 'H41-khong-hop-le' }, { code: 'H41-khong-hop-le' }],
      ] as const) {
        const doc = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
          recipients: [{ kind: 'unit', unitId: w.own }, spec],
        });
        const r = await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk);
        expect(r.status, JSON.stringify(r.body)).to.equal(422);
        expect(r.body.error.code).to.equal('RECIPIENT_UNKNOWN');
        expect(r.body.error.messageVi).to.equal('Nơi nhận không tồn tại trong danh bạ');
        expect(r.body.error.details).to.deep.equal(details);
        await nothingSent(doc.id);
      }
    });

    it('a unit merged through the API before the send routes to its successor; one ended without successor is 422', async () => {
      const p = w.actors.province;
      const merged = await insertUnit(t.db, {
        code: '000.02.05.H41',
        name: 'Ủy ban nhân dân xã Lương Hòa',
        level: 'commune',
        parentId: w.own,
      });
      const doc = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
        recipients: [{ kind: 'unit', unitId: merged }],
      });
      const dissolved = await call('POST', `/api/units/${merged}/dissolve`, p.admin, {
        successorId: w.child,
        effectiveOn: '2026-03-01',
      });
      expect(dissolved.status, JSON.stringify(dissolved.body)).to.equal(200);
      const sent = await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk);
      expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
      expect(sent.body.routed).to.deep.equal([{ addressedUnitId: merged, recipientUnitId: w.child }]);
      const inbox = await call('GET', '/api/incoming', w.actors.child.clerk);
      const item = inbox.body.items.find(
        (i: { notation: string }) => i.notation === sent.body.document.numberAndNotation,
      );
      const detail = await call('GET', `/api/incoming/${item.id}`, w.actors.child.clerk);
      expect(detail.body.addressedUnit).to.deep.include({ id: merged, name: 'Ủy ban nhân dân xã Lương Hòa' });
      expect(detail.body.recipientUnit.id).to.equal(w.child);

      const gone = await insertUnit(t.db, {
        code: '000.02.06.H41',
        name: 'Xã Đã Giải Thể',
        level: 'commune',
        parentId: w.own,
      });
      const doc2 = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
        recipients: [
          { kind: 'unit', unitId: w.other },
          { kind: 'unit', unitId: gone },
        ],
      });
      await t.db.query(`UPDATE units SET valid_to = '2026-03-01' WHERE id = $1`, [gone]);
      const r = await call('POST', `/api/outgoing/${doc2.id}/send`, p.clerk);
      expect(r.status).to.equal(422);
      expect(r.body.error.code).to.equal('RECIPIENT_DISSOLVED');
      expect(r.body.error.details).to.deep.equal({ unitId: gone });
      await nothingSent(doc2.id);
    });

    it('a classified document is refused by law with 403 and its legal basis', async () => {
      const p = w.actors.province;
      const doc = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
        classification: 'secret',
        notation: 'QĐ-UBND-M',
        recipients: [{ kind: 'unit', unitId: w.own }],
      });
      const r = await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk);
      expect(r.status).to.equal(403);
      expect(r.body.error.code).to.equal('DOCUMENT_CLASSIFIED');
      expect(r.body.error.details.legalBasis).to.equal('Luật 29/2018/QH14, Điều 5 khoản 5, 6');
      await nothingSent(doc.id);
    });
  });

  it('a document whose signature fails validation arrives flagged TOTAL_FAILED, and the clerk refuses it', async () => {
    const signed = Buffer.from(
      (
        await signPdf({
          input: await a4Draft(),
          signer: signers(pki).leader,
          role: 'leader',
          level: 'B-B',
          signingTime: LEADER_TIME,
        })
      ).bytes!,
    );
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('stream\n') + 20;
    tampered[at] = tampered[at]! ^ 0xff;
    const p = w.actors.province;
    const doc = await sealedDocument(t.db, app.objects, app.clock, p, tampered, {
      recipients: [{ kind: 'unit', unitId: w.own }],
    });
    expect((await call('POST', `/api/outgoing/${doc.id}/send`, p.clerk)).status).to.equal(200);
    const clerk = w.actors.own.clerk;
    const pending = (await call('GET', `/api/incoming?q=${encodeURIComponent(doc.notation)}`, clerk)).body
      .items;
    const id = pending.find((i: { sender: { unitId: string } }) => i.sender.unitId === w.province).id;
    expect((await call('GET', `/api/incoming/${id}`, clerk)).body.validation).to.deep.equal({
      state: 'pending',
    });

    await runJobs(t.db, app.objects, app.clock, [pki.root.certificate]);
    const d = await call('GET', `/api/incoming/${id}`, clerk);
    expect(d.body.validation).to.deep.include({ state: 'done', indication: 'TOTAL_FAILED' });
    expect(d.body.validation.signatures[0]).to.include({
      indication: 'TOTAL_FAILED',
      subIndication: 'HASH_FAILURE',
    });
    expect(d.body.actions).to.include('refuse');
    const listed = (await call('GET', '/api/incoming?status=01', clerk)).body.items.find(
      (i: { id: string }) => i.id === id,
    );
    expect(listed.validation).to.equal('TOTAL_FAILED');

    const refused = await call('POST', `/api/incoming/${id}/refuse`, clerk, {
      reason: 'Chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký',
    });
    expect(refused.status).to.equal(200);
    expect(refused.body).to.include({ statusCode: '02' });
    const track = await call('GET', `/api/outgoing/${doc.id}/recipients`, p.clerk);
    expect(track.body.recipients[0]).to.deep.include({
      statusCode: '02',
      refusalReason: 'Chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký',
    });
    expect(track.body.recipients[0].status.vi).to.equal('Từ chối tiếp nhận');
    // A refused document is not registered afterwards.
    expect((await call('POST', `/api/incoming/${id}/register`, clerk)).status).to.equal(409);
  });

  describe('concurrent clerks', () => {
    it('two clerks sending the same document to many units at once deliver it exactly once', async () => {
      const p = w.actors.province;
      const second = await insertActor(t.db, w.province, 'la.clerk2', ['clerk']);
      const token2 = (await createApiToken(ctxOf(t.db, second, app.clock), { name: 'clerk 2' })).token;
      const communes: string[] = [];
      for (let i = 10; i < 40; i++) {
        communes.push(
          await insertUnit(t.db, {
            code: `000.03.${i}.H41`,
            name: `Ủy ban nhân dân xã Thử ${i}`,
            level: 'commune',
            parentId: w.other,
          }),
        );
      }
      const doc = await sealedDocument(t.db, app.objects, app.clock, p, await pdfBytes(), {
        recipients: communes.map((unitId) => ({ kind: 'unit' as const, unitId })),
      });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          app.server.json('POST', `/api/outgoing/${doc.id}/send`, {
            headers: i % 2 ? { authorization: `Bearer ${token2}` } : w.bearer(p.clerk),
          }),
        ),
      );
      expect(results.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200, 200]);
      expect(results.reduce((n, r) => n + r.body.delivered, 0)).to.equal(30);
      const rows: { n: number; units: number; events: number }[] = await t.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT recipient_unit_id)::int AS units,
           (SELECT count(*)::int FROM status_events WHERE outgoing_id = $1) AS events
         FROM incoming_documents WHERE outgoing_id = $1`,
        [doc.id],
      );
      expect(rows[0]).to.deep.equal({ n: 30, units: 30, events: 30 });
    });

    it('clerks numbering outgoing documents and registering arrivals at once get gapless, unique numbers', async () => {
      const p = w.actors.province;
      const clerk2 = await insertActor(t.db, w.province, 'la.clerk3', ['clerk']);
      // Ten documents signed and waiting for their numbers.
      const signedIds: string[] = [];
      for (let i = 0; i < 10; i++) {
        const stored = await app.objects.put(await pdfBytes(), { contentType: 'application/pdf' });
        const digest = { sha256: stored.sha256, size: stored.size };
        const d = await createDraft(ctxOf(t.db, p.specialist, app.clock), {
          documentType: 'Công văn',
          notation: 'UBND-TH',
          subject: `Công văn số thứ tự ${i}`,
          recipients: [{ kind: 'unit', unitId: w.own }],
          pdf: digest,
        });
        await submitForReview(ctxOf(t.db, p.specialist, app.clock), { documentId: d.id });
        await recordLeaderSignature(ctxOf(t.db, p.leader, app.clock), {
          documentId: d.id,
          signedPdf: digest,
        });
        signedIds.push(d.id);
      }
      // Both clerks number five each, concurrently, then seal and send all ten over HTTP at once.
      const numbered = await Promise.all(
        signedIds.map((id, i) =>
          assignNumber(ctxOf(t.db, i % 2 ? clerk2 : p.clerk, app.clock), { documentId: id }),
        ),
      );
      const numbers = numbered.map((d) => d.number!).sort((a, b) => a - b);
      expect(new Set(numbers).size).to.equal(10);
      expect(numbers[9]! - numbers[0]!).to.equal(9);
      for (const d of numbered) {
        await recordSeal(ctxOf(t.db, p.clerk, app.clock), {
          documentId: d.id,
          sealedPdf: { sha256: d.pdfSha256, size: d.pdfSize },
        });
      }
      const sends = await Promise.all(
        signedIds.map((id) => call('POST', `/api/outgoing/${id}/send`, p.clerk)),
      );
      expect(sends.every((s) => s.status === 200 && s.body.delivered === 1)).to.equal(true);

      // At the district, two clerks register the ten arrivals at the same moment.
      const ownClerk2 = await insertActor(t.db, w.own, 'bl.clerk2', ['clerk']);
      const token = (await createApiToken(ctxOf(t.db, ownClerk2, app.clock), { name: 'clerk 2' })).token;
      const arrivals: { id: string }[] = await t.db.query(
        `SELECT id FROM incoming_documents WHERE outgoing_id = ANY($1::uuid[])`,
        [signedIds],
      );
      const before: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM incoming_documents WHERE recipient_unit_id = $1 AND incoming_number IS NOT NULL`,
        [w.own],
      );
      const regs = await Promise.all(
        arrivals.map((a, i) =>
          app.server.json('POST', `/api/incoming/${a.id}/register`, {
            headers: i % 2 ? { authorization: `Bearer ${token}` } : w.bearer(w.actors.own.clerk),
          }),
        ),
      );
      expect(regs.map((r) => r.status)).to.deep.equal(Array(10).fill(200));
      const got = regs.map((r) => r.body.incomingNumber as number).sort((a, b) => a - b);
      expect(got).to.deep.equal(Array.from({ length: 10 }, (_, i) => before[0]!.n + 1 + i));
    });
  });
});
