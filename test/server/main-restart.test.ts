import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(__dirname, '..', '..');

interface Started {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** server/main.ts in embedded mode (its own PostgreSQL under DATA_DIR), as `npm start` runs it. */
function spawnServer(dataDir: string, env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TS_NODE_TRANSPILE_ONLY: 'true',
      VANBAN_MODE: 'development',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => out };
}

/** Resolves with the address once the banner is printed; rejects with the exit code if it exits first. */
function listening(s: Started): Promise<string> {
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(s.output());
      if (m) {
        s.child.stdout!.off('data', onData);
        resolve(m[1]!);
      }
    };
    s.child.stdout!.on('data', onData);
    void s.exited.then(({ code, signal }) =>
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${s.output()}`)),
    );
  });
}

/** Running, not a zombie (an orphan's exit is reaped by whoever adopted it, maybe never in a container). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Issue 10 item 2: after kill -9 of the server process its PostgreSQL is left running (an orphan on the
 * data directory); the next start must stop it and come up, not exit 0 having served nothing.
 */
describe('server/main: the first start after a crash', function () {
  this.timeout(240_000);
  let dir: string;
  const running: Started[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-restart-'));
    fs.chmodSync(dir, 0o711); // the embedded PostgreSQL runs as the postgres account when we are root
  });
  after(async () => {
    for (const s of running) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      await s.exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 of the server, then one start: it stops the orphan PostgreSQL and serves /healthz 200', async () => {
    const dataDir = path.join(dir, 'data');
    const first = spawnServer(dataDir);
    running.push(first);
    await listening(first);
    // Created by this start: private (as root, its group is the postgres account's, which only passes).
    expect(fs.statSync(dataDir).mode & 0o067, 'DATA_DIR mode').to.equal(0);
    expect(fs.statSync(path.join(dataDir, 'audit', 'hmac.key')).mode & 0o777).to.equal(0o600);
    const orphanPid = Number(
      fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(orphanPid), 'PostgreSQL outlives its killed parent').to.equal(true);

    const second = spawnServer(dataDir);
    running.push(second);
    const url = await listening(second);
    const health = await fetch(`${url}/healthz`);
    expect(health.status, second.output()).to.equal(200);
    expect(alive(orphanPid)).to.equal(false);

    second.child.kill('SIGTERM');
    expect(await second.exited).to.deep.equal({ code: 0, signal: null });
  });

  it('the embedded PostgreSQL killed under a running server is started again, and the server answers again', async () => {
    const dataDir = path.join(dir, 'data');
    const s = spawnServer(dataDir);
    running.push(s);
    const url = await listening(s);
    const pidOf = () =>
      Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const first = pidOf();
    process.kill(first, 'SIGKILL');
    let status = 0;
    for (let i = 0; i < 600 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await fetch(`${url}/healthz`)).status;
    }
    expect(status, s.output()).to.equal(200);
    expect(alive(first)).to.equal(false);
    expect(pidOf()).to.not.equal(first);
    expect(s.child.exitCode).to.equal(null);
    s.child.kill('SIGTERM');
    expect(await s.exited).to.deep.equal({ code: 0, signal: null });
  });

  it('when the embedded PostgreSQL dies and cannot be started again, the server exits 1 saying why', async () => {
    const dataDir = path.join(dir, 'data');
    const s = spawnServer(dataDir);
    running.push(s);
    await listening(s);
    const pid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    // The cluster is moved away while its server is killed: a restart must not create an empty one.
    fs.renameSync(path.join(dataDir, 'pg'), path.join(dataDir, 'pg-moved'));
    process.kill(pid, 'SIGKILL');
    try {
      const { code } = await s.exited;
      expect(code).to.equal(1);
      expect(s.output()).to.contain('could not be restarted');
      expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).to.equal(false);
    } finally {
      fs.rmSync(path.join(dataDir, 'pg'), { recursive: true, force: true });
      fs.renameSync(path.join(dataDir, 'pg-moved'), path.join(dataDir, 'pg'));
    }
  });

  it('a start that fails exits non-zero and says why', async () => {
    const notADir = path.join(dir, 'file');
    fs.writeFileSync(notADir, 'x');
    const s = spawnServer(notADir);
    running.push(s);
    const { code } = await s.exited;
    expect(code).to.equal(1);
    expect(s.output()).to.contain('could not start');
  });
});
