/**
 * Archive storage benchmark (issue 11, "Speed"): archiving rate — records per second, three objects
 * each (a PDF revision, a validation report, a metadata XML) stored by storeArchivalObject with their
 * COMPLIANCE lock and row, each record in its own transaction — into the local store and into radosgw
 * (S3 Object Lock, the test cluster of test/storage/objects/radosgw-process.ts); and the fixity scan's
 * throughput (runFixityCheck, unlimited rate) beside `sha256sum` over the same object files in the same
 * run (target ≥ 80 % of sha256sum), and beside `openssl dgst -sha256` (OpenSSL's SHA-256, as Node's).
 *
 *   npx ts-node --transpile-only bench/archive.ts [--records 200] [--scan-mib 512] [--no-radosgw]
 *
 * Results: a table on stdout and bench/out/archive.json.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../storage/db/data-source';
import { allowPostgresThrough, startEmbeddedPostgres } from '../storage/embedded/embedded-postgres';
import { LocalObjectStore } from '../storage/objects/local-object-store';
import type { ObjectStore } from '../storage/objects/object-store';
import { S3ObjectStore } from '../storage/objects/s3-object-store';
import { startRadosgw } from '../test/storage/objects/radosgw-process';
import { configureArchiveStorage, storeArchivalObject } from '../workflows/archive/archival-objects';
import { runFixityCheck } from '../workflows/archive/fixity';
import { machine, round, table, writeResults } from './signing-support';

const run = promisify(execFile);

async function archive(db: DataSource, store: ObjectStore, records: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < records; i++) {
    const recordId = randomUUID();
    await db.transaction(async (m) => {
      for (const [kind, size, mediaType] of [
        ['pdf-revision', 200_000, 'application/pdf'],
        ['validation-report', 20_000, 'application/json'],
        ['metadata-xml', 4_000, 'application/xml'],
      ] as const) {
        await storeArchivalObject(m, store, {
          recordId,
          kind,
          bytes: randomBytes(size),
          mediaType,
          retainUntil: i % 10 === 0 ? null : new Date(Date.now() + 3650 * 86_400_000),
        });
      }
    });
  }
  return records / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--records <n>', 'records per store', '200')
    .option('--scan-mib <n>', 'MiB of objects for the fixity scan', '512')
    .option('--no-radosgw', 'skip the radosgw figure')
    .parse()
    .opts<{ records: string; scanMib: string; radosgw: boolean }>();
  const records = Number(opts.records);
  const scanBytes = Number(opts.scanMib) * 1024 * 1024;

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-archive-'));
  await allowPostgresThrough(tempDir);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), database: 'vanban' });
  const db = createDataSource(pg.url, { poolSize: 4 });
  await db.initialize();
  await runMigrations(db);
  const results: Record<string, unknown> = { machine: machine(), records };
  const rows: string[][] = [['measure', 'value', 'unit']];
  try {
    // Archiving rate, local store.
    const local = await LocalObjectStore.open({ root: path.join(tempDir, 'objects') });
    configureArchiveStorage({});
    const localRate = await archive(db, local, records);
    results.archiveLocalRecordsPerSecond = round(localRate);
    rows.push(['archive, local store (3 objects each)', String(round(localRate)), 'records/s']);

    // Archiving rate, radosgw with Object Lock.
    if (opts.radosgw) {
      const rgw = await startRadosgw();
      try {
        const s3 = await S3ObjectStore.open({
          endPoint: '127.0.0.1',
          port: rgw.port,
          useSSL: false,
          ...rgw.credentials,
          bucket: 'bench-archive',
          region: 'us-east-1',
          objectLock: true,
        });
        const s3Rate = await archive(db, s3, Math.max(20, Math.round(records / 4)));
        results.archiveRadosgwRecordsPerSecond = round(s3Rate);
        rows.push(['archive, radosgw Object Lock (3 objects each)', String(round(s3Rate)), 'records/s']);
        rows.push(['  radosgw / local', String(round(s3Rate / localRate)), '×']);
        await s3.close();
      } finally {
        await rgw.stop();
      }
    }

    // Fixity throughput beside sha256sum over the same files.
    await db.query(`DELETE FROM archival_objects`);
    const scanStore = await LocalObjectStore.open({ root: path.join(tempDir, 'scan') });
    const objectSize = 8 * 1024 * 1024;
    const count = Math.max(1, Math.round(scanBytes / objectSize));
    for (let i = 0; i < count; i++) {
      await db.transaction((m) =>
        storeArchivalObject(m, scanStore, {
          recordId: randomUUID(),
          kind: 'pdf-revision',
          bytes: randomBytes(objectSize),
          mediaType: 'application/pdf',
          retainUntil: new Date(Date.now() + 86_400_000),
        }),
      );
    }
    const files = (await db.query(`SELECT key FROM archival_objects`)).map((r: { key: string }) =>
      path.join(tempDir, 'scan', r.key),
    );
    // Warm both the same way: one untimed pass of each.
    await run('sha256sum', files, { maxBuffer: 1 << 24 });
    await runFixityCheck(db, scanStore, {});
    const t0 = performance.now();
    await run('sha256sum', files, { maxBuffer: 1 << 24 });
    const shaSeconds = (performance.now() - t0) / 1000;
    const t2 = performance.now();
    await run('openssl', ['dgst', '-sha256', ...files], { maxBuffer: 1 << 24 });
    const opensslSeconds = (performance.now() - t2) / 1000;
    const t1 = performance.now();
    const scan = await runFixityCheck(db, scanStore, {});
    const fixitySeconds = (performance.now() - t1) / 1000;
    const mib = (count * objectSize) / (1024 * 1024);
    const fixityRate = mib / fixitySeconds;
    const shaRate = mib / shaSeconds;
    results.fixity = {
      objects: count,
      mib,
      fixityMiBps: round(fixityRate),
      sha256sumMiBps: round(shaRate),
      ratio: round(fixityRate / shaRate),
      opensslMiBps: round(mib / opensslSeconds),
      ratioOpenssl: round(fixityRate / (mib / opensslSeconds)),
      failures: scan.failures,
    };
    rows.push([`fixity scan (${count} × 8 MiB, hash + DB events)`, String(round(fixityRate)), 'MiB/s']);
    rows.push(['sha256sum over the same files', String(round(shaRate)), 'MiB/s']);
    rows.push(['  fixity / sha256sum (target ≥ 0.8)', String(round(fixityRate / shaRate)), '×']);
    rows.push(['openssl dgst -sha256 over the same files', String(round(mib / opensslSeconds)), 'MiB/s']);
    rows.push(['  fixity / openssl', String(round((fixityRate * opensslSeconds) / mib)), '×']);
    await local.close();
    await scanStore.close();
  } finally {
    await db.destroy();
    await pg.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
  process.stdout.write(table(rows) + '\n');
  process.stdout.write(`→ ${writeResults('archive', results)}\n`);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
