// Child process for the crash test: starts a put whose source delivers 1 MiB, says so on stdout and
// then never ends, so that the parent can kill this process in the middle of the write.
import { Readable } from 'node:stream';
import { LocalObjectStore } from '../../../storage/objects/local-object-store';

async function main(): Promise<void> {
  const store = await LocalObjectStore.open({ root: process.argv[2] });
  const source = new Readable({ read() {} });
  source.push(Buffer.alloc(1024 * 1024, 0x61));
  void store.put(source);
  setTimeout(() => process.stdout.write('halfway\n'), 200);
}

void main();
