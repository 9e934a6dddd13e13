import type { TimestampClient } from '../../signing/pki/timestamp-client';
import type { RevocationDataSource } from '../../signing/sign/revocation-data-source';
import type { PadesLevel } from '../../signing/sign/sign-pdf';
import type { StampProfile } from '../../signing/sign/stamp-profile';
import type { ObjectStore } from '../../storage/objects/object-store';
import type { SigningInputCheck } from './check-signing-input';
import type { DevSigningAuthority } from './dev-signing-authority';

/** A PKCS#11 key the server may use, named in the server configuration (the PIN is typed at signing). */
export interface Pkcs11TokenConfig {
  readonly modulePath: string;
  readonly tokenLabel: string;
  readonly keyLabel?: string;
  readonly keyId?: string;
}

/** PAdES levels per step (server configuration). */
export interface SigningLevels {
  /** Leader approval signature (default B-T). */
  readonly leader: PadesLevel;
  /** Organisation seal (B-LT or B-LTA; default B-LTA). */
  readonly seal: PadesLevel;
  /** Attachments signed by the organisation (default B-LT). */
  readonly attachment: PadesLevel;
}

/**
 * Everything the signing use cases need besides the database: where PDFs live, the timestamp and
 * revocation services for B-T..B-LTA, the configured levels and tokens, and in development mode the
 * development CA (dev credentials, its CRL/OCSP/TSA). Built once by the server (server/signing).
 */
export interface SigningServices {
  readonly objects: ObjectStore;
  readonly mode: 'development' | 'production';
  /** RFC 3161 service: the dev TSA in development, the configured TSA URL in production. */
  readonly timestampClient?: TimestampClient;
  /** CRLs / OCSP for B-LT and the revocation check before signing. */
  readonly revocationData?: RevocationDataSource;
  /**
   * Brings `revocationData` up to date (development: the revocations recorded in the database). Called
   * before a signing transaction opens, never inside one (no second pool connection while holding one).
   */
  readonly refreshRevocations?: () => Promise<void>;
  readonly levels: SigningLevels;
  /** Levels a clerk may ask for when sealing (B-LT, B-LTA by default). */
  readonly sealLevels: readonly PadesLevel[];
  readonly pkcs11Tokens: Readonly<Record<string, Pkcs11TokenConfig>>;
  /** Lifetime of a two-step signing session (default 15 minutes). */
  readonly sessionTtlSeconds: number;
  readonly stampProfile?: StampProfile;
  /** Drafts up to this size get their number/date fields added in memory (pdf-lib); default 64 MiB. */
  readonly draftFieldsMaxBytes: number;
  /** Where temporary PDFs go while signing (default: the OS temp directory). */
  readonly tempDir?: string;
  /**
   * Images for credentials without their own (development: generated signature and red seal images);
   * without them a stamp shows its texts only.
   */
  readonly defaultImages?: { readonly signature?: Buffer; readonly seal?: Buffer };
  /**
   * Checks a PDF before it is signed, off the event loop and under limits (the server: a dry run in
   * the validation processes, check-signing-input.ts). Without it the signing still reads under
   * SIGNING_INPUT_LIMITS, in the server's own process.
   */
  readonly checkInput?: SigningInputCheck;
  /** Development mode only: the development CA. */
  readonly dev?: DevSigningAuthority;
}
