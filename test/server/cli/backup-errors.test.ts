import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { configureArchiveStorage, storeArchivalObject } from '../../../workflows/archive/archival-objects';
import { backupDataDirectory, readManifest } from '../../../workflows/archive/backup';
import { systemClock } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';

/** The backup refuses to finish incomplete: an object the snapshot references is gone (local or S3). */
describe('workflows/archive backup refusals', () => {
  const t = useTestDatabase();
  let dir: string;
  let objects: LocalObjectStore;
  let sha: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-backup-errors-'));
    objects = await LocalObjectStore.open({ root: path.join(dir, 'objects') });
    configureArchiveStorage({ clock: systemClock, replica: undefined });
    for (const text of ['Biên bản giao nhận hồ sơ', 'Mục lục hồ sơ nộp lưu']) {
      const stored = await t.db.transaction((m) =>
        storeArchivalObject(m, objects, {
          recordId: randomUUID(),
          kind: 'metadata-xml',
          bytes: Buffer.from(`<HoSo>${text}</HoSo>`),
          mediaType: 'application/xml',
          retainUntil: new Date('2030-01-01T00:00:00Z'),
        }),
      );
      sha = stored.sha256;
    }
  });
  after(async () => {
    await objects.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const backup = (target: string, objectsRoot: string | null) =>
    backupDataDirectory({
      db: t.db,
      dir: path.join(dir, target),
      objects,
      objectsRoot,
      dataDir: path.join(dir, 'data'),
      now: new Date(),
    });
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'succeeded',
      (e: { code?: string }) => e.code,
    );

  it('backs up, and refuses a directory that is not empty', async () => {
    const manifest = await backup('b1', path.join(dir, 'objects'));
    expect(manifest.objects).to.include({ copied: 2, referenced: 2 });
    expect(manifest.tables.archival_objects?.rows).to.equal(2);
    expect((await readManifest(path.join(dir, 'b1'))).format).to.equal('vanban-backup/1');
    expect(await codeOf(backup('b1', path.join(dir, 'objects')))).to.equal('BACKUP_TARGET_NOT_EMPTY');
  });

  it('refuses BACKUP_OBJECT_MISSING when a referenced object is gone, copied (local) or only checked (S3)', async () => {
    expect(await codeOf(backup('b2', null))).to.equal('succeeded');
    await fs.rm(path.join(dir, 'objects', sha.slice(0, 2), sha.slice(2, 4), sha));
    expect(await codeOf(backup('b3', path.join(dir, 'objects')))).to.equal('BACKUP_OBJECT_MISSING');
    expect(await codeOf(backup('b4', null))).to.equal('BACKUP_OBJECT_MISSING');
    expect(await codeOf(readManifest(path.join(dir, 'nowhere')))).to.equal('BACKUP_INVALID');
  });
});
