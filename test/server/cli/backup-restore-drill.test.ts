import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { runCli } from '../../../server/cli/main';
import { openDatabase } from '../../../server/cli/open-database';
import { loadConfig } from '../../../server/config';
import { createDataSource } from '../../../storage/db/data-source';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { appendAuditEvent } from '../../../workflows/audit/append-audit-event';
import { useAuditAnchorsDir } from '../../../workflows/audit/audit-anchor';
import { loadAuditKey, useAuditKey } from '../../../workflows/audit/audit-key';
import {
  configureArchiveStorage,
  readArchivalObject,
  storeArchivalObject,
} from '../../../workflows/archive/archival-objects';
import { systemClock } from '../../../workflows/context';
import { insertActor, insertUnit } from '../../workflows/fixtures';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ENV_KEYS = ['DATA_DIR', 'VANBAN_MODE', 'DATABASE_URL', 'AUDIT_HMAC_KEY', 'S3_ENDPOINT', 'OBJECTS_DIR'];

/** Rows of every table as one fingerprint each (count and md5 of the sorted JSON rows). */
async function fingerprints(db: DataSource): Promise<Record<string, string>> {
  const tables: { name: string }[] = await db.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [r] = await db.query(
      `SELECT count(*)::int AS n,
              md5(coalesce(string_agg(row_to_json(t)::text, E'\\n' ORDER BY row_to_json(t)::text), '')) AS h
       FROM "${name}" t`,
    );
    out[name] = `${r.n}:${r.h}`;
  }
  return out;
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(['node', 'vanban', ...args], {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  return { code, out: lines.join('\n') };
}

/**
 * Issue 11 item 9, the drill: a server runs (embedded PostgreSQL, local object store); archive records
 * with their objects and an audit chain are written; `vanban backup` runs while the server serves and
 * while audit events keep being appended; the server stops; `vanban restore` rebuilds a new DATA_DIR; the
 * restored tables are identical to the source's, the audit chain is a consistent prefix that
 * `vanban audit verify` accepts, and every archival object reads back verified.
 */
describe('vanban backup / vanban restore: the drill', function () {
  this.timeout(300_000);
  let root: string;
  let server: ChildProcess | undefined;
  let source: DataSource | undefined;
  const saved: Record<string, string | undefined> = {};

  before(() => {
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-drill-'));
    fs.chmodSync(root, 0o711); // the embedded PostgreSQL runs as the postgres account when we are root
  });

  after(async () => {
    await source?.destroy().catch(() => undefined);
    if (server && server.exitCode === null) server.kill('SIGKILL');
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    useAuditKey(undefined);
    useAuditAnchorsDir(undefined);
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backs up a running server consistently and restores it identical, audit chain verified, objects hash-checked', async () => {
    const src = path.join(root, 'src');
    const dst = path.join(root, 'restored');
    const backupDir = path.join(root, 'backup');
    for (const k of ENV_KEYS) delete process.env[k];

    // 1. The server runs.
    server = spawn(process.execPath, ['-r', 'ts-node/register', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TS_NODE_TRANSPILE_ONLY: 'true',
        VANBAN_MODE: 'development',
        DATA_DIR: src,
        SEED_DEMO: 'false',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        FIXITY_EVERY_HOURS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.setEncoding('utf8').on('data', (s: string) => (output += s));
    server.stderr!.setEncoding('utf8').on('data', (s: string) => (output += s));
    const exited = new Promise<void>((resolve) => server!.once('exit', () => resolve()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 100);
      void exited.then(() => {
        clearInterval(timer);
        reject(new Error(`server exited before listening:\n${output}`));
      });
    });
    expect((await fetch(`${url}/healthz`)).status).to.be.below(500);

    // 2. Archive records with objects and an audit chain, written beside the running server.
    const record = JSON.parse(fs.readFileSync(path.join(src, 'pg', 'vanban-cluster.json'), 'utf8')) as {
      port: number;
      password: string;
    };
    source = createDataSource(
      `postgres://postgres:${encodeURIComponent(record.password)}@127.0.0.1:${record.port}/vanban`,
      { applicationName: 'drill', poolSize: 3 },
    );
    await source.initialize();
    useAuditKey(loadAuditKey({ dataDir: src, create: false }));
    const objects = await LocalObjectStore.open({ root: path.join(src, 'objects') });
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    const unitId = await insertUnit(source, {
      code: '000.00.83.H01',
      name: 'Sở Nội vụ tỉnh',
      level: 'province',
    });
    const actor = await insertActor(source, unitId, 'drill.archivist', ['archivist']);
    const stored: { id: string; bytes: Buffer }[] = [];
    for (let i = 0; i < 6; i++) {
      const bytes = Buffer.concat([
        Buffer.from(`%PDF-1.7 Hồ sơ lưu trữ số ${i} — Quyết định `),
        randomBytes(20_000),
      ]);
      const o = await source.transaction((m) =>
        storeArchivalObject(m, objects, {
          recordId: '0193f6a8-0000-7000-8000-00000000000' + i,
          kind: i % 3 === 0 ? 'pdf-revision' : i % 3 === 1 ? 'attachment' : 'metadata-xml',
          bytes,
          mediaType: 'application/pdf',
          retainUntil: i === 5 ? null : new Date(Date.UTC(2036 + i, 0, 1)),
        }),
      );
      stored.push({ id: o.id, bytes });
    }
    const clock = systemClock;
    const append = (n: number) =>
      source!.transaction((m) =>
        appendAuditEvent(
          m,
          { actor, clock },
          { type: 'API_TOKEN_REVOKED', payload: { tokenId: `drill-${n}` } },
        ),
      );
    for (let i = 0; i < 20; i++) await append(i);
    const before = await fingerprints(source);

    // 3. The backup, online, while audit events keep being appended.
    process.env.DATA_DIR = src;
    process.env.VANBAN_MODE = 'development';
    let appending = true;
    let appended = 0;
    const writer = (async () => {
      while (appending) await append(1000 + appended++);
    })();
    const backup = await cli(['backup', backupDir]);
    appending = false;
    await writer;
    expect(backup.code, backup.out).to.equal(0);
    expect(backup.out).to.match(/Xong \/ done: .* 6 đối tượng \/ objects/);
    const after = await fingerprints(source);
    expect(appended).to.be.greaterThan(0);
    const refused = await cli(['backup', backupDir]);
    expect(refused.code).to.equal(1);
    expect(refused.out).to.contain('BACKUP_TARGET_NOT_EMPTY');

    // 4. The server stops; the backup is restored into a new DATA_DIR.
    const sourceAudit: { seq: string; hash: string }[] = await source.query(
      `SELECT seq, hash FROM audit_events ORDER BY seq`,
    );
    await source.destroy();
    source = undefined;
    server.kill('SIGTERM');
    await exited;
    await objects.close();
    useAuditKey(undefined);

    process.env.DATA_DIR = dst;
    const restore = await cli(['restore', backupDir]);
    expect(restore.code, restore.out).to.equal(0);
    expect(restore.out).to.match(/6 đối tượng khớp mã băm/);
    const again = await cli(['restore', backupDir]);
    expect(again.code).to.equal(1); // DATA_DIR is not empty any more
    expect(again.out).to.contain('BACKUP_TARGET_NOT_EMPTY');

    // 5. Identical, verified.
    const verify = await cli(['audit', 'verify']);
    expect(verify.code, verify.out).to.equal(0);
    expect(verify.out).to.contain('audit trail intact');
    const restored = await openDatabase(loadConfig());
    try {
      const now = await fingerprints(restored.db);
      const stable = Object.keys(before).filter((t) => before[t] === after[t]);
      expect(stable).to.include.members(['archival_objects', 'units', 'users', 'fixity_runs']);
      for (const t of stable) expect(now[t], t).to.equal(before[t]);
      // The audit trail: one consistent snapshot, so a gapless prefix of the source's chain at least as
      // long as before the backup, row for row identical.
      const audit: { seq: string; hash: string }[] = await restored.db.query(
        `SELECT seq, hash FROM audit_events ORDER BY seq`,
      );
      const beforeCount = Number(before.audit_events!.split(':')[0]);
      expect(audit.length).to.be.at.least(beforeCount);
      expect(audit).to.deep.equal(sourceAudit.slice(0, audit.length));
      const restoredObjects = await LocalObjectStore.open({ root: path.join(dst, 'objects') });
      configureArchiveStorage({ clock: systemClock });
      for (const s of stored) {
        expect(
          await restored.db.transaction((m) => readArchivalObject(m, restoredObjects, s.id)),
        ).to.deep.equal(s.bytes);
      }
      // The permanent record's object kept its legal hold.
      const [permanent] = await restored.db.query(
        `SELECT sha256 FROM archival_objects WHERE retain_until IS NULL`,
      );
      expect((await restoredObjects.stat(permanent.sha256))?.legalHold).to.equal(true);
      await restoredObjects.close();
    } finally {
      await restored.close();
    }

    // 6. A damaged backup object is caught by the restore's hash check.
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as object;
    expect(manifest).to.have.property('format', 'vanban-backup/1');
    const sha = (
      await (async () => {
        const dirs = fs.readdirSync(path.join(backupDir, 'objects'), { recursive: true }).map(String);
        return dirs.find((f) => /[0-9a-f]{64}$/.test(f))!;
      })()
    ).toString();
    const file = path.join(backupDir, 'objects', sha);
    fs.chmodSync(file, 0o644);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 1;
    fs.writeFileSync(file, bytes);
    process.env.DATA_DIR = path.join(root, 'restored-damaged');
    const damaged = await cli(['restore', backupDir]);
    expect(damaged.code, damaged.out).to.equal(1);
    expect(damaged.out).to.contain('RESTORE_OBJECT_MISMATCH');
  });
});
