#!/usr/bin/env node
'use strict';
// `npm start`: install what is missing, build, and run the server with its embedded defaults
// (PostgreSQL started by the server, local object store under ./data, demo province on first start).
const { spawn } = require('node:child_process');
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
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => child.kill(sig));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
