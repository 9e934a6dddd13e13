import { expect } from 'chai';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import schema from '../../../../signing/validate/report/validation-report.schema.json';
import {
  buildValidationReport,
  type ValidationReport,
} from '../../../../signing/validate/report/validation-report';
import { escapeHtml, renderHtmlReport } from '../../../../signing/validate/report/render-html-report';
import { renderPdfReport } from '../../../../signing/validate/report/render-pdf-report';
import { parseClaimedTime } from '../../../../signing/validate/report/describe-report';
import { validatePdf } from '../../../../signing/validate/validate-pdf';
import { tempDir } from '../../pki/dev-pki-fixture';
import { signPdf as signWithFixture, draftPdf } from '../signed-pdf-fixture';
import { signedDocuments, type SignedDocuments } from '../../../workflows/validation/signed-documents';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const conforms = ajv.compile(schema);

function expectConforming(report: unknown): void {
  const ok = conforms(report);
  expect(ok, JSON.stringify(conforms.errors, null, 2)).to.equal(true);
}

function pdftotext(pdf: Buffer, dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('signing/validate/report: JSON, HTML and PDF reports', function () {
  this.timeout(120_000);
  let docs: SignedDocuments;
  let dir: string;
  const reports: Record<string, ValidationReport> = {};

  const settings = (at: Date) => ({
    validationTime: at.toISOString(),
    revocation: 'offline' as const,
    trustAnchors: [
      {
        subject: docs.pki.root.certificate.subject,
        sha256: docs.pki.root.certificate.fingerprint('sha256').toString('hex'),
        source: 'development',
      },
    ],
  });

  async function reportFor(pdf: Buffer, name: string): Promise<ValidationReport> {
    const file = { name, sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length };
    try {
      const result = await validatePdf(pdf, { trustAnchors: [docs.pki.root.certificate], at: docs.at });
      return buildValidationReport({
        file,
        generatedAt: docs.at,
        settings: settings(docs.at),
        outcome: { kind: 'result', result },
      });
    } catch (e) {
      const err = e as { code: string; message: string; messageVi: string };
      return buildValidationReport({
        file,
        generatedAt: docs.at,
        settings: settings(docs.at),
        outcome: {
          kind: 'unreadable',
          problem: { code: err.code, message: err.message, messageVi: err.messageVi, detail: null },
        },
      });
    }
  }

  before(async () => {
    docs = await signedDocuments();
    dir = tempDir('report');
    reports.sequence = await reportFor(docs.sequence, 'quyet-dinh-3.pdf');
    reports.content = await reportFor(docs.variants['content-revision'], 'sua-noi-dung.pdf');
    reports.oneByte = await reportFor(docs.variants['one-byte'], 'mot-byte.pdf');
    reports.certified = await reportFor(docs.certifiedOverlay, 'chung-nhan.pdf');
    reports.unsigned = await reportFor(await draftPdf(), 'chua-ky.pdf');
    reports.unreadable = await reportFor(Buffer.from('not a pdf at all'), 'rac.bin');
  });

  it('real reports (passed, failed, modified, certified, unsigned, unreadable, aborted) conform to the JSON Schema', () => {
    expect(reports.sequence.status).to.equal('VALIDATED');
    expect(reports.sequence.indication).to.equal('TOTAL_PASSED');
    expect(reports.unsigned.status).to.equal('NO_SIGNATURE');
    expect(reports.unreadable.status).to.equal('UNREADABLE');
    for (const r of Object.values(reports)) expectConforming(r);
    const aborted = buildValidationReport({
      file: { name: null, sha256: 'a'.repeat(64), size: 12 },
      generatedAt: docs.at,
      settings: settings(docs.at),
      outcome: {
        kind: 'aborted',
        problem: {
          code: 'VALIDATION_TIMEOUT',
          message: 'Validation took too long',
          messageVi: 'Quá thời gian',
          detail: null,
        },
      },
    });
    expect(aborted.indication).to.equal('INDETERMINATE');
    expectConforming(aborted);
  });

  it('the schema rejects what a report never is (a passed ABORTED report, an unknown member, a bad hash)', () => {
    expect(conforms({ ...reports.sequence, status: 'ABORTED', indication: 'TOTAL_PASSED' })).to.equal(false);
    expect(conforms({ ...reports.sequence, extra: 1 })).to.equal(false);
    expect(conforms({ ...reports.sequence, file: { ...reports.sequence.file, sha256: 'XYZ' } })).to.equal(
      false,
    );
    expect(conforms({ ...reports.sequence, indication: 'PASSED' })).to.equal(false);
  });

  it('HTML: self-contained, no script, the verdicts in Vietnamese, modification levels by revision', () => {
    const html = renderHtmlReport(reports.sequence, 'vi');
    expect(html).to.match(/^<!doctype html><html lang="vi">/);
    expect(html).to.not.match(/<script|<link|src=|href=|@import|url\(/i);
    expect(html).to.contain('Tất cả chữ ký hợp lệ');
    expect(html).to.contain('Chữ ký hợp lệ');
    expect(html).to.contain('Dấu thời gian hợp lệ');
    expect(html).to.contain('Điền biểu mẫu, ký thêm (FORM_FILLING');
    expect(html).to.contain('Thời điểm được chứng minh (dấu thời gian)');
    expect(html).to.contain(reports.sequence.file.sha256);
    const en = renderHtmlReport(reports.sequence, 'en');
    expect(en).to.contain('<html lang="en">');
    expect(en).to.contain('All signatures are valid');
  });

  it('HTML of a document changed after signing says so in plain Vietnamese', () => {
    const html = renderHtmlReport(reports.content, 'vi');
    expect(html).to.contain('Có chữ ký không hợp lệ');
    expect(html).to.contain('Tài liệu đã bị sửa đổi sau khi ký');
    expect(html).to.contain('Thay đổi nội dung khác (không được phép) (OTHER)');
    expect(renderHtmlReport(reports.oneByte, 'vi')).to.contain(
      'Chữ ký không hợp lệ: nội dung đã ký bị thay đổi',
    );
  });

  it('HTML escapes everything that comes from the file (a hostile field name)', async () => {
    const hostile = '<img src=x onerror=alert(1)>"\'&';
    const pdf = await signWithFixture(await draftPdf(), { identity: docs.pki.leader, fieldName: hostile });
    const html = renderHtmlReport(await reportFor(pdf, '<b>tệp</b>.pdf'), 'vi');
    expect(html).to.not.contain('<img');
    expect(html).to.not.contain('<b>');
    expect(html).to.contain(escapeHtml(hostile));
  });

  it('PDF: generated by us, passes qpdf, embeds its font, and pdftotext reads back the Vietnamese text', async () => {
    const pdf = await renderPdfReport(reports.sequence, 'vi');
    const file = path.join(dir, 'bao-cao.pdf');
    fs.writeFileSync(file, pdf);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).to.equal(0);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).to.match(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes/);
    const text = pdftotext(pdf, dir, 'bao-cao-2.pdf');
    for (const phrase of [
      'Báo cáo kiểm tra chữ ký số',
      'Tất cả chữ ký hợp lệ',
      'Chữ ký hợp lệ',
      'Dấu thời gian hợp lệ',
      'Nguyễn Văn An',
      'Thời điểm ký tự khai',
      'Chuỗi chứng thư',
      'Chưa bị thu hồi',
      'Điền biểu mẫu, ký thêm',
    ])
      expect(text, phrase).to.contain(phrase);
    expect(text).to.match(/Trang 1\/\d/);
  });

  it('PDF of a failed document: the failure and the offending revision in Vietnamese; English on request', async () => {
    const text = pdftotext(await renderPdfReport(reports.content, 'vi'), dir, 'that-bai.pdf');
    expect(text).to.contain('Tài liệu đã bị sửa đổi sau khi ký');
    // The appended revision is the last one, numbered from 1 like the reader counts them.
    expect(text).to.contain(`Phiên bản ${reports.content.validation!.revisions}`);
    expect(text).to.contain('OTHER');
    const en = pdftotext(await renderPdfReport(reports.certified, 'en'), dir, 'en.pdf');
    expect(en).to.contain('At least one signature is invalid');
    expect(en).to.contain('Certification signature (DocMDP P=2)');
  });

  it('claimed signing times: PDF dates and ISO 8601', () => {
    expect(parseClaimedTime("D:20260302090000+07'00'")?.toISOString()).to.equal('2026-03-02T02:00:00.000Z');
    expect(parseClaimedTime('D:20260302090000Z')?.toISOString()).to.equal('2026-03-02T09:00:00.000Z');
    expect(parseClaimedTime('2026-03-02T02:00:00.000Z')?.toISOString()).to.equal('2026-03-02T02:00:00.000Z');
    expect(parseClaimedTime('hôm qua')).to.equal(undefined);
  });
});
