import { expect } from 'chai';
import { drawSealPng, drawSignaturePng } from '../../../signing/sign/appearance/draw-png';
import { fillPdf } from '../../../signing/sign/fill-pdf';
import { signPdf } from '../../../signing/sign/sign-pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { testPki } from '../pki/dev-pki-fixture';
import { LEADER_TIME, SEAL_TIME, a4Draft, services, signers } from './sign-fixture';

describe('the Decree 30 sequence as the validator sees it', () => {
  it('leader (B-T) → fill → seal (B-LTA): every signature TOTAL_PASSED offline, the fill classed as form filling', async () => {
    const pki = await testPki();
    const s1 = await signPdf({
      input: await a4Draft(),
      signer: signers(pki).leader,
      role: 'leader',
      level: 'B-T',
      signingTime: LEADER_TIME,
      ...services(pki, LEADER_TIME),
      appearance: { image: drawSignaturePng() },
    });
    const s2 = await fillPdf({ input: s1.bytes!, number: '3/QĐ-UBND', date: 'ngày 03 tháng 3 năm 2026' });
    const s3 = await signPdf({
      input: s2.bytes!,
      signer: signers(pki, SEAL_TIME).org,
      role: 'org',
      level: 'B-LTA',
      signingTime: SEAL_TIME,
      ...services(pki, SEAL_TIME),
      appearance: { image: drawSealPng() },
    });
    const v = await validatePdf(s3.bytes!, {
      trustAnchors: [pki.root.certificate],
      at: new Date(SEAL_TIME.getTime() + 3600_000),
    });
    const byField = Object.fromEntries(v.signatures.map((s) => [s.fieldName, s]));
    expect(Object.keys(byField)).to.have.members(['chu_ky_lanh_dao', 'chu_ky_co_quan', 'dau_thoi_gian']);
    for (const s of v.signatures) {
      expect(s.indication, `${s.fieldName}: ${s.reasons.join('; ')}`).to.equal('TOTAL_PASSED');
      expect(s.modifications.allowed).to.equal(true);
      // Revocation data came from the DSS (offline validation).
      expect(s.chain.map((c) => c.revocation)).to.not.include('unknown');
    }
    expect(byField.chu_ky_lanh_dao.modificationLevel).to.equal('FORM_FILLING');
    expect(byField.dau_thoi_gian.kind).to.equal('document-timestamp');
  });
});
