'use strict';
// Shared by `npm start` and `npm test`: install npm packages when node_modules is missing or older
// than package-lock.json, and (for tests, as root on Debian) the system packages the suite needs.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const stale =
    !fs.existsSync(marker) ||
    (fs.existsSync(lock) && fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000);
  if (stale) {
    console.error('• Cài đặt các gói npm / installing npm packages (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

/** Debian packages the tests use: [command or file that proves presence, package]. */
const SYSTEM_PACKAGES = [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/qpdf', 'qpdf'],
  ['/usr/bin/pdfsig', 'poppler-utils'],
  ['/usr/lib/softhsm/libsofthsm2.so', 'softhsm2'],
  ['/usr/bin/openssl', 'openssl'],
  ['/usr/bin/certutil', 'libnss3-tools'], // NSS database for signing with pdfsig (validation tests)
  ['/usr/bin/xmlsec1', 'xmlsec1'],
  ['/usr/bin/ocrmypdf', 'ocrmypdf'], // OCR of paper scans into PDF/A (docs/digitisation.md)
  ['/usr/share/tesseract-ocr/5/tessdata/vie.traineddata', 'tesseract-ocr-vie'],
  ['/usr/bin/ceph-mon', 'ceph-mon'], // radosgw's S3 Object Lock tests (test/storage/objects/radosgw-process.ts)
  ['/usr/bin/ceph-osd', 'ceph-osd'],
  ['/usr/bin/radosgw', 'radosgw'],
  ['/usr/bin/ceph', 'ceph-common'], // ceph, ceph-authtool, radosgw-admin (monmaptool: ceph-base, with ceph-mon)
];

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter(([file]) => !fs.existsSync(file)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
    console.error(
      `✗ Thiếu gói hệ thống / missing system packages: ${missing.join(' ')} (install them as root)`,
    );
    process.exit(1);
  }
  console.error(`• Cài đặt gói hệ thống / installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function build() {
  console.error('• Biên dịch / building (tsc)…');
  run(process.execPath, [
    path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    'tsconfig.build.json',
  ]);
}

module.exports = { root, run, ensureNodeModules, ensureSystemPackages, build, execFileSync };
