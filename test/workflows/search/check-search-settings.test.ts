import { expect } from 'chai';
import { checkSearchSettings, ensureSearchIndexed } from '../../../workflows/search/check-search-settings';
import { rebuildSearchIndex } from '../../../workflows/search/rebuild-search-index';
import { reindexOutgoing } from '../../../workflows/search/reindex-documents';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld } from '../../server/support/world';
import { insertIncoming, insertOutgoing } from './search-fixtures';

/**
 * Issue 12 item 2: the embedded cluster is `--locale-provider=builtin --locale=C`. Raw accented text
 * breaks pg_trgm and the parser there (shown below, so the test fails if that premise changes unseen);
 * the folded text the index uses does not. And a data directory from before the index gets it built.
 */
describe('workflows/search database settings and existing data directories', () => {
  const t = useTestDatabase();

  it('reports the cluster locale and passes the folding probe on the embedded builtin C cluster', async () => {
    const s = await checkSearchSettings(t.db);
    expect(s.encoding).to.equal('UTF8');
    expect(s.localeProvider).to.be.oneOf(['builtin', 'libc', 'icu']);
  });

  it('shows why text is folded first: under the builtin C locale raw Vietnamese loses letters in pg_trgm', async () => {
    const [r] = (await t.db.query(
      `SELECT d.datlocprovider::text AS provider, show_trgm('Nguyễn') AS raw, show_trgm(vn_fold('Nguyễn')) AS folded,
              to_tsvector('simple', 'Đồng')::text AS raw_ts, to_tsvector('simple', vn_fold('Đồng'))::text AS folded_ts
       FROM pg_database d WHERE d.datname = current_database()`,
    )) as { provider: string; raw: string[]; folded: string[]; raw_ts: string; folded_ts: string }[];
    expect(r!.folded).to.include.members(['guy', 'uye', 'yen']);
    expect(r!.folded_ts).to.equal("'dong':1");
    if (r!.provider === 'b') {
      // The known pitfall of issue 12 on this cluster.
      expect(r!.raw).not.to.include('yen');
    }
  });

  it('refuses to start on a database whose folding differs from the server’s', async () => {
    await t.db.query(`ALTER FUNCTION vn_fold(text) RENAME TO vn_fold_saved`);
    await t.db.query(
      `CREATE FUNCTION vn_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$`,
    );
    try {
      const e = await checkSearchSettings(t.db).catch((x: unknown) => x);
      expect((e as { code: string }).code).to.equal('CONFIG_INVALID');
      expect((e as Error).message).to.include('vn_fold gives');
    } finally {
      await t.db.query(`DROP FUNCTION vn_fold(text)`);
      await t.db.query(`ALTER FUNCTION vn_fold_saved(text) RENAME TO vn_fold`);
    }
  });

  it('builds the index of a data directory that has documents from before the search migration', async () => {
    const w = await seedWorld(t.db);
    const a = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: w.users.specialist.id,
      subject: 'Quyết định cũ trước khi có tìm kiếm',
      number: 5,
      issuedOn: '2023-05-05',
    });
    await insertIncoming(t.db, { recipientUnitId: w.own, subject: 'Công văn cũ', notation: '01/CV' });
    // As after the migration on an old data directory: documents, no entries.
    expect(await ensureSearchIndexed(t.db)).to.not.equal(null);
    const check = await rebuildSearchIndex(t.db, { check: true });
    expect(check.differences).to.deep.equal([]);
    expect(check.expected).to.deep.equal({ outgoing: 1, incoming: 1, record: 0, file: 0, scan: 0 });
    // Once indexed, start-up leaves it alone.
    await t.db.transaction((m) => reindexOutgoing(m, a));
    expect(await ensureSearchIndexed(t.db)).to.equal(null);
  });
});
