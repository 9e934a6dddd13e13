import { expect } from 'chai';
import fs from 'node:fs';
import { loadConfig } from '../../../server/config';
import { DEFAULT_UPLOAD_QUOTA, type UploadQuota } from '../../../workflows/documents/upload-quota';
import { plainPdf } from '../signing/hostile-pdfs';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld } from '../support/world';
import {
  signingAppState,
  startSigningApp,
  tokenFor,
  type SigningApp,
  type SigningAppState,
} from '../signing/signing-app';

/**
 * Issue 10 item 8: uploaded files (POST /api/files, kept for the retention) count against their
 * uploader's and their unit's quota of pending bytes, and a user's uploads per hour are limited; the
 * refusals are 413 UPLOAD_QUOTA_EXCEEDED / 429 RATE_LIMITED with the numbers, and store nothing.
 */
describe('upload quotas and rate limit (issue 10 item 8)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  let state: SigningAppState;
  let app: SigningApp;
  const tokens: Record<string, string> = {};
  const pdf = plainPdf();
  const S = pdf.length;
  const quota: UploadQuota = {
    retentionMs: 24 * 3600_000,
    userBytes: 4 * S,
    unitBytes: 6 * S,
    perUserPerHour: 5,
  };

  before(async () => {
    await seedWorld(t.db);
    state = signingAppState();
    app = await startSigningApp(t.db, state, { config: { uploadQuota: quota } });
    for (const u of ['bl.specialist', 'bl.staff', 'bl.leader', 'bl.clerk'])
      tokens[u] = await tokenFor(app, u);
  });
  after(async () => {
    await app?.close();
    if (state) fs.rmSync(state.dir, { recursive: true, force: true });
  });

  const upload = async (user: string, body: Buffer = pdf) => {
    const res = await app.fetch('/api/files', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/pdf' },
      body: new Uint8Array(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const objectCount = async () => (await app.objects.list({ limit: 1000 })).objects.length;
  /** The same file with another comment (same size, other bytes). */
  const distinct = (n: number) => {
    const b = Buffer.from(pdf);
    b.write(String(n).padStart(4, '0'), 10, 'latin1');
    return b;
  };

  it('refuses a user beyond their pending bytes with 413 and the numbers, before anything is stored', async () => {
    for (let i = 0; i < 4; i++) expect((await upload('bl.specialist', distinct(i))).status).to.equal(201);
    const before = await objectCount();
    const r = await upload('bl.specialist', distinct(4));
    expect(r.status).to.equal(413);
    expect(r.body.error.code).to.equal('UPLOAD_QUOTA_EXCEEDED');
    expect(r.body.error.details).to.deep.equal({
      scope: 'user',
      usedBytes: 4 * S,
      fileBytes: S,
      limitBytes: 4 * S,
      retentionHours: 24,
    });
    expect(r.body.error.message).to.contain('24 h');
    expect(r.body.error.messageVi).to.contain('24 giờ');
    expect(await objectCount()).to.equal(before);
  });

  it('refuses the unit beyond its pending bytes (another user of the unit), with scope unit', async () => {
    expect((await upload('bl.staff', distinct(10))).status).to.equal(201);
    expect((await upload('bl.staff', distinct(11))).status).to.equal(201);
    const r = await upload('bl.staff', distinct(12));
    expect(r.status).to.equal(413);
    expect(r.body.error.details).to.include({ scope: 'unit', usedBytes: 6 * S, limitBytes: 6 * S });
  });

  it('counts files only while they are kept: after the retention the same user uploads again', async () => {
    state.clock.advance(quota.retentionMs + 1000);
    expect((await upload('bl.specialist', distinct(20))).status).to.equal(201);
  });

  it('limits uploads per user per hour with 429 and Retry-After; the next hour accepts again', async () => {
    state.clock.advance(quota.retentionMs + 1000);
    // Tiny files: the rate, not the quota, is what stops bl.leader.
    const tiny = Buffer.from('%PDF-1.7\n%%EOF\n');
    for (let i = 0; i < 5; i++) expect((await upload('bl.leader', tiny)).status).to.equal(201);
    state.clock.advance(10 * 60_000);
    const r = await upload('bl.leader', tiny);
    expect(r.status).to.equal(429);
    expect(r.body.error.code).to.equal('RATE_LIMITED');
    expect(r.body.error.details).to.deep.include({
      uploadsLastHour: 5,
      limitPerHour: 5,
      retryAfterSeconds: 3000,
    });
    expect(r.headers.get('retry-after')).to.equal('3000');
    state.clock.advance(3000 * 1000 + 1000);
    expect((await upload('bl.leader', tiny)).status).to.equal(201);
  });

  it('parallel uploads cannot together pass the quota: exactly as many as fit are accepted', async () => {
    state.clock.advance(quota.retentionMs + 1000);
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => upload('bl.clerk', distinct(40 + i))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).to.deep.equal([201, 201, 201, 201, 413, 413]);
    const [{ bytes }] = await t.db.query(
      `SELECT SUM(size)::int AS bytes FROM uploaded_files WHERE owner_user_id = (SELECT id FROM users WHERE username = 'bl.clerk')`,
    );
    expect(bytes).to.equal(4 * S);
  });

  it('reads the quota and the retention from the configuration (defaults and environment)', () => {
    expect(loadConfig({}, '/tmp').uploadQuota).to.deep.equal(DEFAULT_UPLOAD_QUOTA);
    const c = loadConfig(
      {
        UPLOAD_RETENTION_HOURS: '6',
        UPLOAD_QUOTA_USER_BYTES: '1048576',
        UPLOAD_QUOTA_UNIT_BYTES: '10485760',
        UPLOADS_PER_USER_PER_HOUR: '30',
      },
      '/tmp',
    );
    expect(c.uploadQuota).to.deep.equal({
      retentionMs: 6 * 3600_000,
      userBytes: 1048576,
      unitBytes: 10485760,
      perUserPerHour: 30,
    });
    expect(() => loadConfig({ UPLOADS_PER_USER_PER_HOUR: '0' }, '/tmp')).to.throw(
      /UPLOADS_PER_USER_PER_HOUR/,
    );
  });
});
