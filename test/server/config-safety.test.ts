import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/config';
import { DEFAULT_DEV_PIN } from '../../workflows/signing/dev-signing-authority';

describe('server/config: settings that are unsafe in production', () => {
  it('refuses SEED_DEMO=true in production mode, naming the variable, in Vietnamese and English', () => {
    let error: unknown;
    try {
      loadConfig({ VANBAN_MODE: 'production', SEED_DEMO: 'true' }, '/srv/vanban');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const e = error as ConfigError & { details?: Record<string, unknown>; messageVi?: string };
    expect(e.code).to.equal('CONFIG_INVALID');
    expect(e.details).to.deep.equal({ variable: 'SEED_DEMO' });
    expect(e.message).to.contain('SEED_DEMO').and.to.contain('production');
    expect(e.messageVi).to.contain('SEED_DEMO');
  });

  it('production without SEED_DEMO, or with it false, does not seed; development seeds by default', () => {
    expect(loadConfig({ VANBAN_MODE: 'production' }, '/srv/vanban').seedDemo).to.equal(false);
    expect(loadConfig({ VANBAN_MODE: 'production', SEED_DEMO: 'false' }, '/srv/vanban').seedDemo).to.equal(
      false,
    );
    expect(loadConfig({}, '/srv/vanban').seedDemo).to.equal(true);
  });

  it('the development PIN defaults to the one constant, and DEV_SIGNING_PIN overrides it', () => {
    expect(loadConfig({}, '/srv/vanban').signing.devPin).to.equal(DEFAULT_DEV_PIN);
    expect(loadConfig({ DEV_SIGNING_PIN: '987654' }, '/srv/vanban').signing.devPin).to.equal('987654');
  });
});
