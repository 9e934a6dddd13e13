import { expect } from 'chai';
import { ROLES, systemClock, type Actor, type DomainContext, type Role } from '../../../workflows/context';
import { listOutgoing } from '../../../workflows/documents/list-outgoing';
import { listIncoming } from '../../../workflows/exchange/list-incoming';
import { reindexIncoming, reindexOutgoing } from '../../../workflows/search/reindex-documents';
import { roundEstimate, searchDocuments, type SearchInput } from '../../../workflows/search/search-documents';
import { useTestDatabase } from '../../support/postgres';
import { seedWorld, type World } from '../../server/support/world';
import { insertIncoming, insertOutgoing } from './search-fixtures';

describe('workflows/search searchDocuments', () => {
  const t = useTestDatabase();
  let w: World;
  const ids: Record<string, string> = {};

  const ctxOf = (actor: Actor): DomainContext => ({
    db: t.db,
    clock: systemClock,
    actor,
    requestMetadata: {},
  });
  const as = (role: Role): DomainContext =>
    ctxOf({ userId: w.users[role].id, username: w.users[role].username, unitId: w.own, roles: [role] });
  const find = async (q: string, input: SearchInput = {}, role: Role = 'clerk'): Promise<string[]> =>
    (await searchDocuments(as(role), { q, ...input })).hits.map((h) => h.id);

  before(async () => {
    w = await seedWorld(t.db);
    const leader = w.users.leader.id;
    const drafter = w.users.specialist.id;
    ids.decision = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: drafter,
      signerUserId: leader,
      subject:
        'Quyết định thành lập Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh Đồng Nai năm 2024',
      number: 1,
      issuedOn: '2024-01-05',
      body: 'Căn cứ Nghị định số 30/2020/NĐ-CP. Điều 1. Thành lập Ban Chỉ huy phòng, chống thiên tai. Điều 2. Trách nhiệm của các thành viên.',
    });
    ids.reverse = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: drafter,
      signerUserId: leader,
      documentType: 'Kế hoạch',
      notation: 'KH-UBND',
      subject: 'Kế hoạch thành lập tổ công tác thực hiện quyết định về thiên tai',
      number: 12,
      issuedOn: '2024-03-10',
    });
    ids.draft = await insertOutgoing(t.db, {
      unitId: w.own,
      drafterUserId: drafter,
      status: 'draft',
      subject: 'Dự thảo quyết định về thiên tai (bản nháp)',
    });
    ids.childDoc = await insertOutgoing(t.db, {
      unitId: w.child,
      drafterUserId: w.targetUsers.child,
      documentType: 'Báo cáo',
      notation: 'BC-UBND',
      subject: 'Báo cáo thiệt hại do thiên tai tại xã Thạnh Lợi',
      number: 3,
      issuedOn: '2024-07-01',
    });
    ids.otherDoc = await insertOutgoing(t.db, {
      unitId: w.other,
      drafterUserId: w.targetUsers.other,
      subject: 'Quyết định về thiên tai của huyện Cần Đước',
      number: 4,
      issuedOn: '2024-08-01',
    });
    ids.incoming = await insertIncoming(t.db, {
      recipientUnitId: w.own,
      subject: 'Công văn về việc khắc phục hậu quả thiên tai',
      notation: '05/UBND-KT',
      externalDocumentId: '000.00.00.G01,2024/02/03,05/UBND-KT',
      assignees: [w.users.specialist.id],
    });
    ids.incomingUnassigned = await insertIncoming(t.db, {
      recipientUnitId: w.own,
      subject: 'Thông báo lịch tiếp công dân về thiên tai',
      notation: '07/TB-UBND',
    });
    await t.db.transaction(async (m) => {
      await reindexOutgoing(m, [ids.decision!, ids.reverse!, ids.draft!, ids.childDoc!, ids.otherDoc!]);
      await reindexIncoming(m, [ids.incoming!, ids.incomingUnassigned!]);
    });
  });

  it('finds Vietnamese with or without diacritics: quyet dinh, Quyết định, dong nai (đ → d), ĐỒNG NAI', async () => {
    for (const q of ['quyet dinh dong nai', 'Quyết định Đồng Nai', 'ĐỒNG NAI', 'dong nai'])
      expect(await find(q), q).to.deep.equal([ids.decision]);
  });

  it('finds a number as people type it, and by the edXML document id', async () => {
    for (const q of [
      '01/QĐ-UBND',
      '1/QĐ-UBND',
      '1/qd-ubnd',
      '01/QD-UBND',
      'so:1/qđ-ubnd',
      '000.00.02.H41,2024/01/05,01/QĐ-UBND',
    ])
      expect(await find(q), q).to.deep.equal([ids.decision]);
    expect(await find('000.00.00.G01,2024/02/03,5/UBND-KT')).to.deep.equal([ids.incoming]);
    expect(await find('12/KH-UBND')).to.deep.equal([ids.reverse]);
    // A number no document carries, cited in a text: found there (the number key first, then the text).
    expect(await find('30/2020/ND-CP')).to.deep.equal([ids.decision]);
  });

  it('keeps the word order of a quoted phrase and completes the word being typed', async () => {
    expect(await find('"quyết định thành lập"')).to.deep.equal([ids.decision]);
    expect(await find('thanh lap quyet dinh')).to.have.members([ids.decision, ids.reverse]);
    expect(await find('thanh la')).to.have.members([ids.decision, ids.reverse]);
    expect(await find('thanh l')).to.include.members([ids.decision, ids.reverse, ids.childDoc]);
    // A finished word is not a prefix: no exact match, only near ones (flagged fuzzy).
    expect((await searchDocuments(as('clerk'), { q: 'thanh l ' })).fuzzy).to.equal(true);
  });

  it('combines free text and fields: quyet dinh thien tai 2024 nguoi ky:Duc, loai:, nam:', async () => {
    expect(await find('quyet dinh thien tai 2024 nguoi ky:Duc')).to.have.members([ids.decision, ids.reverse]);
    expect(await find('thien tai loai:QĐ nam:2024')).to.have.members([ids.decision]);
    expect(await find('thien tai loai:"kế hoạch"')).to.deep.equal([ids.reverse]);
    expect(await find('thien tai nguon:den')).to.have.members([ids.incoming, ids.incomingUnassigned]);
  });

  it('searches the text layer and marks the match on the text as written', async () => {
    const r = await searchDocuments(as('clerk'), { q: 'trach nhiem thanh vien' });
    expect(r.hits.map((h) => h.id)).to.deep.equal([ids.decision]);
    const marked = r.hits[0]!.snippet.filter((s) => s.mark).map((s) => s.text);
    expect(marked.join(' ')).to.include('Trách nhiệm');
    expect(marked.join(' ')).to.include('thành viên');
  });

  it('ranks a match in the number or subject above one in the body, or sorts by date', async () => {
    const r = await searchDocuments(as('clerk'), { q: 'thanh lap' });
    expect(r.hits[0]!.id).to.be.oneOf([ids.decision, ids.reverse]);
    const byDate = await searchDocuments(as('clerk'), { q: 'thien tai', sort: 'date', kinds: ['outgoing'] });
    const dates = byDate.hits.map((h) => h.issuedAt!.getTime());
    expect(dates).to.deep.equal([...dates].sort((a, b) => b - a));
  });

  it('tolerates a typo in a name when nothing matches exactly (fuzzy)', async () => {
    const r = await searchDocuments(as('clerk'), { q: 'Ban Chi huy phong chong thien tia' });
    expect(r.fuzzy).to.equal(true);
    expect(r.hits.map((h) => h.id)).to.include(ids.decision);
  });

  it('pages and counts, with facets over exactly the readable matches', async () => {
    const r = await searchDocuments(as('clerk'), { q: 'thien tai', pageSize: 2, facets: true });
    expect(r.hits).to.have.length(2);
    // Clerk of `own`: decision, reverse, child's report, two incoming (not the draft, not the other district).
    expect(r.total).to.equal(5);
    const types = Object.fromEntries(r.facets!.type.map((f) => [f.value, f.count]));
    expect(types).to.deep.equal({ 'Quyết định': 1, 'Kế hoạch': 1, 'Báo cáo': 1, 'Công văn': 2 });
    const page3 = await searchDocuments(as('clerk'), { q: 'thien tai', pageSize: 2, page: 3 });
    expect(page3.hits).to.have.length(1);
  });

  it('counts exactly up to the bound and above it gives an estimate labelled as such (totalIsEstimate)', async () => {
    const exact = await searchDocuments(as('clerk'), { q: 'thien tai', facets: true });
    expect(exact.total).to.be.at.least(2);
    expect(exact.totalIsEstimate).to.equal(false);
    expect(exact.totalCapped).to.equal(false);
    for (const facets of [false, true]) {
      const over = await searchDocuments(as('clerk'), { q: 'thien tai', facets }, { countCap: 1 });
      expect(over.totalIsEstimate, `facets ${facets}`).to.equal(true);
      expect(over.totalCapped).to.equal(true);
      expect(over.total).to.be.at.least(2);
      // The page of hits is the same: only the count is estimated.
      expect(over.hits.map((h) => h.id)).to.deep.equal(exact.hits.map((h) => h.id));
    }
    const under = await searchDocuments(as('clerk'), { q: 'thien tai' }, { countCap: exact.total });
    expect([under.total, under.totalIsEstimate]).to.deep.equal([exact.total, false]);
    expect([roundEstimate(12_345), roundEstimate(987), roundEstimate(42)]).to.deep.equal([12_000, 990, 42]);
  });

  it('answers hostile queries with a coded 4xx error or a bounded search, never a database error', async () => {
    const hostile = [
      "'; DROP TABLE search_entries; --",
      'a & b | !c <-> d:*',
      '"unbalanced',
      '(((((',
      '.*+?^${}()|[]\\',
      'nul\u0000byte',
      Array.from({ length: 10_000 }, (_, i) => `w${i}`)
        .join(' ')
        .slice(0, 1000),
      'nguoi ky:',
      'x:y:z',
    ];
    for (const q of hostile) {
      const r = await searchDocuments(as('clerk'), { q });
      expect(r.total, q).to.be.a('number');
    }
    const tooLong = await searchDocuments(as('clerk'), { q: 'a'.repeat(5000) }).catch((e: unknown) => e);
    expect((tooLong as { code: string }).code).to.equal('SEARCH_QUERY_TOO_LONG');
    const badYear = await searchDocuments(as('clerk'), { q: 'nam:20x4' }).catch((e: unknown) => e);
    expect((badYear as { code: string }).code).to.equal('SEARCH_QUERY_INVALID');
    const deep = await searchDocuments(as('clerk'), { q: 'a', page: 1000 }).catch((e: unknown) => e);
    expect((deep as { code: string }).code).to.equal('SEARCH_QUERY_INVALID');
  });

  it('shows each role of each unit exactly what its document pages show (role × unit, counts and facets)', async () => {
    const actors: Actor[] = [];
    for (const role of ROLES)
      actors.push({
        userId: w.users[role].id,
        username: w.users[role].username,
        unitId: w.own,
        roles: [role],
      });
    actors.push({
      userId: w.targetUsers.child,
      username: 'tl.specialist',
      unitId: w.child,
      roles: ['specialist'],
    });
    actors.push({
      userId: w.targetUsers.other,
      username: 'cd.specialist',
      unitId: w.other,
      roles: ['specialist'],
    });
    actors.push({ userId: w.targetUsers.other, username: 'cd.clerk', unitId: w.other, roles: ['clerk'] });
    actors.push({ userId: w.targetUsers.own, username: 'lt.leader', unitId: w.province, roles: ['leader'] });
    for (const actor of actors) {
      const ctx = ctxOf(actor);
      const expected = new Set<string>();
      for (const unitId of [w.province, w.own, w.child, w.other]) {
        const out = await listOutgoing(ctx, { unitId, limit: 200 }).catch(() => ({ items: [] }));
        out.items.forEach((d) => expected.add(d.id));
        const inc = await listIncoming(ctx, { unitId, limit: 200 }).catch(() => ({ items: [] }));
        inc.items.forEach((d) => expected.add(d.id));
      }
      const r = await searchDocuments(ctx, { pageSize: 100, facets: true });
      const label = `${actor.username} ${actor.roles.join()}`;
      expect(new Set(r.hits.map((h) => h.id)), label).to.deep.equal(expected);
      expect(r.total, label).to.equal(expected.size);
      const facetTotal = r.facets!.type.reduce((n, f) => n + f.count, 0);
      expect(facetTotal, label).to.equal(expected.size);
      const q = await searchDocuments(ctx, { q: 'thien tai', facets: true });
      expect(
        q.hits.every((h) => expected.has(h.id)),
        label,
      ).to.equal(true);
    }
  });

  // Runs last: it adds documents (the counts above are of the fixture as set up in `before`).
  it('answers a phrase from the subject fields first and still finds it in the body only (bounded check)', async () => {
    const drafter = w.users.specialist.id;
    const leader = w.users.leader.id;
    const add = (subject: string, body: string, number: number, issuedOn: string) =>
      insertOutgoing(t.db, {
        unitId: w.own,
        drafterUserId: drafter,
        signerUserId: leader,
        subject,
        body,
        number,
        issuedOn,
      });
    const inSubject = await add(
      'Quy định chế độ báo cáo định kỳ của các phòng',
      'Điều 1. Phạm vi.',
      41,
      '2023-01-10',
    );
    const inBodyNew = await add(
      'Công văn về việc nộp hồ sơ',
      'Thực hiện chế độ báo cáo định kỳ hằng tháng.',
      42,
      '2024-05-02',
    );
    const inBodyOld = await add(
      'Công văn về việc lập danh sách',
      'Giữ chế độ báo cáo định kỳ như năm trước.',
      43,
      '2022-04-03',
    );
    // Every word, never in this order: a candidate that must not match.
    const decoy = await add(
      'Báo cáo định kỳ công tác văn thư',
      'Chế độ làm việc của cơ quan.',
      44,
      '2024-06-01',
    );
    await t.db.transaction((m) => reindexOutgoing(m, [inSubject, inBodyNew, inBodyOld, decoy]));

    const r = await searchDocuments(as('clerk'), { q: '"che do bao cao dinh ky"', facets: true });
    // The subject match first, then the body-only matches by date; the decoy is not a match.
    expect(r.hits.map((h) => h.id)).to.deep.equal([inSubject, inBodyNew, inBodyOld]);
    expect([r.total, r.totalIsEstimate, r.facetsAreEstimates]).to.deep.equal([3, false, false]);
    expect(r.facets!.type.reduce((n, f) => n + f.count, 0)).to.equal(3);
    // A body-only phrase of the older fixture document is found too.
    expect(await find('"trách nhiệm của các thành viên"')).to.deep.equal([ids.decision]);
    expect(
      (await searchDocuments(as('clerk'), { q: '"thanh vien cua cac trach nhiem"' })).hits,
    ).to.have.length(0);

    // Positions checked on the two newest other candidates only (the decoy, the newer body match): the
    // older body match is not looked at, the total is extrapolated from the window and labelled an
    // estimate, and the facets, over the matches found, are labelled too.
    const bounded = await searchDocuments(
      as('clerk'),
      { q: '"che do bao cao dinh ky"', facets: true },
      { phraseCheckCap: 2 },
    );
    expect(bounded.hits.map((h) => h.id)).to.deep.equal([inSubject, inBodyNew]);
    expect(bounded.totalIsEstimate).to.equal(true);
    expect(bounded.facetsAreEstimates).to.equal(true);
    expect(bounded.total).to.be.at.least(2);

    // Words in most entries: the date index is walked (subject matches by the in-row test, the others'
    // positions checked on a window) — the same page, the count and facets labelled estimates.
    const common = await searchDocuments(
      as('clerk'),
      { q: '"che do bao cao dinh ky"', facets: true },
      { broad: true },
    );
    expect(common.hits.map((h) => h.id)).to.deep.equal([inSubject, inBodyNew, inBodyOld]);
    expect([common.total, common.totalIsEstimate, common.facetsAreEstimates]).to.deep.equal([3, true, true]);
    expect(common.facets!.type.reduce((n, f) => n + f.count, 0)).to.equal(3);
  });

  it('answers a very common word from the date index under a limit: estimated total and labelled facets', async () => {
    const exact = await searchDocuments(as('clerk'), { q: 'thien tai', facets: true });
    expect(exact.facetsAreEstimates).to.equal(false);
    // A few rows never make a word "common" by the estimate: the test takes that path by option.
    const broad = await searchDocuments(as('clerk'), { q: 'thien tai', facets: true }, { broad: true });
    expect([broad.totalIsEstimate, broad.facetsAreEstimates]).to.deep.equal([true, true]);
    expect(broad.hits.map((h) => h.id)).to.deep.equal(exact.hits.map((h) => h.id));
    expect(broad.facets).to.deep.equal(exact.facets);
    const byDate = await searchDocuments(as('clerk'), { q: 'thien tai', sort: 'date' }, { broad: true });
    const exactByDate = await searchDocuments(as('clerk'), { q: 'thien tai', sort: 'date' });
    expect(byDate.hits.map((h) => h.id)).to.deep.equal(exactByDate.hits.map((h) => h.id));
  });
});
