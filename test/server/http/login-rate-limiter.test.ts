import { expect } from 'chai';
import { loadConfig } from '../../../server/config';
import { DEFAULT_LOGIN_RATE_LIMITS, LoginRateLimiter } from '../../../server/http/login-rate-limiter';
import { FixedClock } from '../../workflows/fixtures';

describe('server/http LoginRateLimiter', () => {
  const limits = {
    perIp: { capacity: 4, refillPerMinute: 2 },
    perUsername: { capacity: 2, refillPerMinute: 1 },
  };
  /** Starts an attempt that fails (keeps its tokens); the seconds to wait when refused. */
  const fail = (limiter: LoginRateLimiter, ip: string, user: string): number | undefined => {
    try {
      limiter.begin(ip, user);
      return undefined;
    } catch (e: any) {
      expect(e.code).to.equal('RATE_LIMITED');
      return e.details.retryAfterSeconds;
    }
  };

  it('lets a burst of failures through per username, then refuses with the wait until the next attempt', () => {
    const clock = new FixedClock(new Date('2025-07-01T08:00:00Z'));
    const limiter = new LoginRateLimiter(clock, limits);
    expect(fail(limiter, '10.0.0.1', 'bl.clerk')).to.equal(undefined);
    expect(fail(limiter, '10.0.0.2', 'BL.Clerk ')).to.equal(undefined);
    expect(fail(limiter, '10.0.0.3', 'bl.clerk')).to.equal(60);
    clock.advance(30_000);
    expect(fail(limiter, '10.0.0.3', 'bl.clerk')).to.equal(30);
    clock.advance(30_000);
    expect(fail(limiter, '10.0.0.3', 'bl.clerk')).to.equal(undefined);
  });

  it('throttles one address spraying many usernames', () => {
    const clock = new FixedClock(new Date('2025-07-01T08:00:00Z'));
    const limiter = new LoginRateLimiter(clock, limits);
    for (let i = 0; i < 4; i++) expect(fail(limiter, '10.0.0.9', `user${i}`)).to.equal(undefined);
    expect(fail(limiter, '10.0.0.9', 'user99')).to.equal(30);
    expect(fail(limiter, '10.0.0.10', 'user98')).to.equal(undefined);
  });

  it("a unit's morning: 200 successful logins from one address, no time passing, spend nothing; a spray from it is still refused (issue 10 item 16)", () => {
    const clock = new FixedClock(new Date('2025-07-01T08:00:00+07:00'));
    const limiter = new LoginRateLimiter(clock, DEFAULT_LOGIN_RATE_LIMITS);
    // Ten at a time in flight, as a real morning has them.
    for (let wave = 0; wave < 20; wave++) {
      const attempts = Array.from({ length: 10 }, (_, i) =>
        limiter.begin('203.0.113.7', `staff${wave * 10 + i}`),
      );
      for (const a of attempts) a.release();
    }
    let allowed = 0;
    while (fail(limiter, '203.0.113.7', `guess${allowed}`) === undefined) allowed++;
    expect(allowed).to.equal(DEFAULT_LOGIN_RATE_LIMITS.perIp.capacity);
    // While the address is refused, releasing an old attempt twice gives back nothing extra.
    const late = new LoginRateLimiter(clock, limits);
    const a = late.begin('10.1.1.1', 'x');
    a.release();
    a.release();
    for (let i = 0; i < 2; i++) expect(fail(late, '10.1.1.1', 'x')).to.equal(undefined);
    expect(fail(late, '10.1.1.1', 'x')).to.be.greaterThan(0);
  });

  it('parallel guesses cannot all pass before the first failure is counted: in-flight attempts hold their tokens', () => {
    const clock = new FixedClock(new Date('2025-07-01T08:00:00Z'));
    const limiter = new LoginRateLimiter(clock, limits);
    const inFlight = [0, 1, 2, 3].map((i) => limiter.begin('10.0.0.5', `u${i}`));
    expect(fail(limiter, '10.0.0.5', 'u9')).to.equal(30);
    inFlight[0]!.release(); // one turned out to be a success
    expect(fail(limiter, '10.0.0.5', 'u9')).to.equal(undefined);
  });

  it('limits come from the environment, defaults otherwise', () => {
    expect(loadConfig({}, '/tmp').loginRateLimits).to.deep.equal(DEFAULT_LOGIN_RATE_LIMITS);
    const set = loadConfig(
      {
        LOGIN_FAILURES_PER_ADDRESS: '50',
        LOGIN_FAILURES_PER_ADDRESS_PER_MINUTE: '20',
        LOGIN_FAILURES_PER_USERNAME: '5',
        LOGIN_FAILURES_PER_USERNAME_PER_MINUTE: '1',
      },
      '/tmp',
    ).loginRateLimits;
    expect(set).to.deep.equal({
      perIp: { capacity: 50, refillPerMinute: 20 },
      perUsername: { capacity: 5, refillPerMinute: 1 },
    });
    expect(() => loadConfig({ LOGIN_FAILURES_PER_ADDRESS: '0' }, '/tmp')).to.throw(
      /LOGIN_FAILURES_PER_ADDRESS/,
    );
  });
});
