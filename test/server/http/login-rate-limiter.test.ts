import { expect } from 'chai';
import { LoginRateLimiter } from '../../../server/http/login-rate-limiter';
import { FixedClock } from '../../workflows/fixtures';

describe('server/http LoginRateLimiter', () => {
  const limits = {
    perIp: { capacity: 4, refillPerMinute: 2 },
    perUsername: { capacity: 2, refillPerMinute: 1 },
  };
  const refused = (f: () => void): number | undefined => {
    try {
      f();
      return undefined;
    } catch (e: any) {
      expect(e.code).to.equal('RATE_LIMITED');
      return e.details.retryAfterSeconds;
    }
  };

  it('lets a burst through per username, then refuses with the wait until the next attempt', () => {
    const clock = new FixedClock(new Date('2025-07-01T08:00:00Z'));
    const limiter = new LoginRateLimiter(clock, limits);
    expect(refused(() => limiter.check('10.0.0.1', 'bl.clerk'))).to.equal(undefined);
    expect(refused(() => limiter.check('10.0.0.2', 'BL.Clerk '))).to.equal(undefined);
    expect(refused(() => limiter.check('10.0.0.3', 'bl.clerk'))).to.equal(60);
    clock.advance(30_000);
    expect(refused(() => limiter.check('10.0.0.3', 'bl.clerk'))).to.equal(30);
    clock.advance(30_000);
    expect(refused(() => limiter.check('10.0.0.3', 'bl.clerk'))).to.equal(undefined);
  });

  it('throttles one address spraying many usernames', () => {
    const clock = new FixedClock(new Date('2025-07-01T08:00:00Z'));
    const limiter = new LoginRateLimiter(clock, limits);
    for (let i = 0; i < 4; i++)
      expect(refused(() => limiter.check('10.0.0.9', `user${i}`))).to.equal(undefined);
    expect(refused(() => limiter.check('10.0.0.9', 'user99'))).to.equal(30);
    expect(refused(() => limiter.check('10.0.0.10', 'user98'))).to.equal(undefined);
  });
});
