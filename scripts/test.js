#!/usr/bin/env node
'use strict';
// `npm test`: install what is missing (npm packages; Debian packages as root), then lint, type-check
// (server and web app), run the web app's component tests (vitest), build it (when stale), and run the
// whole mocha suite against real parts (PostgreSQL, S3 server, Chromium, test PKI).
// Extra arguments go to mocha, e.g. `npm test -- 'test/signing/**/*.test.ts'`.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { root, run, ensureNodeModules, ensureSystemPackages } = require('./ensure-deps');
const { buildWeb } = require('./build-web');

const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
ensureNodeModules();
ensureSystemPackages();

const args = process.argv.slice(2);
if (args.length === 0) {
  console.log('• Lint (eslint, prettier)…');
  run(process.execPath, [bin('eslint', 'bin/eslint.js'), '.']);
  run(process.execPath, [bin('prettier', 'bin/prettier.cjs'), '--check', '.', '--log-level', 'warn']);
  console.log('• Kiểm tra kiểu / type-check (tsc --noEmit)…');
  run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
  // The web app has its own compiler settings (DOM, JSX, bundler resolution): web/tsconfig*.json.
  run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'web/tsconfig.json', '--noEmit']);
  run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'web/tsconfig.node.json', '--noEmit']);
  console.log('• Kiểm thử thành phần giao diện / web component tests (vitest)…');
  run(process.execPath, [bin('vitest', 'vitest.mjs'), 'run', '--config', 'web/vite.config.mts'], {
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}
// The browser tests open the built app (served at /): build it when missing or stale.
buildWeb();

console.log('• Mocha…');
const specs = args.some((a) => !a.startsWith('-')) ? args : [...args, 'test/**/*.test.ts'];
const child = spawn(process.execPath, [bin('mocha', 'bin/mocha.js'), ...specs], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, FORCE_COLOR: '0' },
});
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-20000);
});
child.on('close', (code) => {
  // Mocha's summary, restated as the plain closing line CI reads.
  const count = (re) => Number((re.exec(tail) || [])[1] || 0);
  const passed = count(/(\d+) passing/);
  const failed = count(/(\d+) failing/);
  const pending = count(/(\d+) pending/);
  console.log(`\n${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : code || 1);
});
