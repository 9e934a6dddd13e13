import { expect } from 'chai';
import { NameConstraintState } from '../../../signing/validate/name-constraints';
import type { GeneralName } from '../../../signing/validate/x509-names';

/**
 * RFC 5280 §4.2.1.10 for the name forms NIST PKITS does not exercise: IP address ranges (v4 and
 * v6), the intersection of several CAs' permitted subtrees, and name types this validator cannot
 * compare (refused only when a CA constrains that type).
 */
describe('signing/validate name constraints beyond PKITS', () => {
  const ip = (...bytes: number[]): GeneralName => ({ type: 'ip', bytes: Buffer.from(bytes) });
  const subtree = (base: GeneralName) => ({ base, bounded: false });

  it('iPAddress: an address is inside a subtree when it matches under the mask (10.1.0.0/16)', () => {
    const s = new NameConstraintState();
    s.add({ permitted: [subtree(ip(10, 1, 0, 0, 255, 255, 0, 0))] });
    expect(s.allows(ip(10, 1, 200, 7))).to.equal(true);
    expect(s.allows(ip(10, 2, 0, 1))).to.equal(false);
    // An IPv6 address is another length: the IPv4 subtree does not cover it.
    expect(s.allows(ip(...new Array(16).fill(0)))).to.equal(false);
  });

  it('excluded subtrees of any CA refuse; permitted subtrees of two CAs intersect', () => {
    const s = new NameConstraintState();
    s.add({ permitted: [subtree({ type: 'dns', value: 'gov.vn' })] });
    s.add({
      permitted: [subtree({ type: 'dns', value: 'longan.gov.vn' })],
      excluded: [subtree({ type: 'dns', value: 'test.longan.gov.vn' })],
    });
    expect(s.allows({ type: 'dns', value: 'sotttt.longan.gov.vn' })).to.equal(true);
    expect(s.allows({ type: 'dns', value: 'hanoi.gov.vn' })).to.equal(false);
    expect(s.allows({ type: 'dns', value: 'a.test.longan.gov.vn' })).to.equal(false);
    // By whole labels: "xlongan.gov.vn" is not below "longan.gov.vn".
    expect(s.allows({ type: 'dns', value: 'xlongan.gov.vn' })).to.equal(false);
    // A type no CA constrains passes.
    expect(s.allows({ type: 'rfc822', value: 'van.thu@example.com' })).to.equal(true);
  });

  it('a name type the validator cannot compare is refused when a CA constrains that type, allowed otherwise', () => {
    const otherName: GeneralName = { type: 'other', tag: 0xa0, raw: Buffer.from('a003060100', 'hex') };
    const constrained = new NameConstraintState();
    constrained.add({
      excluded: [subtree({ type: 'other', tag: 0xa0, raw: Buffer.from('a003060101', 'hex') })],
    });
    expect(constrained.allows(otherName)).to.equal(false);
    const unconstrained = new NameConstraintState();
    unconstrained.add({ permitted: [subtree({ type: 'dns', value: 'gov.vn' })] });
    expect(unconstrained.allows(otherName)).to.equal(true);
  });
});
