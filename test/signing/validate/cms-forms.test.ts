/**
 * Issue 9 items 3, 6, 8: CMS forms the validator must judge right — encapsulated content in a
 * detached signature, SHA-1 (weak, not changed bytes), EdDSA (RFC 8419).
 */
import { expect } from 'chai';
import * as crypto from 'node:crypto';
import {
  children,
  explicit,
  integer,
  nullValue,
  octetString,
  oid,
  readTlv,
  retag,
  sequence,
  setOf,
  tlv,
} from '../../../signing/cms/der';
import { OID } from '../../../signing/cms/oids';
import type { Certificate } from '../../../signing/pki/certificate';
import type { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevCrlIssuer } from '../../../signing/pki/dev-crl-issuer';
import { issueCertificate, randomSerial } from '../../../signing/pki/issue-certificate';
import { PdfReader } from '../../../signing/pdf';
import { validatePdf } from '../../../signing/validate/validate-pdf';
import { PKI_TIME, testPki } from '../pki/dev-pki-fixture';
import { draftPdf, signPdf } from './signed-pdf-fixture';

const AT = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);

/** Replaces the CMS in the /Contents gap of the (only) signature with `rewrite(cms)`, zero-padded. */
function rewriteCms(pdf: Buffer, rewrite: (cms: Buffer) => Buffer): Buffer {
  const sig = PdfReader.open(pdf)
    .acroForm()
    .signatureFields.find((f) => f.signature)!.signature!;
  const [, a, b] = sig.byteRange!;
  const cms = readTlv(sig.contents!, 0).raw;
  const hex = rewrite(cms).toString('hex');
  const room = b - a - 2;
  if (hex.length > room) throw new Error('the new CMS does not fit the placeholder');
  const out = Buffer.from(pdf);
  out.write(hex.padEnd(room, '0'), a + 1, 'latin1');
  return out;
}

/** ContentInfo{SignedData} with encapContentInfo replaced by `encap` (RFC 5652 §5.1). */
function withEncapsulatedContentInfo(cms: Buffer, encap: Buffer): Buffer {
  const [type, wrapped] = children(readTlv(cms, 0));
  const fields = children(children(wrapped)[0]);
  const parts = fields.map((f, i) => (i === 2 ? encap : f.raw));
  return sequence(type.raw, explicit(0, sequence(...parts)));
}

const SHA512 = '2.16.840.1.101.3.4.2.3';
const SHAKE256_LEN = '2.16.840.1.101.3.4.2.18';
const ED25519 = '1.3.101.112';
const ED448 = '1.3.101.113';

interface CmsSpec {
  readonly signer: Certificate;
  readonly chain: readonly Certificate[];
  /** The SignerInfo's digestAlgorithm identifier (DER) and the hash it names. */
  readonly digest: { readonly identifier: Buffer; readonly hash: (data: Buffer) => Buffer };
  readonly signatureAlgorithm: Buffer;
  /** Signs the bytes the signature covers. */
  readonly sign: (data: Buffer) => Buffer;
  /** Without signed attributes the signature covers the content itself (RFC 5652 §5.4). */
  readonly signedAttributes: boolean;
  /** CRLs for revocationInfoChoices (RFC 5652 §10.2.1). */
  readonly crls: readonly Buffer[];
  /** Encapsulated content (adbe.pkcs7.sha1); detached otherwise. */
  readonly eContent?: Buffer;
}

/** A CMS SignedData (RFC 5652 §5) over `content`, written by hand for algorithms the signer layer refuses. */
function handMadeCms(content: Buffer, spec: CmsSpec): Buffer {
  const attributes = setOf(
    sequence(oid(OID.contentType), setOf(oid(OID.data))),
    sequence(oid(OID.messageDigest), setOf(octetString(spec.digest.hash(content)))),
  );
  const signerInfo = sequence(
    integer(1),
    sequence(spec.signer.issuerDer, integer(spec.signer.serialNumber)),
    spec.digest.identifier,
    ...(spec.signedAttributes ? [retag(attributes, 0xa0)] : []),
    spec.signatureAlgorithm,
    octetString(spec.sign(spec.signedAttributes ? attributes : content)),
  );
  const signedData = sequence(
    integer(1),
    setOf(spec.digest.identifier),
    sequence(oid(OID.data), ...(spec.eContent ? [explicit(0, octetString(spec.eContent))] : [])),
    tlv(0xa0, ...[spec.signer, ...spec.chain].map((c) => c.der)),
    tlv(0xa1, ...spec.crls),
    setOf(signerInfo),
  );
  return sequence(oid(OID.signedData), explicit(0, signedData));
}

const hashWith =
  (name: string, outputLength?: number) =>
  (data: Buffer): Buffer =>
    crypto
      .createHash(name, outputLength ? { outputLength } : undefined)
      .update(data)
      .digest();
const sha1Digest = { identifier: sequence(oid(OID.sha1), nullValue()), hash: hashWith('sha1') };
const sha256Digest = { identifier: sequence(oid(OID.sha256)), hash: hashWith('sha256') };

describe('signing/validate CMS forms (issue 9 items 3, 6, 8)', function () {
  this.timeout(120_000);
  let pki: DevPki;
  let crls: Buffer[];
  let signed: Buffer;

  before(async () => {
    pki = await testPki('rsa-2048');
    const crlAt = new Date(PKI_TIME.getTime() + 60_000);
    crls = [
      new DevCrlIssuer(pki.issuingCa.certificate, pki.issuingCa.key).issue(crlAt),
      new DevCrlIssuer(pki.root.certificate, pki.root.key).issue(crlAt),
    ];
    signed = await signPdf(await draftPdf(), { identity: pki.leader, fieldName: 'lanh_dao', crls });
  });

  const validate = (pdf: Buffer) => validatePdf(pdf, { trustAnchors: [pki.root.certificate], at: AT });

  it('the detached signature as signed passes (the rewrite keeps what it does not replace)', async () => {
    const same = rewriteCms(signed, (cms) => {
      const [, wrapped] = children(readTlv(cms, 0));
      return withEncapsulatedContentInfo(cms, children(children(wrapped)[0])[2].raw);
    });
    expect((await validate(same)).signatures[0].indication).to.equal('TOTAL_PASSED');
  });

  for (const [name, eContent] of [
    ['empty', Buffer.alloc(0)],
    ['holding other bytes', Buffer.from('noi dung khac')],
  ] as const)
    it(`item 3: an eContent (${name}) in an ETSI.CAdES.detached signature: TOTAL_FAILED / FORMAT_FAILURE`, async () => {
      const attacked = rewriteCms(signed, (cms) => {
        const [, wrapped] = children(readTlv(cms, 0));
        const encap = children(children(children(wrapped)[0])[2]);
        return withEncapsulatedContentInfo(cms, sequence(encap[0].raw, explicit(0, octetString(eContent))));
      });
      const s = (await validate(attacked)).signatures[0];
      expect(s.indication).to.equal('TOTAL_FAILED');
      expect(s.subIndication).to.equal('FORMAT_FAILURE');
      expect(s.reasons[0]).to.match(/eContent/);
    });

  /** A leaf of the test PKI's issuing CA with `keys` (any key type; the CA signs with RSA). */
  const leafWith = (keys: crypto.KeyPairKeyObjectResult, name: string): Certificate =>
    issueCertificate({
      subject: [['CN', name]],
      publicKey: keys.publicKey,
      issuer: pki.issuingCa.certificate,
      signingKey: pki.issuingCa.key,
      serialNumber: randomSerial(),
      notBefore: new Date(PKI_TIME.getTime() - 3600_000),
      notAfter: new Date(PKI_TIME.getTime() + 30 * 24 * 3600_000),
      keyUsage: ['digitalSignature', 'nonRepudiation'],
    });
  const leaderSpec = (): Pick<CmsSpec, 'signer' | 'chain' | 'crls'> => ({
    signer: pki.leader.certificate,
    chain: [pki.issuingCa.certificate, pki.root.certificate],
    crls,
  });
  const signedWith = async (subFilter: string, cms: (signedBytes: Buffer) => Buffer) =>
    (
      await validate(
        await signPdf(await draftPdf(), {
          identity: pki.leader,
          fieldName: 'lanh_dao',
          crls,
          subFilter,
          cms,
        }),
      )
    ).signatures[0];

  describe('item 6: SHA-1 is weak, not changed bytes (INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE_NO_POE)', () => {
    const rsaSha1 = (data: Buffer) => crypto.sign('sha1', data, pki.leader.key);
    const weakSha1 = (s: Awaited<ReturnType<typeof signedWith>>) => {
      expect(s.intact, s.reasons.join('; ')).to.equal(true);
      expect(s.crypto?.messageDigestMatches).to.equal(true);
      expect(s.indication).to.equal('INDETERMINATE');
      // Past SHA-1's sunset (2014) with no proof of existence before it (algorithm-sunset.test.ts).
      expect(s.subIndication).to.equal('CRYPTO_CONSTRAINTS_FAILURE_NO_POE');
      expect(s.crypto?.weakAlgorithm).to.match(/SHA-1/);
    };

    it('adbe.pkcs7.detached, SHA-1 with signed attributes, sha1WithRSAEncryption', async () =>
      weakSha1(
        await signedWith('adbe.pkcs7.detached', (bytes) =>
          handMadeCms(bytes, {
            ...leaderSpec(),
            digest: sha1Digest,
            signatureAlgorithm: sequence(oid(OID.sha1WithRSAEncryption), nullValue()),
            sign: rsaSha1,
            signedAttributes: true,
          }),
        ),
      ));

    it('adbe.pkcs7.detached, SHA-1 without signed attributes', async () =>
      weakSha1(
        await signedWith('adbe.pkcs7.detached', (bytes) =>
          handMadeCms(bytes, {
            ...leaderSpec(),
            digest: sha1Digest,
            signatureAlgorithm: sequence(oid(OID.rsaEncryption), nullValue()),
            sign: rsaSha1,
            signedAttributes: false,
          }),
        ),
      ));

    for (const signedAttributes of [true, false])
      it(`adbe.pkcs7.sha1: the eContent is the SHA-1 of the ranges (${signedAttributes ? 'with' : 'without'} signed attributes)`, async () =>
        weakSha1(
          await signedWith('adbe.pkcs7.sha1', (bytes) => {
            const eContent = hashWith('sha1')(bytes);
            return handMadeCms(eContent, {
              ...leaderSpec(),
              digest: sha256Digest,
              signatureAlgorithm: sequence(oid(OID.sha256WithRSAEncryption), nullValue()),
              sign: (data) => crypto.sign('sha256', data, pki.leader.key),
              signedAttributes,
              eContent,
            });
          }),
        ));

    it('adbe.pkcs7.sha1 whose eContent is not the digest of the ranges: TOTAL_FAILED / HASH_FAILURE', async () => {
      const s = await signedWith('adbe.pkcs7.sha1', (bytes) => {
        const eContent = hashWith('sha1')(Buffer.concat([bytes, Buffer.from('x')]));
        return handMadeCms(eContent, {
          ...leaderSpec(),
          digest: sha256Digest,
          signatureAlgorithm: sequence(oid(OID.sha256WithRSAEncryption), nullValue()),
          sign: (data) => crypto.sign('sha256', data, pki.leader.key),
          signedAttributes: true,
          eContent,
        });
      });
      expect(s.indication).to.equal('TOTAL_FAILED');
      expect(s.subIndication).to.equal('HASH_FAILURE');
    });
  });

  describe('item 8: EdDSA (RFC 8419) is verified', () => {
    for (const [name, type, algOid, digest] of [
      ['Ed25519', 'ed25519', ED25519, { identifier: sequence(oid(SHA512)), hash: hashWith('sha512') }],
      [
        'Ed448',
        'ed448',
        ED448,
        { identifier: sequence(oid(SHAKE256_LEN), integer(512)), hash: hashWith('shake256', 64) },
      ],
    ] as const) {
      it(`${name} with signed attributes, chained to the test root: TOTAL_PASSED`, async () => {
        const keys = crypto.generateKeyPairSync(type as 'ed25519');
        const signer = leafWith(keys, `Ký ${name}`);
        const spec = {
          signer,
          chain: [pki.issuingCa.certificate, pki.root.certificate],
          crls,
          digest,
          signatureAlgorithm: sequence(oid(algOid)),
          sign: (data: Buffer) => crypto.sign(null, data, keys.privateKey),
          signedAttributes: true,
        };
        const s = await signedWith('adbe.pkcs7.detached', (bytes) => handMadeCms(bytes, spec));
        expect(s.reasons).to.deep.equal([]);
        expect(s).to.deep.include({ indication: 'TOTAL_PASSED', intact: true, trusted: true });
        expect(s.crypto?.signatureAlgorithm).to.equal(type);
      });

      it(`${name} over other bytes than the ones signed: TOTAL_FAILED`, async () => {
        const keys = crypto.generateKeyPairSync(type as 'ed25519');
        const signer = leafWith(keys, `Ký ${name}`);
        const s = await signedWith('adbe.pkcs7.detached', (bytes) =>
          handMadeCms(bytes, {
            signer,
            chain: [pki.issuingCa.certificate, pki.root.certificate],
            crls,
            digest,
            signatureAlgorithm: sequence(oid(algOid)),
            // The value of another message: the key is right, the signature is not over these attributes.
            sign: () => crypto.sign(null, Buffer.from('khac'), keys.privateKey),
            signedAttributes: true,
          }),
        );
        expect(s.indication).to.equal('TOTAL_FAILED');
        expect(s.subIndication).to.equal('SIG_CRYPTO_FAILURE');
      });
    }

    it('Ed448 with a digest other than SHAKE256 is not accepted (RFC 8419 §3.1): INDETERMINATE', async () => {
      const keys = crypto.generateKeyPairSync('ed448');
      const s = await signedWith('adbe.pkcs7.detached', (bytes) =>
        handMadeCms(bytes, {
          signer: leafWith(keys, 'Ký Ed448'),
          chain: [pki.issuingCa.certificate, pki.root.certificate],
          crls,
          digest: { identifier: sequence(oid(SHA512)), hash: hashWith('sha512') },
          signatureAlgorithm: sequence(oid(ED448)),
          sign: (data) => crypto.sign(null, data, keys.privateKey),
          signedAttributes: true,
        }),
      );
      expect(s.indication).to.equal('INDETERMINATE');
      expect(s.subIndication).to.equal('CRYPTO_CONSTRAINTS_FAILURE');
    });
  });
});
