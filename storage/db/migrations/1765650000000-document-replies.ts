import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 item 5 (replies) and item 6 (review chain):
 * - `document_replies`: an outgoing draft written as the answer to an incoming document (edXML
 *   `ResponseFor`); one incoming document may be answered by several, an outgoing one answers one.
 * - `document_settings`: per unit (the nearest unit up the tree with a row decides; none: the defaults),
 *   whether an incoming document in progress completes (06) when its reply is issued — default on.
 * - `review_steps`: the ordered reviewers (trình duyệt: head of department, deputy) a draft passes before
 *   the leader signs; each approves or returns in order.
 */
export class DocumentReplies1765650000000 implements MigrationInterface {
  name = 'DocumentReplies1765650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_replies (
        outgoing_id uuid PRIMARY KEY REFERENCES outgoing_documents (id) ON DELETE CASCADE,
        incoming_id uuid NOT NULL REFERENCES incoming_documents (id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX document_replies_incoming_idx ON document_replies (incoming_id)`);
    await q.query(`
      CREATE TABLE document_settings (
        unit_id uuid PRIMARY KEY REFERENCES units (id),
        complete_incoming_on_reply boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL,
        updated_by uuid REFERENCES users (id)
      )`);
    await q.query(`
      CREATE TABLE review_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES outgoing_documents (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq >= 1),
        reviewer_user_id uuid NOT NULL REFERENCES users (id),
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'returned')),
        comment text,
        decided_at timestamptz,
        CONSTRAINT review_steps_seq_key UNIQUE (document_id, seq),
        CHECK ((state = 'pending') = (decided_at IS NULL))
      )`);
    await q.query(`CREATE INDEX review_steps_reviewer_idx ON review_steps (reviewer_user_id, state)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_steps`);
    await q.query(`DROP TABLE document_settings`);
    await q.query(`DROP TABLE document_replies`);
  }
}
