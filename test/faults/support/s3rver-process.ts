import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** An s3rver child process on 127.0.0.1:`port`. */
export interface S3Server {
  readonly port: number;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
}

/** Starts s3rver storing under `directory`, on `port` (0: a free port). */
export async function startS3Server(directory: string, port = 0): Promise<S3Server> {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', path.join(__dirname, 's3rver-on-port.cjs'), directory, String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const actual = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
  return {
    port: actual,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
