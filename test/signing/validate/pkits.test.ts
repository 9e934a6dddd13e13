/**
 * NIST PKITS (test/fixtures/pkits/README.md): every case of the suite through validatePath, the
 * path validation that signature validation uses, with the case's RFC 5280 §6.1.1 inputs and its
 * CRLs, revocation required and CRL freshness checked (RFC 5280 §6.3.3 (a)), at 2020-01-01 (all
 * certificates valid 2010–2030 except those the cases make invalid). One test per case, named
 * after its PKITS section; the expected outcome is the suite's: valid, or the class of failure.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { Certificate } from '../../../signing/pki/certificate';
import { validatePath, type PathResult } from '../../../signing/validate/certificate-path';
import { CertificateRevocationList } from '../../../signing/validate/certificate-revocation-list';

const DIR = path.join(__dirname, '../../fixtures/pkits');
const AT = new Date('2020-01-01T00:00:00Z');

interface PkitsCase {
  readonly id: string;
  readonly name: string;
  readonly cert: string;
  readonly other_certs?: readonly string[];
  readonly crls?: readonly string[];
  readonly path_len?: number;
  readonly notice?: string;
  readonly params?: {
    readonly user_initial_policy_set?: readonly string[];
    readonly initial_explicit_policy?: boolean;
    readonly initial_policy_mapping_inhibit?: boolean;
    readonly initial_any_policy_inhibit?: boolean;
  };
  readonly error?: { readonly class: string };
}

const cases = (file: string): PkitsCase[] =>
  JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as PkitsCase[];
const cert = (name: string) => Certificate.fromDer(readFileSync(path.join(DIR, 'certs', name)));
const crl = (name: string) => {
  const c = CertificateRevocationList.parse(readFileSync(path.join(DIR, 'crls', name)));
  if (!c) throw new Error(`unreadable CRL ${name}`);
  return c;
};

/** "41302" + "invalid_dn_nameconstraints_test2" → "4.13.2 Invalid Dn Nameconstraints Test2". */
export function pkitsTitle(c: PkitsCase): string {
  const section = `${Number(c.id.slice(0, 1))}.${Number(c.id.slice(1, 3))}.${Number(c.id.slice(3))}`;
  const words = c.name.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return `${section} ${words.join(' ')}`;
}

async function run(c: PkitsCase): Promise<PathResult> {
  return validatePath({
    leaf: cert(c.cert),
    candidates: (c.other_certs ?? []).map(cert),
    trustAnchors: [cert('TrustAnchorRootCertificate.crt')],
    at: AT,
    // The trust anchor's own CRL (it revokes some CAs) goes with every case, as in the suite.
    crls: ['TrustAnchorRootCRL.crl', ...(c.crls ?? [])].map((name) => ({
      crl: crl(name),
      origin: 'cms' as const,
    })),
    purpose: 'any',
    requireFreshRevocation: true,
    policy: {
      userInitialPolicySet: c.params?.user_initial_policy_set,
      initialExplicitPolicy: c.params?.initial_explicit_policy,
      initialPolicyMappingInhibit: c.params?.initial_policy_mapping_inhibit,
      initialAnyPolicyInhibit: c.params?.initial_any_policy_inhibit,
    },
  });
}

/** PKITS cases VanBan refuses, with the reason (docs/validation.md, "NIST PKITS"). */
const REFUSED: Readonly<Record<string, string>> = {};

describe('NIST PKITS certificate path validation (RFC 5280 §6)', () => {
  for (const c of cases('pkits.json')) {
    const title = pkitsTitle(c);
    it(title, async () => {
      const r = await run(c);
      if (REFUSED[c.name]) {
        // Refused, not skipped: the outcome is the documented one, never a pass.
        expect(r.failure, REFUSED[c.name]).to.deep.equal({
          indication: 'INDETERMINATE',
          sub: 'NO_CERTIFICATE_CHAIN_FOUND',
        });
        return;
      }
      const detail = `${r.failure?.indication ?? 'valid'} ${r.failure?.sub ?? ''}: ${r.reasons.join('; ')}`;
      switch (c.error?.class) {
        case undefined:
          expect(r.failure, detail).to.equal(undefined);
          if (c.path_len !== undefined) expect(r.path.length, 'path length').to.equal(c.path_len);
          break;
        case 'PathValidationError':
          expect(r.failure, detail).to.not.equal(undefined);
          expect(r.failure?.sub, detail).to.not.be.oneOf(['REVOKED', 'TRY_LATER']);
          break;
        case 'RevokedError':
          expect(r.failure, detail).to.deep.equal({ indication: 'TOTAL_FAILED', sub: 'REVOKED' });
          break;
        case 'InsufficientRevinfoError':
          expect(r.failure, detail).to.deep.equal({ indication: 'INDETERMINATE', sub: 'TRY_LATER' });
          expect(
            r.findings.map((f) => f.check),
            detail,
          ).to.satisfy((a: string[]) => a.every((x) => x === 'revocation'));
          break;
        case 'StaleRevinfoError':
          expect(r.failure, detail).to.deep.equal({ indication: 'INDETERMINATE', sub: 'TRY_LATER' });
          expect(r.reasons.join(' '), detail).to.match(/nextUpdate/);
          break;
        default:
          throw new Error(`unknown expected error ${c.error?.class}`);
      }
    });
  }

  // Not in the JSON lists: the CPS pointer qualifier case (a valid path; the qualifier is informative).
  it('4.8.20 CPS Pointer Qualifier Test20', async () => {
    const r = await run({
      id: '40820',
      name: 'cps_pointer_qualifier_test20',
      cert: 'CPSPointerQualifierTest20EE.crt',
      other_certs: ['GoodCACert.crt'],
      crls: ['GoodCACRL.crl'],
      params: { initial_explicit_policy: true },
    });
    expect(r.failure, r.reasons.join('; ')).to.equal(undefined);
    expect(r.policies).to.deep.equal(['2.16.840.1.101.3.2.1.48.1']);
    expect(r.path).to.have.length(3);
  });

  describe('user notices of the valid policies (RFC 5280 §4.2.1.4)', () => {
    for (const c of cases('pkits-user-notice.json')) {
      it(pkitsTitle(c), async () => {
        const r = await run(c);
        expect(r.failure, r.reasons.join('; ')).to.equal(undefined);
        expect(r.userNotices).to.include(c.notice);
      });
    }
  });
});
