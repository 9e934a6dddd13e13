/**
 * Child process of bench/sign.ts: signs the PDF at argv[4] into argv[5] (PAdES B-B, invisible, path
 * to path) with the PKCS#12 at argv[2] (password argv[3]) and prints its peak RSS as JSON. Run in a
 * fresh process so that the figure is the signing's alone.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { signPdf } from '../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../signing/sign/signers/pkcs12-signer';
import { maxRssMiB, type ChildMemory } from './signing-support';

void (async () => {
  const [p12, password, input, output] = process.argv.slice(2) as [string, string, string, string];
  const signer = Pkcs12Signer.fromBuffer(fs.readFileSync(p12), password);
  const baselineMiB = maxRssMiB();
  const started = performance.now();
  await signPdf({
    input,
    output,
    signer,
    role: 'leader',
    level: 'B-B',
    signingTime: new Date(),
    appearance: { visible: false, draftFields: false },
  });
  const report: ChildMemory = {
    baselineMiB,
    peakMiB: maxRssMiB(),
    ms: Math.round(performance.now() - started),
  };
  process.stdout.write(JSON.stringify(report) + '\n');
})().catch((e: unknown) => {
  process.stderr.write(`[sign-memory] ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
