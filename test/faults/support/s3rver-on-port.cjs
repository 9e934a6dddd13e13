'use strict';
// An S3 protocol server (s3rver) in its own process on 127.0.0.1:<port> (0: a free one), storing under
// <directory>; prints {"port": n}. A fault test kills it (SIGKILL) to take the object store down for real
// and starts it again on the same port and directory to bring it back with its data. Needs Node's
// --openssl-legacy-provider (s3rver's list tokens use DES).
const S3rver = require('s3rver');

const [directory, port] = process.argv.slice(2);
new S3rver({ address: '127.0.0.1', port: Number(port || 0), silent: true, directory })
  .run()
  .then((address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`))
  .catch((error) => {
    process.stderr.write(`${error && error.stack}\n`);
    process.exit(1);
  });
