import { expect } from 'chai';
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { a4Draft } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../support/world';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  uploadPdf,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';

/**
 * Issue 14, documents: the Decree 30 document types over HTTP, drafts edited and deleted by their
 * drafter, and no number for a document without recipients — on a real database and the dev PKI.
 */
describe('outgoing drafts over HTTP: types, editing, deleting, recipients before numbering', () => {
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;

  const tokens: Record<string, string> = {};

  before(async () => {
    world = await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state);
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk']) tokens[u] = await tokenFor(app, u);
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const call = (user: string, method: string, p: string, json?: unknown, pin?: string) =>
    app.json(method, p, {
      token: tokens[user],
      ...(json !== undefined ? { json } : {}),
      headers: pin ? { 'x-signing-pin': pin } : {},
    });

  it('lists the 29 Decree 30 document types with their Appendix III abbreviations and edXML numbers', async () => {
    const res = await call('bl.specialist', 'GET', '/api/document-types');
    expect(res.status).to.equal(200);
    expect(res.body.items).to.have.length(29);
    expect(res.body.items[0]).to.deep.equal({ name: 'Nghị quyết', abbreviation: 'NQ', edxmlType: 1 });
    expect(res.body.items[4]).to.deep.equal({ name: 'Quy định', abbreviation: 'QyĐ', edxmlType: 5 });
    expect(res.body.items[17]).to.deep.equal({ name: 'Công văn', abbreviation: '', edxmlType: 18 });
    expect(res.body.items[28]).to.deep.equal({ name: 'Thư công', abbreviation: '', edxmlType: 29 });
    expect((await app.json('GET', '/api/document-types')).status).to.equal(401);
  });

  const upload = async (name: string) => uploadPdf(app, tokens['bl.specialist']!, await a4Draft(), name);

  async function newDraft(subject: string, recipients: unknown[] = []): Promise<string> {
    const created = await call('bl.specialist', 'POST', '/api/outgoing', {
      documentType: 'Công văn',
      notation: 'UBND-VP',
      subject,
      recipients,
      fileId: await upload(`${subject}.pdf`),
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body.id as string;
  }

  async function credential(user: string, ownerKind: 'user' | 'unit'): Promise<string> {
    const mine = await call(user, 'GET', '/api/signing/my-credentials');
    return mine.body.find((c: { ownerKind: string }) => c.ownerKind === ownerKind).id;
  }

  async function signedDocument(subject: string): Promise<string> {
    const id = await newDraft(subject);
    expect((await call('bl.specialist', 'POST', `/api/outgoing/${id}/submit`, {})).status).to.equal(200);
    const signed = await call(
      'bl.leader',
      'POST',
      `/api/outgoing/${id}/sign`,
      { credentialId: await credential('bl.leader', 'user') },
      '123456',
    );
    expect(signed.status, JSON.stringify(signed.body)).to.equal(200);
    return id;
  }

  it('lets the drafter change every field of a draft (a new PDF as a revised version), offering edit and delete', async () => {
    const id = await newDraft('Dự thảo ban đầu');
    const view0 = await call('bl.specialist', 'GET', `/api/outgoing/${id}`);
    expect(view0.body.allowedActions).to.deep.equal(['edit', 'delete', 'edit_attachments', 'submit']);

    // The revised PDF: other bytes (a title) than the first upload.
    const revised = await PDFDocument.load(await a4Draft());
    revised.setTitle('Dự thảo sửa');
    const fileId = await uploadPdf(
      app,
      tokens['bl.specialist']!,
      Buffer.from(await revised.save()),
      'Dự thảo sửa.pdf',
    );
    const recipients = [
      { kind: 'unit', unitId: world.child },
      { kind: 'external', code: '000.00.00.G12', name: 'Bộ Nội vụ' },
    ];
    const edited = await call('bl.specialist', 'PATCH', `/api/outgoing/${id}`, {
      documentType: 'Kế hoạch',
      notation: 'KH-UBND',
      subject: 'Kế hoạch diễn tập phòng cháy',
      urgency: 'very_urgent',
      classification: 'confidential',
      dueDate: '2026-03-20',
      signerUserId: world.users.leader.id,
      recipients,
      fileId,
    });
    expect(edited.status, JSON.stringify(edited.body)).to.equal(200);
    expect(edited.body).to.deep.include({
      documentType: 'Kế hoạch',
      notation: 'KH-UBND',
      numberAndNotation: 'KH-UBND',
      subject: 'Kế hoạch diễn tập phòng cháy',
      urgency: 'very_urgent',
      classification: 'confidential',
      dueDate: '2026-03-20',
      signerUserId: world.users.leader.id,
      recipients,
      status: 'draft',
    });
    const view = await call('bl.specialist', 'GET', `/api/outgoing/${id}`);
    expect(view.body.versions.map((v: { step: string }) => v.step)).to.deep.equal(['drafted', 'revised']);
    expect(view.body.document.pdfSha256).to.equal(view.body.versions[1].sha256);
    const [event] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'DOCUMENT_DRAFT_EDITED' AND payload ->> 'documentId' = $1`,
      [id],
    );
    expect(event.payload.fields).to.have.members([
      'documentType',
      'notation',
      'subject',
      'urgency',
      'classification',
      'dueDate',
      'signerUserId',
      'recipients',
      'fileId',
    ]);

    // Clearing, and bad input: 4xx with a code, the draft unchanged.
    const cleared = await call('bl.specialist', 'PATCH', `/api/outgoing/${id}`, {
      dueDate: null,
      signerUserId: null,
    });
    expect(cleared.body).to.include({ dueDate: null, signerUserId: null, notation: 'KH-UBND' });
    for (const [body, code] of [
      [{}, 'VALIDATION_FAILED'],
      [{ notation: '  ' }, 'VALIDATION_FAILED'],
      [{ urgency: 'rất gấp' }, 'VALIDATION_FAILED'],
      [{ signerUserId: world.users.clerk.id }, 'DOCUMENT_INVALID'],
      [{ fileId: '00000000-0000-4000-8000-000000000000' }, 'FILE_NOT_FOUND'],
    ] as const) {
      const r = await call('bl.specialist', 'PATCH', `/api/outgoing/${id}`, body);
      expect(r.status, JSON.stringify(body)).to.be.within(400, 422);
      expect(r.body.error.code, JSON.stringify(body)).to.equal(code);
      expect(r.body.error.messageVi, JSON.stringify(body)).to.be.a('string').and.not.equal('');
      expect(r.body.error.message, JSON.stringify(body)).to.be.a('string').and.not.equal('');
    }
    // Another user's draft does not exist for them.
    const other = await call('bl.leader', 'PATCH', `/api/outgoing/${id}`, { subject: 'x' });
    expect(other.status).to.equal(404);
    expect((await call('bl.leader', 'DELETE', `/api/outgoing/${id}`)).status).to.equal(404);
    expect((await call('bl.specialist', 'GET', `/api/outgoing/${id}`)).body.document.subject).to.equal(
      'Kế hoạch diễn tập phòng cháy',
    );
  });

  it('refuses edits while the leader reviews it and accepts them again after the leader returns it', async () => {
    const id = await newDraft('Dự thảo trình ký', [{ kind: 'unit', unitId: world.child }]);
    expect((await call('bl.specialist', 'POST', `/api/outgoing/${id}/submit`, {})).status).to.equal(200);
    const inReview = await call('bl.specialist', 'PATCH', `/api/outgoing/${id}`, {
      subject: 'Sửa khi đang trình',
    });
    expect(inReview.status).to.equal(409);
    expect(inReview.body.error.code).to.equal('DOCUMENT_STATE_INVALID');
    expect((await call('bl.specialist', 'DELETE', `/api/outgoing/${id}`)).status).to.equal(409);

    const returned = await call('bl.leader', 'POST', `/api/outgoing/${id}/return`, {
      comment: 'Sửa nơi nhận',
    });
    expect(returned.status).to.equal(200);
    const view = await call('bl.specialist', 'GET', `/api/outgoing/${id}`);
    expect(view.body.allowedActions).to.include.members(['edit', 'delete']);
    const edited = await call('bl.specialist', 'PATCH', `/api/outgoing/${id}`, {
      subject: 'Dự thảo đã sửa theo ý kiến',
      recipients: [{ kind: 'unit', unitId: world.other }],
    });
    expect(edited.status, JSON.stringify(edited.body)).to.equal(200);
    expect(edited.body).to.deep.include({
      status: 'returned',
      subject: 'Dự thảo đã sửa theo ý kiến',
      recipients: [{ kind: 'unit', unitId: world.other }],
    });
  });

  it('deletes a draft with its versions, keeping what it was in the audit log', async () => {
    const id = await newDraft('Dự thảo bỏ');
    const del = await call('bl.specialist', 'DELETE', `/api/outgoing/${id}`);
    expect(del.status).to.equal(204);
    expect((await call('bl.specialist', 'GET', `/api/outgoing/${id}`)).status).to.equal(404);
    expect(await t.db.query(`SELECT 1 FROM document_versions WHERE document_id = $1`, [id])).to.have.length(
      0,
    );
    const [event] = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'DOCUMENT_DRAFT_DELETED' AND payload ->> 'documentId' = $1`,
      [id],
    );
    expect(event.payload).to.include({ subject: 'Dự thảo bỏ', notation: 'UBND-VP', status: 'draft' });
    expect((await call('bl.specialist', 'DELETE', `/api/outgoing/${id}`)).status).to.equal(404);
  });

  it('no recipients → no number taken, the register stays gapless; the clerk sets them, numbers; a numbered document cannot be deleted', async () => {
    const id = await signedDocument('Văn bản chưa có nơi nhận');
    const seal = await credential('bl.clerk', 'unit');
    const clerkView = await call('bl.clerk', 'GET', `/api/outgoing/${id}`);
    expect(clerkView.body.allowedActions).to.deep.equal(['set_recipients']);

    const refused = await call(
      'bl.clerk',
      'POST',
      `/api/outgoing/${id}/number-and-seal`,
      { credentialId: seal },
      '123456',
    );
    expect(refused.status).to.equal(422);
    expect(refused.body.error.code).to.equal('RECIPIENTS_EMPTY');
    expect(refused.body.error.messageVi).to.match(/nơi nhận/);
    const after = await call('bl.clerk', 'GET', `/api/outgoing/${id}`);
    expect(after.body.document).to.include({ status: 'signed', number: null });
    const registers: { next_number: number }[] = await t.db.query(
      `SELECT next_number FROM registers WHERE unit_id = $1 AND direction = 'outgoing'`,
      [world.own],
    );
    expect(registers.every((r) => r.next_number === 1)).to.equal(true);

    const empty = await call('bl.clerk', 'PUT', `/api/outgoing/${id}/recipients`, { recipients: [] });
    expect(empty.status).to.equal(400);
    expect(
      (
        await call('bl.specialist', 'PUT', `/api/outgoing/${id}/recipients`, {
          recipients: [{ kind: 'unit', unitId: world.child }],
        })
      ).status,
    ).to.equal(403);
    const set = await call('bl.clerk', 'PUT', `/api/outgoing/${id}/recipients`, {
      recipients: [{ kind: 'unit', unitId: world.child }],
    });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body.recipients).to.deep.equal([{ kind: 'unit', unitId: world.child }]);
    expect((await call('bl.clerk', 'GET', `/api/outgoing/${id}`)).body.allowedActions).to.deep.equal([
      'number_and_seal',
      'set_recipients',
    ]);

    const sealed = await call(
      'bl.clerk',
      'POST',
      `/api/outgoing/${id}/number-and-seal`,
      { credentialId: seal },
      '123456',
    );
    expect(sealed.status, JSON.stringify(sealed.body)).to.equal(200);
    expect(sealed.body).to.include({ status: 'sealed', number: 1, numberAndNotation: '01/UBND-VP' });

    for (const user of ['bl.specialist', 'bl.clerk']) {
      const del = await call(user, 'DELETE', `/api/outgoing/${id}`);
      expect(del.status, user).to.be.oneOf([403, 409]);
    }
    const del = await call('bl.specialist', 'DELETE', `/api/outgoing/${id}`);
    expect(del.body.error.code).to.equal('DOCUMENT_STATE_INVALID');
    expect((await call('bl.clerk', 'GET', `/api/outgoing/${id}`)).body.document.number).to.equal(1);
  });
});
