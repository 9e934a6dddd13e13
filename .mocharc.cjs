'use strict';
// Tests run from TypeScript sources through ts-node (transpile only; `npm test` type-checks first).
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
module.exports = {
  require: ['ts-node/register', 'test/setup.ts'],
  extension: ['ts'],
  spec: ['test/**/*.test.ts'],
  timeout: 60000,
  recursive: true,
};
