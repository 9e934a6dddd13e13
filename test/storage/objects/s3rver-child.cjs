'use strict';
// Runs s3rver (an S3 protocol server) on a free loopback port in its own process and prints the port.
// It needs Node's --openssl-legacy-provider: s3rver encrypts its list continuation tokens with DES,
// which OpenSSL 3 only offers through the legacy provider. A separate process also lets a test take
// the server down for real (SIGKILL).
const S3rver = require('s3rver');

const directory = process.argv[2];
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory })
  .run()
  .then((address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`))
  .catch((error) => {
    process.stderr.write(`${error && error.stack}\n`);
    process.exit(1);
  });
