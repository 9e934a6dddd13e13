import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import {
  allowPostgresThrough,
  startEmbeddedPostgres,
  type RunningPostgres,
} from '../../../storage/embedded/embedded-postgres';

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

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-embedded-'));
    await allowPostgresThrough(dir);
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

  describe('from a private (0700) directory, as root', function () {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    let secret: string;
    let clusters: string;
    const modes = () =>
      Object.fromEntries([secret, clusters, os.tmpdir()].map((d) => [d, fs.statSync(d).mode & 0o7777]));

    before(async function () {
      // Only root runs PostgreSQL as another account; otherwise there is nothing to reach.
      if (!isRoot) this.skip();
      // A checkout in a private directory: the package's binaries are reached only through it.
      secret = fs.mkdtempSync(path.join(dir, 'home-'));
      fs.chmodSync(secret, 0o700);
      const pkg = path.dirname(
        path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
      );
      fs.symlinkSync(path.join(pkg, 'native'), path.join(secret, 'native'));
      clusters = fs.mkdtempSync(path.join(dir, 'clusters-'));
      await allowPostgresThrough(clusters);
    });

    it('runs the binaries from a readable copy and changes no permission of the directories it passes', async () => {
      const before = modes();
      running = await startEmbeddedPostgres({
        dataDir: path.join(clusters, 'pg'),
        binariesDir: path.join(secret, 'native'),
        runtimeDir: path.join(clusters, 'runtime'),
      });
      expect(await sql(running.url, `SELECT current_user AS u, 1 + 1 AS two`)).to.deep.equal([
        { u: 'postgres', two: 2 },
      ]);
      const cmdline = fs.readFileSync(`/proc/${running.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline[0]).to.equal(path.join(clusters, 'runtime', 'bin', 'postgres'));
      expect(modes()).to.deep.equal(before);
      expect(fs.statSync(secret).mode & 0o777).to.equal(0o700);
    });

    it('keeps the cluster of a data directory the postgres account cannot reach in a directory it can, linked from DATA_DIR, and changes no permission', async () => {
      const before = modes();
      const relocateDir = path.join(clusters, 'relocated');
      const dataDir = path.join(secret, 'data', 'pg');
      running = await startEmbeddedPostgres({
        dataDir,
        runtimeDir: path.join(clusters, 'runtime'),
        relocateDir,
      });
      expect(await sql(running.url, `SELECT current_user AS u`)).to.deep.equal([{ u: 'postgres' }]);
      // DATA_DIR/pg is a link to the cluster, which lives under the relocation directory.
      expect(fs.lstatSync(dataDir).isSymbolicLink()).to.equal(true);
      const target = fs.realpathSync(dataDir);
      expect(target.startsWith(fs.realpathSync(relocateDir) + path.sep)).to.equal(true);
      expect(running.dataDir).to.equal(target);
      expect(fs.existsSync(path.join(target, 'PG_VERSION'))).to.equal(true);
      // Only root and the postgres group pass through the relocation directory.
      expect(fs.statSync(relocateDir).mode & 0o777).to.equal(0o710);
      expect(modes()).to.deep.equal(before);
      expect(fs.statSync(secret).mode & 0o777).to.equal(0o700);
      await running.stop();
      running = undefined;

      // A second start finds the same cluster through the link (same data, no second cluster).
      running = await startEmbeddedPostgres({
        dataDir,
        runtimeDir: path.join(clusters, 'runtime'),
        relocateDir,
      });
      expect(running.dataDir).to.equal(target);
      expect(fs.readdirSync(relocateDir)).to.have.length(1);
      expect(modes()).to.deep.equal(before);
    });
  });
});
