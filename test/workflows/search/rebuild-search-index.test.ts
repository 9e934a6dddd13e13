import { expect } from 'chai';
import { runCli } from '../../../server/cli/main';
import { assignIncoming } from '../../../workflows/exchange/assign-incoming';
import { registerIncoming } from '../../../workflows/exchange/register-incoming';
import { sendDocument } from '../../../workflows/exchange/send-document';
import { createDraft } from '../../../workflows/documents/create-draft';
import { deleteDraft } from '../../../workflows/documents/edit-draft';
import { forwardForAssignment } from '../../../workflows/exchange/forward-for-assignment';
import { rebuildSearchIndex } from '../../../workflows/search/rebuild-search-index';
import { searchDocuments } from '../../../workflows/search/search-documents';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock } from '../fixtures';
import { generateProvince, pdfDigest, sealedDocument, type ProvinceWorld } from '../exchange/province-world';

/**
 * Issue 12 item 5: the index changes in the same transaction as the documents (here: the real draft →
 * sign → number → seal → send → register → assign path), and `vanban search rebuild --check` finds no
 * difference; when the index is made wrong behind the workflows' back, it names each difference and a
 * rebuild repairs it.
 */
describe('workflows/search rebuildSearchIndex', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-03-02T09:00:00+07:00'));
  let w: ProvinceWorld;
  let docId: string;

  before(async () => {
    w = await generateProvince(t.db, 4);
    const doc = await sealedDocument(t.db, w, clock, {
      subject: 'Quyết định phê duyệt kế hoạch phòng chống lụt bão năm 2026',
      recipients: [{ kind: 'group', groupId: w.groupId }],
    });
    docId = doc.id;
    await sendDocument(ctxOf(t.db, w.root.clerk, clock), { documentId: doc.id });
  });

  it('indexes every write of the workflow in its own transaction: rebuild --check finds no difference', async () => {
    const [inc] = (await t.db.query(`SELECT id FROM incoming_documents WHERE recipient_unit_id = $1`, [
      w.communeIds[0],
    ])) as { id: string }[];
    const clerk = ctxOf(t.db, w.communeA.clerk, clock);
    await registerIncoming(clerk, { incomingId: inc!.id });
    await forwardForAssignment(clerk, { incomingId: inc!.id }).catch(() => undefined);
    await assignIncoming(ctxOf(t.db, w.communeA.leader, clock), {
      incomingId: inc!.id,
      assigneeUserIds: [w.communeA.specialist.userId],
      deadline: '2026-03-20',
    }).catch(() => undefined);

    // A draft created then deleted leaves no entry behind.
    const draft = await createDraft(ctxOf(t.db, w.root.specialist, clock), {
      documentType: 'Tờ trình',
      notation: 'TTr-UBND',
      subject: 'Tờ trình nháp sẽ bị xóa',
      pdf: pdfDigest(),
      recipients: [],
    });
    await deleteDraft(ctxOf(t.db, w.root.specialist, clock), { documentId: draft.id });

    const report = await rebuildSearchIndex(t.db, { check: true });
    expect(report.differences).to.deep.equal([]);
    expect(report.expected).to.deep.equal({ outgoing: 1, incoming: 4, record: 0, file: 0, scan: 0 });

    // Found by the sender and by a receiving commune, each its own copy; not by the other commune's specialist.
    const root = await searchDocuments(ctxOf(t.db, w.root.clerk, clock), { q: 'phe duyet lut bao' });
    expect(root.hits.map((h) => `${h.kind}:${h.id}`)).to.include(`outgoing:${docId}`);
    const commune = await searchDocuments(ctxOf(t.db, w.communeA.specialist, clock), { q: 'lụt bão' });
    expect(commune.hits.map((h) => h.kind)).to.deep.equal(
      (
        await t.db.query(`SELECT 1 FROM incoming_documents WHERE id = $1 AND $2 = ANY(assignee_user_ids)`, [
          inc!.id,
          w.communeA.specialist.userId,
        ])
      ).length
        ? ['incoming']
        : [],
    );
    const hit = (await searchDocuments(ctxOf(t.db, w.communeA.clerk, clock), { q: '01/QD-UBND' })).hits;
    expect(hit.map((h) => h.id)).to.deep.equal([inc!.id]);
  });

  it('names what differs when the index was changed behind its back, writes nothing with --check, and repairs it', async () => {
    await t.db.query(`UPDATE outgoing_documents SET subject = 'Đổi trực tiếp' WHERE id = $1`, [docId]);
    const [gone] = (await t.db.query(
      `DELETE FROM search_entries WHERE source_kind = 'incoming' AND source_id IN
         (SELECT source_id FROM search_entries WHERE source_kind = 'incoming' LIMIT 1) RETURNING source_id`,
    )) as [{ source_id: string }[], number];
    await t.db.query(
      `INSERT INTO search_entries (source_kind, source_id, unit_id, title, sort_at, updated_at)
       VALUES ('outgoing', '00000000-0000-4000-8000-00000000dead', $1, 'Bóng ma', now(), now())`,
      [w.rootId],
    );
    const check = await rebuildSearchIndex(t.db, { check: true });
    expect(check.differences).to.deep.equal([
      { kind: 'incoming', id: gone[0]!.source_id, problem: 'missing' },
      { kind: 'outgoing', id: '00000000-0000-4000-8000-00000000dead', problem: 'extra' },
      { kind: 'outgoing', id: docId, problem: 'stale' },
    ]);
    expect((await rebuildSearchIndex(t.db, { check: true })).differenceCount).to.equal(3);

    // The command line: --check exits 1 and lists them.
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.url;
    try {
      const out: string[] = [];
      const code = await runCli(['node', 'vanban', 'search', 'rebuild', '--check'], {
        out: (l) => out.push(l),
        err: (l) => out.push(l),
      });
      expect(code).to.equal(1);
      expect(out.join('\n')).to.include('SEARCH_INDEX_DIFFERS').and.include(docId);
      expect(
        await runCli(['node', 'vanban', 'search', 'rebuild'], { out: () => {}, err: () => {} }),
      ).to.equal(0);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    expect((await rebuildSearchIndex(t.db, { check: true })).differences).to.deep.equal([]);
    const found = await searchDocuments(ctxOf(t.db, w.root.clerk, clock), { q: 'doi truc tiep' });
    expect(found.hits.map((h) => h.id)).to.deep.equal([docId]);
  });
});
