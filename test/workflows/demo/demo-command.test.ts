import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { runCli } from '../../../server/cli/main';
import { seedDemoProvince } from '../../../workflows/directory/seed-demo-province';
import { seedRecentDemoHistory } from '../../../workflows/demo/demo-history';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { FixedClock } from '../fixtures';
import { missingObjects } from './stored-objects';

/**
 * The start-up seed (a recent history, once) and `vanban demo history` (issue 13 item 7): the command
 * prints the generated figures and the time taken; bad options are refused. Two servers starting
 * together seed once (advisory lock); every PDF the rows name is in the object store (the command's
 * store is OBJECTS_DIR).
 */
describe('demo history: start-up seed and vanban demo history', function () {
  this.timeout(1_800_000);
  let t: TestDatabase;
  let dir: string;
  let objects: ObjectStore;
  const saved = process.env.DATABASE_URL;
  const savedObjects = process.env.OBJECTS_DIR;
  const savedDataDir = process.env.DATA_DIR;

  before(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-demo-'));
    process.env.OBJECTS_DIR = path.join(dir, 'objects');
    // The command opens (creates) the development CA of DATA_DIR/pki, valid from years back.
    process.env.DATA_DIR = path.join(dir, 'data');
    objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
  });
  after(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    if (savedObjects === undefined) delete process.env.OBJECTS_DIR;
    else process.env.OBJECTS_DIR = savedObjects;
    if (savedDataDir === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = savedDataDir;
    await objects?.close();
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['node', 'vanban', 'demo', 'history', ...args], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('the start-up seed writes the last 90 days once, nothing after today, even from two servers at once', async () => {
    const clock = new FixedClock(new Date('2026-12-07T10:00:00+07:00'));
    await seedDemoProvince(t.db, { clock });
    // Two servers starting together on one empty database: exactly one seeds.
    const both = await Promise.all([
      seedRecentDemoHistory(t.db, { clock, objects }),
      seedRecentDemoHistory(t.db, { clock, objects }),
    ]);
    expect(both.filter((x) => x === null)).to.have.length(1);
    const first = both.find((x) => x !== null);
    expect(first?.provinceDistrict).to.deep.equal({ outgoing: 120, sealed: 119 });
    expect(first?.commune).to.deep.equal({ outgoing: 60, sealed: 59 });
    const [r]: { n: number; first: string; last: string; future: number }[] = await t.db.query(
      `SELECT count(*)::int AS n, min(issued_at)::date::text AS first, max(issued_at)::date::text AS last,
              (SELECT count(*)::int FROM incoming_documents WHERE completed_at > $1) AS future
         FROM outgoing_documents`,
      [clock.now()],
    );
    expect(r!.n).to.equal(180);
    expect(r!.first >= '2026-09-08').to.equal(true);
    expect(r!.last < '2026-12-07').to.equal(true);
    expect(r!.future).to.equal(0);
    expect(await seedRecentDemoHistory(t.db, { clock, objects })).to.equal(null);
    const stored = await missingObjects(t.db, objects);
    expect(stored.checked).to.be.at.least(3 * 180);
    expect(stored.missing).to.deep.equal([]);
  });

  it('refuses a bad scale or quarter', async () => {
    const a = await run('--scale', 'huge');
    expect(a.code).to.not.equal(0);
    expect(a.err).to.contain('CLI_USAGE');
    const b = await run('--quarter', '2024-Q1');
    expect(b.code).to.not.equal(0);
    expect(b.err).to.contain('CLI_USAGE');
  });

  it('generates the small scale of a quarter and prints the figures and the time taken', async () => {
    const r = await run('--scale', 'small', '--quarter', '2024Q2');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.contain('Cấp tỉnh, huyện / province and district: 335/336 ký số / sealed');
    expect(r.out).to.contain('Cấp xã / commune: 124/125 ký số / sealed');
    expect(r.out).to.match(/Thời gian \/ time: [\d.]+ s cho 461 văn bản đi/);
    // Signed through the development CA of DATA_DIR/pki; the signing engine's cost per document.
    expect(r.out).to.match(
      /Ký số \/ signing \(lãnh đạo \/ leader B-T, đóng dấu \/ seal B-LTA\): \d+ ms\/văn bản/,
    );
    const [{ sealed }]: { sealed: number }[] = await t.db.query(
      `SELECT count(*)::int AS sealed FROM audit_events WHERE type = 'DOCUMENT_SIGNED' AND payload->>'role' = 'org'`,
    );
    expect(sealed).to.be.at.least(461);
    console.log(r.out.split('\n').slice(-5).join('\n'));
    const [{ n }]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM outgoing_documents WHERE issued_on BETWEEN '2024-04-01' AND '2024-06-30'`,
    );
    expect(n).to.equal(461);
    // The command put its PDFs into the configured store (OBJECTS_DIR); equal bytes are one object.
    const stored = await missingObjects(t.db, objects);
    expect(stored.checked).to.be.at.least(3 * 461); // the same small PDF may be shared
    expect(stored.missing).to.deep.equal([]);
  });
});
