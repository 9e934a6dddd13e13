import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import forge from 'node-forge';
import { CodedError } from '../../../signing/errors';
import {
  BufferSource,
  PdfReader,
  embedSignature,
  embedSignatureSync,
  hashByteRanges,
  hashByteRangesSync,
  type PreparedSignature,
} from '../../../signing/pdf';
import { typicalUpdate } from './update-fixture';

const CORPUS = path.join(__dirname, '../../fixtures/corpus');

/** A self-signed test certificate and a detached CMS over `content` (node-forge, RSA-2048). */
function makeSigner(): (content: Buffer) => Buffer {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const attrs = [{ name: 'commonName', value: 'VanBan test signer' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(key, forge.md.sha256.create());
  return (content) => {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content.toString('binary'));
    p7.addCertificate(cert);
    p7.addSigner({
      key,
      certificate: cert,
      digestAlgorithm: forge.pki.oids.sha256,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  };
}

function signedBytes(data: Buffer, br: readonly number[]): Buffer {
  return Buffer.concat([data.subarray(br[0], br[0] + br[1]), data.subarray(br[2], br[2] + br[3])]);
}

describe('signing/pdf signature placeholder', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-pdf-sig-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reserves a byte range whose gap is exactly the /Contents hex string', () => {
    const { data, signature } = typicalUpdate(
      PdfReader.open(fs.readFileSync(`${CORPUS}/pyhanko/minimal.pdf`)),
      1,
    ).toBuffer();
    const [zero, a, b, c] = signature!.byteRange;
    expect(zero).to.equal(0);
    expect(b + c).to.equal(data.length);
    const gap = data.subarray(a, b).toString('latin1');
    expect(gap).to.match(/^<[0]+>$/);
    expect(gap.length).to.equal(2 + 2 * signature!.contentsCapacity);
    // The patched /ByteRange text in the file says the same, at the placeholder's fixed width.
    const m = /\/ByteRange (\[0 (\d+) (\d+) (\d+) *\])/.exec(data.toString('latin1'))!;
    expect([Number(m[2]), Number(m[3]), Number(m[4])]).to.deep.equal([a, b, c]);
    expect(m[1]).to.have.length('[0 ********** ********** **********]'.length);
  });

  it('hashes the byte ranges the same from a Buffer, a path and a ByteSource', async () => {
    const { data, signature } = typicalUpdate(
      PdfReader.open(fs.readFileSync(`${CORPUS}/pyhanko/minimal-xref.pdf`)),
      1,
    ).toBuffer();
    const file = path.join(dir, 'hash.pdf');
    fs.writeFileSync(file, data);
    const br = signature!.byteRange;
    const expected = crypto.createHash('sha384').update(signedBytes(data, br)).digest();
    expect(hashByteRangesSync(data, br, 'sha384').equals(expected)).to.equal(true);
    expect((await hashByteRanges(file, br, 'sha384')).equals(expected)).to.equal(true);
    expect((await hashByteRanges(new BufferSource(data), br, 'sha384')).equals(expected)).to.equal(true);
  });

  it('rejects byte ranges outside the file', async () => {
    const data = Buffer.alloc(100);
    expect(() => hashByteRangesSync(data, [0, 10, 50, 60], 'sha256'))
      .to.throw(CodedError)
      .with.property('code', 'SIGNATURE_PLACEHOLDER_INVALID');
    expect(() => hashByteRangesSync(data, [0, -1, 50, 10], 'sha256')).to.throw(CodedError);
  });

  it('refuses a signature larger than the reserved /Contents', async () => {
    const { data, signature } = typicalUpdate(
      PdfReader.open(fs.readFileSync(`${CORPUS}/pyhanko/minimal.pdf`)),
      1,
    ).toBuffer();
    const tooBig = Buffer.alloc(signature!.contentsCapacity + 1, 1);
    expect(() => embedSignatureSync(data, signature!, tooBig))
      .to.throw(CodedError)
      .with.property('code', 'SIGNATURE_TOO_LARGE');
    const exact = Buffer.alloc(signature!.contentsCapacity, 0xab);
    embedSignatureSync(data, signature!, exact);
    expect(
      data.subarray(signature!.byteRange[1] + 1, signature!.byteRange[2] - 1).toString('latin1'),
    ).to.equal('ab'.repeat(exact.length));
  });

  it('refuses to embed where there is no placeholder', () => {
    const data = Buffer.alloc(1000, 0x20);
    const fake: PreparedSignature = {
      byteRange: [0, 10, 30, 970],
      contentsOffset: 10,
      contentsCapacity: 9,
      fileLength: 1000,
    };
    expect(() => embedSignatureSync(data, fake, Buffer.alloc(2)))
      .to.throw(CodedError)
      .with.property('code', 'SIGNATURE_PLACEHOLDER_INVALID');
  });

  it('produces signatures that poppler (pdfsig) verifies, in two phases through a file, twice in a row', async () => {
    const sign = makeSigner();
    let current = path.join(CORPUS, 'pyhanko/minimal-xref.pdf');
    for (let n = 1; n <= 2; n++) {
      const reader = PdfReader.open(current);
      const out = path.join(dir, `two-phase-${n}.pdf`);
      let prepared: PreparedSignature;
      try {
        // prepare
        const update = typicalUpdate(reader, n);
        prepared = (await update.writeToFile(out)).signature!;
      } finally {
        reader.close();
      }
      // digest (what an external signer gets), then complete
      const digest = await hashByteRanges(out, prepared.byteRange, 'sha256');
      const content = signedBytes(fs.readFileSync(out), prepared.byteRange);
      expect(crypto.createHash('sha256').update(content).digest().equals(digest)).to.equal(true);
      await embedSignature(out, prepared, sign(content));
      current = out;
    }
    const report = execFileSync('pdfsig', ['-nocert', current], { encoding: 'utf8' });
    const valid = report.match(/Signature Validation: Signature is Valid/g) ?? [];
    expect(valid.length, report).to.equal(2);
    expect(report).to.contain('VanBanSig1').and.to.contain('VanBanSig2');
  });
});
