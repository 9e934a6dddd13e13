/**
 * Validation benchmark: full validation — structure, CMS, certificate path with the embedded
 * revocation data, modification analysis — of two-signature documents (leader, then the clerk's
 * number and date with the organisation seal; both PAdES B-LT with visible stamps, made by our
 * signing engine with the development PKI) of 1 page, 100 pages and ~10 MB, and a 1-page document
 * signed 25 times (invisible, B-T, the last one B-LT: its DSS update carries the revocation data of
 * the common CAs for all of them), one document at a time
 * in one process, beside poppler's `pdfsig` on the same files in the same run, as a whole process
 * per document: with certificate checks (an NSS database trusting the development root; its OCSP
 * requests go to a closed loopback port and are refused at once) and with `-nocert`.
 *
 *   npx ts-node --transpile-only bench/validate.ts [--duration 3] [--rounds 3] [--big-mb 200]
 *
 * Ours: `validatePdf(path)` (the file read through a descriptor, as pdfsig reads it) and
 * `validatePdf(buffer)` (already in memory), offline, trusting the development root. Slices
 * alternate ours / pdfsig / pdfsig -nocert within each round; each ratio is taken within one round,
 * median over rounds. Every verdict is checked once: ours TOTAL_PASSED for every signature (for the
 * two-signature files with the fill classed FORM_FILLING), pdfsig "Signature is Valid" for each.
 * The reference tracker (signing/validate/reference-tracker.ts) reads a revision's whole object graph
 * only when a permissive rule is about to allow a changed object: its use during the validations is
 * counted, and its cost when it runs is measured apart — the whole graph of each document's newest
 * revision read and walked, median of 20.
 * Memory: a child process (validate-memory.ts) validates a --big-mb two-signature file by path; its
 * peak RSS, beside pdfsig's (GNU time) on the same file.
 * A file above 4 MiB by path has its ranges hashed on the validator's hashing thread (started by the
 * verdict check before the slices) while the other checks run: its CPU time is in ours below.
 * CPU time: each slice also records the CPU time per document — of this process for ours (every
 * thread, GC helpers and the hashing thread included), of the waited-for children for pdfsig (/proc/self/stat cutime +
 * cstime) — and the CPU ratio (pdfsig's ÷ ours, within each round, median) is printed beside the
 * wall-clock one: on a machine other work keeps busy, waiting for a core counts in neither.
 * Results: a table on stdout and bench/out/validate.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { createDevPki, type DevPki } from '../signing/pki/create-dev-pki';
import { DevTimestampClient } from '../signing/pki/dev-timestamp-client';
import { drawSealPng, drawSignaturePng } from '../signing/sign/appearance/draw-png';
import { DevRevocationData } from '../signing/sign/revocation-data-source';
import { signPdf, type SignPdfOptions } from '../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../signing/sign/signers/pkcs12-signer';
import { PdfReader } from '../signing/pdf';
import { ReferenceTracker, trackerStats } from '../signing/validate/reference-tracker';
import { validatePdf } from '../signing/validate/validate-pdf';
import type { DocumentValidation } from '../signing/validate/validation-result';
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
  /** false with --no-memory: skip the big-file figure. */
  memory: boolean;
  /** Copy the signed documents, root.pem and the validation moment there (for profiling). */
  saveDir?: string;
}

const WATCHDOG_MS = 12 * 60_000;
const log = (line: string) => process.stderr.write(`[validate] ${line}\n`);

const HOUR = 3600_000;
/** Fixed moments: the PKI two days ago, the leader a day later, the seal an hour after, validation an hour after that. */
const PKI_TIME = new Date(Date.now() - 48 * HOUR);
const LEADER_TIME = new Date(PKI_TIME.getTime() + 24 * HOUR);
const SEAL_TIME = new Date(LEADER_TIME.getTime() + HOUR);
const VALIDATION_TIME = new Date(SEAL_TIME.getTime() + HOUR);

/** Leader (B-LT) then the seal with the number and date (B-LT): the Decree 30 document as archived. */
async function twoSignatures(
  pki: DevPki,
  input: Buffer | string,
  output: string | undefined,
  visible: boolean,
): Promise<Buffer | string> {
  const services = (at: Date) => ({
    timestampClient: new DevTimestampClient(pki.timestampAuthority, () => at),
    revocationData: new DevRevocationData([pki.crlIssuer, pki.rootCrlIssuer], {
      responder: pki.ocspResponder,
      issuer: pki.issuingCa.certificate,
    }),
  });
  const common = (
    at: Date,
  ): Pick<SignPdfOptions, 'level' | 'signingTime' | 'timestampClient' | 'revocationData'> => ({
    level: 'B-LT',
    signingTime: at,
    ...services(at),
  });
  const leader = await signPdf({
    input,
    output: output && `${output}.leader.pdf`,
    signer: Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, pki.leader.chain, {
      clock: () => LEADER_TIME,
    }),
    role: 'leader',
    ...common(LEADER_TIME),
    appearance: visible ? { image: drawSignaturePng() } : { visible: false, draftFields: false },
  });
  try {
    const sealed = await signPdf({
      input: leader.bytes ?? leader.path!,
      output,
      signer: Pkcs12Signer.fromKey(
        pki.organisation.key,
        pki.organisation.certificate,
        pki.organisation.chain,
        {
          clock: () => SEAL_TIME,
        },
      ),
      role: 'org',
      ...common(SEAL_TIME),
      ...(visible
        ? {
            appearance: { image: drawSealPng() },
            fill: { number: '12/QĐ-UBND', date: 'ngày 03 tháng 3 năm 2026' },
          }
        : { appearance: { visible: false } }),
    });
    return sealed.bytes ?? sealed.path!;
  } finally {
    if (leader.path) fs.rmSync(leader.path, { force: true });
  }
}

const MANY = 25;

/**
 * A 1-page document signed MANY times, leader and organisation in turn, invisible: B-T, then the
 * last B-LT (the archiving step; the dev PKI's CRLs and OCSP responses are per CA, so its DSS
 * covers every signer). Each signature B-LT would add ~39 fresh dev CRLs per signing to the DSS.
 */
async function manySignatures(pki: DevPki, input: Buffer): Promise<Buffer> {
  let current = input;
  for (let i = 0; i < MANY; i++) {
    const at = new Date(LEADER_TIME.getTime() + i * 60_000);
    const who = i % 2 === 0 ? pki.leader : pki.organisation;
    const signed = await signPdf({
      input: current,
      signer: Pkcs12Signer.fromKey(who.key, who.certificate, who.chain, { clock: () => at }),
      role: 'org',
      fieldName: `chu_ky_${i + 1}`,
      level: i === MANY - 1 ? 'B-LT' : 'B-T',
      signingTime: at,
      timestampClient: new DevTimestampClient(pki.timestampAuthority, () => at),
      revocationData: new DevRevocationData([pki.crlIssuer, pki.rootCrlIssuer], {
        responder: pki.ocspResponder,
        issuer: pki.issuingCa.certificate,
      }),
      appearance: { visible: false },
    });
    current = signed.bytes!;
  }
  return current;
}

/** Our verdict must be the expected one before anything is timed. */
function checkOurs(v: DocumentValidation, name: string, expected: number): void {
  const problems = v.signatures
    .filter((s) => s.indication !== 'TOTAL_PASSED')
    .map((s) => `${s.fieldName}: ${s.indication} ${s.subIndication ?? ''} ${s.reasons.join('; ')}`);
  if (v.signatures.length !== expected || problems.length > 0)
    throw new Error(`our validation of ${name}: ${v.signatures.length} signatures; ${problems.join(' | ')}`);
  if (expected !== 2) return;
  const leader = v.signatures.find((s) => s.fieldName === 'chu_ky_lanh_dao');
  if (leader?.modificationLevel !== 'FORM_FILLING')
    throw new Error(
      `${name}: the leader's later changes classed ${leader?.modificationLevel}, not FORM_FILLING`,
    );
}

/** pdfsig on one file as a whole process: its exit status and how many signatures it found valid. */
function pdfsig(
  file: string,
  args: readonly string[],
): { total: number; valid: number; status: number | null } {
  const r = spawnSync('pdfsig', [...args, file], { encoding: 'utf8' });
  const report = r.stdout + r.stderr;
  return {
    total: (report.match(/^Signature #\d+:/gm) ?? []).length,
    valid: (report.match(/Signature Validation: Signature is Valid/g) ?? []).length,
    status: r.status,
  };
}

/** An NSS database in which the development root is a trusted CA, so pdfsig checks the whole path. */
function nssDatabase(dir: string, pki: DevPki): string {
  const db = path.join(dir, 'nssdb');
  fs.mkdirSync(db);
  const root = path.join(dir, 'root.pem');
  fs.writeFileSync(root, pki.root.certificate.toPem());
  const run = (args: string[]) => {
    const r = spawnSync('certutil', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  };
  run(['-N', '-d', `sql:${db}`, '--empty-password']);
  run(['-A', '-d', `sql:${db}`, '-n', 'vanban-dev-root', '-t', 'CT,C,C', '-a', '-i', root]);
  return db;
}

/** Peak RSS of one pdfsig run on `file`, in MiB (GNU time's %M), or undefined without GNU time. */
function pdfsigPeakMiB(file: string, args: readonly string[]): number | undefined {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'pdfsig', ...args, file], { encoding: 'utf8' });
  const kib = Number(/(\d+)\s*$/.exec(r.stderr.trim())?.[1]);
  return Number.isFinite(kib) ? round(kib / 1024, 0) : undefined;
}

/**
 * The memory figure: a `megabytes` MB file signed twice path to path (invisible, B-LT), validated by
 * a child process (its peak RSS), and pdfsig's peak RSS on the same file.
 */
async function bigFile(
  pki: DevPki,
  tempDir: string,
  megabytes: number,
  withCert: string[],
  noCert: string[],
) {
  log(`memory: a ${megabytes} MB two-signature file, validated by a child process`);
  const bigInput = path.join(tempDir, 'big-input.pdf');
  writeBigPdf(bigInput, megabytes * 1024 * 1024);
  const big = path.join(tempDir, 'big.pdf');
  await twoSignatures(pki, bigInput, big, false);
  fs.rmSync(bigInput);
  try {
    const ours = runChild<ChildMemory & { indications: string[] }>('validate-memory', [
      big,
      path.join(tempDir, 'root.pem'),
      VALIDATION_TIME.toISOString(),
    ]);
    const pdfsig = { withCert: pdfsigPeakMiB(big, withCert), nocert: pdfsigPeakMiB(big, noCert) };
    return { fileBytes: fs.statSync(big).size, ours, pdfsig };
  } finally {
    fs.rmSync(big);
  }
}

async function run(options: Options): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-validate-'));
  const loadAverageBefore = os.loadavg().map((x) => round(x, 2));
  try {
    log('creating the development PKI (RSA-2048) and the signed documents');
    // Revocation URLs point at a closed loopback port: pdfsig's OCSP requests are refused at once.
    const pki = await createDevPki({ now: PKI_TIME, keySpec: 'rsa-2048', baseUrl: 'http://127.0.0.1:9/pki' });
    const trust = {
      trustAnchors: [pki.root.certificate],
      at: VALIDATION_TIME,
      revocation: { offline: true },
    };
    const nssdir = nssDatabase(tempDir, pki);
    const withCert = ['-nssdir', `sql:${nssdir}`];
    const noCert = ['-nocert'];

    const documents = [];
    const drafts = await benchDocuments();
    for (const d of drafts) {
      const bytes = (await twoSignatures(pki, d.bytes, undefined, true)) as Buffer;
      const file = path.join(tempDir, `${d.name}.pdf`);
      fs.writeFileSync(file, bytes);
      documents.push({ ...d, bytes, file, signatures: 2 });
    }
    {
      log(`signing the 1-page document ${MANY} times`);
      const bytes = await manySignatures(pki, drafts[0]!.bytes);
      const file = path.join(tempDir, `${MANY}-signatures.pdf`);
      fs.writeFileSync(file, bytes);
      documents.push({
        name: `${MANY}-signatures`,
        description: `1 page of text signed ${MANY} times (invisible; B-T, the last B-LT)`,
        bytes,
        file,
        signatures: MANY,
      });
    }
    if (options.saveDir !== undefined) {
      fs.mkdirSync(options.saveDir, { recursive: true });
      for (const d of documents) fs.copyFileSync(d.file, path.join(options.saveDir, `${d.name}.pdf`));
      fs.writeFileSync(path.join(options.saveDir, 'root.pem'), pki.root.certificate.toPem());
      fs.writeFileSync(path.join(options.saveDir, 'at.txt'), VALIDATION_TIME.toISOString());
      log(`signed documents saved in ${options.saveDir}`);
      if (options.rounds === 0) return;
    }

    // Check every verdict once (which also warms up the JIT).
    const checks: Record<string, { ours: string; pdfsig: string; pdfsigNocert: string }> = {};
    const trackerBefore = { ...trackerStats };
    for (const d of documents) {
      checkOurs(await validatePdf(d.file, trust), d.name, d.signatures);
      checkOurs(await validatePdf(d.bytes, trust), d.name, d.signatures);
      const a = pdfsig(d.file, withCert);
      const b = pdfsig(d.file, noCert);
      if (b.total !== d.signatures || b.valid !== d.signatures)
        throw new Error(`pdfsig -nocert: ${b.valid}/${b.total} valid on ${d.name}`);
      checks[d.name] = {
        ours: d.signatures === 2 ? 'TOTAL_PASSED ×2, fill FORM_FILLING' : `TOTAL_PASSED ×${d.signatures}`,
        pdfsig: `${a.valid}/${a.total} valid`,
        pdfsigNocert: `${b.valid}/${b.total} valid`,
      };
    }

    type Measured = {
      oursPath: CpuSlice[];
      oursBuffer: CpuSlice[];
      pdfsig: CpuSlice[];
      pdfsigNocert: CpuSlice[];
    };
    const measured: Record<string, Measured> = {};
    for (const d of documents)
      measured[d.name] = { oursPath: [], oursBuffer: [], pdfsig: [], pdfsigNocert: [] };
    for (let r = 1; r <= options.rounds; r++) {
      log(
        `round ${r}/${options.rounds}: ours by path, ours in memory, pdfsig, pdfsig -nocert, ${options.duration} s each`,
      );
      for (const d of documents) {
        const m = measured[d.name]!;
        m.oursPath.push(await cpuSlice(() => validatePdf(d.file, trust), options.duration, 'self'));
        m.oursBuffer.push(await cpuSlice(() => validatePdf(d.bytes, trust), options.duration, 'self'));
        m.pdfsig.push(await cpuSlice(() => pdfsig(d.file, withCert), options.duration, 'children'));
        m.pdfsigNocert.push(await cpuSlice(() => pdfsig(d.file, noCert), options.duration, 'children'));
      }
    }

    // The tracker in the checked validations above (2 per document): graphs read, objects read.
    const trackerInValidation = {
      validations: 2 * documents.length,
      graphsRead: trackerStats.graphsRead - trackerBefore.graphsRead,
      objectsRead: trackerStats.objectsRead - trackerBefore.objectsRead,
    };
    // Its cost when a rule needs it: the newest revision's whole graph read and walked.
    const trackerCost = documents.map((d) => {
      const times: number[] = [];
      let objects = 0;
      for (let i = 0; i < 20; i++) {
        const reader = PdfReader.open(d.bytes);
        const t0 = process.hrtime.bigint();
        const tracker = new ReferenceTracker(reader, reader.revisions.length - 1);
        tracker.reachedOtherwise('0 0', 'none', () => false);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        objects = tracker.objectsRead;
      }
      return { document: d.name, objects, ms: round(median(times), 2) };
    });

    const memory = options.memory ? await bigFile(pki, tempDir, options.bigMb, withCert, noCert) : undefined;

    const rate = (xs: Slice[]) => median(xs.map((s) => s.rate));
    const ratio = (a: Slice[], b: Slice[]) => round(median(a.map((s, i) => s.rate / b[i]!.rate)), 1);
    // CPU time per document, pdfsig's ÷ ours, within each round: steadier than the wall-clock
    // ratio on a machine other work keeps busy (waiting for a core counts in neither).
    const cpuMs = (xs: CpuSlice[]) => round(median(xs.map((s) => s.cpuMsPerDocument)), 2);
    const cpuRatio = (a: CpuSlice[], b: CpuSlice[]) =>
      round(median(a.map((s, i) => b[i]!.cpuMsPerDocument / s.cpuMsPerDocument)), 1);
    const rows = documents.map((d) => {
      const m = measured[d.name]!;
      return {
        document: d.name,
        description:
          d.signatures === 2
            ? `${d.description}, leader + seal (B-LT), visible stamps, number and date filled`
            : d.description,
        bytes: d.bytes.length,
        oursPath: {
          rate: rate(m.oursPath),
          msPerDocument: round(1000 / rate(m.oursPath), 2),
          rounds: m.oursPath,
        },
        oursBuffer: {
          rate: rate(m.oursBuffer),
          msPerDocument: round(1000 / rate(m.oursBuffer), 2),
          rounds: m.oursBuffer,
        },
        pdfsig: { rate: rate(m.pdfsig), msPerDocument: round(1000 / rate(m.pdfsig), 1), rounds: m.pdfsig },
        pdfsigNocert: {
          rate: rate(m.pdfsigNocert),
          msPerDocument: round(1000 / rate(m.pdfsigNocert), 1),
          rounds: m.pdfsigNocert,
        },
        cpu: {
          oursPathMs: cpuMs(m.oursPath),
          oursBufferMs: cpuMs(m.oursBuffer),
          pdfsigMs: cpuMs(m.pdfsig),
          pdfsigNocertMs: cpuMs(m.pdfsigNocert),
          pathToPdfsig: cpuRatio(m.oursPath, m.pdfsig),
          pathToPdfsigNocert: cpuRatio(m.oursPath, m.pdfsigNocert),
        },
        ratios: {
          pathToPdfsig: ratio(m.oursPath, m.pdfsig),
          pathToPdfsigNocert: ratio(m.oursPath, m.pdfsigNocert),
          bufferToPdfsig: ratio(m.oursBuffer, m.pdfsig),
          bufferToPdfsigNocert: ratio(m.oursBuffer, m.pdfsigNocert),
        },
        checks: checks[d.name],
      };
    });
    const results = {
      benchmark: 'validate',
      at: new Date().toISOString(),
      machine: machine(),
      loadAverage: { before: loadAverageBefore, after: os.loadavg().map((x) => round(x, 2)) },
      options,
      profile:
        'validatePdf offline: structure, CMS, path to the dev root with embedded CRL/OCSP (DSS), signature timestamps, modification analysis',
      peer: `pdfsig (poppler ${pdfsigVersion()}) as a whole process per document: -nssdir (dev root trusted) and -nocert`,
      documents: rows,
      referenceTracker: { inValidation: trackerInValidation, wholeGraph: trackerCost },
      memory,
    };

    const m = results.machine;
    process.stdout.write(
      [
        '',
        `Validation benchmark — ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; ` +
          `load average before ${loadAverageBefore[0]}, after ${results.loadAverage.after[0]}`,
        '',
        table([
          [
            `Documents/s, one at a time (median of ${options.rounds})`,
            'ours (path)',
            'ours (memory)',
            'pdfsig',
            'pdfsig -nocert',
            'ratio',
            'ratio -nocert',
          ],
          ...rows.map((r) => [
            `${r.document} (${(r.bytes / 1024).toFixed(0)} KiB)`,
            `${r.oursPath.rate}`,
            `${r.oursBuffer.rate}`,
            `${r.pdfsig.rate}`,
            `${r.pdfsigNocert.rate}`,
            `${r.ratios.pathToPdfsig}×`,
            `${r.ratios.pathToPdfsigNocert}×`,
          ]),
        ]),
        `  ms per document: ${rows.map((r) => `${r.document} ours ${r.oursPath.msPerDocument}, pdfsig ${r.pdfsig.msPerDocument} / ${r.pdfsigNocert.msPerDocument}`).join('; ')}`,
        `  ratio = ours by path ÷ pdfsig, within each round, median; pdfsig with certificates: ${rows.map((r) => `${r.document} ${r.checks!.pdfsig}`).join(', ')}`,
        `  CPU ms per document (this process; pdfsig: its waited children), median: ${rows.map((r) => `${r.document} ours ${r.cpu.oursPathMs}, pdfsig ${r.cpu.pdfsigMs} / ${r.cpu.pdfsigNocertMs} → ${r.cpu.pathToPdfsig}× / ${r.cpu.pathToPdfsigNocert}×`).join('; ')}`,
        `  reference tracker: ${trackerInValidation.graphsRead} graph(s) read in ${trackerInValidation.validations} validations; ` +
          `whole graph when needed: ${trackerCost.map((t) => `${t.document} ${t.objects} objects ${t.ms} ms`).join(', ')}`,
        '',
        memory
          ? `Peak RSS validating a ${round(memory.fileBytes / 2 ** 20, 0)} MiB two-signature file by path: ours ${memory.ours.peakMiB} MiB ` +
            `(${memory.ours.baselineMiB} MiB before, ${memory.ours.ms} ms, ${memory.ours.indications.join(' / ')}); ` +
            `pdfsig ${memory.pdfsig.withCert ?? '?'} MiB, -nocert ${memory.pdfsig.nocert ?? '?'} MiB`
          : 'memory figure skipped (--no-memory)',
        '',
      ].join('\n'),
    );
    log(`results written to ${writeResults('validate', results)}`);
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

interface CpuSlice extends Slice {
  /** CPU time (user + system) per document, ms: of this process, or of the children it waited for. */
  readonly cpuMsPerDocument: number;
}

/** User + system CPU so far, ms: this process's (every thread), and its waited-for children's (Linux /proc). */
function cpuNow(): { self: number; children: number } {
  const u = process.cpuUsage();
  const stat = fs.readFileSync('/proc/self/stat', 'latin1');
  // Fields after "(comm) ": state is field 3, cutime 16 and cstime 17 (proc(5)), in clock ticks.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    self: (u.user + u.system) / 1000,
    children: ((Number(f[13]) + Number(f[14])) * 1000) / CLOCK_TICKS,
  };
}

const CLOCK_TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout.trim()) || 100;
})();

/** A timed slice (signing-support.ts) with the CPU time it took, of this process or of its children. */
async function cpuSlice(
  once: () => Promise<unknown> | unknown,
  seconds: number,
  whose: 'self' | 'children',
): Promise<CpuSlice> {
  const before = cpuNow()[whose];
  const s = await slice(once, seconds);
  return { ...s, cpuMsPerDocument: round((cpuNow()[whose] - before) / s.documents, 3) };
}

function pdfsigVersion(): string {
  const r = spawnSync('pdfsig', ['-v'], { encoding: 'utf8' });
  return /version ([\d.]+)/.exec(r.stdout + r.stderr)?.[1] ?? 'unknown';
}

if (require.main === module) {
  const cli = new Command('validate')
    .option('--duration <s>', 'seconds per measured slice', (v) => Number(v), 3)
    .option('--rounds <n>', 'rounds of alternating ours / pdfsig slices', (v) => Number(v), 3)
    .option('--big-mb <n>', 'size of the file for the memory figure', (v) => Number(v), 200)
    .option('--no-memory', 'skip the big-file memory figure')
    .option('--save-dir <dir>', 'also write the signed documents, root.pem and at.txt there (for profiling)')
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
