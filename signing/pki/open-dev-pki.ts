import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DevIdentity, DevPki, DevPkiManifest, DevPkiOptions, createDevPki } from './create-dev-pki';
import { DevCrlIssuer, Revocation } from './dev-crl-issuer';
import { OcspResponder } from './ocsp-responder';
import { PkiError } from './pki-error';
import { readPkcs12 } from './read-pkcs12';
import { TimestampAuthority } from './timestamp-authority';

const NAMES = ['root', 'issuingCa', 'leader', 'organisation', 'tsa', 'ocsp'] as const;

/**
 * The development PKI of a data directory: loaded from `dir/manifest.json` when it exists (so that a
 * restart keeps the same root and everything signed before stays valid), created there otherwise.
 * `revocations` restores what the issuing CA had revoked (the server persists DevCrlIssuer.revoked).
 */
export async function openDevPki(
  options: DevPkiOptions & { dir: string; revocations?: Revocation[] },
): Promise<DevPki> {
  if (!existsSync(path.join(options.dir, 'manifest.json'))) {
    const pki = await createDevPki(options);
    for (const r of options.revocations ?? []) pki.crlIssuer.revoke(r.serialNumber, r.revokedAt, r.reason);
    return pki;
  }
  return loadDevPki(options.dir, options.revocations);
}

export async function loadDevPki(dir: string, revocations: Revocation[] = []): Promise<DevPki> {
  let manifest: DevPkiManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  } catch (cause) {
    throw new PkiError(
      'P12_MALFORMED',
      { vi: 'Không đọc được PKI phát triển', en: `Cannot read the development PKI manifest in ${dir}` },
      { cause },
    );
  }
  const ids = {} as Record<(typeof NAMES)[number], DevIdentity>;
  for (const name of NAMES) {
    const entry = manifest.identities[name];
    const pkcs12 = await readFile(path.join(dir, entry.p12));
    const { key, certificate, chain } = readPkcs12(pkcs12, entry.password);
    ids[name] = { key, certificate, chain, pkcs12, password: entry.password };
  }
  const baseUrl = manifest.baseUrl;
  const rootCrlIssuer = new DevCrlIssuer(ids.root.certificate, ids.root.key);
  const crlIssuer = new DevCrlIssuer(ids.issuingCa.certificate, ids.issuingCa.key, { revocations });
  return {
    ...ids,
    rootCrlIssuer,
    crlIssuer,
    ocspResponder: new OcspResponder(crlIssuer, ids.ocsp.certificate, ids.ocsp.key),
    timestampAuthority: new TimestampAuthority(ids.tsa.certificate, ids.tsa.key, ids.tsa.chain),
    urls: {
      crl: `${baseUrl}/issuing-ca.crl`,
      rootCrl: `${baseUrl}/root-ca.crl`,
      ocsp: `${baseUrl}/ocsp`,
      tsa: `${baseUrl}/tsa`,
      caIssuers: `${baseUrl}/issuing-ca.cer`,
    },
    manifest,
  };
}
