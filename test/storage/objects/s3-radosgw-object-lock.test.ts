import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import * as Minio from 'minio';
import { objectStoreConformance } from './object-store-conformance';
import { openObjectLockBucket, radosgwAvailable, sharedRadosgw } from './radosgw-process';

/** The store's key of an object (what the raw client addresses). */
const key = (sha: string) => `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

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
      const { store, raw } = await openObjectLockBucket(rgw, { bucket, spoolDir });
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

  it('creates a new version already locked: the retention and legal hold go in the PUT itself', async () => {
    const rgw = await sharedRadosgw();
    const spoolDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-rgw-spool-'));
    const bucket = `vanban-lock-${randomBytes(6).toString('hex')}`;
    const { store, raw } = await openObjectLockBucket(rgw, { bucket, spoolDir });
    // Every request of the store's client that sets a lock after the upload is counted.
    const client = (store as unknown as { client: Minio.Client }).client;
    const later: string[] = [];
    for (const name of ['putObjectRetention', 'setObjectLegalHold'] as const) {
      const original = client[name].bind(client) as (...a: unknown[]) => Promise<unknown>;
      (client as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
        later.push(name);
        return original(...a);
      };
    }
    try {
      const retainUntil = new Date(Date.now() + 3600_000);
      retainUntil.setUTCMilliseconds(0);
      const bytes = randomBytes(2048);
      const buffered = await store.put(bytes, {
        contentType: 'application/pdf',
        metadata: { kind: 'pdf-revision' },
        retention: { mode: 'COMPLIANCE', retainUntil },
        legalHold: true,
      });
      // From a stream (spooled, then sent in one PUT): retention only.
      const streamed = await store.put(Readable.from([randomBytes(1000), randomBytes(500)]), {
        retention: { mode: 'COMPLIANCE', retainUntil },
      });
      expect(later, 'no lock request after the upload').to.deep.equal([]);
      expect(buffered.created && streamed.created).to.equal(true);

      // The server holds the locks on exactly the versions the PUTs created.
      for (const [stored, hold] of [
        [buffered, 'ON'],
        [streamed, 'OFF'],
      ] as const) {
        const r = await raw.getObjectRetention(bucket, key(stored.sha256), { versionId: stored.versionId! });
        expect(r).to.include({ mode: 'COMPLIANCE' });
        expect(new Date(r!.retainUntilDate!).getTime()).to.equal(retainUntil.getTime());
        // radosgw answers an error for a version that never had a legal hold: that is OFF.
        const h = (await raw
          .getObjectLegalHold(bucket, key(stored.sha256), { versionId: stored.versionId! })
          .catch(() => 'OFF')) as unknown;
        const status = typeof h === 'string' ? h : (h as { Status?: string } | undefined)?.Status;
        expect(status ?? 'OFF').to.equal(hold);
        let refused: unknown;
        await raw
          .removeObject(bucket, key(stored.sha256), { versionId: stored.versionId! })
          .catch((e: unknown) => (refused = e));
        expect(refused, 'the server refuses to delete the locked version').to.not.equal(undefined);
      }
      // The user metadata is intact (the lock headers did not become metadata, nor the reverse).
      const stat = await store.stat(buffered.sha256);
      expect(stat).to.include({ contentType: 'application/pdf', legalHold: true });
      expect(stat!.metadata).to.deep.equal({ kind: 'pdf-revision' });
      expect(stat!.retainUntil!.getTime()).to.equal(retainUntil.getTime());
      expect((await store.getBuffer(buffered.sha256)).equals(bytes)).to.equal(true);

      // Bytes already there (another record): the lock is extended by a request, as before.
      const extended = new Date(retainUntil.getTime() + 3600_000);
      const again = await store.put(bytes, { retention: { mode: 'COMPLIANCE', retainUntil: extended } });
      expect(again.created).to.equal(false);
      expect(later).to.deep.equal(['putObjectRetention']);
      expect((await store.stat(buffered.sha256))!.retainUntil!.getTime()).to.equal(extended.getTime());
    } finally {
      await store.close();
      await fs.rm(spoolDir, { recursive: true, force: true });
    }
  });
});
