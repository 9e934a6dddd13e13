import fs from 'node:fs/promises';
import path from 'node:path';
import { Certificate } from '../../signing/pki/certificate';

/**
 * The trust anchors for validation on arrival: every self-issued certificate (PEM or DER) in the given
 * files and directories (e.g. the configured trust directory and, in development, `DATA_DIR/pki/root-ca.pem`).
 * Read at each call so that an anchor added by the admin counts without a restart; missing paths are skipped.
 */
export function trustAnchorsFromFiles(paths: readonly string[]): () => Promise<readonly Certificate[]> {
  return async () => {
    const files: string[] = [];
    for (const p of paths) {
      const st = await fs.stat(p).catch(() => null);
      if (st?.isFile()) files.push(p);
      else if (st?.isDirectory()) {
        for (const name of (await fs.readdir(p)).sort()) {
          if (/\.(pem|crt|cer|der)$/i.test(name)) files.push(path.join(p, name));
        }
      }
    }
    const anchors: Certificate[] = [];
    for (const f of files) {
      try {
        anchors.push(...Certificate.parseAll(await fs.readFile(f)).filter((c) => c.isSelfIssued));
      } catch {
        // Not a certificate file: ignored, like any other file in the directory.
      }
    }
    return anchors;
  };
}
