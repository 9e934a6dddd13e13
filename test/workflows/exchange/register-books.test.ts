import { expect } from 'chai';
import type { Actor } from '../../../workflows/context';
import { listRegisterBooks, readRegisterBook } from '../../../workflows/documents/register-book';
import { getIncoming } from '../../../workflows/exchange/get-incoming';
import { listRegisterBookConfigs, saveRegisterBook } from '../../../workflows/exchange/register-books';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock, insertActor } from '../fixtures';
import { codeOf, generateProvince, sealedDocument, type ProvinceWorld } from './province-world';

describe('workflows/exchange incoming register books chosen at registration (issue 14 item 8)', function () {
  this.timeout(60_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  let admin: Actor;
  const as = (a: Actor) => ctxOf(t.db, a, clock);

  before(async () => {
    w = await generateProvince(t.db, 2);
    admin = await insertActor(t.db, w.communeIds[0]!, 'qt.xa1', ['admin']);
  });

  /** A document of `type` from the root to commune A; its incoming id there. */
  async function arrived(documentType: string, subject: string): Promise<string> {
    const doc = await sealedDocument(t.db, w, clock, {
      documentType,
      notation: documentType === 'Quyết định' ? 'QĐ-UBND' : 'UBND-VP',
      subject,
      recipients: [{ kind: 'unit', unitId: w.communeIds[0]! }],
    });
    await sendDocument(as(w.root.clerk), { documentId: doc.id });
    const [r]: { id: string }[] = await t.db.query(
      `SELECT id FROM incoming_documents WHERE outgoing_id = $1`,
      [doc.id],
    );
    return r!.id;
  }

  it('numbers per book and year, records the leader presented to, and refuses a book of another type', async () => {
    const decisions = await saveRegisterBook(as(admin), {
      name: 'Sổ quyết định đến',
      documentTypes: ['Quyết định'],
    });
    const secret = await saveRegisterBook(as(admin), { name: 'Sổ văn bản mật đến', classified: true });
    expect((await listRegisterBookConfigs(as(w.communeA.clerk))).map((b) => b.name)).to.deep.equal([
      'Sổ quyết định đến',
      'Sổ văn bản mật đến',
    ]);

    const d1 = await arrived('Quyết định', 'Quyết định thứ nhất');
    const d2 = await arrived('Quyết định', 'Quyết định thứ hai');
    const c1 = await arrived('Công văn', 'Công văn thứ nhất');
    const s1 = await arrived('Công văn', 'Công văn mật');
    const reg = (incomingId: string, extra: { bookId?: string; presentToUserId?: string } = {}) =>
      registerIncoming(as(w.communeA.clerk), { incomingId, ...extra });

    expect(await codeOf(reg(c1, { bookId: decisions.id }))).to.equal('DOCUMENT_INVALID');
    expect(await codeOf(reg(c1, { presentToUserId: w.communeA.specialist.userId }))).to.equal(
      'DOCUMENT_INVALID',
    );
    expect((await getIncoming(as(w.communeA.clerk), { incomingId: c1 })).statusCode).to.equal('01');

    const r1 = await reg(d1, { bookId: decisions.id, presentToUserId: w.communeA.leader.userId });
    const r2 = await reg(d2, { bookId: decisions.id });
    const r3 = await reg(c1);
    const r4 = await reg(s1, { bookId: secret.id });
    expect([r1, r2, r3, r4].map((r) => r.incomingNumberText)).to.deep.equal(['01', '02', '01', '01']);

    const view = await getIncoming(as(w.communeA.leader), { incomingId: d1 });
    expect(view.registration.book).to.deep.equal({ id: decisions.id, name: 'Sổ quyết định đến' });
    expect(view.registration.presentedTo!.id).to.equal(w.communeA.leader.userId);
    expect((await getIncoming(as(w.communeA.leader), { incomingId: c1 })).registration).to.deep.equal({
      book: null,
      presentedTo: null,
    });

    // Each book is a register of the year, printed on its own (item 11).
    const registers = await listRegisterBooks(as(w.communeA.clerk));
    const ofBook = registers.find((r) => r.documentType === 'Sổ quyết định đến')!;
    expect([ofBook.year, ofBook.series, ofBook.entries]).to.deep.equal([2026, 'normal', 2]);
    expect(registers.find((r) => r.documentType === 'Sổ văn bản mật đến')!.series).to.equal('classified');
    const printed = await readRegisterBook(as(w.communeA.clerk), {
      direction: 'incoming',
      from: '2026-03-01',
      to: '2026-03-31',
      registerId: ofBook.id,
    });
    expect(printed.incoming.map((l) => [l.number, l.subject])).to.deep.equal([
      ['01', 'Quyết định thứ nhất'],
      ['02', 'Quyết định thứ hai'],
    ]);
  });

  it('lets only an admin set books up, with names unique in the unit, and deactivated books are not chosen', async () => {
    expect(await codeOf(saveRegisterBook(as(w.communeA.clerk), { name: 'Sổ khác' }))).to.equal('FORBIDDEN');
    expect(await codeOf(saveRegisterBook(as(admin), { name: 'Sổ quyết định đến' }))).to.equal(
      'DOCUMENT_INVALID',
    );
    const old = await saveRegisterBook(as(admin), { name: 'Sổ cũ' });
    await saveRegisterBook(as(admin), { id: old.id, name: 'Sổ cũ', active: false });
    const d = await arrived('Công văn', 'Công văn vào sổ cũ');
    expect(await codeOf(registerIncoming(as(w.communeA.clerk), { incomingId: d, bookId: old.id }))).to.equal(
      'DOCUMENT_INVALID',
    );
    // Another unit's clerk never sees these books.
    expect(await codeOf(listRegisterBookConfigs(as(w.communeB.clerk), { unitId: w.communeIds[0] }))).to.equal(
      'UNIT_NOT_FOUND',
    );
  });
});
