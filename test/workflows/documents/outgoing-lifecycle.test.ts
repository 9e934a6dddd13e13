import { expect } from 'chai';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { allocateNumber } from '../../../workflows/documents/allocate-number';
import { assignNumber } from '../../../workflows/documents/assign-number';
import { createDraft } from '../../../workflows/documents/create-draft';
import { outgoingRepository } from '../../../workflows/documents/outgoing-repository';
import { recordLeaderSignature } from '../../../workflows/documents/record-leader-signature';
import { recordSeal } from '../../../workflows/documents/record-seal';
import { registerPaperDocument } from '../../../workflows/documents/register-paper-document';
import { returnDraft } from '../../../workflows/documents/return-draft';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import { getIncoming } from '../../../workflows/exchange/get-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { useTestDatabase } from '../../support/postgres';
import {
  codeOf,
  generateProvince,
  pdfDigest,
  sealedDocument,
  type ProvinceWorld,
} from '../exchange/province-world';
import { ctxOf, FixedClock, insertActor } from '../fixtures';

describe('workflows/documents outgoing lifecycle', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  const as = (a: ProvinceWorld['root']['clerk']) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 4);
  });

  it('goes draft → review → returned → revised → signed → numbered → sealed, one version per PDF revision', async () => {
    const first = pdfDigest();
    const doc = await createDraft(as(w.root.specialist), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Về việc báo cáo tình hình tháng 3',
      urgency: 'urgent',
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
      pdf: first,
    });
    expect(doc.status).to.equal('draft');
    expect(doc.pdfSha256).to.equal(first.sha256);

    await submitForReview(as(w.root.specialist), { documentId: doc.id });
    const returned = await returnDraft(as(w.root.leader), {
      documentId: doc.id,
      comment: 'Bổ sung số liệu quý I',
    });
    expect(returned.status).to.equal('returned');
    expect(returned.reviewComment).to.equal('Bổ sung số liệu quý I');

    const revised = pdfDigest();
    const again = await submitForReview(as(w.root.specialist), { documentId: doc.id, revisedPdf: revised });
    expect(again.status).to.equal('in_review');
    expect(again.reviewComment).to.equal(null);

    const signedPdf = pdfDigest();
    const signed = await recordLeaderSignature(as(w.root.leader), { documentId: doc.id, signedPdf });
    expect(signed.status).to.equal('signed');
    expect(signed.signerUserId).to.equal(w.root.leader.userId);

    const numbered = await assignNumber(as(w.root.clerk), { documentId: doc.id });
    expect(numbered.status).to.equal('numbered');
    expect(numbered.number).to.equal(1);
    expect(numbered.year).to.equal(2026);
    expect(numbered.issuedOn).to.equal('2026-03-02');

    const sealedPdf = pdfDigest();
    const sealed = await recordSeal(as(w.root.clerk), { documentId: doc.id, sealedPdf });
    expect(sealed.status).to.equal('sealed');
    expect(sealed.pdfSha256).to.equal(sealedPdf.sha256);

    const versions = await outgoingRepository.versions(t.db, doc.id);
    expect(versions.map((v) => [v.seq, v.step, v.sha256])).to.deep.equal([
      [1, 'drafted', first.sha256],
      [2, 'revised', revised.sha256],
      [3, 'signed', signedPdf.sha256],
      [4, 'sealed', sealedPdf.sha256],
    ]);
    expect((await verifyAuditChain(t.db)).ok).to.equal(true);
  });

  it('refuses steps out of order with DOCUMENT_STATE_INVALID and leaves the document as it was', async () => {
    const doc = await createDraft(as(w.root.specialist), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Thử thứ tự',
      recipients: [],
      pdf: pdfDigest(),
    });
    // A draft is its drafter's alone: to the others it does not exist (never a state error that confirms it).
    expect(await codeOf(assignNumber(as(w.root.clerk), { documentId: doc.id }))).to.equal(
      'DOCUMENT_NOT_FOUND',
    );
    expect(
      await codeOf(recordLeaderSignature(as(w.root.leader), { documentId: doc.id, signedPdf: pdfDigest() })),
    ).to.equal('DOCUMENT_NOT_FOUND');
    await submitForReview(as(w.root.specialist), { documentId: doc.id });
    expect(await codeOf(assignNumber(as(w.root.clerk), { documentId: doc.id }))).to.equal(
      'DOCUMENT_STATE_INVALID',
    );
    expect(await codeOf(sendDocument(as(w.root.clerk), { documentId: doc.id }))).to.equal(
      'DOCUMENT_STATE_INVALID',
    );
    expect(
      await codeOf(recordSeal(as(w.root.clerk), { documentId: doc.id, sealedPdf: pdfDigest() })),
    ).to.equal('DOCUMENT_STATE_INVALID');
    expect((await outgoingRepository.findById(t.db, doc.id))!.status).to.equal('in_review');
    expect(await outgoingRepository.versions(t.db, doc.id)).to.have.length(1);
  });

  it('lets only the right role act: a specialist cannot sign, a leader cannot number (FORBIDDEN)', async () => {
    const doc = await createDraft(as(w.root.specialist), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Thử vai trò',
      recipients: [],
      pdf: pdfDigest(),
    });
    await submitForReview(as(w.root.specialist), { documentId: doc.id });
    expect(
      await codeOf(
        recordLeaderSignature(as(w.root.specialist), { documentId: doc.id, signedPdf: pdfDigest() }),
      ),
    ).to.equal('FORBIDDEN');
    await recordLeaderSignature(as(w.root.leader), { documentId: doc.id, signedPdf: pdfDigest() });
    expect(await codeOf(assignNumber(as(w.root.leader), { documentId: doc.id }))).to.equal('FORBIDDEN');
  });

  it("answers DOCUMENT_NOT_FOUND to another unit's accounts, whatever their role", async () => {
    const doc = await createDraft(as(w.root.specialist), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Thử phạm vi',
      recipients: [],
      pdf: pdfDigest(),
    });
    expect(await codeOf(submitForReview(as(w.communeA.specialist), { documentId: doc.id }))).to.equal(
      'DOCUMENT_NOT_FOUND',
    );
    expect(await codeOf(returnDraft(as(w.communeA.leader), { documentId: doc.id, comment: 'x' }))).to.equal(
      'DOCUMENT_NOT_FOUND',
    );
    expect(await codeOf(submitForReview(as(w.root.specialist), { documentId: 'not-a-uuid' }))).to.equal(
      'DOCUMENT_NOT_FOUND',
    );
  });

  it('refuses a duplicate number + notation + issuer and gives the number back to its register', async () => {
    // A per-type register for "Thông báo" and the unit's classified series both start at 1: the same notation
    // in both would print the same "01/TB-UBND" twice.
    const normal = await sealedDocument(
      t.db,
      w,
      clock,
      {
        documentType: 'Thông báo',
        notation: 'TB-UBND',
        recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
      },
      { perTypeRegister: true },
    );
    expect(normal.number).to.equal(1);
    const secret = await createDraft(as(w.root.specialist), {
      documentType: 'Thông báo',
      notation: 'TB-UBND',
      subject: 'Thông báo mật',
      classification: 'confidential',
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
      pdf: pdfDigest(),
    });
    await submitForReview(as(w.root.specialist), { documentId: secret.id });
    await recordLeaderSignature(as(w.root.leader), { documentId: secret.id, signedPdf: pdfDigest() });
    expect(await codeOf(assignNumber(as(w.root.clerk), { documentId: secret.id }))).to.equal(
      'DOCUMENT_NUMBER_DUPLICATE',
    );
    const after = await outgoingRepository.findById(t.db, secret.id);
    expect(after!.status).to.equal('signed');
    expect(after!.number).to.equal(null);
    // The classified series still starts at 1: the failed numbering took nothing.
    const reg: { next_number: number }[] = await t.db.query(
      `SELECT next_number FROM registers WHERE unit_id = $1 AND series = 'classified' AND direction = 'outgoing'`,
      [w.rootId],
    );
    expect(reg.map((r) => r.next_number)).to.satisfy((a: number[]) => a.length === 0 || a[0] === 1);
    const peek = await t.db
      .transaction(async (m) => {
        const n = await allocateNumber(m, {
          unitId: w.rootId,
          direction: 'outgoing',
          year: 2026,
          series: 'classified',
        });
        throw Object.assign(new Error('peek only'), { n: n.number });
      })
      .catch((e: { n?: number }) => e.n);
    expect(peek).to.equal(1);
  });

  it('refuses to send a classified document electronically, citing Law 29/2018/QH14, and creates nothing', async () => {
    const doc = await sealedDocument(t.db, w, clock, {
      notation: 'QĐ-UBND',
      classification: 'secret',
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
    });
    let err: { code?: string; message?: string; messageVi?: string } = {};
    try {
      await sendDocument(as(w.root.clerk), { documentId: doc.id });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).to.equal('DOCUMENT_CLASSIFIED');
    expect(err.messageVi).to.include('29/2018/QH14').and.include('Điều 5');
    expect(err.message).to.include('29/2018/QH14');
    const n: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    expect(n[0]!.n).to.equal(0);
    expect((await outgoingRepository.findById(t.db, doc.id))!.status).to.equal('sealed');
  });

  it('registers a paper document with its scan: numbered from the same register, issued, never sent', async () => {
    const paper = await registerPaperDocument(as(w.root.clerk), {
      documentType: 'Công văn',
      notation: 'UBND-KT',
      subject: 'Văn bản giấy',
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
      pdf: pdfDigest(),
    });
    expect(paper.medium).to.equal('paper');
    expect(paper.status).to.equal('issued');
    expect(paper.number).to.be.a('number');
    expect(await codeOf(sendDocument(as(w.root.clerk), { documentId: paper.id }))).to.equal(
      'DOCUMENT_PAPER_ONLY',
    );
    expect(
      await codeOf(registerPaperDocument(as(w.root.specialist), { ...paper, pdf: pdfDigest() })),
    ).to.equal('FORBIDDEN');
  });

  it('names a paper document’s signer only if a leader of the unit (one who has left too); a refusal takes no number', async () => {
    const input = {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject: 'Văn bản giấy có người ký',
      recipients: [{ kind: 'unit' as const, unitId: w.communeIds[0]! }],
    };
    const signed = await registerPaperDocument(as(w.root.clerk), {
      ...input,
      signerUserId: w.root.leader.userId,
      pdf: pdfDigest(),
    });
    expect(signed.signerUserId).to.equal(w.root.leader.userId);
    const departed = await insertActor(t.db, w.root.leader.unitId, 'ld.tinh.cu', ['leader']);
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [departed.userId]);
    const before = await registerPaperDocument(as(w.root.clerk), {
      ...input,
      subject: 'Văn bản giấy ký trước khi nghỉ',
      signerUserId: departed.userId,
      pdf: pdfDigest(),
    });
    expect(before.number).to.equal(signed.number! + 1);
    for (const signerUserId of [w.root.specialist.userId, w.communeA.leader.userId, 'not-a-uuid']) {
      expect(
        await codeOf(registerPaperDocument(as(w.root.clerk), { ...input, signerUserId, pdf: pdfDigest() })),
        signerUserId,
      ).to.equal('DOCUMENT_INVALID');
    }
    const next = await registerPaperDocument(as(w.root.clerk), {
      ...input,
      subject: 'Văn bản giấy tiếp theo',
      pdf: pdfDigest(),
    });
    expect(next.number).to.equal(before.number! + 1);
  });

  it('refuses bad metadata with DOCUMENT_INVALID naming the field', async () => {
    let err: { code?: string; details?: Record<string, unknown> } = {};
    try {
      await createDraft(as(w.root.specialist), {
        documentType: 'Công văn',
        notation: ' ',
        subject: 'x',
        recipients: [],
        pdf: pdfDigest(),
      });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).to.equal('DOCUMENT_INVALID');
    expect(err.details).to.deep.equal({ field: 'notation' });
    expect(
      await codeOf(
        createDraft(as(w.root.specialist), {
          documentType: 'Công văn',
          notation: 'UBND',
          subject: 'x',
          recipients: [],
          pdf: { sha256: 'abc', size: 3 },
        }),
      ),
    ).to.equal('DOCUMENT_INVALID');
  });

  it('accepts as signer only an active leader of the drafting unit (DOCUMENT_INVALID naming signerUserId otherwise)', async () => {
    const retired = await insertActor(t.db, w.rootId, 'ld.nghihuu', ['leader']);
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [retired.userId]);
    const draft = (signerUserId: string) =>
      createDraft(as(w.root.specialist), {
        documentType: 'Công văn',
        notation: 'UBND-VP',
        subject: 'Thử người ký',
        signerUserId,
        recipients: [],
        pdf: pdfDigest(),
      });
    const before = await t.db.query(`SELECT count(*)::int AS n FROM outgoing_documents`);
    for (const signer of [
      w.communeA.leader.userId, // a leader, of another unit
      w.root.specialist.userId, // of the unit, not a leader
      w.root.clerk.userId,
      retired.userId, // a leader of the unit, deactivated
      '00000000-0000-4000-8000-000000000000', // nobody
    ]) {
      let err: { code?: string; details?: Record<string, unknown>; messageVi?: string } = {};
      try {
        await draft(signer);
      } catch (e) {
        err = e as typeof err;
      }
      expect([err.code, err.details], signer).to.deep.equal(['DOCUMENT_INVALID', { field: 'signerUserId' }]);
      expect(err.messageVi).to.equal('Người ký phải là lãnh đạo đang hoạt động của đơn vị soạn văn bản');
    }
    expect(await t.db.query(`SELECT count(*)::int AS n FROM outgoing_documents`)).to.deep.equal(before);
    expect((await draft(w.root.leader.userId)).signerUserId).to.equal(w.root.leader.userId);
  });

  it('lets a deputy sign for the named leader: records who signed and keeps the named signer (ký thay)', async () => {
    const deputy = await insertActor(t.db, w.rootId, 'pct.tinh', ['leader']);
    const doc = await createDraft(as(w.root.specialist), {
      documentType: 'Quyết định',
      notation: 'QĐ-UBND',
      subject: 'Thử ký thay',
      signerUserId: w.root.leader.userId,
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
      pdf: pdfDigest(),
    });
    expect([doc.signerUserId, doc.signedByUserId]).to.deep.equal([w.root.leader.userId, null]);
    await submitForReview(as(w.root.specialist), { documentId: doc.id });
    const signed = await recordLeaderSignature(as(deputy), { documentId: doc.id, signedPdf: pdfDigest() });
    expect([signed.status, signed.signerUserId, signed.signedByUserId]).to.deep.equal([
      'signed',
      w.root.leader.userId,
      deputy.userId,
    ]);
    expect((await outgoingRepository.findById(t.db, doc.id))!.signedByUserId).to.equal(deputy.userId);
    const [audit]: { actor_user_id: string; payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT actor_user_id, payload FROM audit_events
       WHERE type = 'DOCUMENT_STATUS_CHANGED' AND payload ->> 'documentId' = $1 AND payload ->> 'to' = 'signed'`,
      [doc.id],
    );
    expect(audit!.actor_user_id).to.equal(deputy.userId);
    expect(audit!.payload.onBehalfOfUserId).to.equal(w.root.leader.userId);
    // The recipient sees who signed the document it received.
    await assignNumber(as(w.root.clerk), { documentId: doc.id });
    await recordSeal(as(w.root.clerk), { documentId: doc.id, sealedPdf: pdfDigest() });
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const [incoming]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    const seen = await getIncoming(as(w.communeA.clerk), { incomingId: incoming!.id });
    expect(seen.sender.signerName).to.equal('Người dùng pct.tinh');

    // Nobody named: the leader who signs becomes the signer too.
    const unnamed = await createDraft(as(w.root.specialist), {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject: 'Thử không chọn người ký',
      recipients: [],
      pdf: pdfDigest(),
    });
    await submitForReview(as(w.root.specialist), { documentId: unnamed.id });
    const byDeputy = await recordLeaderSignature(as(deputy), {
      documentId: unnamed.id,
      signedPdf: pdfDigest(),
    });
    expect([byDeputy.signerUserId, byDeputy.signedByUserId]).to.deep.equal([deputy.userId, deputy.userId]);
  });
});
