import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BufferSource, FileSource } from '../../../signing/pdf';
import {
  digestSignedRanges,
  hashingThreadRunning,
  startSignedRangeDigests,
  type RangeDigestJob,
} from '../../../signing/validate/signed-range-digests';
import { tempDir } from '../pki/dev-pki-fixture';

/** What a signature's digest is by definition: the two ranges concatenated, hashed. */
function expected(data: Buffer, job: RangeDigestJob): Buffer {
  const [, a, b, len] = job.byteRange;
  return crypto
    .createHash(job.algorithm)
    .update(Buffer.concat([data.subarray(0, a), data.subarray(b, b + len)]))
    .digest();
}

describe('signing/validate digests of several signatures’ byte ranges', () => {
  // 3.3 MiB: the prefix and the gaps fall inside and across the 1 MiB reads.
  const data = crypto.randomBytes(3_300_000);
  const jobs: RangeDigestJob[] = [
    { algorithm: 'sha256', byteRange: [0, 1_048_575, 1_048_600, 400_000] },
    { algorithm: 'sha256', byteRange: [0, 2_500_000, 2_600_000, 700_000] },
    { algorithm: 'sha512', byteRange: [0, 1_048_576, 1_048_577, 2_251_423] },
    { algorithm: 'sha256', byteRange: [0, 10, 20, 5] },
    { algorithm: 'sha384', byteRange: [0, 3_299_990, 3_300_000, 0] },
  ];

  it('equals hashing each signature’s two ranges on their own, from a file (read in 1 MiB steps) and from memory', async () => {
    const file = path.join(tempDir('digests'), 'data.bin');
    fs.writeFileSync(file, data);
    const fromFile = FileSource.open(file);
    try {
      const got = await digestSignedRanges(fromFile, jobs);
      const inMemory = await digestSignedRanges(new BufferSource(data), jobs);
      jobs.forEach((j, i) => {
        expect(got[i].equals(expected(data, j)), `file, job ${i}`).to.equal(true);
        expect(inMemory[i].equals(expected(data, j)), `memory, job ${i}`).to.equal(true);
      });
    } finally {
      fromFile.close();
    }
  });

  it('fails (no digest) when a file is shorter than a range says', async () => {
    const file = path.join(tempDir('digests-short'), 'short.bin');
    fs.writeFileSync(file, data.subarray(0, 1000));
    const source = FileSource.open(file);
    try {
      // The source claims its real length; a range past it cannot be read.
      let error: unknown;
      await digestSignedRanges(source, [{ algorithm: 'sha256', byteRange: [0, 900, 950, 500] }]).catch(
        (e) => {
          error = e;
        },
      );
      expect(error).to.be.instanceOf(Error);
    } finally {
      source.close();
    }
  });

  it('on the hashing thread (a descriptor read by the worker): the same digests; a range past the end rejects', async () => {
    const file = path.join(tempDir('digests-thread'), 'data.bin');
    fs.writeFileSync(file, data);
    const source = FileSource.open(file);
    try {
      const got = await startSignedRangeDigests(source, jobs, { thread: 'worker' });
      expect(hashingThreadRunning()).to.equal(true);
      jobs.forEach((j, i) => expect(got[i].equals(expected(data, j)), `job ${i}`).to.equal(true));
      // Several at once: each answer goes to its own request.
      const again = await Promise.all(
        jobs.map((j) => startSignedRangeDigests(source, [j], { thread: 'worker' })),
      );
      jobs.forEach((j, i) => expect(again[i][0].equals(expected(data, j)), `alone, job ${i}`).to.equal(true));
      let error: unknown;
      await startSignedRangeDigests(source, [{ algorithm: 'sha256', byteRange: [0, 10, 20, data.length] }], {
        thread: 'worker',
      }).catch((e) => {
        error = e;
      });
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(/shorter than the signed byte range/);
    } finally {
      source.close();
    }
  });

  it('in automatic mode hashes a Buffer, a small file and the first large file on this thread (the same digests)', async () => {
    const file = path.join(tempDir('digests-auto'), 'data.bin');
    fs.writeFileSync(file, data);
    const source = FileSource.open(file);
    try {
      for (const got of [
        await startSignedRangeDigests(new BufferSource(data), jobs),
        await startSignedRangeDigests(source, jobs),
      ])
        jobs.forEach((j, i) => expect(got[i].equals(expected(data, j)), `job ${i}`).to.equal(true));
    } finally {
      source.close();
    }
  });

  it('the hashing thread never keeps a process alive: a process that started it (a first large file) exits by itself', () => {
    const file = path.join(tempDir('digests-exit'), 'big.bin');
    fs.writeFileSync(file, Buffer.alloc(5 * 1024 * 1024, 0x41));
    const module_ = path.resolve(__dirname, '../../../signing/validate/signed-range-digests');
    const pdf = path.resolve(__dirname, '../../../signing/pdf');
    // The first large file starts the thread and is hashed on the calling thread; the process then
    // waits until the thread runs and ends its script.
    const code = `
      const { startSignedRangeDigests, hashingThreadRunning } = require(${JSON.stringify(module_)});
      const { FileSource } = require(${JSON.stringify(pdf)});
      (async () => {
        const source = FileSource.open(${JSON.stringify(file)});
        await startSignedRangeDigests(source, [{ algorithm: 'sha256', byteRange: [0, 10, 20, 5_000_000] }]);
        source.close();
        for (let i = 0; i < 500 && !hashingThreadRunning(); i++) await new Promise((r) => setTimeout(r, 20));
        process.stdout.write(String(hashingThreadRunning()));
      })();`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(run.signal, 'killed by the timeout: the process did not exit').to.equal(null);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('true');
  });

  it('in automatic mode, in a fresh process, the second large file goes to the thread started by the first, without waiting for its online event (a loop that never yields)', () => {
    const big = crypto.randomBytes(5 * 1024 * 1024);
    const file = path.join(tempDir('digests-auto-big'), 'big.bin');
    fs.writeFileSync(file, big);
    const job: RangeDigestJob = { algorithm: 'sha256', byteRange: [0, 1000, 2000, big.length - 2000] };
    const module_ = path.resolve(__dirname, '../../../signing/validate/signed-range-digests');
    const pdf = path.resolve(__dirname, '../../../signing/pdf');
    const code = `
      const m = require(${JSON.stringify(module_)});
      const { FileSource } = require(${JSON.stringify(pdf)});
      (async () => {
        const source = FileSource.open(${JSON.stringify(file)});
        const job = ${JSON.stringify(job)};
        const first = m.startSignedRangeDigests(source, [job]);
        const before = m.hashingThreadJobs();
        const second = m.startSignedRangeDigests(source, [job]);
        const sent = m.hashingThreadJobs() - before;
        const digests = [(await first)[0].toString('hex'), (await second)[0].toString('hex')];
        source.close();
        process.stdout.write(JSON.stringify({ before, sent, digests }));
      })();`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
      encoding: 'utf8',
      timeout: 50_000,
    });
    expect(run.status, run.stderr).to.equal(0);
    const out = JSON.parse(run.stdout) as { before: number; sent: number; digests: string[] };
    expect(out.before, 'the first large file is hashed here while the thread starts').to.equal(0);
    expect(out.sent, 'the second goes to the thread').to.equal(1);
    expect(out.digests).to.deep.equal([
      expected(big, job).toString('hex'),
      expected(big, job).toString('hex'),
    ]);
  });
});
