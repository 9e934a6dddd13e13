import type { MigrationInterface, QueryRunner } from 'typeorm';

const CODE = `'^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$'`;
const SHA256 = `'^[0-9a-f]{64}$'`;
const STATUS_CODES = `'01', '02', '03', '04', '05', '06', '13', '15', '16'`;

/**
 * edXML exchange with other systems and federation between VanBan servers (docs/edxml-federation.md):
 * the configured peers, every edXML package sent or received (bytes in the object store), the edXML facts
 * of incoming documents received from another system, and the sender's view of its external recipients
 * with the statuses they report.
 *
 * Two triggers write the outbox rows that federation needs in the transaction of the change, whoever
 * makes it: every status event of an externally received document queues an `edxml.status` job (the
 * report back to the sender system), and a recalled outgoing document queues one `edxml.send` job of
 * business type 1 per external recipient. Both use the jobs table's dedupe key, so nothing is queued twice.
 */
export class Federation1764400000000 implements MigrationInterface {
  name = 'Federation1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE federation_peers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (btrim(name) <> ''),
        organ_patterns text[] NOT NULL CHECK (cardinality(organ_patterns) BETWEEN 1 AND 200),
        base_url text NOT NULL CHECK (base_url ~ '^https://[^/?#@]+(/[^?#]*)?$'),
        signing_certificates bytea[] NOT NULL CHECK (cardinality(signing_certificates) BETWEEN 1 AND 5),
        tls_ca_pem text,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT federation_peers_name_key UNIQUE (name)
      )`);

    await q.query(`
      CREATE TABLE edxml_packages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        direction text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
        kind text NOT NULL CHECK (kind IN ('document', 'status')),
        via text NOT NULL CHECK (via IN ('federation', 'import', 'export')),
        peer_id uuid REFERENCES federation_peers (id),
        from_organ_id text NOT NULL CHECK (from_organ_id ~ ${CODE}),
        to_organ_ids text[] NOT NULL DEFAULT '{}',
        document_id text NOT NULL,
        business_type smallint CHECK (business_type BETWEEN 0 AND 3),
        status_code text CHECK (status_code IN (${STATUS_CODES})),
        sha256 text NOT NULL CHECK (sha256 ~ ${SHA256}),
        size bigint NOT NULL CHECK (size > 0),
        signer_sha256 text NOT NULL CHECK (signer_sha256 ~ ${SHA256}),
        created_at timestamptz NOT NULL,
        CHECK ((kind = 'document') = (business_type IS NOT NULL)),
        CHECK ((kind = 'status') = (status_code IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX edxml_packages_document_idx ON edxml_packages (document_id, created_at)`);

    await q.query(`
      CREATE TABLE edxml_incoming (
        incoming_id uuid PRIMARY KEY REFERENCES incoming_documents (id),
        package_id uuid NOT NULL REFERENCES edxml_packages (id),
        sender_organ_id text NOT NULL CHECK (sender_organ_id ~ ${CODE}),
        sender_organ_name text NOT NULL,
        document_id text NOT NULL,
        promulgation_date date NOT NULL,
        due_date date,
        signer_name text,
        attachments jsonb NOT NULL DEFAULT '[]',
        trace jsonb NOT NULL DEFAULT '[]',
        replaces_document_ids text[] NOT NULL DEFAULT '{}',
        superseded_by_incoming_id uuid REFERENCES incoming_documents (id),
        updated_package_id uuid REFERENCES edxml_packages (id),
        updated_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX edxml_incoming_document_idx ON edxml_incoming (sender_organ_id, document_id)`,
    );

    await q.query(`
      CREATE TABLE external_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outgoing_id uuid NOT NULL REFERENCES outgoing_documents (id),
        organ_id text NOT NULL CHECK (organ_id ~ ${CODE}),
        organ_name text,
        peer_id uuid NOT NULL REFERENCES federation_peers (id),
        document_id text NOT NULL,
        status_code text CHECK (status_code IN ('01', '02', '03', '04', '05', '06')),
        recall_code text CHECK (recall_code IN ('13', '15', '16')),
        delivered_at timestamptz NOT NULL,
        package_id uuid NOT NULL REFERENCES edxml_packages (id),
        recall_sent_at timestamptz,
        updated_sent_at timestamptz,
        last_status_at timestamptz,
        CONSTRAINT external_recipients_delivery_key UNIQUE (outgoing_id, organ_id)
      )`);
    await q.query(
      `CREATE INDEX external_recipients_document_idx ON external_recipients (document_id, organ_id)`,
    );

    await q.query(`
      CREATE TABLE external_status_events (
        id bigserial PRIMARY KEY,
        recipient_id uuid NOT NULL REFERENCES external_recipients (id),
        outgoing_id uuid NOT NULL REFERENCES outgoing_documents (id),
        code text NOT NULL CHECK (code IN (${STATUS_CODES})),
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        description text,
        staff jsonb,
        package_id uuid NOT NULL REFERENCES edxml_packages (id),
        CONSTRAINT external_status_events_once_key UNIQUE (recipient_id, code, occurred_at)
      )`);
    await q.query(
      `CREATE INDEX external_status_events_outgoing_idx ON external_status_events (outgoing_id, id)`,
    );

    // Reports back to the sender system. Statement level: one INSERT per statement, so the bulk status
    // events of a send to 200 units cost one join, not 200 lookups. Only events of kind 'status': an
    // update's arrival (kind 'update', migration 1764300000000) is not a status of the recipient.
    await q.query(`
      CREATE FUNCTION edxml_queue_status_reports() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO jobs (kind, payload, run_at, dedupe_key)
        SELECT 'edxml.status', jsonb_build_object('statusEventId', e.id::text), e.occurred_at,
               'edxml.status:' || e.id::text
        FROM new_events e JOIN incoming_documents i ON i.id = e.incoming_id
        WHERE i.external_sender_code IS NOT NULL AND e.kind = 'status'
        ON CONFLICT (dedupe_key) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER status_events_edxml_report AFTER INSERT ON status_events
        REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION edxml_queue_status_reports()`);

    // Recall (business type 1) for every external recipient of a document that becomes recalled.
    await q.query(`
      CREATE FUNCTION edxml_queue_recalls() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO jobs (kind, payload, run_at, dedupe_key)
        SELECT DISTINCT 'edxml.send',
               jsonb_build_object('documentId', NEW.id::text, 'to', btrim(r ->> 'code'), 'businessType', 1),
               COALESCE(NEW.recalled_at, NEW.updated_at),
               'edxml.send:' || NEW.id::text || ':' || btrim(r ->> 'code') || ':recall'
        FROM jsonb_array_elements(NEW.recipients) r
        WHERE r ->> 'kind' = 'external' AND btrim(r ->> 'code') ~ ${CODE}
        ON CONFLICT (dedupe_key) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outgoing_documents_edxml_recall AFTER UPDATE OF status ON outgoing_documents
        FOR EACH ROW WHEN (NEW.status = 'recalled' AND OLD.status <> 'recalled')
        EXECUTE FUNCTION edxml_queue_recalls()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }]: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM edxml_packages`);
    if (n > 0) throw new Error(`${n} edXML packages are recorded; not reverting ${this.name}`);
    await q.query(`DROP TRIGGER outgoing_documents_edxml_recall ON outgoing_documents`);
    await q.query(`DROP FUNCTION edxml_queue_recalls()`);
    await q.query(`DROP TRIGGER status_events_edxml_report ON status_events`);
    await q.query(`DROP FUNCTION edxml_queue_status_reports()`);
    await q.query(`DROP TABLE external_status_events`);
    await q.query(`DROP TABLE external_recipients`);
    await q.query(`DROP TABLE edxml_incoming`);
    await q.query(`DROP TABLE edxml_packages`);
    await q.query(`DROP TABLE federation_peers`);
  }
}
