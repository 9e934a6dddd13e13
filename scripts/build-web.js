#!/usr/bin/env node
'use strict';
// Builds the web app (web/, Vite) into dist/web when it is missing or older than any of its sources
// (web/, package-lock.json, and the server modules the app bundles: workflows/audit/audit-event-names.ts). `npm start` and `npm test` call it; the browser tests run it too.
// `node scripts/build-web.js --force` rebuilds regardless.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const OUT = path.join(root, 'dist', 'web', 'index.html');
const SOURCES = [
  path.join(root, 'web'),
  path.join(root, 'package-lock.json'),
  path.join(root, 'workflows', 'audit', 'audit-event-names.ts'),
];

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

function webBuildStale() {
  if (!fs.existsSync(OUT)) return true;
  const built = fs.statSync(OUT).mtimeMs;
  return SOURCES.some((s) => fs.existsSync(s) && newestMtime(s) > built);
}

function buildWeb({ force = false } = {}) {
  if (!force && !webBuildStale()) return;
  console.error('• Biên dịch giao diện web / building the web app (vite)…');
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  if (r.status !== 0) {
    console.error(`\n✗ vite build failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

module.exports = { buildWeb, webBuildStale };

if (require.main === module) buildWeb({ force: process.argv.includes('--force') });
