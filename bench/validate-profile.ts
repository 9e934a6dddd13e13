/**
 * Profiling aid for bench/validate.ts: validates one saved document in a loop so that
 * `node --cpu-prof` sees only validatePdf. Documents come from
 * `bench/validate.ts --rounds 0 --no-memory --save-dir DIR`.
 *
 *   node --cpu-prof --cpu-prof-dir bench/out/prof -r ts-node/register/transpile-only \
 *     bench/validate-profile.ts DIR/1-page.pdf [seconds] [--memory]
 */
import fs from 'node:fs';
import path from 'node:path';
import { Certificate } from '../signing/pki/certificate';
import { validatePdf } from '../signing/validate/validate-pdf';

async function main(): Promise<void> {
  const [file, secondsArg, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: validate-profile.ts FILE.pdf [seconds] [--memory]');
  const dir = path.dirname(file);
  const root = Certificate.from(fs.readFileSync(path.join(dir, 'root.pem'), 'utf8'));
  const at = new Date(fs.readFileSync(path.join(dir, 'at.txt'), 'utf8').trim());
  const input = rest.includes('--memory') ? fs.readFileSync(file) : file;
  const options = { trustAnchors: [root], at, revocation: { offline: true } };
  const check = await validatePdf(input, options);
  if (check.indication !== 'TOTAL_PASSED') throw new Error(`${file}: ${check.indication}`);
  const until = Date.now() + Number(secondsArg ?? 5) * 1000;
  let n = 0;
  const t0 = process.hrtime.bigint();
  while (Date.now() < until) {
    await validatePdf(input, options);
    n++;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  process.stdout.write(`${path.basename(file)}: ${n} validations, ${ms.toFixed(3)} ms each\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
