import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The folding table of workflows/search/fold-text.ts (precomposed Latin letters, đ/Đ, A–Z → a–z). */
const FOLD_FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹĐđƉɖABCDEFGHIJKLMNOPQRSTUVWXYZ';
const FOLD_TO =
  'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyyaabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwyaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyyddddabcdefghijklmnopqrstuvwxyz';

/**
 * Search (issue 12): one index over outgoing and incoming documents, archival records, files and scans
 * (`search_entries`), the text layer of stored PDFs by content hash (`search_texts`) and saved searches.
 *
 * Text is folded by `vn_fold` (NFC, Vietnamese letters to their base letter, đ → d, lower case, everything
 * but [a-z0-9] to a space) before it reaches the text-search parser or pg_trgm, so the index behaves the
 * same under any cluster locale — including the embedded cluster's `--locale-provider=builtin --locale=C`,
 * under which pg_trgm drops accented letters and the parser keeps `Đồng` upper case. Existing data
 * directories need no re-initialisation; the `search-rebuild` job queued here fills the index (docs/search.md).
 */
export class Search1765500000000 implements MigrationInterface {
  name = 'Search1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE FUNCTION vn_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
       $f$ SELECT btrim(regexp_replace(translate(normalize(t, NFC), '${FOLD_FROM}', '${FOLD_TO}'),
                                       '[^a-z0-9]+', ' ', 'g')) $f$`,
    );
    // "01/QĐ-UBND", "1/qd-ubnd" → "1 qd ubnd": Decree 30 pads numbers below 10, people do not.
    await q.query(
      `CREATE FUNCTION vn_number_key(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
       $f$ SELECT regexp_replace(vn_fold(t), '^0+([0-9])', '\\1') $f$`,
    );
    // edXML document id "000.00.00.H41,2024/01/05,01/QĐ-UBND" → "000 00 00 h41 2024 01 05 1 qd ubnd".
    await q.query(
      `CREATE FUNCTION vn_edxml_key(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
       $f$ SELECT regexp_replace(vn_fold(t), '^([0-9]+ [0-9]+ [0-9]+ [a-z][0-9]+ [0-9]{4} [0-9]+ [0-9]+) 0+([0-9])', '\\1 \\2') $f$`,
    );
    await q.query(
      `CREATE FUNCTION search_document(number text, title text, document_type text, issuer text, signer text,
         file_code text, year integer, recipients text[], body text) RETURNS tsvector
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
       $f$ SELECT setweight(to_tsvector('simple', concat_ws(' ', vn_fold(number), vn_number_key(number), vn_fold(title))), 'A')
               || setweight(to_tsvector('simple', vn_fold(concat_ws(' ', document_type, issuer, signer, file_code,
                                                                   year::text, array_to_string(recipients, ' ')))), 'B')
               || setweight(to_tsvector('simple', coalesce(vn_fold(body), '')), 'C') $f$`,
    );
    await q.query(
      `CREATE TABLE search_entries (
         source_kind text NOT NULL CHECK (source_kind IN ('outgoing', 'incoming', 'record', 'file', 'scan')),
         source_id text NOT NULL,
         unit_id uuid NOT NULL,
         classification text,
         title text NOT NULL,
         number text,
         document_type text,
         issuer text,
         recipients text[] NOT NULL DEFAULT '{}',
         signer text,
         issued_at timestamptz,
         arrived_at timestamptz,
         due_at timestamptz,
         status text,
         urgency text,
         file_code text,
         retention text,
         year integer,
         level text,
         body text,
         edxml_id text,
         reader_roles text[],
         reader_user_ids uuid[],
         sort_at timestamptz NOT NULL,
         updated_at timestamptz NOT NULL,
         number_key text GENERATED ALWAYS AS (vn_number_key(number)) STORED,
         edxml_key text GENERATED ALWAYS AS (vn_edxml_key(edxml_id)) STORED,
         short_text text GENERATED ALWAYS AS (vn_fold(coalesce(number, '') || ' ' || title || ' ' || coalesce(issuer, '') || ' ' || coalesce(signer, ''))) STORED,
         document tsvector GENERATED ALWAYS AS (search_document(number, title, document_type, issuer, signer, file_code, year, recipients, body)) STORED,
         PRIMARY KEY (source_kind, source_id)
       )`,
    );
    await q.query(`CREATE INDEX search_entries_document_idx ON search_entries USING gin (document)`);
    await q.query(
      `CREATE INDEX search_entries_short_trgm_idx ON search_entries USING gin (short_text gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX search_entries_unit_sort_idx ON search_entries (unit_id, sort_at DESC)`);
    await q.query(`CREATE INDEX search_entries_sort_idx ON search_entries (sort_at DESC)`);
    await q.query(`CREATE INDEX search_entries_number_key_idx ON search_entries (number_key)`);
    await q.query(`CREATE INDEX search_entries_edxml_key_idx ON search_entries (edxml_key)`);
    await q.query(
      `CREATE TABLE search_texts (
         pdf_sha256 text PRIMARY KEY,
         status text NOT NULL CHECK (status IN ('done', 'empty', 'too_large', 'failed')),
         text text NOT NULL DEFAULT '',
         pages integer,
         extracted_at timestamptz NOT NULL
       )`,
    );
    await q.query(
      `CREATE TABLE saved_searches (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
         name text NOT NULL,
         query text NOT NULL,
         filters jsonb NOT NULL DEFAULT '{}',
         created_at timestamptz NOT NULL,
         UNIQUE (user_id, name)
       )`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_searches`);
    await q.query(`DROP TABLE search_texts`);
    await q.query(`DROP TABLE search_entries`);
    await q.query(`DROP FUNCTION search_document(text, text, text, text, text, text, integer, text[], text)`);
    await q.query(`DROP FUNCTION vn_edxml_key(text)`);
    await q.query(`DROP FUNCTION vn_number_key(text)`);
    await q.query(`DROP FUNCTION vn_fold(text)`);
  }
}
