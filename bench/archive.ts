/**
 * Archive storage benchmark (issue 11, "Speed"): archiving rate — records per second, three objects
 * each (a PDF revision, a validation report, a metadata XML) stored by storeArchivalObject with their
 * COMPLIANCE lock and row, each record in its own transaction — into the local store and into radosgw
 * (S3 Object Lock, the test cluster of test/storage/objects/radosgw-process.ts); and the fixity scan's
 * throughput (runFixityCheck, unlimited rate) beside `sha256sum` over the same object files in the same
 * run (target ≥ 80 % of sha256sum), and beside `openssl dgst -sha256` (OpenSSL's SHA-256, as Node's).
 *
 *   npx ts-node --transpile-only bench/archive.ts [--records 200] [--scan-mib 512] [--no-radosgw]
 *       [--package-mib 1024]
 *
 * Package export (issue 11 item 8, section appended by ARCH-C): exportPackage of one case file holding
 * `--package-mib` of archival objects (16 MiB each) to a tar file — MB/s and the process's peak RSS
 * sampled during the export (target ≤ 256 MB) — beside GNU `tar -cf` over the same object files.
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
import { exportPackage } from '../workflows/archive/package-export';
import { systemClock } from '../workflows/context';
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
    .option('--package-mib <n>', 'MiB of objects in the exported package (0 = skip)', '1024')
    .parse()
    .opts<{ records: string; scanMib: string; radosgw: boolean; packageMib: string }>();
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

    const packageMib = Number(opts.packageMib);
    if (packageMib > 0) {
      const p = await packageExport(db, tempDir, packageMib);
      results.packageExport = p;
      rows.push([`package export (${p.mib} MiB, ${p.objects} objects, tar)`, String(p.exportMBps), 'MB/s']);
      rows.push(['  peak RSS during the export (target ≤ 256 MB)', String(p.peakRssMB), 'MB']);
      rows.push(['GNU tar -cf over the same object files', String(p.tarMBps), 'MB/s']);
      rows.push(['  export / tar', String(p.ratioTar), '×']);
    }
  } finally {
    await db.destroy();
    await pg.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
  process.stdout.write(table(rows) + '\n');
  process.stdout.write(`→ ${writeResults('archive', results)}\n`);
}

/**
 * One case file with `mib` MiB of archival objects (16 MiB each) in a unit, exported by exportPackage to
 * a file while the RSS is sampled every 20 ms; then GNU tar over the same object files.
 */
async function packageExport(db: DataSource, tempDir: string, mib: number) {
  const store = await LocalObjectStore.open({ root: path.join(tempDir, 'package-objects') });
  const [unit] = await db.query(
    `INSERT INTO units (code, name, level, valid_from, search_text)
     VALUES ('000.00.00.H99', 'Đơn vị đo gói', 'province', '2020-01-01', 'don vi do goi') RETURNING id`,
  );
  const [user] = await db.query(
    `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
     VALUES ('bench.archivist', 'Lưu trữ viên', $1, '{archivist}', 'x') RETURNING id`,
    [unit.id],
  );
  const [ret] = await db.query(`SELECT id FROM retention_periods WHERE years = 10 LIMIT 1`);
  const [file] = await db.query(
    `INSERT INTO case_files (unit_id, year, file_code, title, retention_id, person_in_charge_id, status, start_date,
       end_date, closed_at, created_by, created_at, updated_at)
     VALUES ($1, 2025, 'B.01', 'Hồ sơ đo gói', $2, $3, 'archived', '2025-01-01', '2025-12-31', now(), $3, now(), now())
     RETURNING id`,
    [unit.id, ret.id, user.id],
  );
  const [transfer] = await db.query(
    `INSERT INTO archive_transfers (unit_id, status, submitted_by, submitted_at, decided_by, decided_at, handover_sha256)
     VALUES ($1, 'accepted', $2, now(), $2, now(), $3) RETURNING id`,
    [unit.id, user.id, '0'.repeat(64)],
  );
  const objectSize = 16 * 1024 * 1024;
  const count = Math.max(1, Math.round((mib * 1024 * 1024) / objectSize));
  const perRecord = 4;
  for (let r = 0; r * perRecord < count; r++) {
    const [rec] = await db.query(
      `INSERT INTO archival_records (file_id, transfer_id, source_kind, source_id, unit_id, doc_ordinal, retain_until,
         metadata, accepted_by, accepted_at)
       VALUES ($1, $2, 'outgoing', gen_random_uuid(), $3, $4, '2035-12-31', $5, $6, now()) RETURNING id`,
      [
        file.id,
        transfer.id,
        unit.id,
        r + 1,
        JSON.stringify({ file: { FileCode: 'B.01' }, document: { IssuedDate: '01/02/2025', Subject: 'Đo' } }),
        user.id,
      ],
    );
    for (let i = 0; i < perRecord && r * perRecord + i < count; i++) {
      await db.transaction((m) =>
        storeArchivalObject(m, store, {
          recordId: rec.id,
          kind: i === 0 ? 'pdf-revision' : 'attachment',
          bytes: randomBytes(objectSize),
          mediaType: i === 0 ? 'application/pdf' : 'application/octet-stream',
          retainUntil: new Date('2035-12-31T17:00:00Z'),
        }),
      );
    }
  }
  global.gc?.();
  const ctx = {
    db,
    clock: systemClock,
    actor: { userId: user.id, username: 'bench.archivist', unitId: unit.id, roles: ['archivist' as const] },
  };
  const out = path.join(tempDir, 'package.tar');
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const sink = fs.createWriteStream(out);
  const r = await exportPackage(ctx as never, store, { fileId: file.id }, sink);
  sink.end();
  await new Promise<void>((resolve) => sink.on('close', () => resolve()));
  const exportSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const files = (
    await db.query(
      `SELECT key FROM archival_objects WHERE record_id IN
      (SELECT id FROM archival_records WHERE file_id = $1)`,
      [file.id],
    )
  ).map((x: { key: string }) => x.key);
  const t1 = performance.now();
  await run(
    'tar',
    ['-cf', path.join(tempDir, 'peer.tar'), '-C', path.join(tempDir, 'package-objects'), ...files],
    {
      maxBuffer: 1 << 24,
    },
  );
  const tarSeconds = (performance.now() - t1) / 1000;
  const mb = r.bytes / 1e6;
  await store.close();
  fs.rmSync(out, { force: true });
  fs.rmSync(path.join(tempDir, 'peer.tar'), { force: true });
  return {
    mib: round((count * objectSize) / (1024 * 1024)),
    objects: r.objects,
    exportMBps: round(mb / exportSeconds),
    peakRssMB: round(peak / 1e6),
    tarMBps: round(mb / tarSeconds),
    ratioTar: round(tarSeconds / exportSeconds),
  };
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
