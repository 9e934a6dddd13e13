import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { CodedError } from '../../../signing/errors';
import type { Actor } from '../../../workflows/context';
import { authenticate, authenticateSession } from '../../../workflows/accounts/authenticate';
import { authorize, assertRole, assertSameUnitOrAncestor } from '../../../workflows/accounts/authorize';
import { createApiToken } from '../../../workflows/accounts/create-api-token';
import { createUser } from '../../../workflows/accounts/create-user';
import { getUser } from '../../../workflows/accounts/get-user';
import { listUsers } from '../../../workflows/accounts/list-users';
import { login } from '../../../workflows/accounts/login';
import { logout } from '../../../workflows/accounts/logout';
import {
  hashPassword,
  needsRehash,
  passwordHashCost,
  verifyPassword,
} from '../../../workflows/accounts/password-hash';
import { revokeToken } from '../../../workflows/accounts/revoke-token';
import { setPassword } from '../../../workflows/accounts/set-password';
import { updateUser } from '../../../workflows/accounts/update-user';
import { listAuditEvents } from '../../../workflows/audit/list-audit-events';
import { verifyAuditChain } from '../../../workflows/audit/verify-audit-chain';
import { useTestDatabase } from '../../support/postgres';
import { ctxOf, FixedClock, insertActor, insertUnit } from '../fixtures';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as CodedError).code;
  }
  return undefined;
}

const HOUR = 3600_000;
const PASSWORD = 'Mật khẩu đủ dài 2025';

describe('workflows/accounts password hashing', () => {
  it('verifies the right password, refuses a wrong one, salts each hash', async () => {
    const a = await hashPassword('Mật khẩu');
    const b = await hashPassword('Mật khẩu');
    // At the current cost (the suite's, test/setup.ts; production: password-cost.test.ts).
    expect(a).to.match(
      new RegExp(`^scrypt\\$${passwordHashCost().N}\\$8\\$1\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`),
    );
    expect(a).to.not.equal(b);
    expect(await verifyPassword('Mật khẩu', a)).to.equal(true);
    // NFC and NFD spellings of the same Vietnamese text are the same password.
    expect(await verifyPassword('Mật khẩu'.normalize('NFD'), a)).to.equal(true);
    expect(await verifyPassword('Mat khau', a)).to.equal(false);
  });

  it('answers false, never throws, for malformed or hostile stored values', async () => {
    for (const bad of [
      '',
      'scrypt$',
      'bcrypt$x',
      'scrypt$1048576000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA',
      'scrypt$3$8$1$AAAAAAAAAAA$AAAA',
    ]) {
      expect(await verifyPassword('x', bad), bad).to.equal(false);
    }
  });

  it('asks for a rehash when the stored cost is below the current one', async () => {
    expect(needsRehash(await hashPassword('x', { N: 2 ** 10, r: 8, p: 1 }))).to.equal(true);
    expect(needsRehash(await hashPassword('x'))).to.equal(false);
  });
});

describe('workflows/accounts accounts, sessions and tokens', () => {
  const t = useTestDatabase();
  const clock = new FixedClock(new Date('2025-03-03T08:00:00+07:00'));
  let rootId: string;
  let districtId: string;
  let communeId: string;
  let otherDistrictId: string;
  let provinceAdmin: Actor;
  let districtAdmin: Actor;
  let clerk: Actor;

  before(async () => {
    rootId = await insertUnit(t.db, {
      code: '000.00.00.H99',
      name: 'Ủy ban nhân dân tỉnh Long Giang',
      level: 'province',
    });
    districtId = await insertUnit(t.db, {
      code: '000.00.20.H99',
      name: 'UBND huyện A',
      level: 'district',
      parentId: rootId,
    });
    communeId = await insertUnit(t.db, {
      code: '000.01.20.H99',
      name: 'UBND xã A1',
      level: 'commune',
      parentId: districtId,
    });
    otherDistrictId = await insertUnit(t.db, {
      code: '000.00.21.H99',
      name: 'UBND huyện B',
      level: 'district',
      parentId: rootId,
    });
    provinceAdmin = await insertActor(t.db, rootId, 'admin', ['admin']);
    districtAdmin = await insertActor(t.db, districtId, 'quantri.a', ['admin']);
  });

  it('lets an admin create an account below their unit; the password hash never leaves the domain', async () => {
    const user = await createUser(ctxOf(t.db, districtAdmin, clock), {
      username: '  VanThu.XaA1 ',
      fullName: 'Nguyễn Thị Lan',
      title: 'Văn thư',
      unitId: communeId,
      roles: ['clerk'],
      password: PASSWORD,
    });
    expect(user).to.include({ username: 'vanthu.xaa1', unitId: communeId, active: true });
    expect(user).to.not.have.property('passwordHash');
    expect(JSON.stringify(user)).to.not.contain('scrypt');
    clerk = { userId: user.id, username: user.username, unitId: communeId, roles: ['clerk'] };
  });

  it('refuses bad account data with precise codes', async () => {
    const ctx = ctxOf(t.db, provinceAdmin, clock);
    const base = {
      username: 'ok.user',
      fullName: 'Trần Văn B',
      unitId: communeId,
      roles: ['specialist' as const],
      password: PASSWORD,
    };
    expect(await codeOf(createUser(ctx, { ...base, username: 'vanthu.xaa1' }))).to.equal('USERNAME_TAKEN');
    expect(await codeOf(createUser(ctx, { ...base, username: 'có dấu' }))).to.equal('USERNAME_INVALID');
    expect(await codeOf(createUser(ctx, { ...base, password: 'ngắn' }))).to.equal('PASSWORD_TOO_WEAK');
    expect(await codeOf(createUser(ctx, { ...base, password: 'xx-ok.user-xx' }))).to.equal(
      'PASSWORD_TOO_WEAK',
    );
    expect(await codeOf(createUser(ctx, { ...base, roles: ['king' as never] }))).to.equal('ROLE_INVALID');
    expect(await codeOf(createUser(ctx, { ...base, roles: [] }))).to.equal('ROLE_INVALID');
    expect(await codeOf(createUser(ctx, { ...base, fullName: '   ' }))).to.equal('FULL_NAME_INVALID');
    expect(
      await codeOf(createUser(ctx, { ...base, unitId: '8d3c1a52-1111-4a4a-9a9a-000000000000' })),
    ).to.equal('UNIT_NOT_FOUND');
  });

  it('answers NOT FOUND (never FORBIDDEN) for accounts and units outside the admin’s subtree', async () => {
    const ctx = ctxOf(t.db, districtAdmin, clock);
    expect(
      await codeOf(
        createUser(ctx, { username: 'x.b', fullName: 'Lê Văn C', unitId: otherDistrictId, roles: ['clerk'] }),
      ),
    ).to.equal('UNIT_NOT_FOUND');
    expect(await codeOf(getUser(ctx, provinceAdmin.userId))).to.equal('USER_NOT_FOUND');
    expect(
      await codeOf(setPassword(ctx, { userId: provinceAdmin.userId, password: 'Một mật khẩu mới 1' })),
    ).to.equal('USER_NOT_FOUND');
    expect(await codeOf(listUsers(ctx, { unitId: otherDistrictId }))).to.equal('UNIT_NOT_FOUND');
    // Inside the subtree a clerk is simply not allowed.
    expect(
      await codeOf(
        createUser(ctxOf(t.db, clerk, clock), {
          username: 'x.c',
          fullName: 'Lê C',
          unitId: communeId,
          roles: ['clerk'],
        }),
      ),
    ).to.equal('FORBIDDEN');
    // The province admin manages everything.
    expect(
      (await listUsers(ctxOf(t.db, provinceAdmin, clock), { unitId: communeId })).items.map(
        (u) => u.username,
      ),
    ).to.deep.equal(['vanthu.xaa1']);
  });

  it('exposes a declarative policy: assertRole, assertSameUnitOrAncestor, authorize', async () => {
    expect(() => assertRole(clerk, 'leader', 'admin'))
      .to.throw()
      .with.property('code', 'FORBIDDEN');
    expect(() => assertRole(clerk, 'clerk')).to.not.throw();
    await assertSameUnitOrAncestor(t.db, districtAdmin, communeId);
    expect(await codeOf(assertSameUnitOrAncestor(t.db, clerk, districtId))).to.equal('NOT_FOUND');
    expect(await codeOf(authorize(t.db, clerk, 'directory.read'))).to.equal(undefined);
    expect(await codeOf(authorize(t.db, clerk, 'audit.verify'))).to.equal('FORBIDDEN');
  });

  it('logs in, authenticates with the token, and stores only its SHA-256', async () => {
    const s = await login(t.db, clock, {
      username: 'VANTHU.XAA1',
      password: PASSWORD,
      ip: '10.1.2.3',
      userAgent: 'Firefox',
    });
    expect(s.token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(s.expiresAt.getTime() - clock.now().getTime()).to.equal(24 * HOUR);
    const stored: { token_hash: string }[] = await t.db.query(
      `SELECT token_hash FROM sessions WHERE id = $1`,
      [s.sessionId],
    );
    expect(stored[0]!.token_hash).to.equal(createHash('sha256').update(s.token).digest('hex'));
    expect(await authenticate(t.db, clock, s.token)).to.deep.equal(clerk);
  });

  it('answers null for a wrong, malformed or revoked token', async () => {
    const s = await login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD });
    const wrong = (s.token[0] === 'A' ? 'B' : 'A') + s.token.slice(1);
    expect(await authenticate(t.db, clock, wrong)).to.equal(null);
    expect(await authenticate(t.db, clock, '')).to.equal(null);
    expect(await authenticate(t.db, clock, "' OR 1=1 --")).to.equal(null);
    expect(await logout(t.db, clock, s.token)).to.equal(true);
    expect(await authenticate(t.db, clock, s.token)).to.equal(null);
    expect(await logout(t.db, clock, s.token)).to.equal(false);
  });

  it('expires a web session after 8 idle hours, slides with use, and ends at 24 hours regardless', async () => {
    const s = await login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD });
    const start = clock.now();
    try {
      clock.advance(7 * HOUR);
      expect(await authenticate(t.db, clock, s.token)).to.not.equal(null);
      clock.advance(7 * HOUR); // 14 h after login, 7 h after last use
      expect(await authenticate(t.db, clock, s.token)).to.not.equal(null);
      clock.advance(7 * HOUR); // 21 h
      expect(await authenticate(t.db, clock, s.token)).to.not.equal(null);
      clock.advance(3 * HOUR); // 24 h: absolute limit
      expect(await codeOf(authenticate(t.db, clock, s.token))).to.equal('SESSION_EXPIRED');

      clock.set(start);
      const idle = await login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD });
      clock.advance(8 * HOUR);
      expect(await codeOf(authenticate(t.db, clock, idle.token))).to.equal('SESSION_EXPIRED');
    } finally {
      clock.set(start);
    }
  });

  it('answers LOGIN_FAILED alike for an unknown user and a wrong password', async () => {
    expect(await codeOf(login(t.db, clock, { username: 'no.such.user', password: PASSWORD }))).to.equal(
      'LOGIN_FAILED',
    );
    expect(await codeOf(login(t.db, clock, { username: 'vanthu.xaa1', password: 'sai mật khẩu' }))).to.equal(
      'LOGIN_FAILED',
    );
    expect(await codeOf(login(t.db, clock, { username: '', password: '' }))).to.equal('LOGIN_FAILED');
  });

  it('locks an account for 15 minutes after 5 failures, even against the right password, then lets it in', async () => {
    const user = await createUser(ctxOf(t.db, provinceAdmin, clock), {
      username: 'lanhdao.xaa1',
      fullName: 'Phạm Văn Dũng',
      unitId: communeId,
      roles: ['leader'],
      password: PASSWORD,
    });
    const start = clock.now();
    try {
      for (let i = 0; i < 5; i++) {
        expect(await codeOf(login(t.db, clock, { username: user.username, password: `sai ${i}` }))).to.equal(
          'LOGIN_FAILED',
        );
      }
      expect(await codeOf(login(t.db, clock, { username: user.username, password: PASSWORD }))).to.equal(
        'LOGIN_LOCKED',
      );
      clock.advance(14 * 60_000);
      expect(await codeOf(login(t.db, clock, { username: user.username, password: PASSWORD }))).to.equal(
        'LOGIN_LOCKED',
      );
      clock.advance(60_000);
      const s = await login(t.db, clock, { username: user.username, password: PASSWORD });
      expect(s.actor.userId).to.equal(user.id);
      const events: { type: string }[] = await t.db.query(
        `SELECT type FROM audit_events WHERE type IN ('USER_LOCKED_OUT') AND payload->>'userId' = $1`,
        [user.id],
      );
      expect(events).to.have.length(1);
    } finally {
      clock.set(start);
    }
  });

  it('refuses an inactive account with the same LOGIN_FAILED and ends its sessions', async () => {
    const s = await login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD });
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [clerk.userId]);
    try {
      expect(await codeOf(login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD }))).to.equal(
        'LOGIN_FAILED',
      );
      expect(await authenticate(t.db, clock, s.token)).to.equal(null);
    } finally {
      await t.db.query(`UPDATE users SET active = true WHERE id = $1`, [clerk.userId]);
    }
  });

  it('changes one’s own password only with the current one, and ends other web sessions', async () => {
    const s = await login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD });
    const ctx = ctxOf(t.db, clerk, clock);
    expect(
      await codeOf(
        setPassword(ctx, { userId: clerk.userId, password: 'Mật khẩu mới 2025', currentPassword: 'sai' }),
      ),
    ).to.equal('PASSWORD_INCORRECT');
    await setPassword(ctx, {
      userId: clerk.userId,
      password: 'Mật khẩu mới 2025',
      currentPassword: PASSWORD,
    });
    expect(await authenticate(t.db, clock, s.token)).to.equal(null);
    expect(await codeOf(login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD }))).to.equal(
      'LOGIN_FAILED',
    );
    await login(t.db, clock, { username: 'vanthu.xaa1', password: 'Mật khẩu mới 2025' });
    await setPassword(ctxOf(t.db, districtAdmin, clock), { userId: clerk.userId, password: PASSWORD });
  });

  it('issues API tokens shown once, which authenticate as bearer until expiry or revocation', async () => {
    const ctx = ctxOf(t.db, clerk, clock);
    const created = await createApiToken(ctx, {
      name: 'Trục liên thông',
      expiresAt: new Date(clock.now().getTime() + 48 * HOUR),
    });
    const session = await authenticateSession(t.db, clock, created.token);
    expect(session).to.include({ kind: 'api', sessionId: created.id });
    expect(session!.actor).to.deep.equal(clerk);
    // API tokens have no idle timeout.
    const start = clock.now();
    try {
      clock.advance(30 * HOUR);
      expect(await authenticate(t.db, clock, created.token)).to.deep.equal(clerk);
      clock.advance(18 * HOUR);
      expect(await codeOf(authenticate(t.db, clock, created.token))).to.equal('SESSION_EXPIRED');
    } finally {
      clock.set(start);
    }
    expect(
      await codeOf(createApiToken(ctx, { name: 'x', expiresAt: new Date(clock.now().getTime() - 1) })),
    ).to.equal('TOKEN_EXPIRY_INVALID');
    expect(await codeOf(createApiToken(ctx, { name: '' }))).to.equal('TOKEN_NAME_INVALID');

    const second = await createApiToken(ctx, { name: 'Báo cáo' });
    // Someone outside the owner's subtree cannot see it; the owner can revoke it.
    const outsider = await insertActor(t.db, otherDistrictId, 'quantri.b', ['admin']);
    expect(await codeOf(revokeToken(ctxOf(t.db, outsider, clock), { tokenId: second.id }))).to.equal(
      'TOKEN_NOT_FOUND',
    );
    expect(await authenticate(t.db, clock, second.token)).to.not.equal(null);
    await revokeToken(ctx, { tokenId: second.id });
    expect(await authenticate(t.db, clock, second.token)).to.equal(null);
  });

  it('updates roles and deactivates an account; a deactivated account stops authenticating', async () => {
    const ctx = ctxOf(t.db, districtAdmin, clock);
    const s = await login(t.db, clock, { username: 'vanthu.xaa1', password: PASSWORD });
    const updated = await updateUser(ctx, {
      userId: clerk.userId,
      roles: ['clerk', 'archivist'],
      title: 'Văn thư - lưu trữ',
    });
    expect(updated).to.include({ title: 'Văn thư - lưu trữ' });
    expect(updated.roles).to.have.members(['clerk', 'archivist']);
    expect((await authenticate(t.db, clock, s.token))!.roles).to.have.members(['clerk', 'archivist']);
    await updateUser(ctx, { userId: clerk.userId, active: false });
    expect(await authenticate(t.db, clock, s.token)).to.equal(null);
    await updateUser(ctx, { userId: clerk.userId, active: true, roles: ['clerk'], title: 'Văn thư' });
    expect(await codeOf(updateUser(ctx, { userId: clerk.userId, unitId: otherDistrictId }))).to.equal(
      'UNIT_NOT_FOUND',
    );
    expect(await codeOf(updateUser(ctx, { userId: provinceAdmin.userId, active: false }))).to.equal(
      'USER_NOT_FOUND',
    );
  });

  it('lists audit events of a unit’s subtree, newest first, to auditors and admins over it', async () => {
    const page = await listAuditEvents(ctxOf(t.db, districtAdmin, clock), { limit: 5 });
    expect(page.items).to.have.length(5);
    expect(page.items[0]!.seq).to.be.greaterThan(page.items[4]!.seq);
    const next = await listAuditEvents(ctxOf(t.db, districtAdmin, clock), {
      limit: 5,
      cursor: page.nextCursor!,
    });
    expect(next.items[0]!.seq).to.be.lessThan(page.items[4]!.seq);
    const units = new Set([...page.items, ...next.items].map((e) => e.unitId));
    for (const u of units) expect([districtId, communeId]).to.include(u);
    const lockouts = await listAuditEvents(ctxOf(t.db, provinceAdmin, clock), {
      unitId: rootId,
      type: 'USER_LOCKED_OUT',
    });
    expect(lockouts.items).to.have.length(1);
    expect(await codeOf(listAuditEvents(ctxOf(t.db, districtAdmin, clock), { unitId: rootId }))).to.equal(
      'UNIT_NOT_FOUND',
    );
    expect(await codeOf(listAuditEvents(ctxOf(t.db, clerk, clock), {}))).to.equal('FORBIDDEN');
  });

  it('records every change and login in one valid audit chain, with no secrets in it', async () => {
    expect(await verifyAuditChain(t.db)).to.include({ ok: true });
    const types: { type: string }[] = await t.db.query(`SELECT DISTINCT type FROM audit_events`);
    expect(types.map((r) => r.type)).to.include.members([
      'USER_CREATED',
      'USER_LOGGED_IN',
      'USER_LOGIN_FAILED',
      'USER_LOCKED_OUT',
      'USER_LOGGED_OUT',
      'USER_PASSWORD_SET',
      'API_TOKEN_CREATED',
      'API_TOKEN_REVOKED',
      'USER_UPDATED',
    ]);
    const [{ text }] = await t.db.query(`SELECT string_agg(payload::text, ' ') AS text FROM audit_events`);
    expect(text).to.not.contain(PASSWORD);
    expect(text).to.not.contain('scrypt$');
  });
});
