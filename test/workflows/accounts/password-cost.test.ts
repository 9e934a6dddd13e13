import crypto from 'node:crypto';
import { expect } from 'chai';
import type { CodedError } from '../../../signing/errors';
import { login } from '../../../workflows/accounts/login';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  passwordHashCost,
  setPasswordHashCost,
  verifyPassword,
} from '../../../workflows/accounts/password-hash';
import { useTestDatabase } from '../../support/postgres';
import { FixedClock, insertActor, insertUnit } from '../fixtures';

const PASSWORD = 'Mật khẩu đủ dài 2025';

/**
 * Issue 10 item 13: scrypt at OWASP's N = 2^17 (r = 8, p = 1), stored hashes re-hashed at the next
 * successful login, and the same work for known and unknown usernames. The suite runs with a lower
 * cost (test/setup.ts); these tests assert the production default and use it where it matters.
 */
describe('workflows/accounts password cost (issue 10 item 13)', function () {
  this.timeout(120_000);
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2025-03-03T08:00:00+07:00'));
  let unitId: string;

  before(async () => {
    unitId = await insertUnit(t.db, { code: '000.00.00.H99', name: 'UBND tỉnh thử', level: 'province' });
  });

  /** Runs `f` with the production cost as the current one. */
  async function atProductionCost<T>(f: () => Promise<T>): Promise<T> {
    const suite = passwordHashCost();
    setPasswordHashCost(DEFAULT_SCRYPT);
    try {
      return await f();
    } finally {
      setPasswordHashCost(suite);
    }
  }

  /** The scrypt work (sum of N·r·p over every call) `f` causes, read from node:crypto's calls, not a clock. */
  async function scryptWork(f: () => Promise<unknown>): Promise<number> {
    const original = crypto.scrypt;
    let work = 0;
    (crypto as { scrypt: unknown }).scrypt = (...args: unknown[]) => {
      const o = args[3] as crypto.ScryptOptions;
      work += (o.N ?? 16384) * (o.r ?? 8) * (o.p ?? 1);
      return (original as (...a: unknown[]) => void)(...args);
    };
    try {
      await f();
    } finally {
      (crypto as { scrypt: unknown }).scrypt = original;
    }
    return work;
  }

  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'OK';
    } catch (e) {
      return (e as CodedError).code;
    }
  };

  it('the production default is N = 2^17, r = 8, p = 1 and new hashes carry it', async () => {
    expect(DEFAULT_SCRYPT).to.deep.equal({ N: 2 ** 17, r: 8, p: 1 });
    const hash = await hashPassword(PASSWORD, DEFAULT_SCRYPT);
    expect(hash).to.match(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, hash)).to.equal(true);
  });

  it('a hash stored at a lower cost is re-hashed at N = 2^17 at the next successful login, not at a failed one', async () => {
    const old = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    await insertActor(t.db, unitId, 'cu.matkhau', ['specialist'], old);
    const stored = async () =>
      (
        (await t.db.query(`SELECT password_hash FROM users WHERE username = 'cu.matkhau'`)) as {
          password_hash: string;
        }[]
      )[0]!.password_hash;
    await atProductionCost(async () => {
      expect(await codeOf(login(t.db, clock, { username: 'cu.matkhau', password: 'sai' }))).to.equal(
        'LOGIN_FAILED',
      );
      expect(await stored()).to.equal(old);
      expect(await codeOf(login(t.db, clock, { username: 'cu.matkhau', password: PASSWORD }))).to.equal('OK');
    });
    const upgraded = await stored();
    expect(upgraded).to.match(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, upgraded)).to.equal(true);
  });

  it('unknown username, wrong password, inactive account, not-yet-upgraded hash, no password: the same scrypt work', async () => {
    const cost = passwordHashCost();
    await insertActor(t.db, unitId, 'dung.cost', ['clerk'], await hashPassword(PASSWORD));
    await insertActor(
      t.db,
      unitId,
      'cu.cost',
      ['clerk'],
      await hashPassword(PASSWORD, { N: cost.N / 8, r: 8, p: 1 }),
    );
    await insertActor(t.db, unitId, 'nghi.cost', ['clerk'], await hashPassword(PASSWORD));
    await t.db.query(`UPDATE users SET active = false WHERE username = 'nghi.cost'`);
    await insertActor(t.db, unitId, 'khong.matkhau', ['clerk'], null);
    await insertActor(t.db, unitId, 'la.cost', ['clerk'], 'bcrypt$not-ours');
    await codeOf(login(t.db, clock, { username: 'warm.up', password: 'x' })); // the decoy is made once

    const attempts: [string, string][] = [
      ['khong.ton.tai', 'sai'],
      ['Tên không hợp lệ!', 'sai'],
      ['dung.cost', 'sai'],
      ['cu.cost', 'sai'],
      ['nghi.cost', PASSWORD],
      ['khong.matkhau', 'sai'],
      ['la.cost', 'sai'],
    ];
    const work: Record<string, number> = {};
    for (const [username, password] of attempts) {
      work[username] = await scryptWork(async () => {
        expect(await codeOf(login(t.db, clock, { username, password })), username).to.equal('LOGIN_FAILED');
      });
    }
    const expected = cost.N * cost.r * cost.p;
    expect(work).to.deep.equal(Object.fromEntries(attempts.map(([u]) => [u, expected])));
  });
});
