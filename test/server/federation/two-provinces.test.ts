import { expect } from 'chai';
import { answerRecall } from '../../../workflows/exchange/answer-recall';
import { recallDocument } from '../../../workflows/exchange/recall-document';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { updateIssuedDocument } from '../../../workflows/exchange/update-issued-document';
import { insertUnit } from '../../workflows/fixtures';
import { numberAndNotation } from '../../../workflows/documents/outgoing-document';
import { issueDocument, sealedFiles, sha256, twoProvinces, type Province } from './federation-world';

const B_UNIT = '000.00.10.H98';
const external = [{ kind: 'external' as const, code: B_UNIT, name: 'Ủy ban nhân dân huyện Một, tỉnh Hai' }];

describe('federation: two VanBan servers (two provinces) on loopback HTTPS', function () {
  this.timeout(120_000);
  let a: Province;
  let b: Province;
  let clock: Awaited<ReturnType<typeof twoProvinces>>['clock'];
  const step = () => clock.advance(60_000);

  before(async () => {
    ({ a, b, clock } = await twoProvinces());
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  /** B's incoming records of an edXML document id from A. */
  const incomingAtB = async (documentId: string) =>
    (await b.db.query(
      `SELECT i.id, i.status_code, i.recall_code, i.pdf_sha256, i.subject, i.notation, i.urgency, i.external_sender_code,
         i.revision, x.attachments, x.superseded_by_incoming_id, x.trace
       FROM incoming_documents i JOIN edxml_incoming x ON x.incoming_id = i.id WHERE i.external_document_id = $1`,
      [documentId],
    )) as {
      id: string;
      status_code: string;
      recall_code: string | null;
      pdf_sha256: string;
      subject: string;
      notation: string;
      urgency: string;
      external_sender_code: string;
      revision: number;
      attachments: { name: string; sha256: string }[];
      superseded_by_incoming_id: string | null;
      trace: { organId: string }[];
    }[];
  const edxmlIdOf = async (documentId: string) =>
    (
      (await a.db.query(`SELECT document_id FROM external_recipients WHERE outgoing_id = $1`, [
        documentId,
      ])) as {
        document_id: string;
      }[]
    )[0]?.document_id;
  const viewAtA = async (documentId: string) => {
    const r = await a.request('GET', `/api/edxml/outgoing/${documentId}/external-recipients`, {
      as: a.actors.clerk,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body as {
      organId: string;
      delivery: string;
      statusCode: string | null;
      recallCode: string | null;
      attempts: number;
      lastError: string | null;
      events: { code: string; at: string; note: string | null }[];
    }[];
  };

  it('A sends a sealed document to a unit of B; B registers and completes it; A sees 01→03→04→05→06 with times', async () => {
    const doc = await issueDocument(a, { recipients: external });
    expect(await viewAtA(doc.id)).to.have.deep.nested.property('[0].delivery', 'queued');

    expect(await a.runJobs()).to.deep.equal(['done']);
    const documentId = (await edxmlIdOf(doc.id))!;
    expect(documentId).to.equal(
      `000.00.00.H97,${doc.issuedOn!.replace(/-/g, '/')},${numberAndNotation(doc)}`,
    );
    const [rec] = await incomingAtB(documentId);
    const { sealed, annex } = await sealedFiles();
    expect(rec).to.include({
      status_code: '01',
      pdf_sha256: sha256(sealed),
      external_sender_code: '000.00.00.H97',
      notation: numberAndNotation(doc),
    });
    expect(rec!.attachments.map((x) => [x.name, x.sha256])).to.deep.equal([['Phụ lục 1.pdf', sha256(annex)]]);
    expect(rec!.trace.map((t) => t.organId)).to.deep.equal(['000.00.00.H97']);
    expect(sha256(await b.objects.getBuffer(rec!.pdf_sha256))).to.equal(sha256(sealed));
    // Validation on arrival is queued as for an internal arrival.
    const validate: { n: number }[] = await b.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = 'incoming.validate' AND payload -> 'incomingIds' ? $1`,
      [rec!.id],
    );
    expect(validate[0]!.n).to.equal(1);

    expect(await b.runJobs()).to.deep.equal(['done']); // edXML:Status 01 back to A
    expect((await viewAtA(doc.id))[0]).to.include({ delivery: 'delivered', statusCode: '01' });

    // B's people work through B's HTTP API, as the web pages do.
    const act = async (who: Province['actors'][keyof Province['actors']], action: string, body?: unknown) => {
      step();
      const r = await b.request('POST', `/api/incoming/${rec!.id}/${action}`, {
        as: who,
        ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
      });
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).to.equal(200);
    };
    const detail = await b.request('GET', `/api/incoming/${rec!.id}`, { as: b.actors.clerk });
    expect(detail.status).to.equal(200);
    await act(b.actors.clerk, 'register');
    await act(b.actors.clerk, 'forward');
    await act(b.actors.leader, 'assign', { assigneeUserIds: [b.actors.specialist.userId] });
    await act(b.actors.specialist, 'complete', { note: 'Đã triển khai thực hiện' });
    expect(await b.runJobs()).to.deep.equal(['done', 'done', 'done', 'done']);

    const [view] = await viewAtA(doc.id);
    expect(view!.statusCode).to.equal('06');
    expect(view!.events.map((e) => e.code)).to.deep.equal(['01', '03', '04', '05', '06']);
    const times = view!.events.map((e) => Date.parse(e.at));
    expect(times).to.deep.equal([...times].sort((x, y) => x - y));
    expect(view!.events[1]!.note).to.match(/^Đã tiếp nhận, vào sổ văn bản đến số 01$/);
    expect(view!.events[4]!.note).to.equal('Đã triển khai thực hiện');
    // Nothing left to run on either side.
    expect(await a.runJobs()).to.deep.equal([]);
    expect(await b.runJobs()).to.deep.equal([]);
  });

  it('a package delivered twice creates one incoming record: the second answers duplicate', async () => {
    const doc = await issueDocument(a, { recipients: external });
    await a.runJobs();
    const documentId = (await edxmlIdOf(doc.id))!;
    const [pkg]: { sha256: string }[] = await a.db.query(
      `SELECT sha256 FROM edxml_packages WHERE direction = 'outbound' AND kind = 'document' AND document_id = $1`,
      [documentId],
    );
    const bytes = await a.objects.getBuffer(pkg!.sha256);
    const again = await b.request('POST', '/api/federation/inbox', { body: bytes });
    expect(again.status).to.equal(200);
    expect(again.body).to.include({ kind: 'document', outcome: 'duplicate', documentId });
    // A package of the same document signed again (other bytes, same document id) is the same document.
    const exported = await a.request('GET', `/api/edxml/outgoing/${doc.id}/package?to=${B_UNIT}`, {
      as: a.actors.clerk,
    });
    expect(exported.status).to.equal(200);
    expect(sha256(exported.raw)).to.not.equal(pkg!.sha256);
    const third = await b.request('POST', '/api/federation/inbox', { body: exported.raw });
    expect(third.body).to.include({ outcome: 'duplicate' });
    expect(await incomingAtB(documentId)).to.have.length(1);
    const packages: { n: number }[] = await b.db.query(
      `SELECT count(*)::int AS n FROM edxml_packages WHERE direction = 'inbound' AND document_id = $1`,
      [documentId],
    );
    expect(packages[0]!.n).to.equal(1);
    await b.runJobs();
  });

  it('B down at first: A retries with exponential back-off through the job table and delivers when B returns', async () => {
    await b.stop();
    const doc = await issueDocument(a, { recipients: external });
    expect(await a.runJobs()).to.deep.equal(['retry']);
    const job = async () =>
      (
        (await a.db.query(`SELECT attempts, run_at, last_error, done_at FROM jobs WHERE dedupe_key = $1`, [
          `edxml.send:${doc.id}:${B_UNIT}`,
        ])) as { attempts: number; run_at: Date; last_error: string; done_at: Date | null }[]
      )[0]!;
    let j = await job();
    expect(j.attempts).to.equal(1);
    expect(j.run_at.getTime() - clock.now().getTime()).to.equal(10_000);
    expect(j.last_error).to.match(/unavailable|ECONNREFUSED/i);
    expect((await viewAtA(doc.id))[0]).to.include({ delivery: 'queued', attempts: 1 });
    expect(await a.runJobs()).to.deep.equal([]); // not due yet: nobody sleeps, the clock decides

    clock.advance(10_000);
    expect(await a.runJobs()).to.deep.equal(['retry']);
    j = await job();
    expect(j.attempts).to.equal(2);
    expect(j.run_at.getTime() - clock.now().getTime()).to.equal(20_000); // doubled

    await b.start();
    clock.advance(20_000);
    expect(await a.runJobs()).to.deep.equal(['done']);
    expect((await job()).done_at).to.not.equal(null);
    expect(await incomingAtB((await edxmlIdOf(doc.id))!)).to.have.length(1);
    await b.runJobs();
    expect((await viewAtA(doc.id))[0]).to.include({ delivery: 'delivered', statusCode: '01' });
  });

  it('a package B refuses for good (unknown recipient, 422) fails at once with B’s code in A’s view; no retries', async () => {
    const nobody = '000.00.55.H98'; // B's province, but no unit of B has this code
    const doc = await issueDocument(a, {
      recipients: [{ kind: 'external', code: nobody, name: 'Cơ quan không có' }],
    });
    expect(await a.runJobs()).to.deep.equal(['failed']);
    const [job]: { attempts: number; failed_at: Date | null; last_error: string }[] = await a.db.query(
      `SELECT attempts, failed_at, last_error FROM jobs WHERE dedupe_key = $1`,
      [`edxml.send:${doc.id}:${nobody}`],
    );
    expect([job!.attempts, job!.failed_at?.getTime()]).to.deep.equal([1, clock.now().getTime()]);
    expect(job!.last_error).to.contain('422 EDXML_RECIPIENT_UNKNOWN');
    const [view] = (await viewAtA(doc.id)) as unknown as {
      delivery: string;
      attempts: number;
      failure: Record<string, unknown> | null;
    }[];
    expect(view).to.deep.include({ delivery: 'failed', attempts: 1 });
    expect(view!.failure).to.deep.include({
      permanent: true,
      code: 'FEDERATION_PEER_REFUSED',
      peerStatus: 422,
      peerCode: 'EDXML_RECIPIENT_UNKNOWN',
    });
    // The sender's tracking page reads the same.
    const tracking = await a.request('GET', `/api/outgoing/${doc.id}/recipients`, { as: a.actors.clerk });
    expect(tracking.body.external[0].failure).to.deep.include({ peerCode: 'EDXML_RECIPIENT_UNKNOWN' });
    clock.advance(3600_000);
    expect(await a.runJobs()).to.deep.equal([]); // never tried again
  });

  it('a status A does not know yet (404) is not given up: B retries it with back-off', async () => {
    const doc = await issueDocument(a, { recipients: external });
    expect(await a.runJobs()).to.deep.equal(['done']);
    const documentId = (await edxmlIdOf(doc.id))!;
    const [rec] = await incomingAtB(documentId);
    // As if B's 01 overtook A's commit of its delivery: A knows no such document yet.
    await b.db.query(`UPDATE edxml_incoming SET document_id = $2 WHERE incoming_id = $1`, [
      rec!.id,
      `${documentId}-chua-ghi`,
    ]);
    expect(await b.runJobs()).to.deep.equal(['retry']);
    await b.db.query(`UPDATE edxml_incoming SET document_id = $2 WHERE incoming_id = $1`, [
      rec!.id,
      documentId,
    ]);
    clock.advance(10_000);
    expect(await b.runJobs()).to.deep.equal(['done']);
    expect((await viewAtA(doc.id))[0]).to.include({ statusCode: '01' });
  });

  it('recall over federation: B marks 13 and reports it, B’s clerk accepts (15) and A sees it', async () => {
    const doc = await issueDocument(a, { recipients: external });
    await a.runJobs();
    await b.runJobs();
    const documentId = (await edxmlIdOf(doc.id))!;
    step();
    await recallDocument(a.ctx(a.actors.clerk), {
      documentId: doc.id,
      reason: 'Sai sót về thể thức văn bản',
    });
    expect(await a.runJobs()).to.deep.equal(['done']); // edxml.send, business type 1
    const [rec] = await incomingAtB(documentId);
    expect(rec).to.include({ recall_code: '13', status_code: '01' });
    const note: { note: string }[] = await b.db.query(
      `SELECT note FROM status_events WHERE incoming_id = $1 AND code = '13'`,
      [rec!.id],
    );
    expect(note[0]!.note).to.equal('Sai sót về thể thức văn bản');
    expect(await b.runJobs()).to.deep.equal(['done']);
    expect((await viewAtA(doc.id))[0]!.recallCode).to.equal('13');

    step();
    await answerRecall(b.ctx(b.actors.clerk), { incomingId: rec!.id, accept: true });
    expect(await b.runJobs()).to.deep.equal(['done']);
    const [view] = await viewAtA(doc.id);
    expect(view!.recallCode).to.equal('15');
    expect(view!.events.map((e) => e.code)).to.deep.equal(['01', '13', '15']);
  });

  it('recalling a document with two external recipients delivers exactly two recall packages (the trigger alone queues them)', async () => {
    const two = [
      ...external,
      { kind: 'external' as const, code: '000.00.00.H98', name: 'Ủy ban nhân dân tỉnh Hai' },
    ];
    const doc = await issueDocument(a, { recipients: two });
    expect(await a.runJobs()).to.deep.equal(['done', 'done']);
    await b.runJobs();
    step();
    const recalled = await a.request('POST', `/api/outgoing/${doc.id}/recall`, {
      as: a.actors.clerk,
      body: JSON.stringify({ reason: 'Ban hành nhầm' }),
      contentType: 'application/json',
    });
    expect(recalled.status, JSON.stringify(recalled.body)).to.equal(200);
    const queued: { key: string }[] = await a.db.query(
      `SELECT dedupe_key AS key FROM jobs
       WHERE kind = 'edxml.send' AND payload ->> 'documentId' = $1 AND payload ->> 'businessType' = '1' ORDER BY 1`,
      [doc.id],
    );
    expect(queued.map((j) => j.key)).to.deep.equal([
      `edxml.send:${doc.id}:000.00.00.H98:recall`,
      `edxml.send:${doc.id}:${B_UNIT}:recall`,
    ]);
    expect(await a.runJobs()).to.deep.equal(['done', 'done']);
    expect(await a.runJobs()).to.deep.equal([]);
    const documentId = (await edxmlIdOf(doc.id))!;
    const count = async (db: typeof a.db, direction: string) =>
      (
        (await db.query(
          `SELECT count(*)::int AS n FROM edxml_packages WHERE document_id = $1 AND direction = $2 AND business_type = 1`,
          [documentId, direction],
        )) as { n: number }[]
      )[0]!.n;
    expect([await count(a.db, 'outbound'), await count(b.db, 'inbound')]).to.deep.equal([2, 2]);
    const delivered: { to: string }[] = await a.db.query(
      `SELECT payload ->> 'to' AS to FROM audit_events WHERE type = 'EDXML_DOCUMENT_DELIVERED'
       AND payload ->> 'documentId' = $1 AND (payload ->> 'businessType')::int = 1 ORDER BY 1`,
      [doc.id],
    );
    expect(delivered.map((d) => d.to)).to.deep.equal(['000.00.00.H98', B_UNIT]);
    expect((await incomingAtB(documentId)).map((r) => r.recall_code)).to.deep.equal(['13', '13']);
  });

  it('replace (type 3): the new document reaches B and supersedes the old record; update (type 2) changes the subject', async () => {
    const old = await issueDocument(a, { recipients: external });
    await a.runJobs();
    await b.runJobs();
    const oldId = (await edxmlIdOf(old.id))!;
    const replacement = await issueDocument(a, {
      recipients: external,
      replacesId: old.id,
      replaceReason: 'Thay đổi thành phần tham dự',
      subject: 'Thay thế quyết định',
    });
    expect(await a.runJobs()).to.deep.equal(['done']);
    // The drafter's reason travels as the edXML BussinessDocReason of the type-3 package.
    const [sent]: { sha256: string }[] = await a.db.query(
      `SELECT sha256 FROM edxml_packages WHERE direction = 'outbound' AND business_type = 3 ORDER BY created_at DESC LIMIT 1`,
    );
    expect((await a.objects.getBuffer(sent!.sha256)).toString('utf8')).to.match(
      /<edXML:BussinessDocReason>Thay đổi thành phần tham dự<\/edXML:BussinessDocReason>/,
    );
    const newId = (await edxmlIdOf(replacement.id))!;
    const [n] = await incomingAtB(newId);
    const [o] = await incomingAtB(oldId);
    expect(o!.superseded_by_incoming_id).to.equal(n!.id);
    const pkg: { business_type: number }[] = await b.db.query(
      `SELECT business_type FROM edxml_packages WHERE direction = 'inbound' AND document_id = $1`,
      [newId],
    );
    expect(pkg[0]!.business_type).to.equal(3);
    await b.runJobs();

    step();
    await updateIssuedDocument(a.ctx(a.actors.clerk), {
      documentId: replacement.id,
      reason: 'Sửa trích yếu',
      subject: 'Thay thế quyết định (đính chính trích yếu)',
    });
    expect(await a.runJobs()).to.deep.equal(['done']); // edxml.send, business type 2
    const [u] = await incomingAtB(newId);
    expect(u).to.include({
      subject: 'Thay thế quyết định (đính chính trích yếu)',
      revision: 2,
      status_code: '01',
    });
    const kinds: { kind: string; code: string }[] = await b.db.query(
      `SELECT kind, code FROM status_events WHERE incoming_id = $1 ORDER BY id`,
      [u!.id],
    );
    expect(kinds).to.deep.equal([
      { kind: 'status', code: '01' },
      { kind: 'update', code: '01' },
    ]);
    expect(await b.runJobs()).to.deep.equal([]); // an update's arrival is not a status to report
  });

  it('an exported package re-imports on the other server by a clerk: PDF byte-identical, signature verified', async () => {
    const sent = await issueDocument(a, { recipients: external });
    const exported = await a.request('GET', `/api/edxml/outgoing/${sent.id}/package?to=${B_UNIT}`, {
      as: a.actors.clerk,
    });
    expect(exported.status).to.equal(200);
    expect(exported.headers['content-type']).to.match(/^application\/xml/);
    const imported = await b.request('POST', '/api/edxml/import', { as: b.actors.clerk, body: exported.raw });
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    expect(imported.body.outcome).to.equal('created');
    const [rec] = await incomingAtB(imported.body.documentId);
    const { sealed } = await sealedFiles();
    expect(rec!.pdf_sha256).to.equal(sha256(sealed));
    const signer: { signer_sha256: string; via: string }[] = await b.db.query(
      `SELECT signer_sha256, via FROM edxml_packages WHERE direction = 'inbound' AND document_id = $1`,
      [imported.body.documentId],
    );
    expect(signer[0]).to.deep.equal({
      signer_sha256: a.identity.certificate.fingerprint('sha256').toString('hex'),
      via: 'import',
    });
    // Then the federation delivery of the same document: duplicate.
    expect(await a.runJobs()).to.deep.equal(['done']);
    expect(await incomingAtB(imported.body.documentId)).to.have.length(1);
    await b.runJobs();
  });

  it('a document that reached B only by an exported package: B’s statuses still reach A’s view', async () => {
    const district = await insertUnit(a.db, {
      code: '000.00.10.H97',
      name: 'Ủy ban nhân dân huyện Mười',
      level: 'district',
      parentId: a.units.root,
    });
    const doc = await issueDocument(a, { recipients: [{ kind: 'unit', unitId: district }] });
    expect(await viewAtA(doc.id)).to.deep.equal([]);
    const exported = await a.request('GET', `/api/edxml/outgoing/${doc.id}/package?to=${B_UNIT}`, {
      as: a.actors.clerk,
    });
    const imported = await b.request('POST', '/api/edxml/import', { as: b.actors.clerk, body: exported.raw });
    expect(imported.body.outcome).to.equal('created');
    expect(await b.runJobs()).to.deep.equal(['done']);
    step();
    await registerIncoming(b.ctx(b.actors.clerk), { incomingId: imported.body.incomingIds[0] });
    expect(await b.runJobs()).to.deep.equal(['done']);
    const [view] = await viewAtA(doc.id);
    expect(view).to.include({ organId: B_UNIT, delivery: 'delivered', statusCode: '03' });
    expect(view!.events.map((e) => e.code)).to.deep.equal(['01', '03']);
  });
});
