'use strict';
// No `spec` here: mocha would merge it with paths given on the command line. scripts/test.js passes
// 'test/**/*.test.ts' when called without paths.
// Tests run from TypeScript sources through ts-node (transpile only; `npm test` type-checks first).
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
module.exports = {
  require: ['ts-node/register', 'test/setup.ts'],
  extension: ['ts'],
  // test/web holds the web app's component tests, which vitest runs (web/vite.config.mts).
  ignore: ['test/web/**'],
  timeout: 60000,
  recursive: true,
};
