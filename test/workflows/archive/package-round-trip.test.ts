import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { configureArchiveStorage } from '../../../workflows/archive/archival-objects';
import { closeCaseFile, createCaseFile, fileDocument } from '../../../workflows/archive/case-files';
import { setRecordHold } from '../../../workflows/archive/disposal';
import { exportPackage, type ExportProgress } from '../../../workflows/archive/package-export';
import { importPackage } from '../../../workflows/archive/package-import';
import { readTar } from '../../../workflows/archive/package-tar';
import { listRetentionPeriods } from '../../../workflows/archive/retention-periods';
import { acceptTransfer, submitTransfer } from '../../../workflows/archive/transfers';
import { systemClock, type Actor } from '../../../workflows/context';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { codeOf } from '../exchange/province-world';
import { ctxOf, FixedClock } from '../fixtures';
import { archiveWorld, issuedOutgoing, registeredIncoming, type ArchiveWorld } from './archive-world';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** What must survive the round trip: every object's kind, hash, size, media type and lock; records' metadata. */
async function archiveState(db: DataSource, fileCode: string) {
  const records: {
    id: string;
    source_kind: string;
    source_id: string;
    retain_until: string;
    metadata: unknown;
  }[] = await db.query(
    `SELECT r.id, r.source_kind, r.source_id, r.retain_until::text AS retain_until, r.metadata
         FROM archival_records r JOIN case_files f ON f.id = r.file_id WHERE f.file_code = $1 ORDER BY r.source_id`,
    [fileCode],
  );
  const objects: Record<string, unknown>[] = await db.query(
    `SELECT r.source_id, o.kind, o.sha256, o.size::text AS size, o.media_type, o.retain_until, o.legal_hold
       FROM archival_objects o JOIN archival_records r ON r.id = o.record_id JOIN case_files f ON f.id = r.file_id
      WHERE f.file_code = $1 ORDER BY r.source_id, o.kind, o.sha256`,
    [fileCode],
  );
  const file: Record<string, unknown>[] = await db.query(
    `SELECT f.file_code, f.year, f.title, f.status, f.start_date::text AS start_date, f.end_date::text AS end_date,
       f.rights, f.language, f.fonds, f.reliability, p.code AS retention
     FROM case_files f JOIN retention_periods p ON p.id = f.retention_id WHERE f.file_code = $1`,
    [fileCode],
  );
  return {
    file,
    records: records.map(({ id: _id, ...r }) => r),
    objects,
  };
}

/** Entries of a tar package: name → bytes. */
async function entries(file: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  await readTar(createReadStream(file), async (e, body) => {
    const parts: Buffer[] = [];
    for await (const b of body) parts.push(b);
    out.set(e.name, Buffer.concat(parts));
  });
  return out;
}

describe('workflows/archive archival packages (issue 11 item 8): export, import, round trip', function () {
  this.timeout(180_000);
  const clock = new FixedClock(new Date('2026-12-07T03:00:00Z'));
  let a: TestDatabase;
  let b: TestDatabase;
  let dir: string;
  let storeA: LocalObjectStore;
  let storeB: LocalObjectStore;
  let wa: ArchiveWorld;
  let wb: ArchiveWorld;
  let fileId: string;
  let pkg: string;
  const asA = (x: Actor) => ctxOf(a.db, x, clock);
  const asB = (x: Actor) => ctxOf(b.db, x, clock);

  before(async () => {
    [a, b] = [await createTestDatabase(), await createTestDatabase()];
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-package-'));
    storeA = await LocalObjectStore.open({ root: path.join(dir, 'a'), clock });
    storeB = await LocalObjectStore.open({ root: path.join(dir, 'b'), clock });
    configureArchiveStorage({ clock, replica: undefined, permanentLockYears: 100 });
    wa = await archiveWorld(a.db);
    wb = await archiveWorld(b.db, '7');

    // In database A: a file with an outgoing (two PDF revisions, an attachment) and an incoming document.
    const tenYears = (await listRetentionPeriods(asA(wa.commune.specialist))).find((r) => r.years === 10)!.id;
    const out = await issuedOutgoing(a.db, storeA, {
      unitId: wa.communeId,
      drafter: wa.commune.specialist,
      issuedOn: '2025-03-10',
    });
    const earlier = await issuedOutgoing(a.db, storeA, {
      unitId: wa.communeId,
      drafter: wa.commune.specialist,
      issuedOn: '2025-01-15',
      subject: 'Về việc tổng kết công tác năm',
    });
    const inc = await registeredIncoming(a.db, storeA, {
      recipientUnitId: wa.communeId,
      outgoingId: earlier.id,
      receivedAt: '2025-01-20T03:00:00Z',
    });
    const f = await createCaseFile(asA(wa.commune.specialist), {
      year: 2025,
      fileCode: '02.BC',
      title: 'Hồ sơ báo cáo tổng kết năm 2025',
      retentionId: tenYears,
    });
    fileId = f.id;
    await fileDocument(asA(wa.commune.specialist), { fileId, sourceKind: 'outgoing', sourceId: out.id });
    await fileDocument(asA(wa.commune.specialist), { fileId, sourceKind: 'outgoing', sourceId: earlier.id });
    await fileDocument(asA(wa.commune.specialist), { fileId, sourceKind: 'incoming', sourceId: inc.id });
    await closeCaseFile(asA(wa.commune.specialist), { fileId, endDate: '2025-12-31' });
    const sent = await submitTransfer(asA(wa.commune.specialist), { fileIds: [fileId] });
    await acceptTransfer(asA(wa.commune.archivist), storeA, sent.id);
    pkg = path.join(dir, 'package.tar');
  });

  after(async () => {
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    await storeA.close();
    await storeB.close();
    await a.drop();
    await b.drop();
    await fs.chmod(dir, 0o700).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('exports a file as an E-ARK-style tar: METS, Appendix VI XML, PREMIS, manifest, PDF + XML in chronological order', async () => {
    const progress: ExportProgress[] = [];
    const sink = createWriteStream(pkg);
    const r = await exportPackage(asA(wa.commune.archivist), storeA, { fileId }, sink, (p) =>
      progress.push(p),
    );
    sink.end();
    await finished(sink);
    expect(r.records).to.equal(3);
    expect(r.objects).to.be.greaterThan(5);
    expect((await fs.stat(pkg)).size).to.equal(r.bytes);
    expect(progress.at(-1)!.bytesDone).to.equal(progress.at(-1)!.bytesTotal);
    expect(progress.map((p) => p.bytesDone)).to.deep.equal(
      [...progress.map((p) => p.bytesDone)].sort((x, y) => x - y),
    );

    const e = await entries(pkg);
    const root = `VANBAN-${r.id}`;
    const names = [...e.keys()].map((n) => n.slice(root.length + 1));
    expect(names.slice(0, 5)).to.deep.equal([
      'manifest-sha256.txt',
      'METS.xml',
      'metadata/vanban.json',
      'metadata/descriptive/file.xml',
      'metadata/preservation/premis.xml',
    ]);
    // Decree 30: in chronological order, not in the order filed — the document of 15/01/2025 (filed
    // second), then the arrival of 20/01/2025 replying to it (filed third), then the one of 10/03/2025.
    expect(names).to.include.members(
      ['001', '002', '003'].flatMap((n) => [
        `representations/rep1/data/${n}.pdf`,
        `representations/rep1/data/${n}.xml`,
      ]),
    );
    const xml = (n: string) => e.get(`${root}/representations/rep1/data/${n}.xml`)!.toString();
    expect(xml('001')).to.contain('<IssuedDate>15/01/2025</IssuedDate>').and.not.contain('<ArrivalDate>');
    expect(xml('002')).to.contain('<ArrivalDate>20/01/2025</ArrivalDate>');
    expect(xml('003')).to.contain('<IssuedDate>10/03/2025</IssuedDate>');
    // The manifest lists every other entry with its SHA-256, and each matches.
    const manifest = e.get(`${root}/manifest-sha256.txt`)!.toString().trim().split('\n');
    expect(manifest).to.have.length(e.size - 1);
    for (const line of manifest) {
      const [hash, p] = line.split('  ');
      expect(sha(e.get(`${root}/${p}`)!), p).to.equal(hash);
    }
    const mets = e.get(`${root}/METS.xml`)!.toString();
    expect(mets).to.contain('PROFILE="https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"');
    expect(mets).to.contain('CHECKSUMTYPE="SHA-256"');
    expect(mets).to.contain('xlink:href="metadata/preservation/premis.xml"');
    expect(e.get(`${root}/metadata/descriptive/file.xml`)!.toString()).to.contain(
      '<FileCode>02.BC</FileCode>',
    );
    const premis = e.get(`${root}/metadata/preservation/premis.xml`)!.toString();
    expect(premis).to.contain('<premis:eventType>ARCHIVE_TRANSFER_ACCEPTED</premis:eventType>');
    expect(premis).to.contain('<premis:eventType>ARCHIVE_OBJECT_STORED</premis:eventType>');
  });

  it('imports into a fresh database with identical hashes and metadata; a second export has the same objects', async () => {
    expect(await codeOf(importPackage(asB(wb.commune.specialist), storeB, createReadStream(pkg)))).to.equal(
      'FORBIDDEN',
    );
    const r = await importPackage(asB(wb.commune.archivist), storeB, createReadStream(pkg));
    expect(r.recordIds).to.have.length(3);
    const [sa, sb] = [await archiveState(a.db, '02.BC'), await archiveState(b.db, '02.BC')];
    expect(sb.objects.length).to.be.greaterThan(5);
    expect(sb).to.deep.equal(sa);
    // Every object imported reads back verified from B's store.
    for (const o of sb.objects) expect(sha(await storeB.getBuffer(o.sha256 as string))).to.equal(o.sha256);

    // Importing again is refused; nothing is duplicated.
    expect(await codeOf(importPackage(asB(wb.commune.archivist), storeB, createReadStream(pkg)))).to.equal(
      'PACKAGE_ALREADY_IMPORTED',
    );

    // B exports the file again: the same objects under the same paths.
    const again = path.join(dir, 'again.tar');
    const sink = createWriteStream(again);
    await exportPackage(asB(wb.commune.archivist), storeB, { fileId: r.fileIds[0]! }, sink);
    sink.end();
    await finished(sink);
    const strip = (m: Map<string, Buffer>) =>
      new Map(
        [...m.entries()]
          .filter(([n]) => n.includes('/representations/'))
          .map(([n, v]) => [n.slice(n.indexOf('/')), sha(v)]),
      );
    expect(strip(await entries(again))).to.deep.equal(strip(await entries(pkg)));
  });

  it('a record held in the source stays held after import: rows and the objects in the store', async () => {
    const tenYears = (await listRetentionPeriods(asA(wa.commune.specialist))).find((r) => r.years === 10)!.id;
    const doc = await issuedOutgoing(a.db, storeA, {
      unitId: wa.communeId,
      drafter: wa.commune.specialist,
      issuedOn: '2025-05-05',
      subject: 'Về việc thanh tra đất đai',
    });
    const f = await createCaseFile(asA(wa.commune.specialist), {
      year: 2025,
      fileCode: '03.TT',
      title: 'Hồ sơ thanh tra đất đai năm 2025',
      retentionId: tenYears,
    });
    await fileDocument(asA(wa.commune.specialist), {
      fileId: f.id,
      sourceKind: 'outgoing',
      sourceId: doc.id,
    });
    await closeCaseFile(asA(wa.commune.specialist), { fileId: f.id, endDate: '2025-12-31' });
    const sent = await submitTransfer(asA(wa.commune.specialist), { fileIds: [f.id] });
    await acceptTransfer(asA(wa.commune.archivist), storeA, sent.id);
    const [rec] = (await a.db.query(`SELECT id FROM archival_records WHERE source_id = $1`, [doc.id])) as {
      id: string;
    }[];
    await setRecordHold(asA(wa.commune.archivist), storeA, {
      recordId: rec!.id,
      legalHold: true,
      reason: 'Đang thanh tra',
    });
    const held = path.join(dir, 'held.tar');
    const sink = createWriteStream(held);
    await exportPackage(asA(wa.commune.archivist), storeA, { fileId: f.id }, sink);
    sink.end();
    await finished(sink);

    await importPackage(asB(wb.commune.archivist), storeB, createReadStream(held));
    const [sa, sb] = [await archiveState(a.db, '03.TT'), await archiveState(b.db, '03.TT')];
    expect(sb).to.deep.equal(sa);
    const rows: { legal_hold: boolean; sha256: string; retain_until: Date | null }[] = await b.db.query(
      `SELECT o.legal_hold, o.sha256, o.retain_until FROM archival_objects o
         JOIN archival_records r ON r.id = o.record_id WHERE r.source_id = $1`,
      [doc.id],
    );
    expect(rows.length).to.be.greaterThan(1);
    // Ten-year objects: not held for being permanent, only for the record's hold.
    for (const o of rows) {
      expect(o.retain_until, 'not permanent').to.not.equal(null);
      expect(o.legal_hold, `row ${o.sha256}`).to.equal(true);
      expect((await storeB.stat(o.sha256))?.legalHold, `store ${o.sha256}`).to.equal(true);
    }
    const [r] = (await b.db.query(`SELECT legal_hold FROM archival_records WHERE source_id = $1`, [
      doc.id,
    ])) as {
      legal_hold: boolean;
    }[];
    expect(r!.legal_hold).to.equal(true);
  });

  it('refuses a tampered package naming the changed file, and records nothing', async () => {
    const bytes = await fs.readFile(pkg);
    // Change one byte inside the first PDF's body.
    const at = bytes.indexOf('%PDF-1.7', 0);
    const p = bytes.indexOf('%PDF-1.7', at + 1);
    const tampered = Buffer.from(bytes);
    tampered[p + 12] ^= 0x01;
    const file = path.join(dir, 'tampered.tar');
    await fs.writeFile(file, tampered);
    const fresh = await createTestDatabase();
    try {
      const w = await archiveWorld(fresh.db, '8');
      const store = await LocalObjectStore.open({ root: path.join(dir, 'c'), clock });
      let err: { code?: string; details?: { file?: string }; message: string } | undefined;
      try {
        await importPackage(ctxOf(fresh.db, w.commune.archivist, clock), store, createReadStream(file));
      } catch (e) {
        err = e as typeof err;
      }
      await store.close();
      expect(err?.code).to.equal('PACKAGE_HASH_MISMATCH');
      expect(err?.details?.file).to.match(/^representations\/rep1\/data\/.+\.pdf$/);
      expect(err?.message).to.contain(err!.details!.file!);
      const n: { n: number }[] = await fresh.db.query(`SELECT count(*)::int AS n FROM archival_records`);
      expect(n[0]!.n).to.equal(0);
      const o: { n: number }[] = await fresh.db.query(`SELECT count(*)::int AS n FROM archival_objects`);
      expect(o[0]!.n).to.equal(0);
      // A cut package is refused too.
      expect(
        await codeOf(
          importPackage(
            ctxOf(fresh.db, w.commune.archivist, clock),
            await LocalObjectStore.open({ root: path.join(dir, 'd'), clock }),
            (async function* () {
              yield bytes.subarray(0, bytes.length - 5000);
            })(),
          ),
        ),
      ).to.equal('PACKAGE_INVALID');
      // The objects before the changed one went into the store (and were locked) ahead of the rows; the
      // intact package, imported again into the same store, reuses them (content addressed) and succeeds.
      const again = await LocalObjectStore.open({ root: path.join(dir, 'c'), clock });
      try {
        const ok = await importPackage(
          ctxOf(fresh.db, w.commune.archivist, clock),
          again,
          createReadStream(pkg),
        );
        expect(ok.recordIds.length).to.be.greaterThan(0);
        const stored: { sha256: string }[] = await fresh.db.query(`SELECT sha256 FROM archival_objects`);
        expect(stored.length).to.equal(ok.objects);
        for (const { sha256 } of stored)
          expect((await again.stat(sha256))?.retention?.mode).to.equal('COMPLIANCE');
      } finally {
        await again.close();
      }
    } finally {
      await fresh.drop();
    }
  });
});
