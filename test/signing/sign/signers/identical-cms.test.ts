import { expect } from 'chai';
import * as crypto from 'node:crypto';
import { buildPadesSignedData } from '../../../../signing/cms/build-pades-signed-data';
import { parseSignedData } from '../../../../signing/cms/parse-signed-data';
import { ExternalSigner } from '../../../../signing/sign/signers/external-signer';
import { Pkcs11Signer } from '../../../../signing/sign/signers/pkcs11-signer';
import { Pkcs12Signer } from '../../../../signing/sign/signers/pkcs12-signer';
import { PKI_TIME, testPki } from '../../pki/dev-pki-fixture';
import { SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, importKey, softHsmToken } from './softhsm-fixture';

describe('signing/sign/signers: one key behind PKCS#12, PKCS#11 and two-step signing', () => {
  const clock = () => PKI_TIME;
  let p11: Pkcs11Signer;
  let p11DigestInfo: Pkcs11Signer;
  before(async () => {
    const pki = await testPki();
    softHsmToken();
    importKey(pki.leader.key, pki.leader.certificate, 'same-key', 'a1');
    p11 = Pkcs11Signer.open({
      modulePath: SOFTHSM_MODULE,
      tokenLabel: TOKEN_LABEL,
      pin: USER_PIN,
      keyLabel: 'same-key',
      chain: pki.leader.chain,
      clock,
    });
    p11DigestInfo = Pkcs11Signer.open({
      modulePath: SOFTHSM_MODULE,
      tokenLabel: TOKEN_LABEL,
      pin: USER_PIN,
      keyId: 'a1',
      chain: pki.leader.chain,
      rsaMechanism: 'digest-info',
      clock,
    });
  });
  after(async () => {
    await p11?.close();
    await p11DigestInfo?.close();
  });

  it('produces byte-identical CMS for the same input (RSA PKCS#1 v1.5 is deterministic)', async () => {
    const pki = await testPki();
    const messageDigest = crypto.createHash('sha256').update('Quyết định 123/QĐ-UBND').digest();
    const input = { messageDigest, digestAlgorithm: 'sha256' as const };

    const p12Signer = Pkcs12Signer.fromBuffer(pki.leader.pkcs12, pki.leader.password, { clock });
    const fromP12 = await buildPadesSignedData({ ...input, signer: p12Signer });
    const fromP11 = await buildPadesSignedData({ ...input, signer: p11 });
    const fromP11DigestInfo = await buildPadesSignedData({ ...input, signer: p11DigestInfo });

    const external = new ExternalSigner({ clock });
    const state = JSON.parse(
      JSON.stringify(external.prepare({ ...input, signerCertificate: pki.leader.certificate })),
    );
    const clientSignature = crypto.sign('sha256', Buffer.from(state.dataToSign, 'base64'), pki.leader.key);
    const fromTwoStep = await external.complete(state, clientSignature, pki.leader.chain);

    const attrs = (cms: Buffer) => parseSignedData(cms).signerInfos[0].signedAttributesDer;
    expect(attrs(fromP11)).to.deep.equal(attrs(fromP12));
    expect(attrs(fromTwoStep)).to.deep.equal(attrs(fromP12));
    expect(fromP11.equals(fromP12), 'PKCS#11 (CKM_SHA256_RSA_PKCS) = PKCS#12').to.equal(true);
    expect(fromP11DigestInfo.equals(fromP12), 'PKCS#11 (CKM_RSA_PKCS + DigestInfo) = PKCS#12').to.equal(true);
    expect(fromTwoStep.equals(fromP12), 'two-step = PKCS#12').to.equal(true);
    // The token really signed: a different key gives a different CMS.
    const other = Pkcs12Signer.fromKey(pki.organisation.key, pki.organisation.certificate, [], { clock });
    expect((await buildPadesSignedData({ ...input, signer: other })).equals(fromP12)).to.equal(false);
  });
});
