import { expect } from 'chai';
import type { Actor } from '../../../workflows/context';
import { assignIncoming } from '../../../workflows/exchange/assign-incoming';
import { completeIncoming } from '../../../workflows/exchange/complete-incoming';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { getIncoming } from '../../../workflows/exchange/get-incoming';
import {
  addProgressNote,
  extendDeadline,
  reassignIncoming,
} from '../../../workflows/exchange/incoming-handling';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { trackRecipients } from '../../../workflows/exchange/track-recipients';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock, insertActor, insertUnit } from '../fixtures';
import { codeOf, generateProvince, sealedDocument, type ProvinceWorld } from './province-world';

describe('workflows/exchange assignment as practised (issue 14 item 7): chủ trì, phối hợp, để biết', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  let third: Actor;
  let office: Actor;
  const as = (a: Actor) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 2);
    third = await insertActor(t.db, w.communeIds[0]!, 'cv3.xa1', ['specialist']);
    office = await insertActor(t.db, w.communeIds[0]!, 'vp.xa1', ['clerk']);
  });

  async function awaiting(subject: string): Promise<{ outgoingId: string; incomingId: string }> {
    const doc = await sealedDocument(t.db, w, clock, {
      subject,
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
    });
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const [r]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    await registerIncoming(as(w.communeA.clerk), { incomingId: r!.id });
    await forwardForAssignment(as(w.communeA.clerk), { incomingId: r!.id });
    return { outgoingId: doc.id, incomingId: r!.id };
  }

  it('assigns a lead, support and people for information with an instruction; only the lead completes, with the result', async () => {
    const { outgoingId, incomingId } = await awaiting('Về việc triển khai kế hoạch năm');
    await assignIncoming(as(w.communeA.leader), {
      incomingId,
      leadUserId: w.communeA.specialist.userId,
      supportUserIds: [w.communeA.specialist2.userId],
      infoUserIds: [office.userId],
      instruction: 'Giao đồng chí Khoa chủ trì, phối hợp đồng chí Hà; báo cáo trước ngày 10/3',
      deadline: '2026-03-10',
    });
    let view = await getIncoming(as(w.communeA.leader), { incomingId });
    expect(view.handlers.map((h) => [h.role, h.user?.id])).to.deep.equal([
      ['lead', w.communeA.specialist.userId],
      ['support', w.communeA.specialist2.userId],
      ['info', office.userId],
    ]);
    expect(view.notes.map((n) => [n.kind, n.text])).to.deep.equal([
      ['instruction', 'Giao đồng chí Khoa chủ trì, phối hợp đồng chí Hà; báo cáo trước ngày 10/3'],
    ]);
    expect(view.actions).to.include.members(['reassign', 'extend', 'progress']);

    // The supporting handler notes progress but cannot complete the document.
    clock.advance(3600_000);
    await addProgressNote(as(w.communeA.specialist2), { incomingId, text: 'Đã gửi số liệu phần phối hợp' });
    expect(
      await codeOf(completeIncoming(as(w.communeA.specialist2), { incomingId, note: 'Xong phần tôi' })),
    ).to.equal('INCOMING_NOT_ASSIGNEE');
    expect(await codeOf(addProgressNote(as(third), { incomingId, text: 'Không được giao' }))).to.equal(
      'INCOMING_NOT_ASSIGNEE',
    );

    clock.advance(86400_000);
    await extendDeadline(as(w.communeA.leader), {
      incomingId,
      deadline: '2026-03-13',
      reason: 'Chờ số liệu của xã',
    });
    expect(
      await codeOf(
        extendDeadline(as(w.communeA.specialist), { incomingId, deadline: '2026-03-14', reason: 'x' }),
      ),
    ).to.equal('INCOMING_NOT_ASSIGNEE');
    const done = await completeIncoming(as(w.communeA.specialist), {
      incomingId,
      note: 'Đã báo cáo kết quả',
    });
    expect(done.statusCode).to.equal('06');
    expect(done.deadline).to.equal('2026-03-13');
    view = await getIncoming(as(w.communeA.leader), { incomingId });
    expect(view.notes.map((n) => [n.kind, n.text, n.deadlineFrom, n.deadlineTo])).to.deep.equal([
      [
        'instruction',
        'Giao đồng chí Khoa chủ trì, phối hợp đồng chí Hà; báo cáo trước ngày 10/3',
        null,
        null,
      ],
      ['progress', 'Đã gửi số liệu phần phối hợp', null, null],
      ['extension', 'Chờ số liệu của xã', '2026-03-10', '2026-03-13'],
      ['result', 'Đã báo cáo kết quả', null, null],
    ]);
    // The tracking counts the lead handler's completion.
    const tracking = await trackRecipients(as(w.root.clerk), { documentId: outgoingId });
    expect(tracking.recipients[0]!.statusCode).to.equal('06');
  });

  it('reassigns the lead with a reason; the old lead can no longer complete, the new one can', async () => {
    const { incomingId } = await awaiting('Về việc giao lại');
    await assignIncoming(as(w.communeA.leader), { incomingId, leadUserId: w.communeA.specialist.userId });
    expect(
      await codeOf(
        reassignIncoming(as(w.communeA.leader), { incomingId, leadUserId: third.userId, reason: '' }),
      ),
    ).to.equal('DOCUMENT_INVALID');
    await reassignIncoming(as(w.communeA.leader), {
      incomingId,
      leadUserId: third.userId,
      reason: 'Đồng chí Khoa đi công tác',
    });
    expect(await codeOf(completeIncoming(as(w.communeA.specialist), { incomingId, note: 'x' }))).to.equal(
      'INCOMING_NOT_ASSIGNEE',
    );
    const view = await getIncoming(as(third), { incomingId });
    expect(view.handlers.map((h) => [h.role, h.user?.id])).to.deep.equal([['lead', third.userId]]);
    expect(view.notes.map((n) => n.kind)).to.deep.equal(['reassign']);
    expect((await completeIncoming(as(third), { incomingId, note: 'Hoàn thành' })).statusCode).to.equal('06');
    // Units for information must be directly below; people must be of the unit.
    const other = await awaiting('Về việc để biết');
    expect(
      await codeOf(
        assignIncoming(as(w.communeA.leader), {
          incomingId: other.incomingId,
          leadUserId: third.userId,
          infoUnitIds: [w.rootId],
        }),
      ),
    ).to.equal('DOCUMENT_INVALID');
    expect(
      await codeOf(
        assignIncoming(as(w.communeA.leader), {
          incomingId: other.incomingId,
          leadUserId: third.userId,
          supportUserIds: [third.userId],
        }),
      ),
    ).to.equal('DOCUMENT_INVALID');
  });

  it('tells the people and units for information (để biết) once, and they may read the document without acting', async () => {
    const { incomingId } = await awaiting('Về việc gửi để biết');
    const below = await insertUnit(t.db, {
      code: '000.91.01.H77',
      name: 'Trạm y tế xã 1',
      level: 'commune',
      parentId: w.communeIds[0]!,
    });
    const belowLeader = await insertActor(t.db, below, 'ld.tram', ['leader']);
    const belowSpecialist = await insertActor(t.db, below, 'cv.tram', ['specialist']);
    const reader = await insertActor(t.db, w.communeIds[0]!, 'cv4.xa1', ['specialist']);
    // Before the assignment neither the person nor the unit below may read it.
    expect(await codeOf(getIncoming(as(reader), { incomingId }))).to.equal('INCOMING_NOT_FOUND');
    expect(await codeOf(getIncoming(as(belowLeader), { incomingId }))).to.equal('INCOMING_NOT_FOUND');
    await assignIncoming(as(w.communeA.leader), {
      incomingId,
      leadUserId: w.communeA.specialist.userId,
      supportUserIds: [w.communeA.specialist2.userId],
      infoUserIds: [reader.userId, reader.userId],
      infoUnitIds: [below],
    });
    const told = async (kind: string): Promise<string[]> =>
      (
        (await t.db.query(
          `SELECT user_id FROM notifications WHERE kind = $1 AND link = $2 ORDER BY user_id`,
          [kind, `#/inbox/${incomingId}`],
        )) as { user_id: string }[]
      ).map((r) => r.user_id);
    expect(await told('incoming.for_information')).to.deep.equal([reader.userId, belowLeader.userId].sort());
    const [subject]: { subject_vi: string; subject_en: string }[] = await t.db.query(
      `SELECT subject_vi, subject_en FROM notifications WHERE kind = 'incoming.for_information' AND user_id = $1`,
      [reader.userId],
    );
    expect(subject).to.deep.equal({
      subject_vi: 'Văn bản gửi để biết: Về việc gửi để biết',
      subject_en: 'For your information: Về việc gửi để biết',
    });
    // The lead and supporting handlers are told they are assigned (at #/assignments), not "for information".
    const assigned: { user_id: string }[] = await t.db.query(
      `SELECT user_id FROM notifications WHERE kind = 'incoming.assigned' AND link = $1`,
      [`#/assignments/${incomingId}`],
    );
    expect(assigned.map((r) => r.user_id)).to.have.members([
      w.communeA.specialist.userId,
      w.communeA.specialist2.userId,
    ]);
    for (const who of [reader, belowLeader, belowSpecialist]) {
      const view = await getIncoming(as(who), { incomingId });
      expect(view.subject).to.equal('Về việc gửi để biết');
      expect(view.actions).to.deep.equal([]);
    }
    expect(await codeOf(addProgressNote(as(reader), { incomingId, text: 'x' }))).to.equal(
      'INCOMING_NOT_ASSIGNEE',
    );
    expect(await codeOf(getIncoming(as(third), { incomingId }))).to.equal('INCOMING_NOT_FOUND');
  });
});
