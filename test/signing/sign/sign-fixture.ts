import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { expect } from 'chai';
import { DevPki } from '../../../signing/pki/create-dev-pki';
import { DevTimestampClient } from '../../../signing/pki/dev-timestamp-client';
import { DevRevocationData } from '../../../signing/sign/revocation-data-source';
import { Pkcs12Signer } from '../../../signing/sign/signers/pkcs12-signer';
import { PKI_TIME } from '../pki/dev-pki-fixture';

export const CORPUS = path.join(__dirname, '../../fixtures/corpus');

/** Signing moments after the test PKI's creation: leader on day 1, the seal an hour later. */
export const LEADER_TIME = new Date(PKI_TIME.getTime() + 24 * 3600 * 1000);
export const SEAL_TIME = new Date(LEADER_TIME.getTime() + 3600 * 1000);

export function signers(pki: DevPki, at: Date = LEADER_TIME) {
  return {
    leader: Pkcs12Signer.fromKey(pki.leader.key, pki.leader.certificate, pki.leader.chain, {
      clock: () => at,
    }),
    org: Pkcs12Signer.fromKey(pki.organisation.key, pki.organisation.certificate, pki.organisation.chain, {
      clock: () => at,
    }),
  };
}

export function services(pki: DevPki, at: Date) {
  return {
    timestampClient: new DevTimestampClient(pki.timestampAuthority, () => at),
    revocationData: new DevRevocationData([pki.crlIssuer, pki.rootCrlIssuer], {
      responder: pki.ocspResponder,
      issuer: pki.issuingCa.certificate,
    }),
  };
}

/** A one-page A4 draft with a heading, as a drafting tool would export it. */
export async function a4Draft(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  page.drawText('UY BAN NHAN DAN', { x: 70, y: 780, size: 12, font });
  page.drawText('QUYET DINH', { x: 255, y: 650, size: 14, font });
  page.drawText('Ve viec ban hanh quy che lam viec.', { x: 200, y: 630, size: 12, font });
  return Buffer.from(await doc.save());
}

/** pdfsig's report: how many signatures poppler found valid, and the whole text. */
export function pdfsig(file: string): { valid: number; total: number; report: string } {
  const r = spawnSync('pdfsig', ['-nocert', file], { encoding: 'utf8' });
  const report = r.stdout + r.stderr;
  return {
    valid: (report.match(/Signature Validation: Signature is Valid/g) ?? []).length,
    total: (report.match(/^Signature #\d+:/gm) ?? []).length,
    report,
  };
}

export function expectQpdfClean(file: string): void {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).to.equal(0);
  expect(r.stdout).to.contain('No syntax or stream encoding errors');
}

export function pdftext(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
