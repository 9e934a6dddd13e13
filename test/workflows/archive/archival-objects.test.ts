import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { ObjectStoreError } from '../../../storage/objects/object-store-error';
import {
  configureArchiveStorage,
  permanentLockUntil,
  readArchivalObject,
  storeArchivalObject,
} from '../../../workflows/archive/archival-objects';
import { systemClock } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock, insertActor, insertUnit } from '../fixtures';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function expectCode(p: Promise<unknown>, code: string): Promise<ObjectStoreError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(ObjectStoreError);
    expect((e as ObjectStoreError).code).to.equal(code);
    return e as ObjectStoreError;
  }
  return expect.fail(`expected ${code}`);
}

describe('workflows/archive archival objects', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2026-12-07T03:00:00Z'));
  let dir: string;
  let store: LocalObjectStore;
  let replica: LocalObjectStore;
  let archivist: string;

  before(async () => {
    const unitId = await insertUnit(t.db, {
      code: '000.00.81.H01',
      name: 'Chi cục Văn thư - Lưu trữ',
      level: 'province',
    });
    archivist = (await insertActor(t.db, unitId, 'a.archivist', ['archivist'])).userId;
  });

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-archival-'));
    store = await LocalObjectStore.open({ root: path.join(dir, 'primary'), clock });
    replica = await LocalObjectStore.open({ root: path.join(dir, 'replica'), clock });
    configureArchiveStorage({ clock, replica: undefined, permanentLockYears: 100 });
  });

  afterEach(async () => {
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    await store.close();
    await replica.close();
    await fs.chmod(dir, 0o700);
    await fs.rm(dir, { recursive: true, force: true });
  });

  const corrupt = async (root: string, sha256: string) => {
    const file = path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    await fs.chmod(file, 0o644);
    const bytes = await fs.readFile(file);
    bytes[0] ^= 0x01;
    await fs.writeFile(file, bytes);
  };

  it('stores content-addressed, locks COMPLIANCE until the retain-until date, records the row and an audit event', async () => {
    const recordId = randomUUID();
    const bytes = Buffer.from('%PDF-1.7 Quyết định 12/QĐ-UBND lưu trữ 10 năm');
    const until = new Date('2037-01-01T00:00:00Z');
    const stored = await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId,
        kind: 'pdf-revision',
        bytes,
        mediaType: 'application/pdf',
        retainUntil: until,
      }),
    );
    expect(stored.sha256).to.equal(sha(bytes));
    expect(stored.key).to.equal(`${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/${stored.sha256}`);
    const stat = await store.stat(stored.sha256);
    expect(stat?.retention).to.deep.equal({ mode: 'COMPLIANCE', retainUntil: until });
    expect(stat?.legalHold).to.equal(false);
    await expectCode(store.delete(stored.sha256), 'OBJECT_RETAINED');
    const [row] = await t.db.query(`SELECT * FROM archival_objects WHERE id = $1`, [stored.id]);
    expect(row).to.include({
      record_id: recordId,
      kind: 'pdf-revision',
      sha256: stored.sha256,
      size: String(bytes.length),
      legal_hold: false,
    });
    expect(new Date(row.retain_until).toISOString()).to.equal(until.toISOString());
    const audit = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'ARCHIVE_OBJECT_STORED' AND payload->>'objectId' = $1`,
      [stored.id],
    );
    expect(audit).to.have.length(1);

    // The same bytes for the same record and kind again: the same row.
    const again = await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId,
        kind: 'pdf-revision',
        bytes,
        mediaType: 'application/pdf',
        retainUntil: until,
      }),
    );
    expect(again.id).to.equal(stored.id);
    expect(await t.db.transaction((m) => readArchivalObject(m, store, stored.id))).to.deep.equal(bytes);
  });

  it('never shortens a lock the same bytes already carry; permanent = the longest lock plus a legal hold', async () => {
    const bytes = Buffer.from('<HoSo>Văn bản dùng chung cho hai hồ sơ</HoSo>');
    const later = new Date('2076-01-01T00:00:00Z');
    await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId: randomUUID(),
        kind: 'metadata-xml',
        bytes,
        mediaType: 'application/xml',
        retainUntil: later,
      }),
    );
    await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId: randomUUID(),
        kind: 'metadata-xml',
        bytes,
        mediaType: 'application/xml',
        retainUntil: new Date('2031-01-01T00:00:00Z'),
      }),
    );
    expect((await store.stat(sha(bytes)))?.retainUntil?.toISOString()).to.equal(later.toISOString());

    const permanent = Buffer.from('%PDF-1.7 Nghị quyết — bảo quản vĩnh viễn');
    const p = await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId: randomUUID(),
        kind: 'pdf-revision',
        bytes: permanent,
        mediaType: 'application/pdf',
        retainUntil: null,
      }),
    );
    const stat = await store.stat(p.sha256);
    expect(stat?.legalHold).to.equal(true);
    expect(stat?.retention?.mode).to.equal('COMPLIANCE');
    expect(stat?.retainUntil?.toISOString()).to.equal(permanentLockUntil(clock.now(), 100).toISOString());
    const [row] = await t.db.query(`SELECT retain_until, legal_hold FROM archival_objects WHERE id = $1`, [
      p.id,
    ]);
    expect(row).to.deep.equal({ retain_until: null, legal_hold: true });
    clock.set(new Date('2200-01-01T00:00:00Z'));
    await expectCode(store.delete(p.sha256), 'OBJECT_RETAINED'); // lock expired, legal hold stays
    clock.set(new Date('2026-12-07T03:00:00Z'));
  });

  it('refuses to serve corrupt or missing bytes: ARCHIVE_OBJECT_CORRUPT, a committed alert to archivists, an audit event', async () => {
    const recordId = randomUUID();
    const bytes = Buffer.from('%PDF-1.7 Công văn bị hỏng trên đĩa');
    const stored = await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId,
        kind: 'attachment',
        bytes,
        mediaType: 'application/pdf',
        retainUntil: new Date('2036-01-01Z'),
      }),
    );
    await corrupt(store.root, stored.sha256);
    const error = await expectCode(
      t.db.transaction((m) => readArchivalObject(m, store, stored.id)),
      'ARCHIVE_OBJECT_CORRUPT',
    );
    expect(error.messageVi).to.contain('bị hỏng');
    const events = await t.db.query(`SELECT event, detail FROM fixity_events WHERE object_id = $1`, [
      stored.id,
    ]);
    expect(events).to.deep.equal([
      { event: 'read-refused', detail: { problem: 'mismatch', via: 'read', repaired: false } },
    ]);
    const audit = await t.db.query(
      `SELECT payload FROM audit_events WHERE type = 'ARCHIVE_OBJECT_CORRUPT' AND payload->>'objectId' = $1`,
      [stored.id],
    );
    expect(audit).to.have.length(1);
    const alerts = await t.db.query(
      `SELECT user_id, urgent, link FROM notifications WHERE kind = 'archive.fixity_failure'`,
    );
    expect(alerts).to.deep.include({ user_id: archivist, urgent: true, link: '#/archive/fixity' });
    const [row] = await t.db.query(`SELECT last_check_result FROM archival_objects WHERE id = $1`, [
      stored.id,
    ]);
    expect(row.last_check_result).to.equal('mismatch');

    await expectCode(
      t.db.transaction((m) => readArchivalObject(m, store, randomUUID())),
      'ARCHIVE_OBJECT_NOT_FOUND',
    );
  });

  it('repairs a corrupt or missing object from the replica, keeps its lock, and records the repair', async () => {
    configureArchiveStorage({ replica });
    const bytes = Buffer.from('%PDF-1.7 Báo cáo xác thực chữ ký — bản sao ở kho thứ hai');
    const until = new Date('2046-01-01T00:00:00Z');
    const stored = await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId: randomUUID(),
        kind: 'validation-report',
        bytes,
        mediaType: 'application/pdf',
        retainUntil: until,
      }),
    );
    await replica.put(bytes);
    await corrupt(store.root, stored.sha256);
    expect(await t.db.transaction((m) => readArchivalObject(m, store, stored.id))).to.deep.equal(bytes);
    expect(await store.getBuffer(stored.sha256)).to.deep.equal(bytes); // repaired on the primary
    expect((await store.stat(stored.sha256))?.retainUntil?.toISOString()).to.equal(until.toISOString());
    const events = await t.db.query(`SELECT event FROM fixity_events WHERE object_id = $1 ORDER BY id`, [
      stored.id,
    ]);
    expect(events.map((e: { event: string }) => e.event)).to.deep.equal(['read-refused', 'repaired']);
    const audit = await t.db.query(
      `SELECT 1 FROM audit_events WHERE type = 'ARCHIVE_OBJECT_REPAIRED' AND payload->>'objectId' = $1`,
      [stored.id],
    );
    expect(audit).to.have.length(1);

    // A replica holding bad bytes too repairs nothing: the read is refused.
    await corrupt(store.root, stored.sha256);
    await corrupt(replica.root, stored.sha256);
    await expectCode(
      t.db.transaction((m) => readArchivalObject(m, store, stored.id)),
      'ARCHIVE_OBJECT_CORRUPT',
    );
  });
});
