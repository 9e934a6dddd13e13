import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as Minio from 'minio';
import { S3ObjectStore } from '../../../storage/objects/s3-object-store';
import { objectStoreConformance } from './object-store-conformance';
import { radosgwAvailable, sharedRadosgw } from './radosgw-process';

/**
 * The retention and legal-hold cases of the conformance suite against a real S3 server that implements
 * Object Lock: radosgw (Ceph 16) of the run's own throwaway cluster (radosgw-process.ts), a new
 * Object-Lock (versioned) bucket per test. radosgw enforces retention by its own clock, so the cases use
 * real seconds. Without the Ceph packages the suite fails loudly instead of being silently skipped.
 */
describe('S3 Object Lock against radosgw', function () {
  before(function () {
    if (!radosgwAvailable()) {
      throw new Error('ceph-mon, ceph-osd and radosgw are required (scripts/ensure-deps.js installs them)');
    }
  });

  objectStoreConformance(
    'S3 (minio client against radosgw with Object Lock)',
    async () => {
      const rgw = await sharedRadosgw();
      const spoolDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-rgw-spool-'));
      const bucket = `vanban-lock-${randomBytes(6).toString('hex')}`;
      const store = await S3ObjectStore.open({
        endPoint: '127.0.0.1',
        port: rgw.port,
        useSSL: false,
        ...rgw.credentials,
        bucket,
        region: 'us-east-1',
        objectLock: true,
        spoolDir,
      });
      const raw = new Minio.Client({
        endPoint: '127.0.0.1',
        port: rgw.port,
        useSSL: false,
        pathStyle: true,
        region: 'us-east-1',
        ...rgw.credentials,
      });
      const key = (sha: string) => `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
      return {
        store,
        async corrupt(sha256) {
          // A versioned bucket: the changed bytes become the current version of the key.
          const bytes = Buffer.concat(await (await raw.getObject(bucket, key(sha256))).toArray());
          bytes[Math.floor(bytes.length / 2)] ^= 0x01;
          await raw.putObject(bucket, key(sha256), bytes, bytes.length);
        },
        async takeDown() {
          throw new Error('the shared radosgw is not taken down (the s3rver suite covers it)');
        },
        async garbage() {
          return fs.readdir(spoolDir);
        },
        behindTheStore: {
          async deleteVersion(sha256, versionId) {
            await raw.removeObject(bucket, key(sha256), { versionId });
          },
          async shortenRetention(sha256, retainUntil) {
            const versions: { versionId?: string | null; isDeleteMarker?: boolean }[] = [];
            const listing = raw.listObjects(bucket, key(sha256), false, { IncludeVersion: true });
            for await (const v of listing as AsyncIterable<(typeof versions)[number]>) versions.push(v);
            const versionId = versions.find((v) => !v.isDeleteMarker)?.versionId ?? undefined;
            await raw.putObjectRetention(bucket, key(sha256), {
              mode: 'COMPLIANCE',
              retainUntilDate: retainUntil.toISOString(),
              versionId,
            } as Minio.Retention);
          },
        },
        async dispose() {
          await store.close();
          await fs.rm(spoolDir, { recursive: true, force: true });
        },
      };
    },
    { retention: true, serverClock: true, onlyRetention: true },
  );
});
