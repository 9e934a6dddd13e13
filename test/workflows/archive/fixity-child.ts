// Child process for the fixity crash test: runs a fixity check one object per batch, slowly, printing
// "checked <n>" after each object's progress is committed, until the parent kills it (SIGKILL).
import 'reflect-metadata';
import { createDataSource } from '../../../storage/db/data-source';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';
import { runFixityCheck } from '../../../workflows/archive/fixity';

async function main(): Promise<void> {
  const [url, root, at] = process.argv.slice(2) as [string, string, string];
  const clock = { now: () => new Date(at) }; // the parent's test clock
  const db = createDataSource(url, { applicationName: 'fixity-child', poolSize: 3 });
  await db.initialize();
  const store = await LocalObjectStore.open({ root });
  let checked = 0;
  await runFixityCheck(db, store, {
    clock,
    batchSize: 1,
    afterObject: async (n) => {
      checked = n;
      // The batch of one is committed right after this hook: report the one before it.
      if (n > 1) process.stdout.write(`checked ${checked - 1}\n`);
      await new Promise((r) => setTimeout(r, 150));
    },
  });
  process.stdout.write('finished\n');
}

void main();
