/**
 * Signing benchmark: PAdES B-B, RSA-2048, invisible signature, one process, one document at a time,
 * on a 1-page, a 100-page and a ~10 MB PDF, beside @signpdf (pdf-lib placeholder + P12 signer) with
 * the same PKCS#12 in the same run, and beside the floor of Node's OpenSSL (one RSA-2048 signature +
 * SHA-256 of the file).
 *
 *   npx ts-node --transpile-only bench/sign.ts [--duration 3] [--rounds 3] [--big-mb 200]
 *
 * Ours: `signPdf` with a `Pkcs12Signer` parsed once, Buffer in and out (and path to path for the
 * 10 MB file). Peer: per document `PDFDocument.load` → `pdflibAddPlaceholder` → `save` →
 * `signpdf.sign(pdf, new P12Signer(p12))` (@signpdf parses the PKCS#12 with node-forge inside every
 * `sign`, and a P12Signer can sign only once). Slices alternate ours / peer within each round; each ratio is taken within
 * one round, median over rounds. Every output is checked once with `pdfsig -nocert`.
 * Memory: a child process (sign-memory.ts) signs a --big-mb file path to path; its peak RSS.
 * Results: a table on stdout and bench/out/sign.json.
 */
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { PDFDocument } from 'pdf-lib';
import signpdf from '@signpdf/signpdf';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { createDevPki } from '../signing/pki/create-dev-pki';
import { signPdf } from '../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../signing/sign/signers/pkcs12-signer';
import {
  benchDocuments,
  machine,
  median,
  round,
  runChild,
  slice,
  table,
  writeBigPdf,
  writeResults,
  type ChildMemory,
  type Slice,
} from './signing-support';

interface Options {
  duration: number;
  rounds: number;
  bigMb: number;
}

const WATCHDOG_MS = 10 * 60_000;
const log = (line: string) => process.stderr.write(`[sign] ${line}\n`);

/** pdfsig's verdict on one file: every signature "Signature is Valid". */
function pdfsigValid(file: string): boolean {
  const r = spawnSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
  const report = r.stdout + r.stderr;
  const total = (report.match(/^Signature #\d+:/gm) ?? []).length;
  const valid = (report.match(/Signature Validation: Signature is Valid/g) ?? []).length;
  return total > 0 && valid === total;
}

/** Node's OpenSSL alone: RSA-2048 PKCS#1 v1.5 signatures per second and SHA-256 bytes per second. */
function floor(key: crypto.KeyObject, seconds: number) {
  const digest = crypto.randomBytes(32);
  let n = 0;
  let started = performance.now();
  while (performance.now() - started < seconds * 500 || n < 10) {
    crypto.sign('sha256', digest, key);
    n++;
  }
  const rsaPerSecond = (n * 1000) / (performance.now() - started);
  const block = crypto.randomBytes(64 * 1024 * 1024);
  started = performance.now();
  let hashed = 0;
  while (performance.now() - started < seconds * 500 || hashed === 0) {
    crypto.createHash('sha256').update(block).digest();
    hashed += block.length;
  }
  const shaBytesPerSecond = (hashed * 1000) / (performance.now() - started);
  return {
    rsaPerSecond: round(rsaPerSecond, 0),
    shaGBps: round(shaBytesPerSecond / 1e9, 2),
    shaBytesPerSecond,
  };
}

async function run(options: Options): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-sign-'));
  const loadAverageBefore = os.loadavg().map((x) => round(x, 2));
  try {
    log('creating the development PKI (RSA-2048 signers) and the input documents');
    const pki = await createDevPki({ now: new Date(), keySpec: 'rsa-2048' });
    const p12 = pki.leader.pkcs12;
    const p12File = path.join(tempDir, 'leader.p12');
    fs.writeFileSync(p12File, p12);
    const ours = Pkcs12Signer.fromBuffer(p12, pki.leader.password);
    // A P12Signer signs once only: its forge buffer is consumed by the first `sign` (@signpdf 3.3),
    // so the peer makes one per document (the constructor only copies the bytes).
    const peerSigner = () => new P12Signer(p12, { passphrase: pki.leader.password });
    const documents = await benchDocuments();

    const signOurs = async (input: Buffer) =>
      (
        await signPdf({
          input,
          signer: ours,
          role: 'leader',
          level: 'B-B',
          signingTime: new Date(),
          appearance: { visible: false, draftFields: false },
        })
      ).bytes!;
    const signPeer = async (input: Buffer) => {
      const doc = await PDFDocument.load(input);
      pdflibAddPlaceholder({
        pdfDoc: doc,
        reason: 'Phê duyệt văn bản',
        contactInfo: '',
        name: pki.leader.certificate.subject,
        location: '',
        // The chain (leader, issuing CA, root RSA-4096) does not fit the default 8,192 bytes.
        signatureLength: 16384,
      });
      const prepared = Buffer.from(await doc.save({ useObjectStreams: false }));
      return signpdf.sign(prepared, peerSigner());
    };
    const oursToFile = (input: string, output: string) =>
      signPdf({
        input,
        output,
        signer: ours,
        role: 'leader',
        level: 'B-B',
        signingTime: new Date(),
        appearance: { visible: false, draftFields: false },
      });

    // Check every variant once, which also warms up the JIT.
    const checks: Record<string, { ours: boolean; peer: boolean }> = {};
    for (const d of documents) {
      const a = path.join(tempDir, `${d.name}-ours.pdf`);
      const b = path.join(tempDir, `${d.name}-peer.pdf`);
      fs.writeFileSync(a, await signOurs(d.bytes));
      fs.writeFileSync(b, await signPeer(d.bytes));
      checks[d.name] = { ours: pdfsigValid(a), peer: pdfsigValid(b) };
      if (!checks[d.name]!.ours) throw new Error(`pdfsig rejects our signature on ${d.name}`);
    }
    const bigInput = path.join(tempDir, '10-MB.pdf');
    fs.writeFileSync(bigInput, documents[2]!.bytes);
    const bigOutput = path.join(tempDir, '10-MB-path.pdf');
    await oursToFile(bigInput, bigOutput);
    if (!pdfsigValid(bigOutput)) throw new Error('pdfsig rejects our path-to-path signature');

    log('floor: raw RSA-2048 signatures and SHA-256 in this process');
    const floors = [floor(pki.leader.key, options.duration)];

    const measured: Record<string, { ours: Slice[]; peer: Slice[]; oursPath?: Slice[] }> = {};
    for (const d of documents)
      measured[d.name] = { ours: [], peer: [], ...(d.name === '10-MB' ? { oursPath: [] } : {}) };
    for (let r = 1; r <= options.rounds; r++) {
      log(`round ${r}/${options.rounds}: ours, @signpdf per document, ${options.duration} s each`);
      for (const d of documents) {
        const m = measured[d.name]!;
        m.ours.push(await slice(() => signOurs(d.bytes), options.duration));
        m.peer.push(await slice(() => signPeer(d.bytes), options.duration));
        if (m.oursPath) m.oursPath.push(await slice(() => oursToFile(bigInput, bigOutput), options.duration));
      }
      floors.push(floor(pki.leader.key, 1));
    }

    log(`memory: a child signs a ${options.bigMb} MB file path to path`);
    const big = path.join(tempDir, 'big.pdf');
    writeBigPdf(big, options.bigMb * 1024 * 1024);
    const bigSigned = path.join(tempDir, 'big-signed.pdf');
    const memory = runChild<ChildMemory>('sign-memory', [p12File, pki.leader.password, big, bigSigned]);
    const bigValid = pdfsigValid(bigSigned);
    fs.rmSync(big);
    fs.rmSync(bigSigned);

    const rsa = median(floors.map((f) => f.rsaPerSecond));
    const sha = median(floors.map((f) => f.shaBytesPerSecond));
    const rows = documents.map((d) => {
      const m = measured[d.name]!;
      const oursRate = median(m.ours.map((s) => s.rate));
      const peerRate = median(m.peer.map((s) => s.rate));
      // The floor: one signature plus hashing the whole file once.
      const limit = 1 / (1 / rsa + d.bytes.length / sha);
      return {
        document: d.name,
        description: d.description,
        bytes: d.bytes.length,
        ours: { rate: oursRate, msPerDocument: round(1000 / oursRate, 2), rounds: m.ours },
        oursPath: m.oursPath
          ? { rate: median(m.oursPath.map((s) => s.rate)), rounds: m.oursPath }
          : undefined,
        peer: { rate: peerRate, msPerDocument: round(1000 / peerRate, 1), rounds: m.peer },
        ratioToPeer: round(median(m.ours.map((s, i) => s.rate / m.peer[i]!.rate)), 1),
        limit: round(limit, 0),
        shareOfLimit: round(oursRate / limit, 2),
        pdfsig: checks[d.name],
      };
    });
    const results = {
      benchmark: 'sign',
      at: new Date().toISOString(),
      machine: machine(),
      loadAverage: { before: loadAverageBefore, after: os.loadavg().map((x) => round(x, 2)) },
      options,
      profile: 'PAdES B-B, RSA-2048 PKCS#1 v1.5, SHA-256, invisible, no draft fields',
      peer: '@signpdf/signpdf + @signpdf/placeholder-pdf-lib + @signpdf/signer-p12, same PKCS#12',
      floor: { rsa2048SignaturesPerSecond: rsa, sha256GBps: round(sha / 1e9, 2), runs: floors },
      documents: rows,
      memory: { inputMiB: options.bigMb, ...memory, pdfsigValid: bigValid },
    };

    const m = results.machine;
    process.stdout.write(
      [
        '',
        `Signing benchmark — ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; ` +
          `load average before ${loadAverageBefore[0]}, after ${results.loadAverage.after[0]}`,
        `Floor in this run: ${rsa} RSA-2048 signatures/s, SHA-256 ${results.floor.sha256GBps} GB/s`,
        '',
        table([
          [
            `Documents/s, one at a time (median of ${options.rounds})`,
            'VanBan',
            '@signpdf',
            'ratio',
            'limit',
            'of limit',
          ],
          ...rows.map((r) => [
            `${r.document} (${(r.bytes / 1024).toFixed(0)} KiB)`,
            `${r.ours.rate}`,
            `${r.peer.rate}`,
            `${r.ratioToPeer}×`,
            `${r.limit}`,
            `${Math.round(r.shareOfLimit * 100)}%`,
          ]),
          ...rows
            .filter((r) => r.oursPath)
            .map((r) => [`${r.document} path to path`, `${r.oursPath!.rate}`, '', '', '', '']),
        ]),
        `  limit = 1 / (1 RSA signature + SHA-256 of the file), from the floor above`,
        `  pdfsig -nocert: ${rows.map((r) => `${r.document} ours ${r.pdfsig!.ours ? 'valid' : 'INVALID'}, @signpdf ${r.pdfsig!.peer ? 'valid' : 'INVALID'}`).join('; ')}`,
        '',
        `Peak RSS of a child signing a ${options.bigMb} MB file path to path: ${memory.peakMiB} MiB ` +
          `(${memory.baselineMiB} MiB before signing, ${memory.ms} ms; pdfsig ${bigValid ? 'valid' : 'INVALID'})`,
        '',
      ].join('\n'),
    );
    log(`results written to ${writeResults('sign', results)}`);
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const cli = new Command('sign')
    .option('--duration <s>', 'seconds per measured slice', (v) => Number(v), 3)
    .option('--rounds <n>', 'rounds of alternating ours / peer slices', (v) => Number(v), 3)
    .option('--big-mb <n>', 'size of the file for the memory figure', (v) => Number(v), 200)
    .parse();
  setTimeout(() => {
    log(`watchdog: still running after ${WATCHDOG_MS / 1000} s, stopping`);
    process.exit(2);
  }, WATCHDOG_MS).unref();
  run(cli.opts<Options>()).then(
    () => process.exit(0),
    (e: unknown) => {
      log(`failed: ${e instanceof Error ? e.stack : String(e)}`);
      process.exit(1);
    },
  );
}
