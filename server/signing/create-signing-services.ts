import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { HttpTimestampClient } from '../../signing/pki/http-timestamp-client';
import { drawSealPng, drawSignaturePng } from '../../signing/sign/appearance/draw-png';
import { loadStampProfile } from '../../signing/sign/stamp-profile';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { Clock } from '../../workflows/context';
import { DevSigningAuthority } from '../../workflows/signing/dev-signing-authority';
import { isolatedSigningInputCheck } from '../../workflows/signing/check-signing-input';
import { HttpRevocationData } from '../../workflows/signing/http-revocation-data';
import type { SigningServices } from '../../workflows/signing/signing-services';
import { sharedValidationPool } from '../../workflows/validation/validation-pool';
import type { ServerConfig } from '../config';

/** Drafts up to this size get their number/date fields added in memory by the leader's signature. */
export const DRAFT_FIELDS_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The signing services of a server, from its configuration (the one place that knows the modes):
 * - development: the development CA of `DATA_DIR/pki` (opened or created; its certificates name
 *   `PUBLIC_URL/pki/dev/...` for CRL and OCSP), its in-process TSA and revocation data, generated
 *   signature and seal images, and development credentials with the demo PIN;
 * - production: the RFC 3161 service at SIGNING_TSA_URL and CRLs / OCSP fetched from the hosts of
 *   SIGNING_REVOCATION_HOSTS only; no development CA, no demo PIN, no default images.
 */
export async function createSigningServices(deps: {
  readonly config: ServerConfig;
  readonly db: DataSource;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger?: Logger;
}): Promise<SigningServices> {
  const { config, db, objects, clock, logger } = deps;
  const s = config.signing;
  const common = {
    objects,
    mode: config.mode,
    levels: s.levels,
    sealLevels: s.sealLevels,
    pkcs11Tokens: s.pkcs11Tokens,
    sessionTtlSeconds: s.sessionTtlSeconds,
    stampProfile: s.stampProfilePath ? loadStampProfile(s.stampProfilePath) : undefined,
    draftFieldsMaxBytes: DRAFT_FIELDS_MAX_BYTES,
    // PDFs to sign are read first in the validation processes, under their limits (issue 10 item 5).
    checkInput: isolatedSigningInputCheck(sharedValidationPool()),
  };
  if (config.mode === 'development') {
    const baseUrl = `${config.publicUrl}/pki/dev`;
    const dev = await DevSigningAuthority.open(db, {
      dir: path.join(config.dataDir, 'pki'),
      baseUrl,
      clock,
      pin: s.devPin,
      // A new PKI is valid from five years back, so that the demo history of past quarters can be
      // signed at its own moments and validate (docs/reports.md "Demo history").
      validFrom: new Date(Date.UTC(clock.now().getUTCFullYear() - 5, 0, 1)),
    });
    if (dev.pki.manifest.baseUrl !== baseUrl) {
      logger?.warn(
        { pkiBaseUrl: dev.pki.manifest.baseUrl, expected: baseUrl },
        'the development PKI was created for another address: its certificates name that one for CRL and OCSP',
      );
    }
    return {
      ...common,
      timestampClient: dev.timestampClient(),
      revocationData: dev.revocationData(),
      refreshRevocations: () => dev.syncRevocations(),
      defaultImages: { signature: drawSignaturePng(), seal: drawSealPng() },
      dev,
    };
  }
  return {
    ...common,
    timestampClient: s.tsaUrl
      ? new HttpTimestampClient(
          s.tsaUrl,
          (url, init) => fetch(url, { ...init, body: Buffer.from(init.body) }),
          { timeoutMillis: 15_000 },
        )
      : undefined,
    revocationData: s.revocationHosts.length
      ? new HttpRevocationData({ allowList: s.revocationHosts, clock: () => clock.now() })
      : undefined,
  };
}
