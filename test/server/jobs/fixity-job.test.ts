import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { archiveStorageEnv, startFixityChecker } from '../../../server/jobs/fixity-job';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import {
  archiveStorageSettings,
  configureArchiveStorage,
  storeArchivalObject,
} from '../../../workflows/archive/archival-objects';
import { systemClock } from '../../../workflows/context';
import { useTestDatabase } from '../../support/postgres';

describe('server/jobs/fixity-job', () => {
  const t = useTestDatabase();

  it('reads its settings from the environment and refuses bad values with CONFIG_INVALID', () => {
    expect(archiveStorageEnv({}, '/srv')).to.deep.equal({
      fixityEveryMs: 24 * 3600_000,
      fixityBytesPerSecond: 50 * 1024 * 1024,
      permanentLockYears: 100,
      replicaDir: undefined,
      replicaS3: undefined,
    });
    expect(
      archiveStorageEnv({
        ARCHIVE_REPLICA_S3_ENDPOINT: 'https://dr-minio.example.gov.vn:9000',
        ARCHIVE_REPLICA_S3_ACCESS_KEY: 'k',
        ARCHIVE_REPLICA_S3_SECRET_KEY: 's',
        ARCHIVE_REPLICA_S3_BUCKET: 'vanban-dr',
      }).replicaS3,
    ).to.deep.equal({
      kind: 's3',
      endPoint: 'dr-minio.example.gov.vn',
      port: 9000,
      useSSL: true,
      accessKey: 'k',
      secretKey: 's',
      bucket: 'vanban-dr',
      region: 'us-east-1',
      objectLock: false,
    });
    expect(
      archiveStorageEnv(
        {
          FIXITY_EVERY_HOURS: '0',
          FIXITY_BYTES_PER_SECOND: '1000',
          ARCHIVE_PERMANENT_LOCK_YEARS: '70',
          ARCHIVE_REPLICA_DIR: 'replica',
        },
        '/srv',
      ),
    ).to.deep.equal({
      fixityEveryMs: 0,
      fixityBytesPerSecond: 1000,
      permanentLockYears: 70,
      replicaDir: '/srv/replica',
      replicaS3: undefined,
    });
    for (const env of [
      { FIXITY_EVERY_HOURS: 'daily' },
      { FIXITY_BYTES_PER_SECOND: '-1' },
      { ARCHIVE_PERMANENT_LOCK_YEARS: '0' },
      { ARCHIVE_REPLICA_S3_ENDPOINT: 'http://dr:9000' },
      {
        ARCHIVE_REPLICA_S3_ENDPOINT: 'http://dr:9000',
        ARCHIVE_REPLICA_S3_ACCESS_KEY: 'k',
        ARCHIVE_REPLICA_S3_SECRET_KEY: 's',
        ARCHIVE_REPLICA_DIR: '/r',
      },
    ]) {
      let code: string | undefined;
      try {
        archiveStorageEnv(env, '/srv');
      } catch (e) {
        code = (e as { code?: string }).code;
      }
      expect(code, JSON.stringify(env)).to.equal('CONFIG_INVALID');
    }
  });

  it('configures the archive storage (lock years, replica) and runs the checker on demand; stop waits for it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-fixity-job-'));
    const objects = await LocalObjectStore.open({ root: path.join(dir, 'objects') });
    try {
      await t.db.transaction((m) =>
        storeArchivalObject(m, objects, {
          recordId: randomUUID(),
          kind: 'metadata-xml',
          bytes: Buffer.from('<HoSo>Hồ sơ kiểm tra định kỳ</HoSo>'),
          mediaType: 'application/xml',
          retainUntil: new Date('2031-01-01T00:00:00Z'),
        }),
      );
      const checker = await startFixityChecker({
        db: t.db,
        objects,
        clock: systemClock,
        logger: pino({ level: 'silent' }),
        settings: archiveStorageEnv({
          ARCHIVE_PERMANENT_LOCK_YEARS: '70',
          ARCHIVE_REPLICA_DIR: path.join(dir, 'replica'),
        }),
        firstRunDelayMs: 3_600_000,
      });
      expect(archiveStorageSettings().permanentLockYears).to.equal(70);
      expect(archiveStorageSettings().replica?.backend).to.equal('local');
      await checker.runNow();
      await checker.stop();
      const runs = await t.db.query(`SELECT status, objects_checked FROM fixity_runs`);
      expect(runs).to.deep.equal([{ status: 'finished', objects_checked: 1 }]);
    } finally {
      configureArchiveStorage({ clock: systemClock, replica: undefined, permanentLockYears: 100 });
      await objects.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
