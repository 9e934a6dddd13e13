import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 item 7, assignment as practised: who handles an incoming document and how — one lead handler
 * (chủ trì), supporting handlers (phối hợp), people or units for information (để biết) — and the notes of
 * its handling: the leader's written instruction (ý kiến chỉ đạo), reassignments, deadline extensions with
 * their reason, progress notes, and the lead handler's result with its files.
 */
export class IncomingHandling1765670000000 implements MigrationInterface {
  name = 'IncomingHandling1765670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incoming_handlers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incoming_id uuid NOT NULL REFERENCES incoming_documents (id),
        role text NOT NULL CHECK (role IN ('lead', 'support', 'info')),
        user_id uuid REFERENCES users (id),
        unit_id uuid REFERENCES units (id),
        added_at timestamptz NOT NULL,
        CHECK ((user_id IS NULL) <> (unit_id IS NULL)),
        CHECK (role = 'info' OR user_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX incoming_handlers_incoming_idx ON incoming_handlers (incoming_id)`);
    await q.query(
      `CREATE UNIQUE INDEX incoming_handlers_one_lead ON incoming_handlers (incoming_id) WHERE role = 'lead'`,
    );
    await q.query(`
      CREATE TABLE incoming_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incoming_id uuid NOT NULL REFERENCES incoming_documents (id),
        kind text NOT NULL CHECK (kind IN ('instruction', 'progress', 'reassign', 'extension', 'result')),
        author_user_id uuid NOT NULL REFERENCES users (id),
        text text NOT NULL CHECK (btrim(text) <> ''),
        deadline_from date,
        deadline_to date,
        files jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX incoming_notes_incoming_idx ON incoming_notes (incoming_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incoming_notes`);
    await q.query(`DROP TABLE incoming_handlers`);
  }
}
