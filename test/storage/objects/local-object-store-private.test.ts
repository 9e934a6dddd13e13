import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createObjectStore } from '../../../storage/objects/create-object-store';

/** Issue 10 item 14: the local object store is private to the server's account. */
describe('storage/objects local store permissions', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-objects-private-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates its directories 0700 and stores objects readable by their owner only (0400), sidecars 0600', async () => {
    const root = path.join(dir, 'objects');
    const store = await createObjectStore({ kind: 'local', root });
    try {
      const { sha256 } = await store.put(Buffer.from('Văn bản mật'), { contentType: 'text/plain' });
      const level1 = path.join(root, sha256.slice(0, 2));
      const level2 = path.join(level1, sha256.slice(2, 4));
      const mode = (p: string) => fs.statSync(p).mode & 0o777;
      expect([root, level1, level2].map(mode)).to.deep.equal([0o700, 0o700, 0o700]);
      const files = fs.readdirSync(level2).map((f) => [f, mode(path.join(level2, f))]);
      expect(files).to.deep.include.members([[sha256, 0o400]]);
      for (const [, m] of files) expect((m as number) & 0o077, 'no access for group or others').to.equal(0);
      expect((await store.getBuffer(sha256)).toString()).to.equal('Văn bản mật');
    } finally {
      await store.close();
    }
  });
});
