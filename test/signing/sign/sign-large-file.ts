/**
 * Child process for the bounded-memory test: signs the PDF at argv[2] into argv[3] (seal, B-B,
 * visible stamp) and prints the peak RSS in bytes. Run through ts-node.
 */
import { createDevPki } from '../../../signing/pki/create-dev-pki';
import { drawSealPng } from '../../../signing/sign/appearance/draw-png';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../../../signing/sign/signers/pkcs12-signer';

void (async () => {
  const now = new Date('2026-03-02T01:00:00Z');
  const pki = await createDevPki({ now, keySpec: 'ec-p256' });
  const at = new Date(now.getTime() + 3600_000);
  const signer = Pkcs12Signer.fromKey(
    pki.organisation.key,
    pki.organisation.certificate,
    pki.organisation.chain,
    {
      clock: () => at,
    },
  );
  const before = process.resourceUsage().maxRSS * 1024;
  await signPdf({
    input: process.argv[2],
    output: process.argv[3],
    signer,
    role: 'org',
    level: 'B-B',
    signingTime: at,
    appearance: { image: drawSealPng() },
  });
  process.stdout.write(JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024 }) + '\n');
})();
