import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { runCli } from '../../../server/cli/main';
import { createDevPki, type DevPki } from '../../../signing/pki/create-dev-pki';
import { tempDir } from '../../signing/pki/dev-pki-fixture';
import { a4Draft } from '../../signing/sign/sign-fixture';
import {
  oneByteChanged,
  signedDocuments,
  VARIANTS,
  xrefBomb,
  type SignedDocuments,
} from '../../workflows/validation/signed-documents';

const ROOT = path.resolve(__dirname, '../../..');

/** `vanban …` in this process (runCli, the exit code it returns) with the output captured. */
async function vanban(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'vanban', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vanban validate', function () {
  this.timeout(300_000);
  let docs: SignedDocuments;
  let dir: string;
  let root: string;
  const file = (name: string, bytes: Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };

  before(async () => {
    docs = await signedDocuments();
    dir = tempDir('cli-validate');
    root = file('root-ca.pem', Buffer.from(docs.rootPem));
  });

  it('the engine-signed Decree 30 sequence with the test root: exit 0, every signature TOTAL_PASSED, in Vietnamese', async () => {
    const r = await vanban(
      'validate',
      file('qd.pdf', docs.sequence),
      '--trust',
      root,
      '--at',
      docs.at.toISOString(),
      '--offline',
    );
    expect(r.code, r.out + r.err).to.equal(0);
    expect(r.out).to.contain('Tất cả chữ ký hợp lệ (TOTAL_PASSED)');
    expect(r.out).to.match(
      /1\. chu_ky_lanh_dao — Nguyễn Văn An: TOTAL_PASSED — Chữ ký hợp lệ; thay đổi sau khi ký: FORM_FILLING/,
    );
    expect(r.out).to.match(
      /chu_ky_co_quan — .*: TOTAL_PASSED — Chữ ký hợp lệ; thay đổi sau khi ký: LTA_UPDATES/,
    );
    expect(r.out).to.match(/dau_thoi_gian: TOTAL_PASSED — Dấu thời gian hợp lệ/);
  });

  it('--json prints the report (and only it); --html and --pdf write the human reports', async () => {
    const html = path.join(dir, 'bao-cao.html');
    const pdf = path.join(dir, 'bao-cao.pdf');
    const r = await vanban(
      'validate',
      file('qd.pdf', docs.sequence),
      '--trust',
      root,
      '--at',
      docs.at.toISOString(),
      '--offline',
      '--json',
      '--html',
      html,
      '--pdf',
      pdf,
      '--lang',
      'vi',
    );
    expect(r.code).to.equal(0);
    const report = JSON.parse(r.out);
    expect(report).to.deep.include({ reportVersion: 1, status: 'VALIDATED', indication: 'TOTAL_PASSED' });
    expect(
      report.settings.trustAnchors.find((a: { source: string }) => a.source === 'command-line').sha256,
    ).to.equal(docs.pki.root.certificate.fingerprint('sha256').toString('hex'));
    expect(
      report.settings.trustAnchors.filter((a: { source: string }) => a.source === 'shipped'),
    ).to.have.length(4);
    expect(r.err).to.contain(path.resolve(pdf));
    expect(fs.readFileSync(html, 'utf8')).to.contain('Tất cả chữ ký hợp lệ');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).to.contain('Tất cả chữ ký hợp lệ');
    expect(text).to.contain('Nguyễn Văn An');
  });

  for (const variant of VARIANTS) {
    it(`the sequence with ${variant}: exit 1 (TOTAL_FAILED)`, async () => {
      const r = await vanban(
        'validate',
        file(`${variant}.pdf`, docs.variants[variant]),
        '--trust',
        root,
        '--at',
        docs.at.toISOString(),
        '--offline',
      );
      expect(r.code, r.out).to.equal(1);
      expect(r.out).to.contain('Có chữ ký không hợp lệ (TOTAL_FAILED)');
      expect(r.out).to.match(/1\. chu_ky_lanh_dao — Nguyễn Văn An: TOTAL_FAILED/);
    });
  }

  it('an overlay annotation on a certified document: exit 1', async () => {
    const r = await vanban(
      'validate',
      file('certified.pdf', docs.certifiedOverlay),
      '--trust',
      root,
      '--at',
      docs.at.toISOString(),
      '--offline',
    );
    expect(r.code).to.equal(1);
  });

  it('without the test root (only the shipped Vietnamese anchors): exit 2, INDETERMINATE', async () => {
    const r = await vanban(
      'validate',
      file('qd.pdf', docs.sequence),
      '--at',
      docs.at.toISOString(),
      '--offline',
    );
    expect(r.code).to.equal(2);
    expect(r.out).to.contain('NO_CERTIFICATE_CHAIN_FOUND');
  });

  it('no signature: exit 3; not a PDF, or no file at all: exit 4', async () => {
    expect((await vanban('validate', file('draft.pdf', await a4Draft()), '--offline')).code).to.equal(3);
    const junk = await vanban(
      'validate',
      file('junk.pdf', Buffer.from('<html>không phải PDF</html>')),
      '--offline',
    );
    expect(junk.code).to.equal(4);
    expect(junk.out).to.contain('Tệp không phải PDF đọc được');
    expect((await vanban('validate', path.join(dir, 'missing.pdf'), '--offline')).code).to.equal(4);
  });

  it('a file that takes longer than --timeout is stopped: exit 2, VALIDATION_TIMEOUT, the CLI does not hang', async () => {
    const r = await vanban(
      'validate',
      file('bomb.pdf', xrefBomb()),
      '--offline',
      '--timeout',
      '0.3',
      '--json',
    );
    expect(r.code).to.equal(2);
    expect(JSON.parse(r.out)).to.deep.include({ status: 'ABORTED', indication: 'INDETERMINATE' });
    expect(JSON.parse(r.out).problem.code).to.equal('VALIDATION_TIMEOUT');
  });

  it('bad usage: an --at that is not a time, a --trust file that does not exist', async () => {
    const at = await vanban('validate', file('qd.pdf', docs.sequence), '--at', 'hôm qua');
    expect(at.err).to.contain('CLI_USAGE');
    expect(at.code).to.equal(2);
    const trust = await vanban(
      'validate',
      file('qd.pdf', docs.sequence),
      '--trust',
      path.join(dir, 'nope.pem'),
    );
    expect(trust.err).to.contain('không đọc được chứng thư tin cậy');
  });

  it('the exit code reaches the operating system (bin entry, process.exit)', async () => {
    const tampered = file('tampered.pdf', docs.variants['one-byte']);
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '-r',
          'ts-node/register',
          'server/cli/main.ts',
          'validate',
          tampered,
          '--trust',
          root,
          '--at',
          docs.at.toISOString(),
          '--offline',
        ],
        { cwd: ROOT, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: 'ignore' },
      );
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? -1));
    });
    expect(code).to.equal(1);
  });

  describe('a document signed by poppler’s pdfsig (NSS)', () => {
    let pki: DevPki;
    let server: http.Server;
    let signed: string;
    let pkiRoot: string;
    const requests: string[] = [];

    before(async function () {
      for (const tool of ['pdfsig', 'certutil', 'pk12util'])
        if (!fs.existsSync(`/usr/bin/${tool}`))
          throw new Error(`/usr/bin/${tool} missing: apt-get install poppler-utils libnss3-tools`);
      // The PKI's CRL and OCSP services, on loopback.
      server = http.createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        const body: Buffer[] = [];
        req.on('data', (c: Buffer) => body.push(c));
        req.on('end', () => {
          const now = new Date();
          if (req.url === '/pki/issuing-ca.crl') return void res.end(pki.crlIssuer.issue(now));
          if (req.url === '/pki/root-ca.crl') return void res.end(pki.rootCrlIssuer.issue(now));
          if (req.url === '/pki/ocsp' && req.method === 'POST')
            return void res.end(pki.ocspResponder.respond(Buffer.concat(body), now));
          res.writeHead(404).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const pkiDir = path.join(dir, 'nss-pki');
      // pdfsig signs at the wall clock: the PKI is made at the wall clock too.
      pki = await createDevPki({ now: new Date(), dir: pkiDir, baseUrl: `http://127.0.0.1:${port}/pki` });
      pkiRoot = path.join(pkiDir, 'root-ca.pem');
      const nss = path.join(dir, 'nss');
      fs.mkdirSync(nss);
      execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
      execFileSync('pk12util', [
        '-i',
        path.join(pkiDir, 'leader.p12'),
        '-d',
        `sql:${nss}`,
        '-W',
        pki.leader.password,
        '-K',
        '',
      ]);
      const draft = file('nss-draft.pdf', await a4Draft());
      signed = path.join(dir, 'nss-signed.pdf');
      execFileSync('pdfsig', [
        '-nssdir',
        `sql:${nss}`,
        '-add-signature',
        '-nick',
        pki.leader.certificate.commonName!,
        '-reason',
        'Phê duyệt',
        draft,
        signed,
      ]);
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const at = () => new Date(Date.now() + 60_000).toISOString();

    it('validates against its root with online revocation from the PKI’s services: exit 0, TOTAL_PASSED', async () => {
      const r = await vanban(
        'validate',
        signed,
        '--trust',
        pkiRoot,
        '--at',
        at(),
        '--allow-private-addresses',
        '--json',
      );
      const report = JSON.parse(r.out);
      const s = report.validation.signatures[0];
      expect(r.code, JSON.stringify(s.reasons)).to.equal(0);
      expect(s).to.deep.include({
        subFilter: 'adbe.pkcs7.detached',
        indication: 'TOTAL_PASSED',
        intact: true,
        signerName: 'Nguyễn Văn An',
      });
      expect(s.chain.map((c: { revocation: string }) => c.revocation)).to.deep.equal([
        'good',
        'good',
        'trust-anchor',
      ]);
      expect(s.chain[0].revocationSource).to.equal('online');
      expect(report.settings.revocation).to.equal('online');
      expect(
        requests.some((q) => q.startsWith('POST /pki/ocsp')),
        requests.join(', '),
      ).to.equal(true);
    });

    it('offline it cannot learn the revocation status: exit 2 (TRY_LATER); without its root: exit 2 (NO_CERTIFICATE_CHAIN_FOUND)', async () => {
      const offline = await vanban('validate', signed, '--trust', pkiRoot, '--at', at(), '--offline');
      expect(offline.code).to.equal(2);
      expect(offline.out).to.contain('TRY_LATER');
      const untrusted = await vanban('validate', signed, '--at', at(), '--offline');
      expect(untrusted.code).to.equal(2);
      expect(untrusted.out).to.contain('NO_CERTIFICATE_CHAIN_FOUND');
    });

    it('with one byte changed: exit 1, HASH_FAILURE', async () => {
      const changed = file('nss-changed.pdf', oneByteChanged(fs.readFileSync(signed)));
      const r = await vanban('validate', changed, '--trust', pkiRoot, '--at', at(), '--offline');
      expect(r.code).to.equal(1);
      expect(r.out).to.contain('HASH_FAILURE');
    });
  });
});
