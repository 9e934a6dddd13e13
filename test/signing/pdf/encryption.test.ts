import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodedError } from '../../../signing/errors';
import {
  IncrementalUpdate,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfReader,
  PdfRef,
  PdfStream,
  PdfString,
  addSignaturePlaceholder,
  embedSignatureSync,
} from '../../../signing/pdf';
import { rc4 } from '../../../signing/pdf/rc4';
import { tempDir } from '../pki/dev-pki-fixture';

const PYHANKO = path.join(__dirname, '../../fixtures/corpus/pyhanko');

/** The first page's decoded content stream. */
function pageText(r: PdfReader): string {
  const c = r.resolve(r.page(0)!.dict.get('Contents'));
  return c instanceof PdfStream ? r.decodeStream(c).toString('latin1') : '';
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(CodedError);
    return (e as CodedError).code;
  }
  throw new Error('expected a refusal');
}

describe('signing/pdf encrypted documents (Standard security handler, ISO 32000-2 §7.6.4)', () => {
  const dir = tempDir('pdf-encryption');
  const plain = path.join(dir, 'plain.pdf');
  /** qpdf-encrypted copies of one plain file: R2 RC4-40, R3 RC4-128, R4 AES-128, R6 AES-256. */
  const variants: { name: string; file: string; r: number; method: string; args: string[] }[] = [
    { name: 'R2 RC4 40-bit', file: 'r2.pdf', r: 2, method: 'V2', args: ['40', '--allow-weak-crypto'] },
    {
      name: 'R3 RC4 128-bit',
      file: 'r3.pdf',
      r: 3,
      method: 'V2',
      args: ['128', '--use-aes=n', '--allow-weak-crypto'],
    },
    { name: 'R4 AES-128', file: 'r4.pdf', r: 4, method: 'AESV2', args: ['128', '--use-aes=y'] },
    { name: 'R6 AES-256', file: 'r6.pdf', r: 6, method: 'AESV3', args: ['256'] },
  ];
  // Vietnamese passwords: PDFDocEncoding cannot hold them for R 2–4 (qpdf then writes UTF-8),
  // SASLprep'd UTF-8 for R 6.
  const USER = 'người dùng';
  const OWNER = 'chủ sở hữu';

  before(() => {
    // A page with a literal string in an annotation and object streams (qpdf's default for 1.5+).
    fs.copyFileSync(path.join(PYHANKO, 'minimal-with-field.pdf'), plain);
    for (const v of variants) {
      const [bits, ...rest] = v.args;
      const weak = rest.filter((a) => a === '--allow-weak-crypto');
      const opts = rest.filter((a) => a !== '--allow-weak-crypto');
      execFileSync('qpdf', [
        ...weak,
        // R 2–4: the UTF-8 bytes as they are (PDFDocEncoding has no "ư").
        ...(v.r < 6 ? ['--password-mode=bytes'] : []),
        '--object-streams=generate',
        '--encrypt',
        USER,
        OWNER,
        bits,
        ...opts,
        '--',
        plain,
        path.join(dir, v.file),
      ]);
    }
  });

  it('RC4 matches the RFC 6229 test vector (Node has no RC4 without the legacy provider)', () => {
    const stream = rc4(Buffer.from('0102030405', 'hex'), Buffer.alloc(16));
    expect(stream.toString('hex')).to.equal('b2396305f03dc027ccc3524a0a1118a8');
    // Encryption and decryption are the same operation.
    const key = Buffer.from('Key', 'latin1');
    expect(rc4(key, rc4(key, Buffer.from('Plaintext'))).toString()).to.equal('Plaintext');
    expect(rc4(key, Buffer.from('Plaintext', 'latin1')).toString('hex')).to.equal('bbf316e8d940af0ad3');
  });

  for (const v of variants) {
    it(`${v.name} (qpdf): the owner and the user password both decrypt strings, streams and object streams`, () => {
      const expected = pageText(PdfReader.open(fs.readFileSync(plain)));
      const fields = PdfReader.open(fs.readFileSync(plain))
        .acroForm()
        .fields.map((f) => f.fullName);
      for (const [password, as] of [
        [OWNER, 'owner'],
        [USER, 'user'],
      ] as const) {
        const r = PdfReader.open(fs.readFileSync(path.join(dir, v.file)), { password });
        expect(r.isEncrypted).to.equal(true);
        expect(r.decrypted).to.equal(true);
        expect(r.encryption?.security).to.deep.include({ r: v.r, method: v.method, authenticatedAs: as });
        expect(pageText(r), `${v.name} ${as}`).to.equal(expected);
        expect(r.acroForm().fields.map((f) => f.fullName)).to.deep.equal(fields);
      }
    });
  }

  it('pyHanko’s RC4 and AES-256 files open with "usersecret" and "ownersecret"', () => {
    for (const f of [
      'minimal-rc4.pdf',
      'minimal-aes256.pdf',
      'minimal-with-field-rc4.pdf',
      'minimal-two-fields-aes256.pdf',
    ]) {
      for (const [password, as] of [
        ['ownersecret', 'owner'],
        ['usersecret', 'user'],
      ]) {
        const r = PdfReader.open(fs.readFileSync(path.join(PYHANKO, f)), { password });
        expect(r.encryption?.security?.authenticatedAs, f).to.equal(as);
        expect(pageText(r), f).to.match(/BT\s+\/F1 18 Tf/);
      }
    }
    // An AES-256 string of 16 bytes holds only an IV: it decrypts to the empty string.
    const r = PdfReader.open(
      fs.readFileSync(path.join(PYHANKO, 'minimal-aes256-empty-encrypted-string.pdf')),
      {
        password: 'secret',
      },
    );
    expect((r.catalog.get('Blah') as PdfString).bytes.length).to.equal(0);
  });

  it('refuses a wrong password, a malformed /Encrypt, and a password for a public-key handler, each with its code', () => {
    const bytes = (f: string) => fs.readFileSync(path.join(PYHANKO, f));
    expect(refusal(() => PdfReader.open(bytes('minimal-aes256.pdf'), { password: 'sai' }))).to.equal(
      'PDF_PASSWORD_INCORRECT',
    );
    expect(
      refusal(() => PdfReader.open(fs.readFileSync(path.join(dir, 'r3.pdf')), { password: 'sai' })),
    ).to.equal('PDF_PASSWORD_INCORRECT');
    expect(
      refusal(() => PdfReader.open(bytes('minimal-aes256-malformed-perms.pdf'), { password: 'usersecret' })),
    ).to.equal('PDF_ENCRYPTION_INVALID');
    expect(refusal(() => PdfReader.open(bytes('minimal-pubkey-aes256.pdf'), { password: 'x' }))).to.equal(
      'PDF_ENCRYPTION_UNSUPPORTED',
    );
    // An /OE that is not a string: the owner password cannot open it, the user password still can.
    expect(
      refusal(() => PdfReader.open(bytes('minimal-aes256-malformed-oe.pdf'), { password: 'ownersecret' })),
    ).to.equal('PDF_PASSWORD_INCORRECT');
    expect(
      PdfReader.open(bytes('minimal-aes256-malformed-oe.pdf'), { password: 'usersecret' }).decrypted,
    ).to.equal(true);
  });

  it('without a password: an empty user password opens the file, otherwise objects stay as stored', () => {
    const ownerOnly = path.join(dir, 'owner-only.pdf');
    execFileSync('qpdf', ['--encrypt', '', OWNER, '256', '--', plain, ownerOnly]);
    const open = PdfReader.open(fs.readFileSync(ownerOnly));
    expect(open.decrypted).to.equal(true);
    expect(open.encryption?.security?.authenticatedAs).to.equal('user');
    expect(pageText(open)).to.equal(pageText(PdfReader.open(fs.readFileSync(plain))));

    const closed = PdfReader.open(fs.readFileSync(path.join(dir, 'r6.pdf')));
    expect(closed.isEncrypted).to.equal(true);
    expect(closed.decrypted).to.equal(false);
    expect(closed.encryption).to.deep.include({ filter: 'Standard', decrypted: false });
  });

  it('leaves cleartext metadata (/EncryptMetadata false) as it is', () => {
    const meta = path.join(dir, 'meta.pdf');
    execFileSync('qpdf', [
      '--encrypt',
      USER,
      OWNER,
      '256',
      '--cleartext-metadata',
      '--',
      path.join(PYHANKO, 'minimal-pdf-ua-and-a.pdf'),
      meta,
    ]);
    const r = PdfReader.open(fs.readFileSync(meta), { password: USER });
    expect(r.encryption?.security?.encryptMetadata).to.equal(false);
    const m = r.resolve(r.catalog.get('Metadata'));
    expect(m).to.be.instanceOf(PdfStream);
    expect(r.decodeStream(m as PdfStream).toString('utf8')).to.contain('<x:xmpmeta');
  });

  for (const v of variants) {
    it(`${v.name}: an update is encrypted with the document's key, and its signature /Contents stays plain hex`, () => {
      const source = fs.readFileSync(path.join(dir, v.file));
      const r = PdfReader.open(source, { password: OWNER });
      const update = new IncrementalUpdate(r, { newId: () => Buffer.alloc(16, 7) });
      const note = update.add(
        new PdfDict({ Type: PdfName.of('Note'), Text: PdfString.fromText('Văn bản mật: số 12/QĐ') }),
      );
      const data = Buffer.from('BT /F1 12 Tf 10 10 Td (noi dung moi) Tj ET', 'latin1');
      const stream = update.add(new PdfStream(new PdfDict({ Length: PdfNumber.of(data.length) }), data));
      const sig = update.add(
        addSignaturePlaceholder(
          new PdfDict({
            Type: PdfName.of('Sig'),
            Filter: PdfName.of('Adobe.PPKLite'),
            SubFilter: PdfName.of('ETSI.CAdES.detached'),
            Reason: PdfString.fromText('Phê duyệt'),
          }),
          64,
        ),
      );
      const catalog = r.catalog.clone();
      catalog.set('Note', note).set('Extra', stream).set('Sig', sig);
      update.set(r.rootRef!, catalog);
      const out = update.toBuffer();
      embedSignatureSync(out.data, out.signature!, Buffer.from('3003020101', 'hex'));
      expect(out.data.subarray(0, source.length).equals(source)).to.equal(true);
      // Nothing readable in the appended bytes except the signature's hex.
      const appended = out.data.subarray(source.length).toString('latin1');
      expect(appended).to.not.contain('noi dung moi');
      expect(appended).to.not.contain('Ph');
      expect(
        out.data.toString('latin1', out.signature!.contentsOffset, out.signature!.contentsOffset + 11),
      ).to.equal('<3003020101');

      const file = path.join(dir, `updated-${v.file}`);
      fs.writeFileSync(file, out.data);
      const again = PdfReader.open(out.data, { password: USER });
      const c = again.catalog;
      expect((again.resolve(c.get('Note')) as PdfDict).get('Text')!.toString()).to.equal(
        'Văn bản mật: số 12/QĐ',
      );
      expect(again.decodeStream(again.resolve(c.get('Extra')) as PdfStream).toString('latin1')).to.equal(
        data.toString('latin1'),
      );
      const sd = again.resolve(c.get('Sig')) as PdfDict;
      expect(sd.get('Reason')!.toString()).to.equal('Phê duyệt');
      expect((sd.get('Contents') as PdfString).bytes.subarray(0, 5).toString('hex')).to.equal('3003020101');
      expect(again.getObject(PdfRef.of((c.get('Note') as PdfRef).num))).to.be.instanceOf(PdfDict);
      // qpdf agrees: clean, still encrypted the same way, and decrypting shows the plain text.
      const check = spawnSync('qpdf', ['--check', `--password=${OWNER}`, file], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).to.equal(0);
      expect(check.stdout).to.contain('No syntax or stream encoding errors');
      const shown = execFileSync('qpdf', ['--show-encryption', `--password=${USER}`, file], {
        encoding: 'utf8',
      });
      expect(shown).to.contain(`R = ${v.r}`);
      const decrypted = execFileSync('qpdf', [
        `--password=${USER}`,
        '--decrypt',
        '--qdf',
        file,
        '-',
      ]).toString('latin1');
      expect(decrypted).to.contain('noi dung moi');
    });
  }

  it('refuses to write into an encrypted file opened without its password', () => {
    const r = PdfReader.open(fs.readFileSync(path.join(dir, 'r4.pdf')));
    expect(refusal(() => new IncrementalUpdate(r))).to.equal('PDF_ENCRYPTED');
  });
});
