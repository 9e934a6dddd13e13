#!/usr/bin/env node
'use strict';
// The `vanban` command (package bin): builds once if dist/ is missing, then runs the compiled CLI.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'server', 'cli', 'main.js');
if (!fs.existsSync(cli)) {
  const { ensureNodeModules, build } = require('./ensure-deps');
  ensureNodeModules();
  build();
}
require(cli);
