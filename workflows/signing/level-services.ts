import type { TimestampClient } from '../../signing/pki/timestamp-client';
import type { RevocationDataSource } from '../../signing/sign/revocation-data-source';
import { PADES_LEVELS, type PadesLevel } from '../../signing/sign/sign-pdf';
import { SigningError } from './signing-error';
import type { SigningServices } from './signing-services';

/**
 * The services a PAdES level needs (ETSI EN 319 142-1 §6): a TSA from B-T, revocation data from B-LT.
 * Missing ones answer SIGNING_SERVICE_UNAVAILABLE before anything is signed. The revocation source is
 * handed over at every level when there is one, so that a revoked signer is refused (CERT_REVOKED).
 */
export function levelServices(
  services: SigningServices,
  level: PadesLevel,
): { timestampClient?: TimestampClient; revocationData?: RevocationDataSource } {
  const i = PADES_LEVELS.indexOf(level);
  if (i < 0) throw SigningError.levelInvalid(String(level), PADES_LEVELS);
  if (i >= 1 && !services.timestampClient) throw SigningError.serviceMissing('timestamp', level);
  if (i >= 2 && !services.revocationData) throw SigningError.serviceMissing('revocation', level);
  return {
    timestampClient: i >= 1 ? services.timestampClient : undefined,
    revocationData: services.revocationData,
  };
}
