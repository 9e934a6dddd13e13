import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 item 8: incoming register books (sổ đăng ký văn bản đến) an admin sets up per unit — per
 * document type or for classified documents — from which the clerk chooses at registration, and the
 * leader the clerk presents the document to. Numbering per book and year uses `registers` (document_type =
 * the book's name, series normal or classified), so each book counts from 01 every year; an incoming
 * number is unique per register (book and year) instead of per unit and year.
 */
export class RegisterBooks1765660000000 implements MigrationInterface {
  name = 'RegisterBooks1765660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE register_books (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units (id),
        direction text NOT NULL DEFAULT 'incoming' CHECK (direction IN ('incoming')),
        name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
        document_types text[] NOT NULL DEFAULT '{}',
        classified boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        CONSTRAINT register_books_name_key UNIQUE (unit_id, direction, name)
      )`);
    await q.query(`
      CREATE TABLE incoming_registrations (
        incoming_id uuid PRIMARY KEY REFERENCES incoming_documents (id),
        register_book_id uuid REFERENCES register_books (id),
        presented_to_user_id uuid REFERENCES users (id),
        created_at timestamptz NOT NULL
      )`);
    // Incoming numbers are unique per register (per book and year) rather than per unit and year.
    await q.query(`ALTER TABLE incoming_documents DROP CONSTRAINT incoming_documents_number_key`);
    await q.query(
      `ALTER TABLE incoming_documents ADD CONSTRAINT incoming_documents_number_key UNIQUE (register_id, incoming_number)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incoming_documents DROP CONSTRAINT incoming_documents_number_key`);
    await q.query(
      `ALTER TABLE incoming_documents ADD CONSTRAINT incoming_documents_number_key UNIQUE (recipient_unit_id, year, incoming_number)`,
    );
    await q.query(`DROP TABLE incoming_registrations`);
    await q.query(`DROP TABLE register_books`);
  }
}
