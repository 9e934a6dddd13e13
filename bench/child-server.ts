import type { Server } from 'node:http';
import type { Application } from 'express';

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
