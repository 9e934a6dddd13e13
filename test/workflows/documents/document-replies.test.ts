import { expect } from 'chai';
import { assignNumber } from '../../../workflows/documents/assign-number';
import { createDraft } from '../../../workflows/documents/create-draft';
import { setDocumentSettings, documentSettings } from '../../../workflows/documents/document-settings';
import { getOutgoing } from '../../../workflows/documents/get-outgoing';
import { recordLeaderSignature } from '../../../workflows/documents/record-leader-signature';
import { recordSeal } from '../../../workflows/documents/record-seal';
import { submitForReview } from '../../../workflows/documents/submit-for-review';
import { replyResponseFor } from '../../../workflows/exchange/edxml/reply-response-for';
import { writeEdxmlDocument } from '../../../workflows/exchange/edxml/write-edxml-document';
import { assignIncoming } from '../../../workflows/exchange/assign-incoming';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { getIncoming } from '../../../workflows/exchange/get-incoming';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { trackRecipients } from '../../../workflows/exchange/track-recipients';
import { outgoingEdxml } from '../../../workflows/federation/outgoing-edxml';
import type { Actor } from '../../../workflows/context';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { useTestDatabase } from '../../support/postgres';
import { EDXML_TIME, systemIdentity } from '../exchange/edxml/edxml-fixture';
import { ctxOf, FixedClock, insertActor } from '../fixtures';
import {
  codeOf,
  generateProvince,
  pdfDigest,
  sealedDocument,
  type ProvinceWorld,
} from '../exchange/province-world';

describe('workflows/documents replies (issue 14 item 5): an incoming document answered by a new outgoing draft', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  let admin: Actor;
  const as = (a: Actor) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 3);
    admin = await insertActor(t.db, w.rootId, 'qt.tinh', ['admin']);
  });

  /** The root sends a document to commune A, which registers, forwards and assigns it to its specialist. */
  async function inProgress(subject: string): Promise<{ outgoingId: string; incomingId: string }> {
    const doc = await sealedDocument(t.db, w, clock, {
      subject,
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
    });
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const [inc]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    await registerIncoming(as(w.communeA.clerk), { incomingId: inc!.id });
    await forwardForAssignment(as(w.communeA.clerk), { incomingId: inc!.id });
    await assignIncoming(as(w.communeA.leader), {
      incomingId: inc!.id,
      assigneeUserIds: [w.communeA.specialist.userId],
      deadline: '2026-03-10',
    });
    return { outgoingId: doc.id, incomingId: inc!.id };
  }

  /** Commune A's specialist answers it; the commune signs, numbers, seals and sends the reply to the root. */
  async function reply(incomingId: string, send = true): Promise<string> {
    const draft = await createDraft(as(w.communeA.specialist), {
      documentType: 'Báo cáo',
      notation: 'BC-UBND',
      subject: 'Báo cáo kết quả thực hiện',
      pdf: pdfDigest(),
      recipients: [{ kind: 'unit', unitId: w.rootId }],
      replyToIncomingId: incomingId,
    });
    if (!send) return draft.id;
    await submitForReview(as(w.communeA.specialist), { documentId: draft.id });
    await recordLeaderSignature(as(w.communeA.leader), { documentId: draft.id, signedPdf: pdfDigest() });
    await assignNumber(as(w.communeA.clerk), { documentId: draft.id });
    await recordSeal(as(w.communeA.clerk), { documentId: draft.id, sealedPdf: pdfDigest() });
    clock.advance(3600_000);
    await sendDocument(as(w.communeA.clerk), { documentId: draft.id });
    return draft.id;
  }

  it('links the reply both ways, and issuing it completes the incoming document, which the sender sees', async () => {
    const { outgoingId, incomingId } = await inProgress('Về việc báo cáo tình hình thực hiện');
    const before = await getIncoming(as(w.communeA.specialist), { incomingId });
    expect(before.actions).to.include('reply');

    const replyId = await reply(incomingId);
    const view = await getOutgoing(as(w.communeA.clerk), { documentId: replyId });
    expect(view.replyTo).to.deep.include({
      incomingId,
      notation: '01/QĐ-UBND',
      subject: 'Về việc báo cáo tình hình thực hiện',
      statusCode: '06',
    });
    expect(view.replyTo!.senderName).to.be.a('string').and.not.equal('');

    const after = await getIncoming(as(w.communeA.leader), { incomingId });
    expect(after.statusCode).to.equal('06');
    expect(after.handlingResult).to.equal('early');
    expect(after.actions).to.not.include('reply');
    expect(after.replies.map((r) => [r.outgoingId, r.status, r.numberAndNotation])).to.deep.equal([
      [replyId, 'issued', '01/BC-UBND'],
    ]);
    const last = after.events.at(-1)!;
    expect(last.code).to.equal('06');
    expect(last.note).to.equal('Đã trả lời bằng văn bản số 01/BC-UBND');

    const tracking = await trackRecipients(as(w.root.clerk), { documentId: outgoingId });
    expect(tracking.recipients[0]!.statusCode).to.equal('06');
  });

  it('puts ResponseFor in the reply’s edXML MessageHeader, naming the answered document as its sender issued it', async () => {
    const { incomingId } = await inProgress('Về việc lấy ý kiến dự thảo');
    const replyId = await reply(incomingId);
    const [root]: { code: string }[] = await t.db.query(`SELECT code FROM units WHERE id = $1`, [w.rootId]);
    const rf = await replyResponseFor(t.db, replyId);
    expect(rf).to.deep.equal({
      organId: root!.code,
      code: '02/QĐ-UBND',
      promulgationDate: '2026-03-02',
      documentId: `${root!.code},2026/03/02,02/QĐ-UBND`,
    });
    const view = await getOutgoing(as(w.communeA.clerk), { documentId: replyId });
    const msg = await t.db.transaction((m) =>
      outgoingEdxml(m, undefined as unknown as ObjectStore, view.document, {
        to: [{ organId: '000.00.00.G01', organName: 'Văn phòng Chính phủ' }],
        businessType: 0,
        now: clock.now(),
        withFiles: false,
        maxPackageBytes: 1 << 20,
      }),
    );
    expect(msg.responseFor).to.deep.equal([rf]);
    const xml = (await writeEdxmlDocument(msg, systemIdentity('000.00.00.H41').signer, EDXML_TIME)).toString(
      'utf8',
    );
    expect(xml).to.match(
      /<edXML:ResponseFor>\s*<edXML:OrganId>[^<]+<\/edXML:OrganId>\s*<edXML:Code>02\/QĐ-UBND<\/edXML:Code>/,
    );
    // Not a reply: no ResponseFor.
    expect(await replyResponseFor(t.db, view.document.id === replyId ? incomingId : replyId)).to.equal(
      undefined,
    );
  });

  it('leaves the incoming document in progress when the province turns completion on reply off', async () => {
    expect((await documentSettings(t.db, w.communeIds[0]!)).completeIncomingOnReply).to.equal(true);
    const set = await setDocumentSettings(as(admin), { unitId: w.rootId, completeIncomingOnReply: false });
    expect(set).to.deep.equal({ completeIncomingOnReply: false, fromUnitId: w.rootId });
    // The commune below follows the province.
    expect(await documentSettings(t.db, w.communeIds[0]!)).to.deep.equal({
      completeIncomingOnReply: false,
      fromUnitId: w.rootId,
    });
    const { incomingId } = await inProgress('Về việc rà soát số liệu');
    await reply(incomingId);
    const after = await getIncoming(as(w.communeA.leader), { incomingId });
    expect(after.statusCode).to.equal('05');
    expect(after.replies).to.have.length(1);
    await setDocumentSettings(as(admin), { unitId: w.rootId, completeIncomingOnReply: true });
  });

  it('refuses a reply to another unit’s or an unregistered document, and shows a reply draft only to its drafter', async () => {
    const doc = await sealedDocument(t.db, w, clock, {
      subject: 'Về việc chưa vào sổ',
      recipients: [
        { kind: 'unit', unitId: w.communeIds[0]! },
        { kind: 'unit', unitId: w.communeIds[1]! },
      ],
    });
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const rows: { id: string; recipient_unit_id: string }[] = await t.db.query(
      `SELECT id, recipient_unit_id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    const ofA = rows.find((r) => r.recipient_unit_id === w.communeIds[0])!.id;
    const ofB = rows.find((r) => r.recipient_unit_id === w.communeIds[1])!.id;
    expect(await codeOf(reply(ofA, false))).to.equal('INCOMING_STATE_INVALID');
    expect(await codeOf(reply(ofB, false))).to.equal('INCOMING_NOT_FOUND');
    // Nothing was drafted by the refused attempts.
    const [{ n }]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM outgoing_documents WHERE subject = 'Báo cáo kết quả thực hiện' AND status = 'draft'`,
    );
    expect(n).to.equal(0);
    expect(await codeOf(setDocumentSettings(as(w.root.clerk), { completeIncomingOnReply: false }))).to.equal(
      'FORBIDDEN',
    );

    const { incomingId } = await inProgress('Về việc dự thảo trả lời');
    const draftId = await reply(incomingId, false);
    expect(
      (await getIncoming(as(w.communeA.specialist), { incomingId })).replies.map((r) => r.outgoingId),
    ).to.deep.equal([draftId]);
    expect((await getIncoming(as(w.communeA.leader), { incomingId })).replies).to.deep.equal([]);
  });
});
