import { expect } from 'chai';
import * as crypto from 'node:crypto';
import {
  children,
  integerFromUnsigned,
  nullValue,
  octetString,
  oid,
  readTlv,
  sequence,
} from '../../../signing/cms/der';
import { OID } from '../../../signing/cms/oids';
import type { Certificate } from '../../../signing/pki/certificate';
import type { DevIdentity, DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { bigintBytes } from '../../../signing/pki/issue-certificate';
import { OcspResponder } from '../../../signing/pki/ocsp-responder';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

/** OCSPRequest for one certificate (RFC 6960 §4.1.1), CertID with SHA-1. */
function ocspRequest(certificate: Certificate, issuer: Certificate): Buffer {
  const [, key] = children(readTlv(issuer.subjectPublicKeyInfoDer));
  const sha1 = (b: Buffer) => crypto.createHash('sha1').update(b).digest();
  const certId = sequence(
    sequence(oid(OID.sha1), nullValue()),
    octetString(sha1(issuer.subjectDer)),
    octetString(sha1(key.content.subarray(1))),
    integerFromUnsigned(bigintBytes(certificate.serialNumber)),
  );
  return sequence(sequence(sequence(sequence(certId))));
}

describe('signing/validate OCSP responses', function () {
  this.timeout(60_000);
  let pki: DevPki;
  let rootCrl: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    rootCrl = new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(PKI_TIME);
  });

  async function signedWithOcsp(
    responder: { certificate: Certificate; key: crypto.KeyObject },
    revoke = false,
  ) {
    const crlIssuer = new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key);
    if (revoke) crlIssuer.revoke(pki.leader.certificate.serialNumber, new Date(PKI_TIME.getTime() - 1000));
    const ocsp = new OcspResponder(crlIssuer, responder.certificate, responder.key).respond(
      ocspRequest(pki.leader.certificate, pki.issuingCa.certificate),
      PKI_TIME,
    );
    // The leaf's status comes only from OCSP; the issuing CA's from the root's CRL.
    const identity: DevIdentity = pki.leader;
    const pdf = await signPdf(await draftPdf(), {
      identity,
      fieldName: 'lanh_dao',
      crls: [rootCrl],
      ocspResponses: [ocsp],
    });
    return validatePdf(pdf, { trustAnchors: [pki.root.certificate], at: AT });
  }

  it('a good response from the delegated OCSP responder: TOTAL_PASSED', async () => {
    const s = (await signedWithOcsp(pki.ocsp)).signatures[0];
    expect(s.reasons).to.deep.equal([]);
    expect(s.indication).to.equal('TOTAL_PASSED');
    expect(s.chain[0]).to.deep.include({ revocation: 'good', revocationSource: 'cms' });
  });

  it('a revoked response: TOTAL_FAILED REVOKED', async () => {
    const s = (await signedWithOcsp(pki.ocsp, true)).signatures[0];
    expect(s).to.deep.include({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
  });

  it('a response signed by a certificate without id-kp-OCSPSigning is ignored: TRY_LATER', async () => {
    const s = (await signedWithOcsp(pki.organisation)).signatures[0];
    expect(s).to.deep.include({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
  });
});
