/**
 * What isolating validation costs: the Decree 30 sequence (leader B-T, number and date, seal B-LTA:
 * three signatures) validated in this process with validatePdf (the peer: no isolation at all),
 * through the ValidationPool with one process, and with one process per core; plus how long the
 * pool takes to answer for a hostile file (6.5 million cross-reference entries) that it kills at its
 * memory limit, and the server process's own peak memory meanwhile.
 *
 *   npx ts-node --transpile-only bench/validation-isolation.ts [--runs 40]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Certificate } from '../signing/pki/certificate';
import { createDevPki } from '../signing/pki/create-dev-pki';
import { DevTimestampClient } from '../signing/pki/dev-timestamp-client';
import { drawSealPng, drawSignaturePng } from '../signing/sign/appearance/draw-png';
import { fillPdf } from '../signing/sign/fill-pdf';
import { DevRevocationData } from '../signing/sign/revocation-data-source';
import { signPdf } from '../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../signing/sign/signers/pkcs12-signer';
import { validatePdf } from '../signing/validate/validate-pdf';
import { ValidationPool } from '../workflows/validation/validation-pool';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 40;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function sequence(dir: string): Promise<{ pdf: Buffer; root: Buffer; at: Date }> {
  const now = new Date('2026-03-02T01:00:00Z');
  const pki = await createDevPki({ now, dir, baseUrl: 'http://127.0.0.1:1/pki' });
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('QUYET DINH', {
    x: 255,
    y: 650,
    size: 14,
    font: await doc.embedFont(StandardFonts.TimesRoman),
  });
  const leaderAt = new Date(now.getTime() + 24 * 3600_000);
  const sealAt = new Date(leaderAt.getTime() + 3600_000);
  const services = (at: Date) => ({
    timestampClient: new DevTimestampClient(pki.timestampAuthority, () => at),
    revocationData: new DevRevocationData([pki.crlIssuer, pki.rootCrlIssuer], {
      responder: pki.ocspResponder,
      issuer: pki.issuingCa.certificate,
    }),
  });
  const signer = (id: typeof pki.leader, at: Date) =>
    Pkcs12Signer.fromKey(id.key, id.certificate, id.chain, { clock: () => at });
  const s1 = await signPdf({
    input: Buffer.from(await doc.save()),
    signer: signer(pki.leader, leaderAt),
    role: 'leader',
    level: 'B-T',
    signingTime: leaderAt,
    ...services(leaderAt),
    appearance: { image: drawSignaturePng() },
  });
  const s2 = await fillPdf({ input: s1.bytes!, number: '3/QĐ-UBND', date: 'ngày 03 tháng 3 năm 2026' });
  const s3 = await signPdf({
    input: s2.bytes!,
    signer: signer(pki.organisation, sealAt),
    role: 'org',
    level: 'B-LTA',
    signingTime: sealAt,
    ...services(sealAt),
    appearance: { image: drawSealPng() },
  });
  return { pdf: s3.bytes!, root: pki.root.certificate.der, at: new Date(sealAt.getTime() + 3600_000) };
}

function xrefBomb(entries: number): Buffer {
  const head =
    '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
  const xrefAt = head.length;
  const rows = Buffer.alloc(entries * 5);
  for (let i = 4; i < entries; i++) {
    rows[i * 5] = 2;
    rows.writeUIntBE(1, i * 5 + 1, 3);
    rows[i * 5 + 4] = i % 200;
  }
  rows[5] = 1;
  rows.writeUIntBE(9, 6, 3);
  rows[10] = 1;
  rows.writeUIntBE(head.indexOf('2 0 obj'), 11, 3);
  rows[15] = 1;
  rows.writeUIntBE(xrefAt, 16, 3);
  const data = zlib.deflateSync(rows);
  return Buffer.concat([
    Buffer.from(
      `${head}3 0 obj\n<< /Type /XRef /Size ${entries} /W [1 3 1] /Root 1 0 R /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
      'latin1',
    ),
    data,
    Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
  ]);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-bench-isolation-'));
  try {
    const { pdf, root, at } = await sequence(path.join(dir, 'pki'));
    const file = path.join(dir, 'sequence.pdf');
    fs.writeFileSync(file, pdf);
    const anchors = [Certificate.fromDer(root)];
    const job = { path: file, at: at.toISOString(), trustAnchorsDer: [root] };

    // Peer: in this process, nothing isolated.
    for (let i = 0; i < 5; i++) await validatePdf(file, { trustAnchors: anchors, at });
    const inProcess: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await validatePdf(file, { trustAnchors: anchors, at });
      inProcess.push(performance.now() - t0);
      if (r.indication !== 'TOTAL_PASSED') throw new Error(`in-process: ${r.indication}`);
    }

    // One process: each file crosses IPC and comes back as JSON.
    const one = new ValidationPool({ workers: 1 });
    const bootStart = performance.now();
    await one.run(job);
    const boot = performance.now() - bootStart;
    for (let i = 0; i < 4; i++) await one.run(job);
    const isolated: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const o = await one.run(job);
      isolated.push(performance.now() - t0);
      if (o.kind !== 'result' || o.result.indication !== 'TOTAL_PASSED') throw new Error(`pool: ${o.kind}`);
    }
    await one.close();

    // One process per core, as many files in flight.
    const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
    const all = new ValidationPool({ workers: cores });
    await Promise.all(Array.from({ length: cores }, () => all.run(job)));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: runs * 2 }, () => all.run(job)));
    const parallelMs = performance.now() - t0;
    await all.close();

    // A hostile file: answered ABORTED when the process hits its heap limit; this process unharmed.
    const bomb = path.join(dir, 'bomb.pdf');
    fs.writeFileSync(bomb, xrefBomb(6_500_000));
    const guard = new ValidationPool({ workers: 1 });
    await guard.run(job);
    const h0 = performance.now();
    const hostile = await guard.run({ ...job, path: bomb });
    const hostileMs = performance.now() - h0;
    await guard.close();

    const results = {
      machine: { node: process.version, cpu: os.cpus()[0]?.model, cores },
      document: { signatures: 3, bytes: pdf.length },
      inProcessMsPerDoc: round(median(inProcess)),
      isolatedMsPerDoc: round(median(isolated)),
      isolationOverheadMs: round(median(isolated) - median(inProcess)),
      ratioIsolatedToInProcess: round(median(isolated) / median(inProcess), 2),
      parallelDocsPerSecond: round(((runs * 2) / parallelMs) * 1000),
      inProcessDocsPerSecond: round(1000 / median(inProcess)),
      processStartMs: round(boot),
      hostile: {
        outcome: hostile.kind,
        code: hostile.kind === 'result' ? null : hostile.problem.code,
        answeredInMs: round(hostileMs),
      },
      serverPeakRssMiB: round(process.resourceUsage().maxRSS / 1024, 0),
    };
    console.log(
      [
        `document: Decree 30 sequence, 3 signatures, ${pdf.length} bytes; ${runs} runs; ${cores} cores`,
        `in process (peer)        ${results.inProcessMsPerDoc} ms/doc  (${results.inProcessDocsPerSecond} docs/s)`,
        `isolated, 1 process      ${results.isolatedMsPerDoc} ms/doc  (×${results.ratioIsolatedToInProcess}, +${results.isolationOverheadMs} ms)`,
        `isolated, ${cores} processes    ${results.parallelDocsPerSecond} docs/s`,
        `process start            ${results.processStartMs} ms (once per process, reused for 200 files)`,
        `hostile file (6.5 M xref entries): ${results.hostile.outcome} ${results.hostile.code} after ${results.hostile.answeredInMs} ms; server peak RSS ${results.serverPeakRssMiB} MiB`,
      ].join('\n'),
    );
    fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
    fs.writeFileSync(
      path.join(__dirname, 'out', 'validation-isolation.json'),
      JSON.stringify(results, null, 2) + '\n',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
