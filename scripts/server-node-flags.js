'use strict';
// Node flags of the server process (npm start, the Docker image's CMD, the benchmarks' servers).
// --max-semi-space-size=32: a young generation of 3 × 32 MiB instead of V8's default 3 × 16 MiB; a request
// allocates ~100 KB of short-lived objects (rows, JSON), and scavenges were 11 % of the server's CPU
// under inbox load. Measured with bench/route.ts: inbox reads at 200 connections 1,474 → 1,630/s.
module.exports = ['--enable-source-maps', '--max-semi-space-size=32'];
