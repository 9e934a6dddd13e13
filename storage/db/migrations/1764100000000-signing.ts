import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signing service (docs/signing-service.md): signing credentials of leaders and units (PKCS#12 kept
 * as uploaded, encrypted by its own password; PKCS#11 keys named by server configuration; external keys
 * known by their certificate only), two-step signing sessions that survive a restart, the development
 * CA's revocations, per-unit signing settings (the place name of the date line), and uploaded files
 * waiting to become a document version.
 *
 * signing_sessions.document_id has no foreign key to outgoing_documents on purpose: the document
 * workflow migration must stay reversible on its own; the domain checks the document on completion.
 */
export class Signing1764100000000 implements MigrationInterface {
  name = 'Signing1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signing_credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_kind text NOT NULL CHECK (owner_kind IN ('user', 'unit')),
        user_id uuid REFERENCES users (id),
        unit_id uuid NOT NULL REFERENCES units (id),
        kind text NOT NULL CHECK (kind IN ('pkcs12', 'pkcs11', 'external')),
        label text NOT NULL CHECK (btrim(label) <> ''),
        pkcs12 bytea CHECK (octet_length(pkcs12) BETWEEN 1 AND 65536),
        pkcs11_token text,
        certificate_pem text NOT NULL,
        chain_pem text NOT NULL DEFAULT '',
        subject text NOT NULL,
        issuer text NOT NULL,
        serial_hex text NOT NULL CHECK (serial_hex ~ '^[0-9a-f]+$'),
        not_before timestamptz NOT NULL,
        not_after timestamptz NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        stamp_image bytea CHECK (octet_length(stamp_image) BETWEEN 1 AND 1048576),
        stamp_image_type text CHECK (stamp_image_type IN ('image/png', 'image/jpeg')),
        dev boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        failed_pin_count integer NOT NULL DEFAULT 0 CHECK (failed_pin_count >= 0),
        pin_locked_until timestamptz,
        created_at timestamptz NOT NULL,
        created_by uuid REFERENCES users (id),
        deactivated_at timestamptz,
        deactivated_by uuid REFERENCES users (id),
        CHECK ((owner_kind = 'user') = (user_id IS NOT NULL)),
        CHECK ((kind = 'pkcs12') = (pkcs12 IS NOT NULL)),
        CHECK ((kind = 'pkcs11') = (pkcs11_token IS NOT NULL)),
        CHECK ((stamp_image IS NULL) = (stamp_image_type IS NULL)),
        CHECK (active OR deactivated_at IS NOT NULL),
        CHECK (not_after > not_before)
      )`);
    // One active credential per certificate; at most one active development credential per owner.
    await q.query(
      `CREATE UNIQUE INDEX signing_credentials_active_certificate_key ON signing_credentials (sha256) WHERE active`,
    );
    await q.query(
      `CREATE UNIQUE INDEX signing_credentials_dev_owner_key
         ON signing_credentials (owner_kind, (COALESCE(user_id, unit_id))) WHERE dev AND active`,
    );
    await q.query(`CREATE INDEX signing_credentials_unit_idx ON signing_credentials (unit_id, created_at)`);
    await q.query(
      `CREATE INDEX signing_credentials_user_idx ON signing_credentials (user_id) WHERE user_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE signing_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL,
        credential_id uuid NOT NULL REFERENCES signing_credentials (id),
        actor_user_id uuid NOT NULL REFERENCES users (id),
        unit_id uuid NOT NULL REFERENCES units (id),
        purpose text NOT NULL CHECK (purpose IN ('leader')),
        base_pdf_sha256 text NOT NULL CHECK (base_pdf_sha256 ~ '^[0-9a-f]{64}$'),
        prepared_pdf_sha256 text NOT NULL CHECK (prepared_pdf_sha256 ~ '^[0-9a-f]{64}$'),
        prepared_pdf_size bigint NOT NULL CHECK (prepared_pdf_size > 0),
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        completed_at timestamptz,
        result_pdf_sha256 text CHECK (result_pdf_sha256 ~ '^[0-9a-f]{64}$'),
        CHECK (expires_at > created_at),
        CHECK ((completed_at IS NULL) = (result_pdf_sha256 IS NULL))
      )`);
    await q.query(`CREATE INDEX signing_sessions_document_idx ON signing_sessions (document_id)`);

    await q.query(`
      CREATE TABLE dev_pki_revocations (
        issuer_sha256 text NOT NULL CHECK (issuer_sha256 ~ '^[0-9a-f]{64}$'),
        serial_hex text NOT NULL CHECK (serial_hex ~ '^[0-9a-f]+$'),
        revoked_at timestamptz NOT NULL,
        reason text NOT NULL,
        recorded_by uuid REFERENCES users (id),
        PRIMARY KEY (issuer_sha256, serial_hex)
      )`);

    await q.query(`
      CREATE TABLE unit_signing_settings (
        unit_id uuid PRIMARY KEY REFERENCES units (id),
        place_name text CHECK (place_name IS NULL OR btrim(place_name) <> ''),
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES users (id)
      )`);

    await q.query(`
      CREATE TABLE uploaded_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_user_id uuid NOT NULL REFERENCES users (id),
        unit_id uuid NOT NULL REFERENCES units (id),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        content_type text NOT NULL,
        file_name text,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX uploaded_files_owner_idx ON uploaded_files (owner_user_id, created_at)`);

    // Keyset pagination of a unit's outgoing documents, newest first.
    await q.query(
      `CREATE INDEX outgoing_documents_unit_created_idx ON outgoing_documents (unit_id, created_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS outgoing_documents_unit_created_idx`);
    await q.query(`DROP TABLE uploaded_files`);
    await q.query(`DROP TABLE unit_signing_settings`);
    await q.query(`DROP TABLE dev_pki_revocations`);
    await q.query(`DROP TABLE signing_sessions`);
    await q.query(`DROP TABLE signing_credentials`);
  }
}
