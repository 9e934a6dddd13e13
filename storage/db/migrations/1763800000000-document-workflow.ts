import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The document workflow core (DESIGN.md §3, §6): registers with gapless numbers, outgoing documents and
 * their PDF versions, incoming documents (one per recipient, edXML status codes), the status events
 * reported back to the sender, groups of units, and the jobs table (outbox) shared by every replica.
 */
export class DocumentWorkflow1763800000000 implements MigrationInterface {
  name = 'DocumentWorkflow1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_unit_id uuid NOT NULL REFERENCES units (id),
        name text NOT NULL CHECK (btrim(name) <> ''),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unit_groups_owner_name_key UNIQUE (owner_unit_id, name)
      )`);
    await q.query(`
      CREATE TABLE unit_group_members (
        group_id uuid NOT NULL REFERENCES unit_groups (id) ON DELETE CASCADE,
        unit_id uuid NOT NULL REFERENCES units (id),
        PRIMARY KEY (group_id, unit_id)
      )`);

    // next_number is the number the next allocation returns; allocation is an UPDATE ... RETURNING in the
    // numbering transaction, so the row lock serialises clerks and a rollback gives the number back.
    await q.query(`
      CREATE TABLE registers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
        document_type text NOT NULL DEFAULT '',
        series text NOT NULL CHECK (series IN ('normal', 'classified')),
        next_number integer NOT NULL DEFAULT 1 CHECK (next_number >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registers_scope_key UNIQUE (unit_id, direction, year, document_type, series)
      )`);

    await q.query(`
      CREATE TABLE outgoing_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        medium text NOT NULL DEFAULT 'electronic' CHECK (medium IN ('electronic', 'paper')),
        document_type text NOT NULL CHECK (btrim(document_type) <> ''),
        notation text NOT NULL CHECK (btrim(notation) <> ''),
        subject text NOT NULL CHECK (btrim(subject) <> ''),
        urgency text NOT NULL DEFAULT 'normal'
          CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
        classification text NOT NULL DEFAULT 'none'
          CHECK (classification IN ('none', 'confidential', 'secret', 'top_secret')),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'in_review', 'returned', 'signed', 'numbered', 'sealed', 'issued',
                            'recalled', 'replaced')),
        drafter_user_id uuid NOT NULL REFERENCES users (id),
        signer_user_id uuid REFERENCES users (id),
        due_date date,
        register_id uuid REFERENCES registers (id),
        year integer,
        number integer CHECK (number >= 1),
        issued_on date,
        pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        pdf_size bigint NOT NULL CHECK (pdf_size > 0),
        attachments jsonb NOT NULL DEFAULT '[]',
        recipients jsonb NOT NULL DEFAULT '[]',
        review_comment text,
        replaces_id uuid REFERENCES outgoing_documents (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        signed_at timestamptz,
        numbered_at timestamptz,
        sealed_at timestamptz,
        issued_at timestamptz,
        recalled_at timestamptz,
        CHECK ((number IS NULL) = (year IS NULL)),
        CHECK (number IS NULL OR register_id IS NOT NULL),
        CHECK (status IN ('draft', 'in_review', 'returned', 'signed') OR number IS NOT NULL),
        CONSTRAINT outgoing_documents_number_key UNIQUE (unit_id, year, number, notation)
      )`);
    await q.query(`CREATE INDEX outgoing_documents_unit_status_idx ON outgoing_documents (unit_id, status)`);

    await q.query(`
      CREATE TABLE document_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES outgoing_documents (id),
        seq integer NOT NULL CHECK (seq >= 1),
        step text NOT NULL
          CHECK (step IN ('drafted', 'revised', 'signed', 'numbered', 'sealed', 'attachment_signed', 'scanned')),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        actor_user_id uuid REFERENCES users (id),
        note text,
        created_at timestamptz NOT NULL,
        CONSTRAINT document_versions_seq_key UNIQUE (document_id, seq)
      )`);

    await q.query(`
      CREATE TABLE incoming_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_unit_id uuid NOT NULL REFERENCES units (id),
        addressed_unit_id uuid NOT NULL REFERENCES units (id),
        outgoing_id uuid REFERENCES outgoing_documents (id),
        external_sender_code text,
        external_document_id text,
        document_type text NOT NULL,
        notation text NOT NULL,
        subject text NOT NULL,
        urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
        urgent boolean GENERATED ALWAYS AS (urgency <> 'normal') STORED,
        pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        status_code text NOT NULL DEFAULT '01' CHECK (status_code IN ('01', '02', '03', '04', '05', '06')),
        recall_code text CHECK (recall_code IN ('13', '15', '16')),
        superseded_by_id uuid REFERENCES outgoing_documents (id),
        register_id uuid REFERENCES registers (id),
        year integer,
        incoming_number integer CHECK (incoming_number >= 1),
        received_at timestamptz NOT NULL,
        registered_at timestamptz,
        assigned_at timestamptz,
        completed_at timestamptz,
        assignee_user_ids uuid[] NOT NULL DEFAULT '{}',
        deadline date,
        handling_result text CHECK (handling_result IN ('early', 'on_time', 'late')),
        refusal_reason text,
        validation jsonb,
        CHECK ((outgoing_id IS NULL) <> (external_sender_code IS NULL)),
        CHECK (status_code <> '02' OR refusal_reason IS NOT NULL),
        CHECK ((incoming_number IS NULL) = (year IS NULL)),
        CONSTRAINT incoming_documents_delivery_key UNIQUE (outgoing_id, recipient_unit_id),
        CONSTRAINT incoming_documents_external_key UNIQUE (external_sender_code, external_document_id, recipient_unit_id),
        CONSTRAINT incoming_documents_number_key UNIQUE (recipient_unit_id, year, incoming_number)
      )`);
    await q.query(
      `CREATE INDEX incoming_documents_recipient_status_idx ON incoming_documents (recipient_unit_id, status_code)`,
    );

    await q.query(`
      CREATE TABLE status_events (
        id bigserial PRIMARY KEY,
        incoming_id uuid NOT NULL REFERENCES incoming_documents (id),
        outgoing_id uuid REFERENCES outgoing_documents (id),
        code text NOT NULL CHECK (code IN ('01', '02', '03', '04', '05', '06', '13', '15', '16')),
        occurred_at timestamptz NOT NULL,
        actor_user_id uuid REFERENCES users (id),
        actor_unit_id uuid REFERENCES units (id),
        note text
      )`);
    await q.query(`CREATE INDEX status_events_incoming_idx ON status_events (incoming_id, id)`);
    await q.query(`CREATE INDEX status_events_outgoing_idx ON status_events (outgoing_id, id)`);

    await q.query(`
      CREATE TABLE jobs (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]*$'),
        payload jsonb NOT NULL DEFAULT '{}',
        dedupe_key text CONSTRAINT jobs_dedupe_key UNIQUE,
        run_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts integer NOT NULL DEFAULT 10 CHECK (max_attempts >= 1),
        locked_by text,
        locked_until timestamptz,
        done_at timestamptz,
        failed_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE done_at IS NULL AND failed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jobs`);
    await q.query(`DROP TABLE status_events`);
    await q.query(`DROP TABLE incoming_documents`);
    await q.query(`DROP TABLE document_versions`);
    await q.query(`DROP TABLE outgoing_documents`);
    await q.query(`DROP TABLE registers`);
    await q.query(`DROP TABLE unit_group_members`);
    await q.query(`DROP TABLE unit_groups`);
  }
}
