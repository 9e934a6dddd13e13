/**
 * The ceiling peer of bench/platform.ts, run as a child process like the server under test:
 *
 *   bare-json-server <bodyFile>
 *
 * A bare express app answering GET / with a fixed JSON body (the same bytes the real read returned):
 * HTTP parsing, express routing and the socket write, nothing else.
 */
import fs from 'node:fs';
import express from 'express';
import { serveToParent } from './child-server';

serveToParent(async () => {
  const body = fs.readFileSync(process.argv[2]!);
  const app = express();
  app.get('/', (_req, res) => {
    res.type('application/json').send(body);
  });
  return { app };
});
