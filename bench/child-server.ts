import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Application } from 'express';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SERVER_NODE_FLAGS: string[] = require('../scripts/server-node-flags');

/** Child servers still running (the benchmark's watchdog and exit handlers kill what is left). */
export const children = new Set<ChildProcess>();

/**
 * The parent side: forks `bench/<script>` (a serveToParent server) with the server's own Node flags
 * (npm start, Docker; the bare peers get them too), optionally under `--cpu-prof`, and waits up to 60 s
 * for the port it reports.
 */
export async function startServer(
  script: string,
  args: string[],
  profileDir?: string,
): Promise<{ url: string; child: ChildProcess }> {
  const ext = path.extname(__filename);
  const child = fork(path.join(__dirname, `${script}${ext}`), args, {
    execArgv: [
      ...(ext === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : []),
      ...SERVER_NODE_FLAGS,
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s`)), 60_000);
    child.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      resolve(m.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Asks a child server to stop (it writes its CPU profile then), killing it after 10 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The child-process side shared by the benchmark servers: listens on an ephemeral loopback port,
 * reports `{ port }` to the parent over IPC, and closes when told `stop` or when the parent goes away
 * (IPC disconnect), so that no server outlives its benchmark.
 */
export function serveToParent(build: () => Promise<{ app: Application; close?: () => Promise<void> }>): void {
  build()
    .then(async ({ app, close }) => {
      const server = await new Promise<Server>((resolve, reject) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
      server.keepAliveTimeout = 65_000;
      const address = server.address();
      process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
      let stopping = false;
      const exit = () => {
        if (stopping) return;
        stopping = true;
        setTimeout(() => process.exit(0), 5_000).unref();
        server.closeAllConnections();
        server.close(() => void (close?.() ?? Promise.resolve()).finally(() => process.exit(0)));
      };
      process.on('message', (m) => m === 'stop' && exit());
      process.on('disconnect', exit);
    })
    .catch((e: unknown) => {
      process.stderr.write(`benchmark server failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
}
