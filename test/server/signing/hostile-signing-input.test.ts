import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../server/config';
import { createSigningServices } from '../../../server/signing/create-signing-services';
import { isolatedSigningInputCheck } from '../../../workflows/signing/check-signing-input';
import { ValidationPool } from '../../../workflows/validation/validation-pool';
import { a4Draft } from '../../signing/sign/sign-fixture';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../support/world';
import { HOSTILE_PDFS, deepPageTree, objectStreamBomb } from './hostile-pdfs';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  uploadPdf,
  type SigningApp,
  type SigningAppState,
} from './signing-app';

/**
 * Issue 10 items 4 and 5: hostile PDFs sent to be signed — through the signing service and through the
 * leader's step of an outgoing document — are refused with 422 and the PDF engine's code, never a 500,
 * and the server keeps answering. The input is parsed in a separate process under the validation
 * limits first.
 */
describe('hostile PDFs sent to be signed (issue 10 items 4 and 5)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  let world: World;
  const tokens: Record<string, string> = {};
  const credentials: Record<string, string> = {};
  let pool: ValidationPool;

  before(async () => {
    world = await seedWorld(t.db);
    state = signingAppState();
    pool = new ValidationPool({ workers: 2 });
    app = await startSigningApp(t.db, state, { signing: { checkInput: isolatedSigningInputCheck(pool) } });
    for (const u of ['bl.specialist', 'bl.leader', 'bl.clerk', 'bl.admin'])
      tokens[u] = await tokenFor(app, u);
    const mine = async (user: string, kind: string) =>
      (await app.json('GET', '/api/signing/my-credentials', { token: tokens[user] })).body.find(
        (c: { ownerKind: string }) => c.ownerKind === kind,
      ).id as string;
    credentials.leader = await mine('bl.leader', 'user');
    credentials.seal = await mine('bl.clerk', 'unit');
  });
  after(async () => {
    await app?.close();
    await pool?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  async function sign(user: string, pdf: Buffer, query: Record<string, string>) {
    const res = await app.fetch(`/api/signing/sign?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[user]}`,
        'content-type': 'application/pdf',
        'x-signing-pin': '123456',
      },
      body: new Uint8Array(pdf),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: res.headers.get('content-type')?.startsWith('application/json')
        ? JSON.parse(bytes.toString())
        : undefined,
    };
  }

  /** A draft of `pdf` submitted for review; its id. */
  async function inReview(pdf: Buffer, subject: string): Promise<string> {
    const fileId = await uploadPdf(app, tokens['bl.specialist']!, pdf, 'x.pdf');
    const created = await app.json('POST', '/api/outgoing', {
      token: tokens['bl.specialist'],
      json: {
        documentType: 'Quyết định',
        notation: 'QĐ-UBND',
        subject,
        recipients: [{ kind: 'unit', unitId: world.child }],
        fileId,
      },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;
    const submitted = await app.json('POST', `/api/outgoing/${id}/submit`, {
      token: tokens['bl.specialist'],
      json: {},
    });
    expect(submitted.status).to.equal(200);
    return id;
  }

  const stillAnswers = async () => {
    const r = await app.json('GET', '/api/me', { token: tokens['bl.specialist'] });
    expect(r.status).to.equal(200);
  };

  for (const { name, build, pdfLibOnly } of HOSTILE_PDFS) {
    it(`POST /api/signing/sign refuses ${name} with 422 and a PDF code${pdfLibOnly ? ' (leader draft)' : ', as leader and as the unit'}`, async () => {
      const pdf = build();
      const as = [
        ['bl.leader', { credentialId: credentials.leader!, role: 'leader' }],
        ['bl.clerk', { credentialId: credentials.seal!, role: 'org', level: 'B-B' }],
      ] as const;
      for (const [user, query] of pdfLibOnly ? as.slice(0, 1) : as) {
        const r = await sign(user, pdf, query);
        expect(r.status, `${query.role}: ${JSON.stringify(r.body)}`).to.equal(422);
        expect(r.body.error.code).to.match(/^PDF_/);
        expect(r.body.error.message).to.be.a('string').with.length.above(0);
        expect(r.body.error.messageVi).to.be.a('string').with.length.above(0);
      }
      await stillAnswers();
    });
  }

  it('refuses the object-stream bomb with PDF_LIMIT_EXCEEDED naming the limit', async () => {
    const r = await sign('bl.clerk', objectStreamBomb(), {
      credentialId: credentials.seal!,
      role: 'org',
      level: 'B-B',
    });
    expect(r.status).to.equal(422);
    expect(r.body.error.code).to.equal('PDF_LIMIT_EXCEEDED');
    expect(r.body.error.details.limit).to.be.oneOf(['maxTotalDecodedBytes', 'maxDecodedStreamBytes']);
    // Refused by the dry run in a validation process, not in the server's own.
    expect(pool.load.workers).to.be.at.least(1);
  });

  it('POST /api/outgoing/:id/sign refuses each hostile draft with 422 and a PDF code; the document stays in review', async () => {
    for (const { name, build } of HOSTILE_PDFS) {
      const fileId = await uploadPdf(app, tokens['bl.specialist']!, build(), 'x.pdf');
      const created = await app.json('POST', '/api/outgoing', {
        token: tokens['bl.specialist'],
        json: {
          documentType: 'Quyết định',
          notation: 'QĐ-UBND',
          subject: `Tệp độc hại: ${name}`,
          recipients: [{ kind: 'unit', unitId: world.child }],
          fileId,
        },
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const id = created.body.id as string;
      expect(
        (await app.json('POST', `/api/outgoing/${id}/submit`, { token: tokens['bl.specialist'], json: {} }))
          .status,
      ).to.equal(200);
      const r = await app.json('POST', `/api/outgoing/${id}/sign`, {
        token: tokens['bl.leader'],
        json: { credentialId: credentials.leader },
        headers: { 'x-signing-pin': '123456' },
      });
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).to.equal(422);
      expect(r.body.error.code, name).to.match(/^PDF_/);
      const view = await app.json('GET', `/api/outgoing/${id}`, { token: tokens['bl.leader'] });
      expect(view.body.document.status).to.equal('in_review');
    }
    await stillAnswers();
  });

  it('POST /api/outgoing/:id/number-and-seal refuses a hostile attachment with 422 before a number is taken', async () => {
    const main = await uploadPdf(app, tokens['bl.specialist']!, await a4Draft(), 'main.pdf');
    const annex = await uploadPdf(app, tokens['bl.specialist']!, objectStreamBomb(), 'annex.pdf');
    const created = await app.json('POST', '/api/outgoing', {
      token: tokens['bl.specialist'],
      json: {
        documentType: 'Quyết định',
        notation: 'QĐ-UBND',
        subject: 'Phụ lục độc hại',
        recipients: [{ kind: 'unit', unitId: world.child }],
        fileId: main,
        attachments: [{ fileId: annex, name: 'Phụ lục I' }],
      },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as string;
    expect(
      (await app.json('POST', `/api/outgoing/${id}/submit`, { token: tokens['bl.specialist'], json: {} }))
        .status,
    ).to.equal(200);
    const signed = await app.json('POST', `/api/outgoing/${id}/sign`, {
      token: tokens['bl.leader'],
      json: { credentialId: credentials.leader },
      headers: { 'x-signing-pin': '123456' },
    });
    expect(signed.status, JSON.stringify(signed.body)).to.equal(200);
    const seal = (
      await app.json('GET', '/api/signing/my-credentials', { token: tokens['bl.clerk'] })
    ).body.find((c: { ownerKind: string }) => c.ownerKind === 'unit');
    const r = await app.json('POST', `/api/outgoing/${id}/number-and-seal`, {
      token: tokens['bl.clerk'],
      json: { credentialId: seal.id },
      headers: { 'x-signing-pin': seal.devPin ?? '123456' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(422);
    expect(r.body.error.code).to.equal('PDF_LIMIT_EXCEEDED');
    const view = await app.json('GET', `/api/outgoing/${id}`, { token: tokens['bl.clerk'] });
    expect(view.body.document).to.include({ status: 'signed', number: null });
  });

  it('POST /api/outgoing/:id/sign/prepare (two-step) refuses a hostile draft with 422 and prepares nothing', async () => {
    const issued = app.dev!.issue(
      [
        ['C', 'VN'],
        ['CN', 'Trần Văn Đức'],
      ],
      state.clock.now(),
    );
    const added = await app.json('POST', '/api/signing/credentials', {
      token: tokens['bl.admin'],
      json: {
        kind: 'external',
        userId: world.users.leader.id,
        certificatePem: issued.certificate.toPem() + issued.chain.map((c) => c.toPem()).join(''),
      },
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    for (const pdf of [objectStreamBomb(), deepPageTree()]) {
      const id = await inReview(pdf, 'Hai bước');
      const r = await app.json('POST', `/api/outgoing/${id}/sign/prepare`, {
        token: tokens['bl.leader'],
        json: { credentialId: added.body.id },
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(422);
      expect(r.body.error.code).to.match(/^PDF_/);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM signing_sessions`);
    expect(n).to.equal(0);
  });

  it('is wired into the server’s signing services (createSigningServices), in both modes', async () => {
    for (const mode of ['production', 'development'] as const) {
      const config = loadConfig(
        { VANBAN_MODE: mode, DATA_DIR: path.join(state.dir, `wired-${mode}`) },
        state.dir,
      );
      const services = await createSigningServices({
        config,
        db: t.db,
        objects: app.objects,
        clock: state.clock,
      });
      expect(services.checkInput, mode).to.be.a('function');
    }
  });

  it('still signs a sound draft after the hostile ones', async () => {
    const r = await sign('bl.leader', await a4Draft(), { credentialId: credentials.leader!, role: 'leader' });
    expect(r.status).to.equal(200);
    expect(r.type).to.equal('application/pdf');
  });
});
