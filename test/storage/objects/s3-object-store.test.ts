import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as Minio from 'minio';
import { S3ObjectStore } from '../../../storage/objects/s3-object-store';
import { objectStoreConformance } from './object-store-conformance';
import { startS3rverProcess } from './s3rver-process';

const credentials = { accessKey: 'S3RVER', secretKey: 'S3RVER' };

/** Each test gets its own S3 protocol server process on a free loopback port, its own bucket and spool. */
// s3rver implements no object lock: the retention cases run against the local store and radosgw
// (s3-radosgw-object-lock.test.ts).
objectStoreConformance(
  'S3 (minio client against s3rver)',
  async (clock) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-s3rver-'));
    const spoolDir = path.join(dir, 'spool');
    await fs.mkdir(spoolDir);
    const server = await startS3rverProcess(path.join(dir, 'data'));
    const port = server.port;
    const bucket = 'vanban-test';
    const store = await S3ObjectStore.open({
      endPoint: '127.0.0.1',
      port,
      useSSL: false,
      ...credentials,
      bucket,
      region: 'us-east-1',
      objectLock: false,
      clock,
      spoolDir,
    });
    // A second client that goes behind the store's back.
    const raw = new Minio.Client({
      endPoint: '127.0.0.1',
      port,
      useSSL: false,
      pathStyle: true,
      ...credentials,
    });
    const key = (sha: string) => `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
    return {
      store,
      async corrupt(sha256) {
        const bytes = Buffer.concat(await (await raw.getObject(bucket, key(sha256))).toArray());
        bytes[Math.floor(bytes.length / 2)] ^= 0x01;
        await raw.putObject(bucket, key(sha256), bytes, bytes.length);
      },
      async takeDown() {
        await server.stop();
      },
      async garbage() {
        const spooled = await fs.readdir(spoolDir);
        const keys: string[] = [];
        for await (const item of raw.listObjectsV2(bucket, '', true) as AsyncIterable<Minio.BucketItem>) {
          if (item.name && !/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(item.name)) keys.push(item.name);
        }
        return [...spooled, ...keys];
      },
      async dispose() {
        await store.close();
        await server.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  },
  { retention: false },
);
