#!/usr/bin/env node
'use strict';
// `npm test`: install what is missing (npm packages; Debian packages as root), then lint, type-check
// and run the whole mocha suite against real parts (PostgreSQL, S3 server, Chromium, test PKI).
// Extra arguments go to mocha, e.g. `npm test -- 'test/signing/**/*.test.ts'`.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { root, run, ensureNodeModules, ensureSystemPackages } = require('./ensure-deps');

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
}

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
