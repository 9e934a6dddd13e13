import * as crypto from 'node:crypto';
import { Certificate } from '../../../../signing/pki/certificate';
import { generateKeyPair } from '../../../../signing/pki/generate-key-pair';
import { issueCertificate, randomSerial } from '../../../../signing/pki/issue-certificate';
import { Pkcs12Signer } from '../../../../signing/sign/signers/pkcs12-signer';
import type { Signer } from '../../../../signing/sign/signers/signer';
import type { EdxmlDocument } from '../../../../workflows/exchange/edxml/edxml-message';
import { PKI_TIME } from '../../../signing/pki/dev-pki-fixture';

/** When the edXML tests sign and read: inside every test certificate's validity. */
export const EDXML_TIME = new Date(PKI_TIME.getTime() + 48 * 3600_000);

export interface SystemIdentity {
  readonly signer: Signer;
  readonly certificate: Certificate;
  readonly key: crypto.KeyObject;
}

let caPromise: { key: crypto.KeyObject; cert: Certificate } | undefined;

function ca(): { key: crypto.KeyObject; cert: Certificate } {
  if (!caPromise) {
    const keys = generateKeyPair('rsa-2048');
    const cert = issueCertificate({
      subject: [
        ['C', 'VN'],
        ['O', 'VanBan (thử nghiệm)'],
        ['CN', 'VanBan Federation Test CA'],
      ],
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
      serialNumber: randomSerial(),
      notBefore: new Date(PKI_TIME.getTime() - 3600_000),
      notAfter: new Date(PKI_TIME.getTime() + 10 * 365 * 86400_000),
      ca: {},
      keyUsage: ['keyCertSign', 'cRLSign'],
    });
    caPromise = { key: keys.privateKey, cert };
  }
  return caPromise;
}

/**
 * The XML-signing identity of one province's server (an organisation certificate of a test CA),
 * valid from an hour before PKI_TIME for `years`, or from `notBefore` to `notAfter` when given.
 */
export function systemIdentity(
  name: string,
  o: { notBefore?: Date; notAfter?: Date; keySpec?: 'rsa-2048' | 'ec-p256' } = {},
): SystemIdentity {
  const { key: caKey, cert: caCert } = ca();
  const keys = generateKeyPair(o.keySpec ?? 'rsa-2048');
  const certificate = issueCertificate({
    subject: [
      ['C', 'VN'],
      ['O', name],
      ['CN', `${name} — hệ thống quản lý văn bản`],
    ],
    publicKey: keys.publicKey,
    issuer: caCert,
    signingKey: caKey,
    serialNumber: randomSerial(),
    notBefore: o.notBefore ?? new Date(PKI_TIME.getTime() - 3600_000),
    notAfter: o.notAfter ?? new Date(PKI_TIME.getTime() + 2 * 365 * 86400_000),
    keyUsage: ['digitalSignature', 'nonRepudiation'],
  });
  const signer = Pkcs12Signer.fromKey(keys.privateKey, certificate, [caCert], { clock: () => EDXML_TIME });
  return { signer, certificate, key: keys.privateKey };
}

/** A small valid PDF-looking file (the edXML layer does not parse PDFs). */
export function pdfBytes(tag: string, size = 4096): Buffer {
  return Buffer.concat([Buffer.from(`%PDF-1.7\n% ${tag}\n`), crypto.randomBytes(size)]);
}

/** A document of the UBND tỉnh Thử Nghiệm (H97) to the UBND tỉnh Hai (H98), with a main PDF and one attachment. */
export function sampleDocument(over: Partial<EdxmlDocument> = {}): EdxmlDocument {
  return {
    from: {
      organId: '000.00.00.H97',
      organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm',
      email: 'vanthu@h97.gov.vn',
    },
    to: [{ organId: '000.00.10.H98', organName: 'Ủy ban nhân dân huyện Một, tỉnh Hai' }],
    code: { number: '12', notation: 'QĐ-UBND' },
    promulgation: { place: 'Thử Nghiệm', date: '2026-03-02' },
    documentType: { type: 2, name: 'Quyết định' },
    subject: 'Về việc thử nghiệm liên thông văn bản điện tử giữa hai tỉnh',
    signer: { competence: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', fullName: 'Nguyễn Văn An' },
    dueDate: '2026-03-16',
    toPlaces: ['Ủy ban nhân dân huyện Một, tỉnh Hai', 'Lưu: VT'],
    other: {
      priority: 1,
      sphereOfPromulgation: 'Liên thông văn bản quốc gia',
      pageAmount: 2,
      promulgationAmount: 1,
    },
    steeringType: 0,
    documentId: '000.00.00.H97,2026/03/02,12/QĐ-UBND',
    business: { type: 0, paper: false, staff: { department: 'Văn phòng', staff: 'Lê Thị Mỹ Duyên' } },
    trace: [{ organId: '000.00.00.H97', timestamp: new Date('2026-03-02T02:00:00Z') }],
    files: [
      {
        name: '12-QĐ-UBND.pdf',
        contentType: 'application/pdf',
        content: pdfBytes('main'),
        description: 'Văn bản chính',
      },
      { name: 'Phụ lục 1.pdf', contentType: 'application/pdf', content: pdfBytes('annex', 1000) },
    ],
    ...over,
  };
}

export const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');
