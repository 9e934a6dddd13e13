import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The real server (server/main.ts) running in a child process, as `npm start` runs it. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** SIGKILL: no shutdown hook runs, open requests and transactions are cut where they are. */
  kill(): Promise<void>;
  /** SIGTERM: the server drains and stops. */
  stop(): Promise<void>;
  /** What the server printed (stdout and stderr), for failure messages. */
  output(): string;
}

/**
 * Starts server/main.ts through ts-node with an external PostgreSQL (`DATABASE_URL`), a local object
 * store in `objectsDir`, no demo seed, an ephemeral port on 127.0.0.1; resolves once the banner with
 * the address is printed (migrations done, job worker started, listening).
 */
export async function startServerProcess(o: {
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly objectsDir: string;
  readonly env?: Record<string, string>;
}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TS_NODE_TRANSPILE_ONLY: 'true',
      VANBAN_MODE: 'development',
      DATABASE_URL: o.databaseUrl,
      DATA_DIR: o.dataDir,
      OBJECTS_DIR: o.objectsDir,
      SEED_DEMO: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${out}`)), 90_000);
    const onData = () => {
      const m = /is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });

  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    pid: child.pid!,
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (alive()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      await exited;
    },
    output: () => out,
  };
}
