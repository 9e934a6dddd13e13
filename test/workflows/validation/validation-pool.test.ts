import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ValidationPool, type IsolatedOutcome } from '../../../workflows/validation/validation-pool';
import type { IsolatedJob } from '../../../workflows/validation/validation-worker-protocol';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { signedDocuments, xrefBomb, type SignedDocuments } from './signed-documents';

/**
 * The isolation of untrusted files: real processes with real limits. The hostile file is a 100 KB
 * PDF whose cross-reference stream lists millions of objects (seconds of work and hundreds of
 * megabytes of heap to open); after each kill the pool goes on validating, and this test process
 * (the server) is never touched.
 */
describe('workflows/validation ValidationPool (processes under limits)', function () {
  this.timeout(180_000);
  let docs: SignedDocuments;
  const pools: ValidationPool[] = [];
  const pool = (limits: ConstructorParameters<typeof ValidationPool>[0]) => {
    const p = new ValidationPool(limits);
    pools.push(p);
    return p;
  };
  const job = (input: Buffer | string): IsolatedJob => ({
    ...(typeof input === 'string' ? { path: input } : { bytes: input }),
    at: docs.at.toISOString(),
    trustAnchorsDer: [docs.pki.root.certificate.der],
  });
  const indications = (o: IsolatedOutcome) =>
    o.kind === 'result' ? o.result.signatures.map((s) => s.indication) : o.kind;

  before(async () => {
    docs = await signedDocuments();
  });
  after(async () => {
    for (const p of pools) await p.close();
  });

  it('validates the signed Decree 30 sequence in a separate process: every signature TOTAL_PASSED, from bytes or from a path', async () => {
    const p = pool({ workers: 1 });
    expect(indications(await p.run(job(docs.sequence)))).to.deep.equal([
      'TOTAL_PASSED',
      'TOTAL_PASSED',
      'TOTAL_PASSED',
    ]);
    const file = path.join(tempDir('pool'), 'quyet-dinh.pdf');
    fs.writeFileSync(file, docs.variants['one-byte']);
    const changed = await p.run(job(file));
    expect(changed.kind).to.equal('result');
    if (changed.kind === 'result') expect(changed.result.indication).to.equal('TOTAL_FAILED');
  });

  it('a file that is not a PDF is UNREADABLE, not a crash', async () => {
    const o = await pool({ workers: 1 }).run(job(Buffer.from('<html>no pdf here</html>')));
    expect(o.kind).to.equal('unreadable');
    if (o.kind === 'unreadable') expect(o.problem.code).to.equal('VALIDATION_UNREADABLE');
  });

  for (const [limit, limits] of [
    ['heap', { maxHeapMb: 160 }],
    ['resident memory', { maxHeapMb: 4096, maxRssMb: 300 }],
  ] as const)
    it(`a file needing more ${limit} than allowed is killed (VALIDATION_MEMORY_LIMIT), and the next file still validates`, async () => {
      const p = pool({ workers: 1, ...limits });
      // The limit leaves room for ordinary work...
      expect(indications(await p.run(job(docs.sequence)))).to.deep.equal([
        'TOTAL_PASSED',
        'TOTAL_PASSED',
        'TOTAL_PASSED',
      ]);
      // ...but not for 6.5 million cross-reference entries (a heap of about 1 GB; a Map growing in one
      // allocation, which worker threads' resourceLimits do not contain).
      const o = await p.run(job(xrefBomb(6_500_000)));
      expect(o.kind).to.equal('aborted');
      if (o.kind === 'aborted') expect(o.problem.code).to.equal('VALIDATION_MEMORY_LIMIT');
      expect(indications(await p.run(job(docs.sequence)))).to.deep.equal([
        'TOTAL_PASSED',
        'TOTAL_PASSED',
        'TOTAL_PASSED',
      ]);
    });

  it('a file taking longer than the time limit is terminated (VALIDATION_TIMEOUT), and the pool goes on', async () => {
    const p = pool({ workers: 1, timeoutMs: 250, maxHeapMb: 2048 });
    const o = await p.run(job(xrefBomb()));
    expect(o.kind).to.equal('aborted');
    if (o.kind === 'aborted') {
      expect(o.problem.code).to.equal('VALIDATION_TIMEOUT');
      expect(o.problem.messageVi).to.contain('vượt quá thời gian cho phép');
    }
    expect(p.load.workers).to.equal(0);
    const next = await pool({ workers: 1 }).run(job(docs.sequence));
    expect(next.kind).to.equal('result');
  });

  it('never runs more processes than allowed, and refuses work beyond its queue (VALIDATION_BUSY)', async () => {
    const p = pool({ workers: 2, maxQueue: 3 });
    const runs = [p.run(job(docs.sequence)), p.run(job(docs.sequence)), p.run(job(docs.variants.overlay))];
    expect(p.load.workers).to.be.at.most(2);
    let refused: { code?: string } | undefined;
    await p.run(job(docs.sequence)).catch((e) => (refused = e));
    expect(refused?.code).to.equal('VALIDATION_BUSY');
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((o) => o.kind)).to.deep.equal(['result', 'result', 'result']);
    expect(p.load.workers).to.be.at.most(2);
  });

  it('keeps a script alive while it validates and while it closes the pool (nothing else holds the event loop)', () => {
    const script = `
      const { ValidationPool } = require('./workflows/validation/validation-pool');
      (async () => {
        const p = new ValidationPool({ workers: 1 });
        const job = { bytes: Buffer.from('%PDF-1.7\\nnot a pdf'), at: new Date().toISOString(), trustAnchorsDer: [] };
        for (let i = 0; i < 3; i++) process.stdout.write((await p.run(job)).kind + ' ');
        await p.close();
        process.stdout.write('closed');
      })();`;
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout + r.stderr).to.equal('unreadable unreadable unreadable closed');
  });
});
