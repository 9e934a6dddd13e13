/**
 * Search benchmark (issue 12, docs/search.md): generated documents — metadata and 1–3 pages of
 * Vietnamese text each, the province's mix of types and units — bulk-inserted into `search_entries` of an
 * embedded PostgreSQL 17 (the cluster the server starts: builtin C locale). Prints the load time (the
 * generated folded columns and the tsvector are computed on insert), the index build time and sizes, and
 * p50 / p95 per query class through the real `searchDocuments` (access predicate, count, facets, snippets)
 * as a province-level archivist who reads every unit, each beside the peer measured in the same run: a
 * naive `ILIKE '%…%'` over the same rows' subject and text, newest 20 (which cannot find `quyet dinh` in
 * `Quyết định` at all — it is the speed floor an unindexed search would have).
 *
 *   npx ts-node --transpile-only bench/search.ts [--docs 1000000] [--runs 40] [--peer-runs 5] [--load-workers 2] [--explain]
 *     [--before path/to/older/search-documents.ts]   (the same inputs through it, interleaved: before/after in one run)
 *
 * Results: a table on stdout and bench/out/search.json. On the shared 2-core machine 1,000,000 documents
 * take long to generate; --docs sets the count and the output says what was run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { runMigrations } from '../storage/db/data-source';
import { startBenchDatabase } from './bench-util';
import { systemClock, type DomainContext } from '../workflows/context';
import { ACTIONS, SIGNERS, TOPICS, TYPES as SET_TYPES } from '../test/fixtures/search/relevance-set';
import {
  SEARCH_STATEMENT_TIMEOUT_MS,
  searchDocuments,
  type SearchInput,
} from '../workflows/search/search-documents';

const flag = (name: string) => process.argv.includes(`--${name}`);

/**
 * --explain: every SELECT over search_entries that searchDocuments runs for the first query of each class
 * is preceded by its EXPLAIN (ANALYZE, BUFFERS), printed (bench only: the query runner is wrapped).
 */
let explaining = false;
function wrapQueryRunnerForExplain(): void {
  const original = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = async function (
    this: PostgresQueryRunner,
    sql: string,
    params?: unknown[],
    structured?: boolean,
  ) {
    if (explaining && /^\s*(SELECT|WITH)/i.test(sql) && sql.includes('search_entries')) {
      explaining = false;
      try {
        const plan = (await original.call(this, `EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as {
          'QUERY PLAN': string;
        }[];
        console.log(`--- ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
        // Long unit-id arrays are cut: the plan's shape is what matters.
        for (const r of plan) console.log(`    ${r['QUERY PLAN'].slice(0, 240)}`);
      } finally {
        explaining = true;
      }
    }
    return original.call(this, sql, params, structured) as Promise<never>;
  } as typeof original;
}

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

// The subject vocabulary is the labelled relevance set's (types with their notations, actions, topics, signers).
const TYPES = SET_TYPES.map((t) => t.name);
const ABBR = SET_TYPES.map((t) => t.abbr);
/** Sentences of administrative prose; a page is about a dozen of them (~2,000 characters). */
const SENTENCES = [
  'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;',
  'Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;',
  'Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV.',
  'Các sở, ban, ngành tỉnh và Ủy ban nhân dân các huyện, thị xã, thành phố tổ chức triển khai thực hiện.',
  'Giao Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc và tổng hợp kết quả báo cáo định kỳ.',
  'Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành.',
  'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh kịp thời để xem xét, giải quyết.',
  'Quyết định này có hiệu lực kể từ ngày ký ban hành.',
  'Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ngành chịu trách nhiệm thi hành Quyết định này.',
  'Tăng cường công tác tuyên truyền, nâng cao nhận thức của cán bộ, công chức và nhân dân.',
  'Rà soát, đánh giá kết quả thực hiện nhiệm vụ năm trước, đề xuất giải pháp cho năm tiếp theo.',
  'Phân công cụ thể trách nhiệm của từng cơ quan, đơn vị, bảo đảm tiến độ và chất lượng.',
  'Thực hiện chế độ thông tin, báo cáo theo quy định trước ngày 15 hằng tháng.',
  'Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý, điều hành và cung cấp dịch vụ công trực tuyến.',
  'Bảo đảm an ninh trật tự, an toàn xã hội trên địa bàn trong dịp lễ, Tết.',
  'Kiểm tra, giám sát việc thực hiện tại các xã, phường, thị trấn.',
  'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể phối hợp vận động nhân dân tham gia.',
  'Sở Tài chính thẩm định dự toán, tham mưu bố trí kinh phí theo quy định.',
  'Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các đơn vị liên quan hướng dẫn thực hiện.',
  'Báo cáo kết quả về Ủy ban nhân dân tỉnh (qua Văn phòng) trước ngày 30 tháng 11.',
];
const PLACES = [
  'tỉnh Long An',
  'huyện Bến Lức',
  'huyện Cần Đước',
  'huyện Đức Hòa',
  'thành phố Tân An',
  'thị xã Kiến Tường',
  'huyện Thạnh Hóa',
  'huyện Châu Thành',
  'huyện Đức Huệ',
  'huyện Cần Giuộc',
];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main(): Promise<void> {
  const docs = arg('docs', 1_000_000);
  const runs = arg('runs', 40);
  const peerRuns = arg('peer-runs', 5);
  const bench = await startBenchDatabase('vanban-bench-search-');
  const { db } = bench;
  const out: Record<string, unknown> = {
    docs,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverageAtStart: os.loadavg() },
  };
  try {
    await runMigrations(db);
    // A province: root, 15 districts, 10 communes each (the actor reads all of it).
    const [{ id: root }] = await db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
       VALUES ('000.00.00.H41', 'Ủy ban nhân dân tỉnh Long An', 'province', NULL, '2020-01-01', 'x') RETURNING id`,
    );
    await db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
       SELECT '000.00.' || lpad(d::text, 2, '0') || '.H41', 'Ủy ban nhân dân huyện ' || d, 'district', $1, '2020-01-01', 'x'
       FROM generate_series(1, 15) d`,
      [root],
    );
    await db.query(
      `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
       SELECT lpad(c::text, 3, '0') || '.' || lpad(u.code_part, 2, '0') || '.00.H41', 'Ủy ban nhân dân xã ' || c || ' ' || u.name,
              'commune', u.id, '2020-01-01', 'x'
       FROM (SELECT id, name, split_part(code, '.', 3) AS code_part FROM units WHERE level = 'district') u,
            generate_series(1, 10) c`,
    );
    const [{ ids: unitIds }] = await db.query(`SELECT array_agg(id ORDER BY code) AS ids FROM units`);
    const [{ id: userId }] = await db.query(
      `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
       VALUES ('bench.archivist', 'Lưu trữ viên', $1, '{archivist}', 'x') RETURNING id`,
      [root],
    );

    // Bulk load without the indexes, then build them: how a province's first index is made.
    await db.query(
      `DROP INDEX search_entries_document_idx, search_entries_short_trgm_idx, search_entries_rank_head_idx`,
    );
    // The generator draws each body from a pool of 3 × SENTENCES.length texts (the sentence order depends
    // on i mod SENTENCES.length, the page count on i mod 3). Folding a body and building its tsvector is
    // the load's cost, so it is done once per pool entry: `document` becomes a plain column in this
    // throwaway database (DROP EXPRESSION keeps the values) and is written as the generated expression
    // would compute it — search_rank_head(…) || the pool entry's weight-C body vector, which is
    // search_document(…) term for term. A sample of the loaded rows is compared with search_document below.
    const poolSize = 3 * SENTENCES.length;
    await db.query(
      `CREATE UNLOGGED TABLE bench_bodies AS
       SELECT j AS key, body, setweight(to_tsvector('simple', coalesce(vn_fold(body), '')), 'C') AS body_vector
       FROM (SELECT j, (SELECT string_agg(($2::text[])[1 + (j * 7 + k * 13) % cardinality($2::text[])], ' ')
                          FROM generate_series(1, 12 * (1 + j % 3)) k) AS body
             FROM generate_series(0, $1::int - 1) j) b`,
      [poolSize, SENTENCES],
    );
    await db.query(`ALTER TABLE search_entries ALTER COLUMN document DROP EXPRESSION`);
    const batch = 20_000;
    const loadStart = performance.now();
    // --load-workers connections insert batches side by side.
    const workers = arg('load-workers', 2);
    let next = 0;
    const loadBatch = async (from: number): Promise<void> => {
      const to = Math.min(docs, from + batch) - 1;
      await db.query(
        `INSERT INTO search_entries (source_kind, source_id, unit_id, title, number, document_type, issuer, signer,
           issued_at, status, urgency, year, level, body, sort_at, updated_at, document)
         SELECT kind, id, unit, title, number, dtype, issuer, signer, at, 'issued', urgency, year, 'province',
           b.body, at, now(),
           search_rank_head(number, title, dtype, issuer, signer, NULL, year, NULL) || b.body_vector
         FROM (
           SELECT i, at, CASE WHEN i % 3 = 0 THEN 'incoming' ELSE 'outgoing' END AS kind, 'b' || i AS id,
             ($3::uuid[])[1 + i % cardinality($3::uuid[])] AS unit, ($4::text[])[1 + t] AS dtype,
             'Ủy ban nhân dân tỉnh Long An' AS issuer, ($7::text[])[1 + i % cardinality($7::text[])] AS signer,
             CASE WHEN i % 17 = 0 THEN 'urgent' ELSE 'normal' END AS urgency, extract(year FROM at)::int AS year,
             CASE WHEN t = 2 THEN 'Về việc ' ELSE ($4::text[])[1 + t] || ' ' END
               || ($6::text[])[1 + (i / 7) % cardinality($6::text[])] || ' '
               || ($8::text[])[1 + i % cardinality($8::text[])] || ' '
               || ($9::text[])[1 + (i / 3) % cardinality($9::text[])] || ' năm ' || extract(year FROM at) AS title,
             CASE WHEN (i / 8) % 5000 + 1 < 10 THEN '0' ELSE '' END || ((i / 8) % 5000 + 1) || '/'
               || CASE WHEN ($5::text[])[1 + t] = '' THEN 'UBND-VP' ELSE ($5::text[])[1 + t] || '-UBND' END AS number
           FROM generate_series($1::int, $2::int) i,
                LATERAL (SELECT i % 8 AS t, timestamptz '2016-01-01' + (i % 3650) * interval '1 day' AS at) x
         ) g JOIN bench_bodies b ON b.key = g.i % $10`,
        [from, to, unitIds, TYPES, ABBR, ACTIONS, SIGNERS, TOPICS, PLACES, poolSize],
      );
      if ((from / batch) % 10 === 0)
        console.log(
          `  loaded ${to + 1} / ${docs} (${((performance.now() - loadStart) / 1000).toFixed(0)} s)`,
        );
    };
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (next < docs) {
          const from = next;
          next += batch;
          await loadBatch(from);
        }
      }),
    );
    const loadMs = performance.now() - loadStart;
    // The shortcut must write what the generated column would: every 1,000th row compared.
    const [{ differ, checked }] = (await db.query(
      `SELECT count(*) FILTER (WHERE document IS DISTINCT FROM search_document(number, title, document_type, issuer,
                signer, file_code, year, recipients, body))::int AS differ, count(*)::int AS checked
       FROM search_entries WHERE substr(source_id, 2)::int % 1000 = 0`,
    )) as { differ: number; checked: number }[];
    if (differ > 0 || checked === 0)
      throw new Error(`bench load: ${differ} of ${checked} sampled documents differ from search_document`);
    out.loadCheck = { checked, differ };
    let t = performance.now();
    await db.query(`SET maintenance_work_mem = '256MB'`);
    await db.query(`CREATE INDEX search_entries_document_idx ON search_entries USING gin (document)`);
    const ginMs = performance.now() - t;
    t = performance.now();
    await db.query(
      `CREATE INDEX search_entries_short_trgm_idx ON search_entries USING gin (short_text gin_trgm_ops)`,
    );
    const trgmMs = performance.now() - t;
    t = performance.now();
    await db.query(`CREATE INDEX search_entries_rank_head_idx ON search_entries USING gin (rank_head)`);
    const rankHeadMs = performance.now() - t;
    await db.query(`VACUUM ANALYZE search_entries`);
    const [sizes] = await db.query(
      `SELECT pg_table_size('search_entries') AS heap_and_toast, pg_relation_size('search_entries_document_idx') AS gin,
              pg_relation_size('search_entries_short_trgm_idx') AS trgm,
              pg_relation_size('search_entries_rank_head_idx') AS rank_head_gin, pg_indexes_size('search_entries') AS all_indexes,
              (SELECT avg(length(body))::int FROM (SELECT body FROM search_entries LIMIT 10000) s) AS avg_body_chars`,
    );
    out.build = { loadMs, ginMs, trgmMs, rankHeadMs, sizes };
    console.log(
      `${docs} documents: load ${(loadMs / 1000).toFixed(1)} s (incl. folding and tsvector), ` +
        `GIN ${(ginMs / 1000).toFixed(1)} s, trigram GIN ${(trgmMs / 1000).toFixed(1)} s, ` +
        `rank_head GIN ${(rankHeadMs / 1000).toFixed(1)} s`,
    );
    console.log(`sizes (bytes): ${JSON.stringify(sizes)}`);

    const ctx: DomainContext = {
      db,
      clock: systemClock,
      actor: { userId, username: 'bench.archivist', unitId: root, roles: ['archivist'] },
      requestMetadata: {},
    };
    const pick = <T>(xs: readonly T[], i: number) => xs[i % xs.length]!;
    const strip = (s: string) =>
      s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').replace(/,/g, '');
    const classes: { name: string; input: (i: number) => SearchInput; peer: (i: number) => string }[] = [
      {
        name: 'no diacritics',
        input: (i) => ({ q: strip(pick(TOPICS, i)).toLowerCase() }),
        peer: (i) => strip(pick(TOPICS, i)).toLowerCase(),
      },
      { name: 'diacritics', input: (i) => ({ q: pick(TOPICS, i) }), peer: (i) => pick(TOPICS, i) },
      {
        name: 'a number',
        input: (i) => ({ q: `${(i % 9) + 1}/${pick(['QĐ', 'KH', 'BC'], i)}-UBND` }),
        peer: (i) => `0${(i % 9) + 1}/${pick(['QĐ', 'KH', 'BC'], i)}-UBND`,
      },
      {
        name: 'a phrase',
        input: (i) => ({ q: `"${pick(ACTIONS, i)} ${pick(TOPICS, i + 3).split(',')[0]}"` }),
        peer: (i) => `${pick(ACTIONS, i)} ${pick(TOPICS, i + 3).split(',')[0]}`,
      },
      {
        name: 'filters + facets',
        input: (i) => ({
          q: strip(pick(TOPICS, i)).split(' ').slice(0, 3).join(' '),
          years: [2018 + (i % 7)],
          types: [pick(TYPES, i)],
          facets: true,
        }),
        peer: (i) => strip(pick(TOPICS, i)).split(' ').slice(0, 3).join(' '),
      },
      {
        name: 'common word, by date',
        input: (i) => ({ q: pick(['nhân dân', 'ủy ban', 'thực hiện', 'báo cáo'], i), sort: 'date' }),
        peer: (i) => pick(['nhân dân', 'ủy ban', 'thực hiện', 'báo cáo'], i),
      },
    ];
    const results: Record<string, unknown>[] = [];
    const beforeIdx = process.argv.indexOf('--before');
    const before =
      beforeIdx > 0
        ? // eslint-disable-next-line @typescript-eslint/no-require-imports
          (require(path.resolve(process.argv[beforeIdx + 1]!)) as { searchDocuments: typeof searchDocuments })
            .searchDocuments
        : null;
    if (flag('explain')) wrapQueryRunnerForExplain();
    for (const c of classes) {
      const quietly = async (input: SearchInput) => {
        try {
          await searchDocuments(ctx, input);
        } catch (e) {
          if ((e as { code?: string }).code !== 'SEARCH_TOO_BROAD') throw e;
          console.log('  (cancelled by the statement timeout: SEARCH_TOO_BROAD)');
        }
      };
      if (flag('explain')) {
        console.log(`=== ${c.name}: ${JSON.stringify(c.input(0))}`);
        explaining = true;
        await quietly(c.input(0));
        explaining = false;
      }
      await quietly(c.input(0)); // warm-up
      const ms: number[] = [];
      let total = 0;
      // A query cancelled by the statement timeout (SEARCH_TOO_BROAD) is counted, with its time.
      let timedOut = 0;
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        try {
          total += (await searchDocuments(ctx, c.input(i))).total;
        } catch (e) {
          if ((e as { code?: string }).code !== 'SEARCH_TOO_BROAD') throw e;
          timedOut++;
        }
        ms.push(performance.now() - s);
      }
      const slowest = ms.indexOf(Math.max(...ms));
      console.log(`  slowest: ${ms[slowest]!.toFixed(1)} ms ${JSON.stringify(c.input(slowest))}`);
      if (flag('explain') && slowest !== 0) {
        explaining = true;
        await quietly(c.input(slowest));
        explaining = false;
      }
      // --before <module>: the same inputs through another searchDocuments (e.g. the previous commit's),
      // interleaved run by run with the current one, so both see the same load.
      const beforeMs: number[] = [];
      if (before && flag('explain')) {
        console.log(`  === before, slowest input: ${JSON.stringify(c.input(slowest))}`);
        explaining = true;
        try {
          await before(ctx, c.input(slowest));
        } catch (e) {
          if ((e as { code?: string }).code !== 'SEARCH_TOO_BROAD') throw e;
          console.log('  (cancelled by the statement timeout: SEARCH_TOO_BROAD)');
        }
        explaining = false;
      }
      if (before) {
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          try {
            await before(ctx, c.input(i));
          } catch (e) {
            if ((e as { code?: string }).code !== 'SEARCH_TOO_BROAD') throw e;
          }
          beforeMs.push(performance.now() - s);
          const s2 = performance.now();
          await quietly(c.input(i));
          ms.push(performance.now() - s2);
        }
      }
      const peer: number[] = [];
      for (let i = 0; i < peerRuns; i++) {
        const s = performance.now();
        await db.query(
          `SELECT source_kind, source_id FROM search_entries WHERE title ILIKE $1 OR body ILIKE $1
           ORDER BY sort_at DESC LIMIT 20`,
          [`%${c.peer(i)}%`],
        );
        peer.push(performance.now() - s);
      }
      const row = {
        class: c.name,
        ...(before ? { beforeP50: percentile(beforeMs, 50), beforeP95: percentile(beforeMs, 95) } : {}),
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        peerP50: percentile(peer, 50),
        peerP95: percentile(peer, 95),
        ratioP50: percentile(peer, 50) / percentile(ms, 50),
        avgMatches: total / runs,
        timedOut,
      };
      results.push(row);
      if (before)
        console.log(
          `  before: p50 ${percentile(beforeMs, 50).toFixed(1)} ms  p95 ${percentile(beforeMs, 95).toFixed(1)} ms` +
            `   now (both series): p50 ${percentile(ms, 50).toFixed(1)} ms  p95 ${percentile(ms, 95).toFixed(1)} ms`,
        );
      console.log(
        `${c.name.padEnd(22)} p50 ${row.p50.toFixed(1).padStart(7)} ms  p95 ${row.p95.toFixed(1).padStart(7)} ms   ` +
          `ILIKE p50 ${row.peerP50.toFixed(0).padStart(6)} ms  p95 ${row.peerP95.toFixed(0).padStart(6)} ms   ` +
          `ILIKE ÷ search ${row.ratioP50.toFixed(0)}×   matches ~${row.avgMatches.toFixed(0)}` +
          (timedOut ? `   ${timedOut} cancelled at ${SEARCH_STATEMENT_TIMEOUT_MS} ms` : ''),
      );
    }
    out.queries = results;
    out.loadAverageAtEnd = os.loadavg();
    console.log(
      `load average (1, 5, 15 min): ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')}`,
    );
    fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'out', 'search.json'), JSON.stringify(out, null, 2));
  } finally {
    await bench.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
