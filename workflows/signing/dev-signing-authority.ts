import type { DataSource, EntityManager } from 'typeorm';
import { Certificate } from '../../signing/pki/certificate';
import { DevPki } from '../../signing/pki/create-dev-pki';
import { REVOCATION_REASONS, type Revocation, type RevocationReason } from '../../signing/pki/dev-crl-issuer';
import { DevTimestampClient } from '../../signing/pki/dev-timestamp-client';
import { generateKeyPair, type KeySpec } from '../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial, type NameSpec } from '../../signing/pki/issue-certificate';
import { openDevPki } from '../../signing/pki/open-dev-pki';
import type { TimestampClient } from '../../signing/pki/timestamp-client';
import { writePkcs12 } from '../../signing/pki/write-pkcs12';
import { DevRevocationData, type RevocationDataSource } from '../../signing/sign/revocation-data-source';
import type { Clock } from '../context';

/** The demo PIN of development credentials when none is configured (development mode only). */
export const DEFAULT_DEV_PIN = '123456';

const HOUR = 3600_000;
const YEAR = 365 * 24 * HOUR;

/**
 * The development CA as the server runs it (development mode only): the PKI of `DATA_DIR/pki`
 * (created on first start, reloaded afterwards so that everything signed stays valid), whose
 * revocations live in `dev_pki_revocations` (shared by every app on the database and surviving
 * restarts), and which issues development credentials for leaders and units on first use, protected
 * by the demo PIN. Its CRL, OCSP responder and TSA are served at `<PUBLIC_URL>/pki/dev/...`.
 */
export class DevSigningAuthority {
  private constructor(
    readonly pki: DevPki,
    private readonly db: DataSource,
    readonly pin: string,
    private readonly clock: Clock,
  ) {}

  static async open(
    db: DataSource,
    options: {
      dir: string;
      baseUrl: string;
      clock: Clock;
      pin?: string;
      /** When the PKI is created here: its certificates are valid from this earlier moment (demo history). */
      validFrom?: Date;
    },
  ): Promise<DevSigningAuthority> {
    const pki = await openDevPki({
      dir: options.dir,
      baseUrl: options.baseUrl,
      now: options.clock.now(),
      ...(options.validFrom ? { validFrom: options.validFrom } : {}),
    });
    const authority = new DevSigningAuthority(pki, db, options.pin ?? DEFAULT_DEV_PIN, options.clock);
    await authority.syncRevocations();
    return authority;
  }

  /** Wraps an already opened PKI (tests, the CLI's directory). */
  static async fromPki(db: DataSource, pki: DevPki, clock: Clock, pin = DEFAULT_DEV_PIN) {
    const authority = new DevSigningAuthority(pki, db, pin, clock);
    await authority.syncRevocations();
    return authority;
  }

  get issuerSha256(): string {
    return this.pki.issuingCa.certificate.fingerprint('sha256').toString('hex');
  }

  /** Loads revocations recorded by any app on this database into the in-memory CRL issuer. */
  async syncRevocations(q: DataSource | EntityManager = this.db): Promise<void> {
    const rows: { serial_hex: string; revoked_at: Date; reason: string }[] = await q.query(
      `SELECT serial_hex, revoked_at, reason FROM dev_pki_revocations WHERE issuer_sha256 = $1`,
      [this.issuerSha256],
    );
    for (const r of rows) {
      const reason = (r.reason in REVOCATION_REASONS ? r.reason : 'unspecified') as RevocationReason;
      this.pki.crlIssuer.revoke(BigInt(`0x${r.serial_hex}`), r.revoked_at, reason);
    }
  }

  /** True when the development issuing CA issued `certificate`. */
  issued(certificate: Certificate): boolean {
    return certificate.isIssuedBy(this.pki.issuingCa.certificate);
  }

  /** Records a revocation in the caller's transaction (the CRL issuer learns it on the next sync). */
  async recordRevocation(
    m: EntityManager,
    certificate: Certificate,
    revocation: { revokedAt: Date; reason: RevocationReason; recordedBy: string | null },
  ): Promise<Revocation> {
    const rows: { revoked_at: Date; reason: string }[] = await m.query(
      `INSERT INTO dev_pki_revocations (issuer_sha256, serial_hex, revoked_at, reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (issuer_sha256, serial_hex) DO UPDATE SET issuer_sha256 = EXCLUDED.issuer_sha256
       RETURNING revoked_at, reason`,
      [
        this.issuerSha256,
        certificate.serialHex.toLowerCase(),
        revocation.revokedAt,
        revocation.reason,
        revocation.recordedBy,
      ],
    );
    return {
      serialNumber: certificate.serialNumber,
      revokedAt: rows[0]!.revoked_at,
      reason: rows[0]!.reason as RevocationReason,
    };
  }

  /** The issuing CA's current CRL (RFC 5280 §5), or the root's for the issuing CA. */
  async crl(which: 'issuing' | 'root', now: Date): Promise<Buffer> {
    if (which === 'root') return this.pki.rootCrlIssuer.issue(now);
    await this.syncRevocations();
    return this.pki.crlIssuer.issue(now);
  }

  /** RFC 6960 response to a DER OCSPRequest (malformedRequest for garbage). */
  async ocsp(requestDer: Buffer, now: Date): Promise<Buffer> {
    await this.syncRevocations();
    return this.pki.ocspResponder.respond(requestDer, now);
  }

  /** RFC 3161 TimeStampResp to a DER TimeStampReq (rejection status for garbage). */
  tsa(requestDer: Buffer, now: Date): Buffer {
    return this.pki.timestampAuthority.respond(requestDer, now);
  }

  /** Timestamps from the in-process TSA at the server clock's time. */
  timestampClient(): TimestampClient {
    return new DevTimestampClient(this.pki.timestampAuthority, () => this.clock.now());
  }

  /**
   * CRLs and OCSP responses from the in-process services; also answers "is this certificate revoked"
   * before signing. It reads the in-memory CRL issuer only — signing runs inside a database
   * transaction and must not wait for a second pool connection — so the signing use cases call
   * `syncRevocations` (SigningServices.refreshRevocations) before they open their transaction.
   */
  revocationData(): RevocationDataSource {
    return new DevRevocationData([this.pki.crlIssuer, this.pki.rootCrlIssuer], {
      responder: this.pki.ocspResponder,
      issuer: this.pki.issuingCa.certificate,
    });
  }

  /**
   * A new development identity under the issuing CA (RSA-2048 unless `keySpec` says otherwise, two years from an hour ago, CRL DP and
   * AIA at the served URLs), as a PKCS#12 protected by the demo PIN. `validFrom` (earlier) backdates
   * its start — a demo history signed at past moments — while its end stays two years from now.
   */
  issue(
    subject: NameSpec,
    now: Date,
    validFrom?: Date,
    keySpec: KeySpec = 'rsa-2048',
  ): { pkcs12: Buffer; certificate: Certificate; chain: Certificate[] } {
    const keys = generateKeyPair(keySpec);
    const start = new Date(now.getTime() - HOUR);
    const notBefore = validFrom && validFrom.getTime() < start.getTime() ? validFrom : start;
    const ca = this.pki.issuingCa;
    const certificate = issueCertificate({
      subject,
      publicKey: keys.publicKey,
      issuer: ca.certificate,
      signingKey: ca.key,
      serialNumber: randomSerial(),
      notBefore,
      notAfter: new Date(start.getTime() + 2 * YEAR),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      crlUrl: this.pki.urls.crl,
      ocspUrl: this.pki.urls.ocsp,
      caIssuersUrl: this.pki.urls.caIssuers,
    });
    const chain = [ca.certificate, this.pki.root.certificate];
    const pkcs12 = writePkcs12({
      key: keys.privateKey,
      certificate,
      chain,
      password: this.pin,
      friendlyName: certificate.commonName,
    });
    return { pkcs12, certificate, chain };
  }
}
