import { expect } from 'chai';
import * as pkijs from 'pkijs';
describe('toolchain', () => {
  it('loads ESM-only libraries from CommonJS', () => {
    expect(typeof pkijs.Certificate).to.equal('function');
  });
});
