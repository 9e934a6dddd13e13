import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units with their reorganisation history, accounts, sessions and API tokens, and the append-only,
 * hash-chained audit trail. Constraints repeat in the database what the domain code checks, so that
 * no other writer (a script, psql) can store what the code would refuse.
 */
export class InitialSchema1763780000000 implements MigrationInterface {
  name = 'InitialSchema1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT units_code_key UNIQUE
          CONSTRAINT units_code_format CHECK (code ~ '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[GH][0-9]{2}$'),
        name text NOT NULL CHECK (btrim(name) <> ''),
        short_name text,
        level text NOT NULL CONSTRAINT units_level_check CHECK (level IN ('province', 'district', 'commune')),
        parent_id uuid REFERENCES units (id),
        valid_from date NOT NULL,
        valid_to date,
        successor_id uuid REFERENCES units (id),
        search_text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_to > valid_from),
        CHECK (parent_id IS NULL OR parent_id <> id),
        CHECK (successor_id IS NULL OR successor_id <> id)
      )`);
    await q.query(`CREATE INDEX units_parent_id_idx ON units (parent_id)`);
    await q.query(`CREATE INDEX units_successor_id_idx ON units (successor_id)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CONSTRAINT users_username_key UNIQUE
          CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
        full_name text NOT NULL CHECK (btrim(full_name) <> ''),
        title text,
        unit_id uuid NOT NULL REFERENCES units (id),
        roles text[] NOT NULL DEFAULT '{}'
          CONSTRAINT users_roles_known
          CHECK (roles <@ ARRAY['specialist', 'leader', 'clerk', 'archivist', 'auditor', 'admin']::text[]),
        password_hash text,
        failed_login_count integer NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
        locked_until timestamptz,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_unit_id_idx ON users (unit_id)`);

    await q.query(`
      CREATE TABLE unit_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        kind text NOT NULL
          CHECK (kind IN ('created', 'renamed', 'reparented', 'merged', 'absorbed', 'dissolved')),
        effective_on date NOT NULL,
        period_from date,
        period_to date,
        old_name text,
        old_short_name text,
        new_name text,
        old_parent_id uuid REFERENCES units (id),
        new_parent_id uuid REFERENCES units (id),
        successor_id uuid REFERENCES units (id),
        related_unit_ids uuid[] NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by uuid REFERENCES users (id)
      )`);
    await q.query(
      `CREATE INDEX unit_history_unit_id_effective_on_idx ON unit_history (unit_id, effective_on)`,
    );

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        token_hash text NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        kind text NOT NULL CHECK (kind IN ('web', 'api')),
        name text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);

    await q.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        type text NOT NULL CHECK (type ~ '^[A-Z][A-Z0-9_]*$'),
        actor_user_id uuid,
        actor_username text,
        unit_id uuid,
        occurred_at timestamptz NOT NULL,
        ip text,
        user_agent text,
        request_id text,
        payload jsonb NOT NULL,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CONSTRAINT audit_events_hash_key UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX audit_events_unit_id_seq_idx ON audit_events (unit_id, seq)`);
    await q.query(`CREATE INDEX audit_events_type_seq_idx ON audit_events (type, seq)`);
    await q.query(`
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_refuse_change()`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE unit_history`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE units`);
  }
}
