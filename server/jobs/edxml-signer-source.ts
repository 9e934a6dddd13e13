import path from 'node:path';
import { openDevPki } from '../../signing/pki/open-dev-pki';
import { Pkcs12Signer } from '../../signing/sign/signers/pkcs12-signer';
import type { Signer } from '../../signing/sign/signers/signer';
import type { Clock } from '../../workflows/context';
import { FederationError } from '../../workflows/federation/federation-error';

export interface EdxmlSignerSettings {
  readonly mode: 'development' | 'production';
  readonly dataDir: string;
  readonly publicUrl: string;
  /** FEDERATION_SIGNING_P12 and its password: the key edXML packages are signed with. */
  readonly p12Path?: string;
  readonly p12Password?: string;
}

/**
 * The server's edXML signing key, opened on first use and kept: the configured PKCS#12 file
 * (FEDERATION_SIGNING_P12 / FEDERATION_SIGNING_PASSWORD); without one, in development, the organisation
 * key of the development PKI in `DATA_DIR/pki` (created there when missing); in production without one,
 * FEDERATION_SIGNER_UNAVAILABLE (nothing is signed with a key nobody configured). A failed open is not
 * kept, so fixing the file and retrying works without a restart.
 */
export function edxmlSignerSource(s: EdxmlSignerSettings, clock: Clock): () => Promise<Signer> {
  let opening: Promise<Signer> | undefined;
  const open = async (): Promise<Signer> => {
    if (s.p12Path) {
      try {
        return await Pkcs12Signer.fromFile(s.p12Path, s.p12Password ?? '', { clock: () => clock.now() });
      } catch (e) {
        throw FederationError.signerUnavailable(`FEDERATION_SIGNING_P12: ${(e as Error).message}`, e);
      }
    }
    if (s.mode !== 'development')
      throw FederationError.signerUnavailable('FEDERATION_SIGNING_P12 is not set');
    const pki = await openDevPki({
      dir: path.join(s.dataDir, 'pki'),
      baseUrl: `${s.publicUrl}/pki/dev`,
      now: clock.now(),
    });
    const o = pki.organisation;
    return Pkcs12Signer.fromKey(o.key, o.certificate, o.chain, { clock: () => clock.now() });
  };
  return () => {
    opening ??= open().catch((e: unknown) => {
      opening = undefined;
      throw e;
    });
    return opening;
  };
}
