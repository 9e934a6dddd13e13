// A trust anchor from a PKCS#7 bundle (.p7b, DER or PEM-armoured, as CAs publish their chains): each
// certificate of the bundle becomes a PEM block, and one anchor is added per block. The bundles are
// made by openssl at test time from two fresh self-signed certificates.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  certificatePem,
  pemBlocks,
  pkcs7Certificates,
} from '../../../web/src/pages/validation/validation-trust-page';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-p7b-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
for (const n of ['a', 'b']) {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${n}.key`,
    '-out',
    `${n}.pem`,
    '-subj',
    `/CN=CA thu nghiem ${n}`,
    '-days',
    '30',
  );
}
openssl(
  'crl2pkcs7',
  '-nocrl',
  '-certfile',
  'a.pem',
  '-certfile',
  'b.pem',
  '-outform',
  'DER',
  '-out',
  'ab.p7b',
);
openssl('crl2pkcs7', '-nocrl', '-certfile', 'a.pem', '-out', 'a.p7b.pem');
openssl('crl2pkcs7', '-nocrl', '-outform', 'DER', '-out', 'none.p7b');
const read = (name: string) => fs.readFileSync(path.join(dir, name));
const pemOf = (name: string) => read(name).toString('utf8').trim();
const blob = (b: Buffer) => new Blob([new Uint8Array(b)]);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('trust anchors from a .p7b bundle', () => {
  it('reads both certificates of a DER bundle as PEM, in order', async () => {
    const pem = await certificatePem(blob(read('ab.p7b')));
    expect(pemBlocks(pem)).toEqual([pemOf('a.pem'), pemOf('b.pem')]);
  });

  it('reads a PEM-armoured bundle (-----BEGIN PKCS7-----)', async () => {
    expect(await certificatePem(blob(read('a.p7b.pem')))).toBe(pemOf('a.pem'));
  });

  it('keeps a certificate as it was: DER wrapped, PEM as it is, one block', async () => {
    const der = Buffer.from(pemOf('b.pem').replace(/-----[^-]+-----|\s+/g, ''), 'base64');
    expect(pkcs7Certificates(new Uint8Array(der))).toBeUndefined();
    expect(await certificatePem(blob(der))).toBe(pemOf('b.pem'));
    expect(pemBlocks(pemOf('a.pem'))).toEqual([pemOf('a.pem')]);
  });

  it('refuses a bundle without certificates', async () => {
    expect(pkcs7Certificates(new Uint8Array(read('none.p7b')))).toEqual([]);
    await expect(certificatePem(blob(read('none.p7b')))).rejects.toThrow();
  });
});
