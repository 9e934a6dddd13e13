import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { expect } from 'chai';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { ObjectStoreError } from '../../../storage/objects/object-store-error';

describe('LocalObjectStore on disk', function () {
  let root: string;

  beforeEach(async function () {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-objects-'));
  });

  afterEach(async function () {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('lays objects out as ab/cd/<sha256>, read-only, with a JSON sidecar', async function () {
    const store = await LocalObjectStore.open({ root });
    const bytes = Buffer.from('Tờ trình số 7/TTr-UBND');
    const { sha256 } = await store.put(bytes, { contentType: 'text/plain', metadata: { so: '7' } });
    const file = path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    expect(await fs.readFile(file)).to.deep.equal(bytes);
    expect((await fs.stat(file)).mode & 0o222).to.equal(0);
    const sidecar = JSON.parse(await fs.readFile(`${file}.json`, 'utf8'));
    expect(sidecar).to.deep.include({ contentType: 'text/plain', metadata: { so: '7' }, legalHold: false });
    expect(await fs.readdir(path.join(root, '.tmp'))).to.deep.equal([]);
    await store.close();
  });

  it('after a writer is killed mid-write, shows no object and removes its temp file on the next open', async function () {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register', path.join(__dirname, 'local-writer-child.ts'), root],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: child.stdout }).once('line', () => resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });
    const tempDir = path.join(root, '.tmp');
    const strays = await fs.readdir(tempDir);
    expect(strays).to.have.length(1);
    expect((await fs.stat(path.join(tempDir, strays[0]))).size).to.equal(1024 * 1024);
    child.kill('SIGKILL');
    await exited;

    const store = await LocalObjectStore.open({ root });
    expect(await fs.readdir(tempDir)).to.deep.equal([]);
    expect((await store.list({ limit: 10 })).objects).to.deep.equal([]);
    const partial = createHash('sha256')
      .update(Buffer.alloc(1024 * 1024, 0x61))
      .digest('hex');
    expect(await store.stat(partial)).to.equal(null);
    await store.close();
  });

  it('keeps temp files of a live writer when another store opens the same root', async function () {
    const tempDir = path.join(root, '.tmp');
    await fs.mkdir(tempDir);
    // Our own pid stands for a live writer: its temp file must survive another open.
    await fs.writeFile(path.join(tempDir, `${process.pid}-0123456789abcdef.part`), 'in progress');
    await fs.writeFile(path.join(tempDir, `999999999-0123456789abcdef.part`), 'dead writer');
    const store = await LocalObjectStore.open({ root });
    expect(await fs.readdir(tempDir)).to.deep.equal([`${process.pid}-0123456789abcdef.part`]);
    await store.close();
  });

  it('refuses to open on a root that is not a directory, with OBJECT_STORE_UNAVAILABLE', async function () {
    const file = path.join(root, 'not-a-dir');
    await fs.writeFile(file, 'x');
    const error = await LocalObjectStore.open({ root: file }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ObjectStoreError);
    expect((error as ObjectStoreError).code).to.equal('OBJECT_STORE_UNAVAILABLE');
  });
});
