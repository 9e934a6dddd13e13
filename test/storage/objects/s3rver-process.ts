import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** An s3rver child process listening on 127.0.0.1:`port`. */
export interface S3rverProcess {
  readonly port: number;
  /** Kills the server (SIGKILL) and waits until it is gone; idempotent. */
  stop(): Promise<void>;
}

/** Starts s3rver in a child process (see s3rver-child.cjs) storing its data under `directory`. */
export async function startS3rverProcess(directory: string): Promise<S3rverProcess> {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', path.join(__dirname, 's3rver-child.cjs'), directory],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
  return {
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
