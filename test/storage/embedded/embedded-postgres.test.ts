import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../storage/embedded/embedded-postgres';

async function sql(url: string, text: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('storage/embedded startEmbeddedPostgres', () => {
  let dir: string;
  let running: RunningPostgres | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-embedded-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('initialises a cluster on first start, on loopback, with the database in the URL', async () => {
    running = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    expect(running.url).to.match(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/vanban$/);
    await sql(running.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('Văn bản đến')`);
    const [row] = (await sql(
      running.url,
      `SELECT current_setting('server_encoding') AS enc, lower('ĐỨC') AS l`,
    )) as {
      enc: string;
      l: string;
    }[];
    expect(row).to.deep.equal({ enc: 'UTF8', l: 'đức' });
  });

  it('stops reliably and idempotently, and reuses the cluster and its port on the next start', async () => {
    const first = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    const pid = first.pid!;
    await Promise.all([first.stop(), first.stop()]);
    await first.stop();
    expect(alive(pid)).to.equal(false);
    running = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    expect(running.port).to.equal(first.port);
    expect(await sql(running.url, `SELECT v FROM kept`)).to.deep.equal([{ v: 'Văn bản đến' }]);
  });

  it('recovers from a crash that left postmaster.pid naming a process that is not postgres', async () => {
    const pidFile = path.join(dir, 'pg', 'postmaster.pid');
    // The pid of this very test process: alive, but not a postgres on this directory.
    fs.writeFileSync(pidFile, `${process.pid}\n${path.join(dir, 'pg')}\n`);
    running = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    expect(await sql(running.url, `SELECT count(*)::int AS n FROM kept`)).to.deep.equal([{ n: 1 }]);
  });

  it('stops an orphan server still running on the same data directory, then starts', async () => {
    const orphan = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    running = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    expect(alive(orphan.pid!)).to.equal(false);
    expect(running.pid).to.not.equal(orphan.pid);
    expect(await sql(running.url, `SELECT count(*)::int AS n FROM kept`)).to.deep.equal([{ n: 1 }]);
    await orphan.stop(); // the old handle must not hang nor touch the new server
    expect(alive(running.pid!)).to.equal(true);
  });

  it('starts after the server was killed with SIGKILL (stale pid file, crash recovery)', async () => {
    const crashed = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    process.kill(crashed.pid!, 'SIGKILL');
    while (alive(crashed.pid!)) await new Promise((r) => setTimeout(r, 20));
    running = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
    expect(await sql(running.url, `SELECT count(*)::int AS n FROM kept`)).to.deep.equal([{ n: 1 }]);
    await crashed.stop();
  });
});
