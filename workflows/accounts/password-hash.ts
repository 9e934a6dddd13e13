import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParameters {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * OWASP's scrypt parameters (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1, i.e. 128 MiB and
 * roughly 0.3–0.5 s of one core per hash. Hashes stored with less are re-hashed at the next successful
 * login (needsRehash).
 */
export const DEFAULT_SCRYPT: ScryptParameters = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

let current: ScryptParameters = DEFAULT_SCRYPT;

/**
 * The cost new hashes get, DEFAULT_SCRYPT unless changed. Test-only: test/setup.ts lowers it so that the
 * hundreds of logins of the suite stay fast; a server never calls this.
 */
export function setPasswordHashCost(params: ScryptParameters): void {
  current = params;
}

export function passwordHashCost(): ScryptParameters {
  return current;
}

function scrypt(password: string, salt: Buffer, params: ScryptParameters): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$<salt base64url>$<key base64url>`, 16-byte random salt. Passwords are NFC-normalised. */
export async function hashPassword(password: string, params: ScryptParameters = current): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** The parameters of a stored hash; undefined for a malformed or foreign encoding, or one out of bounds. */
function storedParameters(encoded: string): ScryptParameters | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (
    ![N, r, p].every(Number.isSafeInteger) ||
    N < 2 ||
    N > 2 ** 20 ||
    (N & (N - 1)) !== 0 ||
    r < 1 ||
    r > 32 ||
    p < 1 ||
    p > 16
  ) {
    return undefined;
  }
  return { N, r, p };
}

/** Timing-safe; false for a malformed or foreign encoding (never throws on bad stored data). */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const params = storedParameters(encoded);
  if (!params) return false;
  const parts = encoded.split('$');
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || expected.length !== KEY_LENGTH) return false;
  const actual = await scrypt(password, salt, params);
  return timingSafeEqual(actual, expected);
}

/** True when the stored hash uses weaker parameters than the current cost (rehash at next login). */
export function needsRehash(encoded: string, params: ScryptParameters = current): boolean {
  const stored = storedParameters(encoded);
  return !stored || stored.N < params.N || stored.r < params.r || stored.p < params.p;
}

/**
 * Work that brings a verification of `encoded` up to one at the current cost: scrypt runs whose N add
 * up to the difference (scrypt's time is linear in N·r·p). Login runs it after a failed verification
 * of a hash stored at a lower cost, so a known username whose hash is not yet upgraded answers after
 * the same work as an unknown one (checked against a decoy at the current cost).
 */
export async function padToCurrentCost(encoded: string): Promise<void> {
  const stored = storedParameters(encoded) ?? { N: 0, r: current.r, p: current.p };
  let units = Math.floor(
    (current.N * current.r * current.p - stored.N * stored.r * stored.p) / (current.r * current.p),
  );
  const salt = randomBytes(16);
  for (let N = current.N; N >= 2 && units > 0; N /= 2) {
    if (units >= N) {
      await scrypt('', salt, { N, r: current.r, p: current.p });
      units -= N;
    }
  }
}
