/**
 * Child process of bench/validate.ts: validates the PDF at argv[2] by path (offline, trusting the
 * PEM root at argv[3], at the moment argv[4]) and prints its peak RSS and the verdicts as JSON. Run
 * in a fresh process so that the figure is the validation's alone.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Certificate } from '../signing/pki/certificate';
import { validatePdf } from '../signing/validate/validate-pdf';
import { maxRssMiB, type ChildMemory } from './signing-support';

void (async () => {
  const [file, rootPem, at] = process.argv.slice(2) as [string, string, string];
  const root = Certificate.from(fs.readFileSync(rootPem, 'utf8'));
  const baselineMiB = maxRssMiB();
  const started = performance.now();
  const v = await validatePdf(file, {
    trustAnchors: [root],
    at: new Date(at),
    revocation: { offline: true },
  });
  const report: ChildMemory & { indications: string[] } = {
    baselineMiB,
    peakMiB: maxRssMiB(),
    ms: Math.round(performance.now() - started),
    indications: v.signatures.map((s) => `${s.fieldName} ${s.indication}`),
  };
  process.stdout.write(JSON.stringify(report) + '\n');
})().catch((e: unknown) => {
  process.stderr.write(`[validate-memory] ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
