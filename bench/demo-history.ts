/**
 * The demo history's speed (issue 13 item 7, docs/reports.md "Demo history"): in one run on a fresh
 * embedded PostgreSQL with the demo province, `--docs` outgoing documents generated through the domain
 * functions with the digests recorded (the peer: no signing engine) and `--docs` more signed through the
 * development CA (leader B-T, seal B-LTA, ECDSA P-256 credentials issued on first use), each over its own
 * weeks of 2024, then `--docs` signed with RSA-2048 credentials (the key type before the profile; the
 * first run's credentials are retired first, so both signed runs issue theirs). Prints documents per second of both, their ratio, the signing engine's ms per
 * document, and the full scale's (46.057 documents) estimate from the signed rate.
 *
 *    npx ts-node --transpile-only bench/demo-history.ts --docs 60
 *
 * Results: stdout and bench/out/demo-history.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { developmentSigningServices } from '../server/signing/minimal-signing-services';
import { runMigrations } from '../storage/db/data-source';
import { startBenchDatabase } from './bench-util';
import { createObjectStore } from '../storage/objects/create-object-store';
import { seedDemoProvince } from '../workflows/directory/seed-demo-province';
import { DEMO_SCALES, generateDemoHistory, type DemoScale } from '../workflows/demo/demo-history';
import { DevSigningAuthority } from '../workflows/signing/dev-signing-authority';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FULL = DEMO_SCALES.full.provinceDistrict + DEMO_SCALES.full.commune;

async function main(): Promise<void> {
  const docs = arg('docs', 60);
  const bench = await startBenchDatabase('vanban-bench-demo-');
  const { tempDir, db } = bench;
  const objects = await createObjectStore({ kind: 'local', root: path.join(tempDir, 'objects') });
  const clock = { now: () => new Date() };
  const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
  try {
    await runMigrations(db);
    await seedDemoProvince(db, { clock });
    const dev = await DevSigningAuthority.open(db, {
      dir: path.join(tempDir, 'pki'),
      baseUrl: 'http://127.0.0.1:1/pki/dev',
      clock,
      validFrom: new Date('2021-01-01T00:00:00Z'),
    });
    const signing = developmentSigningServices(objects, dev);
    const scale = (n: number): DemoScale => ({
      provinceDistrict: Math.ceil((n * 3) / 4),
      provinceDistrictUnsealed: 0,
      commune: n - Math.ceil((n * 3) / 4),
      communeUnsealed: 0,
    });
    // Warm-up (module loading, first queries), not counted.
    await generateDemoHistory(db, {
      scale: scale(4),
      from: '2024-01-02',
      to: '2024-01-05',
      objects,
      seed: 1,
    });
    const unsigned = await generateDemoHistory(db, {
      scale: scale(docs),
      from: '2024-01-08',
      to: '2024-02-15',
      objects,
      seed: 2,
    });
    log(`digests recorded: ${docs} documents in ${unsigned.ms} ms`);
    const signed = await generateDemoHistory(db, {
      scale: scale(docs),
      from: '2024-02-15',
      to: '2024-04-01',
      objects,
      signing,
      seed: 3,
    });
    log(`signed: ${docs} documents in ${signed.ms} ms (signing engine ${signed.signing.ms} ms)`);
    // The same with RSA-2048 credentials (the key type before the profile), for the key generation's share;
    // the first run's credentials are retired here (bench only) so that both runs issue their own.
    await db.query(`UPDATE signing_credentials SET active = false, deactivated_at = now() WHERE active`);
    const rsa = await generateDemoHistory(db, {
      scale: scale(docs),
      from: '2024-04-01',
      to: '2024-05-15',
      objects,
      signing,
      credentialKey: 'rsa-2048',
      seed: 4,
    });
    log(
      `signed, RSA-2048 credentials: ${docs} documents in ${rsa.ms} ms (signing engine ${rsa.signing.ms} ms)`,
    );
    const rate = (ms: number) => (docs * 1000) / ms;
    const out = {
      docs,
      machine: { cpus: os.cpus().length, loadavg: os.loadavg() },
      unsignedDocsPerSecond: rate(unsigned.ms),
      signedDocsPerSecond: rate(signed.ms),
      ratio: unsigned.ms / signed.ms,
      signingMsPerDocument: signed.signing.ms / docs,
      rsaCredentials: { docsPerSecond: rate(rsa.ms), signingMsPerDocument: rsa.signing.ms / docs },
      msPerDocument: { unsigned: unsigned.ms / docs, signed: signed.ms / docs },
      fullScaleEstimateHours: FULL / rate(signed.ms) / 3600,
    };
    console.log(
      `demo history: ${out.unsignedDocsPerSecond.toFixed(2)} docs/s with digests recorded (peer), ` +
        `${out.signedDocsPerSecond.toFixed(2)} docs/s signed (×${out.ratio.toFixed(2)}); signing engine ` +
        `${out.signingMsPerDocument.toFixed(0)} ms/document; full scale (${FULL} documents) ≈ ` +
        `${out.fullScaleEstimateHours.toFixed(1)} h at the signed rate (load average ${os.loadavg()[0]!.toFixed(1)}); ` +
        `with RSA-2048 credentials ${rate(rsa.ms).toFixed(2)} docs/s (×${(signed.ms / rsa.ms).toFixed(2)} of ECDSA)`,
    );
    fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'out', 'demo-history.json'), JSON.stringify(out, null, 2));
  } finally {
    await objects.close();
    await bench.stop();
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
