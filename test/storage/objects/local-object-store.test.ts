import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { objectStoreConformance } from './object-store-conformance';

objectStoreConformance(
  'local filesystem',
  async (clock) => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'vanban-objects-'));
    const store = await LocalObjectStore.open({ root, clock });
    const dataPath = (sha: string) => path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
    return {
      store,
      async corrupt(sha256) {
        const file = dataPath(sha256);
        await fs.chmod(file, 0o644);
        const bytes = await fs.readFile(file);
        bytes[Math.floor(bytes.length / 2)] ^= 0x01;
        await fs.writeFile(file, bytes);
      },
      async takeDown() {
        await fs.rm(root, { recursive: true, force: true });
      },
      async garbage() {
        return fs.readdir(path.join(root, '.tmp')).catch(() => []);
      },
      async dispose() {
        await store.close();
        await fs.rm(root, { recursive: true, force: true });
      },
    };
  },
  { retention: true },
);
