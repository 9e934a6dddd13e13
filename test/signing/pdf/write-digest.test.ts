import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IncrementalUpdate, PdfReader, hashByteRanges } from '../../../signing/pdf';
import { MINIMAL_BODIES, syntheticPdf } from './synthetic-pdf';
import { addSignatureField } from './update-fixture';

describe('signing/pdf writeToFile hashes the byte ranges while writing', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-pdf-digest-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  // A file of several MiB (the copy runs through its rotating 1 MiB buffers), one ending without
  // an EOL (the update then starts with one), and a small one.
  const big = syntheticPdf([
    ...MINIMAL_BODIES,
    `<< /Length 3500000 >>\nstream\n${'x'.repeat(3_500_000)}\nendstream`,
  ]);
  const cases: [string, Buffer][] = [
    ['3.5 MB', big],
    ['no final EOL', syntheticPdf(MINIMAL_BODIES).subarray(0, -1)],
    ['small', syntheticPdf(MINIMAL_BODIES)],
  ];

  for (const [label, bytes] of cases) {
    for (const from of ['path', 'buffer'] as const) {
      it(`${label}, read from a ${from}: the digest equals a hash of the file read back`, async () => {
        const input = path.join(dir, `${label}-in.pdf`);
        fs.writeFileSync(input, bytes);
        const reader = PdfReader.open(from === 'path' ? input : bytes);
        try {
          const update = new IncrementalUpdate(reader);
          addSignatureField(update, 'Sig1');
          const out = path.join(dir, `${label}-${from}-out.pdf`);
          for (const alg of ['sha256', 'sha512'] as const) {
            const written = await update.writeToFile(out, { digestAlgorithm: alg });
            const onDisk = fs.readFileSync(out);
            expect(onDisk.subarray(0, bytes.length).equals(bytes)).to.equal(true);
            expect(onDisk.length).to.equal(written.length);
            expect(written.digest).to.be.instanceOf(Buffer);
            expect(
              written.digest!.equals(await hashByteRanges(out, written.signature!.byteRange, alg)),
            ).to.equal(true);
          }
          // Without an algorithm, no digest.
          expect((await update.writeToFile(out)).digest).to.equal(undefined);
        } finally {
          reader.close();
        }
      });
    }
  }
});
