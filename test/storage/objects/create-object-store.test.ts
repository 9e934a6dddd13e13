import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { ObjectStoreError } from '../../../storage/objects/object-store-error';
import { S3ObjectStore } from '../../../storage/objects/s3-object-store';
import { startS3rverProcess } from './s3rver-process';

describe('createObjectStore', function () {
  it('opens the local store for kind local and the S3 store for kind s3', async function () {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-factory-'));
    const server = await startS3rverProcess(path.join(dir, 's3'));
    try {
      const local = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
      expect(local).to.be.instanceOf(LocalObjectStore);
      expect((await local.health()).ok).to.equal(true);
      await local.close();
      const s3 = await createObjectStore({
        kind: 's3',
        endPoint: '127.0.0.1',
        port: server.port,
        useSSL: false,
        accessKey: 'S3RVER',
        secretKey: 'S3RVER',
        bucket: 'vanban-factory',
        region: 'us-east-1',
        objectLock: false,
      });
      expect(s3).to.be.instanceOf(S3ObjectStore);
      expect(await s3.health()).to.deep.equal({ ok: true, detail: 's3 bucket vanban-factory' });
      await s3.close();
    } finally {
      await server.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('answers OBJECT_STORE_UNAVAILABLE when the S3 endpoint does not answer', async function () {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-factory-'));
    const server = await startS3rverProcess(path.join(dir, 's3'));
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
    const error = await createObjectStore({
      kind: 's3',
      endPoint: '127.0.0.1',
      port: server.port,
      useSSL: false,
      accessKey: 'S3RVER',
      secretKey: 'S3RVER',
      bucket: 'vanban-down',
      region: 'us-east-1',
      objectLock: false,
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ObjectStoreError);
    expect((error as ObjectStoreError).code).to.equal('OBJECT_STORE_UNAVAILABLE');
  });
});
