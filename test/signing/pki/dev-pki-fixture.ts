import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DevPki, DevPkiOptions, createDevPki } from '../../../signing/pki/create-dev-pki';

/** The moment test PKIs are created at: fixed, so nothing depends on the wall clock. */
export const PKI_TIME = new Date('2026-03-02T01:00:00Z');

const cache = new Map<string, Promise<DevPki>>();

/** One development PKI per key type for the whole run, written to a temp directory. */
export function testPki(keySpec: DevPkiOptions['keySpec'] = 'rsa-2048'): Promise<DevPki> {
  let pki = cache.get(keySpec!);
  if (!pki) {
    const dir = mkdtempSync(path.join(tmpdir(), `vanban-pki-${keySpec}-`));
    after(() => rmSync(dir, { recursive: true, force: true }));
    pki = createDevPki({ now: PKI_TIME, dir, keySpec, baseUrl: 'http://127.0.0.1:1/pki' });
    cache.set(keySpec!, pki);
  }
  return pki;
}

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `vanban-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const execFileAsync = promisify(execFile);

/** Runs openssl; resolves with exit code and output instead of throwing on failure. */
export async function openssl(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await execFileAsync('openssl', args, { encoding: 'utf8' });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof err.code === 'number' ? err.code : 1,
      out: (err.stdout ?? '') + (err.stderr ?? ''),
    };
  }
}

/** `-attime` for OpenSSL checks at PKI_TIME plus an offset, not at the wall clock. */
export function attime(offsetSeconds = 60): string[] {
  return ['-attime', String(Math.floor(PKI_TIME.getTime() / 1000) + offsetSeconds)];
}
