import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import * as Minio from 'minio';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { ObjectStoreError } from '../../../storage/objects/object-store-error';
import { S3ObjectStore } from '../../../storage/objects/s3-object-store';
import {
  configureArchiveStorage,
  readArchivalObject,
  storeArchivalObject,
} from '../../../workflows/archive/archival-objects';
import { runFixityCheck } from '../../../workflows/archive/fixity';
import { systemClock } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';
import { openObjectLockBucket, sharedRadosgw } from '../../storage/objects/radosgw-process';

/**
 * Archival objects on a real S3 server with Object Lock (radosgw): stored locked, a changed copy (a new
 * version put behind the store's back) is found by the fixity run and refused on read, then repaired
 * from a local replica as a new version that carries the same COMPLIANCE lock and legal hold; the
 * damaged version stays, locked.
 */
describe('workflows/archive archival objects on radosgw (S3 Object Lock)', function () {
  this.timeout(180_000);
  const t = useTestDatabase();
  let store: S3ObjectStore;
  let raw: Minio.Client;
  let replica: LocalObjectStore;
  let dir: string;
  const bucket = `vanban-archive-${randomBytes(5).toString('hex')}`;

  before(async () => {
    const rgw = await sharedRadosgw();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-archive-s3-'));
    ({ store, raw } = await openObjectLockBucket(rgw, { bucket, spoolDir: dir }));
    replica = await LocalObjectStore.open({ root: path.join(dir, 'replica') });
    configureArchiveStorage({ clock: systemClock, replica: undefined, permanentLockYears: 1 });
  });
  after(async () => {
    configureArchiveStorage({ clock: systemClock, replica: undefined, permanentLockYears: 100 });
    await store?.close();
    await replica?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('locks on the server, refuses a changed copy, and repairs it from the replica as a new locked version', async () => {
    const bytes = Buffer.concat([
      Buffer.from('%PDF-1.7 Quyết định bảo quản vĩnh viễn\n'),
      randomBytes(30_000),
    ]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const stored = await t.db.transaction((m) =>
      storeArchivalObject(m, store, {
        recordId: randomUUID(),
        kind: 'pdf-revision',
        bytes,
        mediaType: 'application/pdf',
        retainUntil: null,
      }),
    );
    expect(stored.versionId).to.be.a('string');
    const [row] = await t.db.query(`SELECT version_id FROM archival_objects WHERE id = $1`, [stored.id]);
    expect(row.version_id).to.equal(stored.versionId);
    const stat = await store.stat(sha256);
    expect(stat?.retention?.mode).to.equal('COMPLIANCE');
    expect(stat?.legalHold).to.equal(true);
    let refused = false;
    await raw
      .removeObject(bucket, stored.key, { versionId: stored.versionId! })
      .catch(() => (refused = true));
    expect(refused, 'radosgw deleted a locked version').to.equal(true);

    // A changed copy becomes the current version of the key (behind the store's back).
    const changed = Buffer.from(bytes);
    changed[100] ^= 1;
    await raw.putObject(bucket, stored.key, changed, changed.length);
    const run = await runFixityCheck(t.db, store, {});
    expect(run).to.include({ status: 'finished', failures: 1 });
    try {
      await t.db.transaction((m) => readArchivalObject(m, store, stored.id));
      expect.fail('served a changed copy');
    } catch (e) {
      expect((e as ObjectStoreError).code).to.equal('ARCHIVE_OBJECT_CORRUPT');
    }

    await replica.put(bytes);
    configureArchiveStorage({ replica });
    expect(await t.db.transaction((m) => readArchivalObject(m, store, stored.id))).to.deep.equal(bytes);
    const versions = await store.listVersions(sha256);
    expect(versions).to.have.length(3); // the original, the changed copy, the repair (current)
    expect(versions[2]!.isLatest).to.equal(true);
    const repaired = await store.stat(sha256);
    expect(repaired?.retention).to.deep.equal(stat?.retention);
    expect(repaired?.legalHold).to.equal(true);
    expect(await store.getBuffer(sha256)).to.deep.equal(bytes);
    const events = await t.db.query(`SELECT event FROM fixity_events WHERE object_id = $1 ORDER BY id`, [
      stored.id,
    ]);
    expect(events.map((e: { event: string }) => e.event)).to.deep.equal([
      'mismatch',
      'read-refused',
      'read-refused',
      'repaired',
    ]);
  });
});
