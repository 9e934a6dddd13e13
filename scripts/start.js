#!/usr/bin/env node
'use strict';
// `npm start`: install what is missing, build, and run the server with its embedded defaults
// (PostgreSQL started by the server, local object store under ./data, demo province on first start).
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { root, ensureNodeModules, build } = require('./ensure-deps');
const { buildWeb } = require('./build-web');
const serverNodeFlags = require('./server-node-flags');

ensureNodeModules();
build();
buildWeb();

const child = spawn(process.execPath, [...serverNodeFlags, path.join(root, 'dist', 'server', 'main.js')], {
  stdio: 'inherit',
  cwd: root,
});
let forwarded = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    forwarded = true;
    child.kill(sig);
  });
}
// The server's own exit code; killed by a signal we did not forward (OOM killer, kill -9): non-zero, as a
// shell reports it (128 + the signal's number), so a supervisor sees the failure.
child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  if (forwarded) process.exit(0);
  process.exit(128 + (os.constants.signals[signal] ?? 0));
});
