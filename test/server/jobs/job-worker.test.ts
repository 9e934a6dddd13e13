import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { documentJobHandlers } from '../../../server/jobs/document-job-handlers';
import { startJobWorker, type JobWorker } from '../../../server/jobs/job-worker';
import type { IncomingVerdict } from '../../../server/jobs/incoming-verdict';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { assignNumber } from '../../../workflows/documents/assign-number';
import { createDraft } from '../../../workflows/documents/create-draft';
import type { Urgency } from '../../../workflows/documents/outgoing-document';
import { recordLeaderSignature } from '../../../workflows/documents/record-leader-signature';
import { recordSeal } from '../../../workflows/documents/record-seal';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import { assignIncoming } from '../../../workflows/exchange/assign-incoming';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { testPki } from '../../signing/pki/dev-pki-fixture';
import { a4Draft, LEADER_TIME, signers } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../../workflows/fixtures';
import { generateProvince, type ProvinceWorld } from '../../workflows/exchange/province-world';

describe('server/jobs job worker', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(LEADER_TIME);
  const logger = pino({ level: 'silent' });
  let w: ProvinceWorld;
  let pki: DevPki;
  let objects: ObjectStore;
  let dir: string;
  let signedPdf: Buffer;
  let anchors: DevPki['root']['certificate'][];
  const workers: JobWorker[] = [];

  const worker = (pollMs?: number): JobWorker => {
    const wk = startJobWorker({
      db: t.db,
      clock,
      logger,
      pollMs,
      poll: pollMs !== undefined,
      handlers: documentJobHandlers({ objects, trustAnchors: async () => anchors }),
    });
    workers.push(wk);
    return wk;
  };

  /** Drives a document of the province through every step with `pdf` as the sealed revision, and sends it. */
  const send = async (pdf: Buffer, urgency: Urgency = 'normal') => {
    const stored = await objects.put(pdf, { contentType: 'application/pdf' });
    const digest = { sha256: stored.sha256, size: stored.size };
    const doc = await createDraft(ctxOf(t.db, w.root.specialist, clock), {
      documentType: 'Công văn',
      notation: 'UBND-VX',
      subject: 'Về việc kiểm tra chữ ký khi nhận',
      urgency,
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
      pdf: digest,
    });
    await submitForReview(ctxOf(t.db, w.root.specialist, clock), { documentId: doc.id });
    await recordLeaderSignature(ctxOf(t.db, w.root.leader, clock), { documentId: doc.id, signedPdf: digest });
    await assignNumber(ctxOf(t.db, w.root.clerk, clock), { documentId: doc.id });
    await recordSeal(ctxOf(t.db, w.root.clerk, clock), { documentId: doc.id, sealedPdf: digest });
    await sendDocument(ctxOf(t.db, w.root.clerk, clock), { documentId: doc.id });
    const rows: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    return { documentId: doc.id, incomingId: rows[0]!.id };
  };

  const verdictOf = async (incomingId: string): Promise<IncomingVerdict | null> =>
    (
      (await t.db.query(`SELECT validation FROM incoming_documents WHERE id = $1`, [incomingId])) as {
        validation: IncomingVerdict | null;
      }[]
    )[0]!.validation;

  const events = async (type: string, incomingId: string) =>
    (await t.db.query(
      `SELECT unit_id, payload FROM audit_events WHERE type = $1 AND payload->>'incomingId' = $2`,
      [type, incomingId],
    )) as { unit_id: string; payload: Record<string, unknown> }[];

  before(async () => {
    w = await generateProvince(t.db, 2);
    pki = await testPki('ec-p256');
    anchors = [pki.root.certificate];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-jobs-'));
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
    const signed = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-B',
      signingTime: LEADER_TIME,
    });
    signedPdf = Buffer.from(signed.bytes!);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((wk) => wk.stop()));
    anchors = [pki.root.certificate];
  });

  after(async () => {
    await objects?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('validates a delivered PDF on arrival: the verdict names the leader signature, the full report is stored', async () => {
    const { incomingId } = await send(signedPdf);
    expect(await verdictOf(incomingId)).to.equal(null);

    const outcomes = await worker().runDue();
    expect(outcomes).to.include('done');
    const verdict = (await verdictOf(incomingId))!;
    expect(verdict.error).to.equal(null);
    expect(verdict.signatures).to.have.length(1);
    expect(verdict.signatures[0]!.fieldName).to.equal('chu_ky_lanh_dao');
    expect(verdict.indication).to.not.equal('TOTAL_FAILED');
    expect(verdict.indication).to.equal(verdict.signatures[0]!.indication);
    const report = JSON.parse((await objects.getBuffer(verdict.reportSha256!)).toString('utf8'));
    expect(report.signatures[0].intact).to.equal(true);
    const audit = await events('INCOMING_VALIDATED', incomingId);
    expect(audit).to.have.length(1);
    expect(audit[0]!.unit_id).to.equal(w.communeIds[0]);
    expect(audit[0]!.payload.indication).to.equal(verdict.indication);
  });

  it('gives INDETERMINATE (no chain) when the signer does not lead to a configured anchor', async () => {
    const { incomingId } = await send(signedPdf);
    anchors = [];
    await worker().runDue();
    const verdict = (await verdictOf(incomingId))!;
    expect(verdict.indication).to.equal('INDETERMINATE');
    expect(verdict.signatures[0]!.subIndication).to.equal('NO_CERTIFICATE_CHAIN_FOUND');
  });

  it('flags a PDF whose signed bytes were altered as TOTAL_FAILED', async () => {
    const tampered = Buffer.from(signedPdf);
    // One byte of the page's (compressed) content stream: inside the signed range, still parseable.
    const at = tampered.indexOf('stream\n') + 20;
    expect(at).to.be.greaterThan(20);
    tampered[at] = tampered[at]! ^ 0xff;
    const { incomingId } = await send(tampered);
    await worker().runDue();
    const verdict = (await verdictOf(incomingId))!;
    expect(verdict.indication).to.equal('TOTAL_FAILED');
    expect(verdict.signatures[0]!.subIndication).to.equal('HASH_FAILURE');
  });

  it('records an unreadable file as TOTAL_FAILED with its error code instead of failing the job', async () => {
    const { incomingId } = await send(Buffer.from('%PDF-1.7\nthis is not a PDF at all\n'));
    const outcomes = await worker().runDue();
    expect(outcomes).to.deep.equal(['done']);
    const verdict = (await verdictOf(incomingId))!;
    expect(verdict.indication).to.equal('TOTAL_FAILED');
    expect(verdict.error).to.equal('VALIDATION_UNREADABLE');
  });

  it('retries with back-off when the PDF is missing from the object store, and validates once it is there', async () => {
    const pdf = await a4Draft();
    const { incomingId } = await send(pdf);
    const sha: { pdf_sha256: string }[] = await t.db.query(
      `SELECT pdf_sha256 FROM incoming_documents WHERE id = $1`,
      [incomingId],
    );
    await objects.delete(sha[0]!.pdf_sha256);
    const wk = worker();
    expect(await wk.runDue()).to.deep.equal(['retry']);
    expect(await verdictOf(incomingId)).to.equal(null);
    await objects.put(pdf);
    clock.advance(60_000);
    expect(await wk.runDue()).to.deep.equal(['done']);
    expect((await verdictOf(incomingId))!.indication).to.equal('UNSIGNED');
  });

  it('records an urgent notice for each recipient of a Hỏa tốc document', async () => {
    const { incomingId } = await send(signedPdf, 'flash');
    await worker().runDue();
    const notices = await events('INCOMING_URGENT_NOTICE', incomingId);
    expect(notices).to.have.length(1);
    expect(notices[0]!.unit_id).to.equal(w.communeIds[0]);
    expect(notices[0]!.payload.urgency).to.equal('flash');
  });

  it('writes the deadline reminder on the morning of the deadline, while the document is in progress', async () => {
    const { incomingId } = await send(signedPdf);
    const a = w.communeA;
    await registerIncoming(ctxOf(t.db, a.clerk, clock), { incomingId });
    await forwardForAssignment(ctxOf(t.db, a.clerk, clock), { incomingId });
    const deadline = '2026-03-10';
    await assignIncoming(ctxOf(t.db, a.leader, clock), {
      incomingId,
      assigneeUserIds: [a.specialist.userId],
      deadline,
    });
    const wk = worker();
    await wk.runDue();
    expect(await events('INCOMING_DEADLINE_REMINDER', incomingId)).to.have.length(0);
    clock.set(`${deadline}T08:00:00+07:00`);
    await wk.runDue();
    const reminders = await events('INCOMING_DEADLINE_REMINDER', incomingId);
    expect(reminders.map((r) => r.payload)).to.deep.equal([{ incomingId, deadline }]);
    clock.set(LEADER_TIME);
  });

  it('polls on its own and stops cleanly', async () => {
    const { incomingId } = await send(signedPdf);
    worker(20);
    let verdict: IncomingVerdict | null = null;
    for (let i = 0; i < 500 && !verdict; i++) {
      await new Promise((r) => setTimeout(r, 20));
      verdict = await verdictOf(incomingId);
    }
    expect(verdict?.signatures).to.have.length(1);
    await workers.pop()!.stop();
    const pending: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE locked_by IS NOT NULL AND done_at IS NULL`,
    );
    expect(pending[0]!.n).to.equal(0);
  });
});
