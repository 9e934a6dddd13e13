import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { Certificate } from '../../signing/pki/certificate';
import { isCodedError } from '../../signing/errors';
import { loadTrustList } from '../../signing/pki/trust/load-trust-list';
import { readCrls, readOcspResponse } from '../../signing/validate/check-certificate';
import { describeReport } from '../../signing/validate/report/describe-report';
import { renderHtmlReport } from '../../signing/validate/report/render-html-report';
import { renderPdfReport } from '../../signing/validate/report/render-pdf-report';
import type { ReportLanguage } from '../../signing/validate/report/report-text';
import {
  buildValidationReport,
  type ValidationReport,
} from '../../signing/validate/report/validation-report';
import { ValidationPool, sharedValidationPool } from '../../workflows/validation/validation-pool';
import { usage } from './sign-command';

/**
 * Exit codes of `vanban validate` (issue 4): 0 every signature TOTAL_PASSED, 1 some TOTAL_FAILED,
 * 2 otherwise INDETERMINATE (also a validation stopped at its time or memory limit), 3 no signature,
 * 4 not a readable PDF.
 */
export const VALIDATE_EXIT = { passed: 0, failed: 1, indeterminate: 2, unsigned: 3, unreadable: 4 } as const;

/** Thrown by the validate command to end with its own exit code (runCli returns it). */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

interface ValidateFlags {
  trust: string[];
  crl: string[];
  ocsp: string[];
  dev?: boolean;
  pki: string;
  at?: string;
  json?: boolean;
  offline?: boolean;
  html?: string;
  pdf?: string;
  lang: ReportLanguage;
  allowPrivateAddresses?: boolean;
  timeout: string;
}

export function exitCodeOf(report: ValidationReport): number {
  if (report.status === 'UNREADABLE') return VALIDATE_EXIT.unreadable;
  if (report.status === 'NO_SIGNATURE') return VALIDATE_EXIT.unsigned;
  if (report.indication === 'TOTAL_PASSED') return VALIDATE_EXIT.passed;
  if (report.indication === 'TOTAL_FAILED') return VALIDATE_EXIT.failed;
  return VALIDATE_EXIT.indeterminate;
}

/**
 * `vanban validate FILE.pdf [--trust PEM]... [--crl FILE]... [--ocsp FILE]... [--dev] [--at ISO-TIME]
 * [--json] [--offline] [--html OUT] [--pdf OUT]`: validates in an isolated process (time and memory limits), prints the
 * verdict per signature (or the JSON report), writes the HTML/PDF report, exits with VALIDATE_EXIT.
 * Trusted: the shipped Vietnamese anchors, `--trust` files, and with `--dev` the development PKI root.
 */
export function addValidateCommand(
  program: Command,
  log: (line: string) => void,
  err: (line: string) => void = log,
): Command {
  return program
    .command('validate')
    .description('Kiểm tra chữ ký số của tệp PDF / validate the signatures of a PDF')
    .argument('<file>', 'tệp PDF cần kiểm tra / PDF to validate')
    .option(
      '--trust <pem>',
      'thêm chứng thư tin cậy (PEM, lặp lại được) / trust this certificate too (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--crl <file>',
      'danh sách thu hồi người kiểm tra có sẵn (DER/PEM, lặp lại được) / a CRL you hold (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--ocsp <file>',
      'phản hồi OCSP người kiểm tra có sẵn (DER, lặp lại được) / an OCSP response you hold (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--dev', 'tin cậy CA gốc của PKI phát triển (--pki) / trust the development PKI root')
    .option('--pki <dir>', 'thư mục PKI phát triển / development PKI directory', 'data/pki')
    .option('--at <iso-time>', 'kiểm tra tại thời điểm này (ISO 8601) / validate at this moment')
    .option('--json', 'in báo cáo JSON / print the JSON report')
    .option('--offline', 'không tra cứu CRL/OCSP trực tuyến / no online CRL or OCSP')
    .option('--html <file>', 'ghi báo cáo HTML / write the HTML report')
    .option('--pdf <file>', 'ghi báo cáo PDF / write the PDF report')
    .addOption(
      new Option('--lang <lang>', 'ngôn ngữ báo cáo / report language').choices(['vi', 'en']).default('vi'),
    )
    .option(
      '--allow-private-addresses',
      'cho phép tra cứu thu hồi tới địa chỉ nội bộ (PKI phát triển) / let revocation checks reach private addresses',
    )
    .option('--timeout <seconds>', 'giới hạn thời gian / time limit', '60')
    .action(async (file: string, flags: ValidateFlags) => {
      const report = await validateCommand(file, flags);
      if (flags.json) log(JSON.stringify(report, null, 2));
      else for (const line of summary(report, flags.lang)) log(line);
      const note = flags.json ? err : log;
      if (flags.html) {
        await writeAtomically(flags.html, Buffer.from(renderHtmlReport(report, flags.lang)));
        note(`Báo cáo HTML / HTML report: ${path.resolve(flags.html)}`);
      }
      if (flags.pdf) {
        await writeAtomically(flags.pdf, await renderPdfReport(report, flags.lang));
        note(`Báo cáo PDF / PDF report: ${path.resolve(flags.pdf)}`);
      }
      const code = exitCodeOf(report);
      if (code !== 0) throw new CommandExit(code);
    });
}

async function validateCommand(file: string, flags: ValidateFlags): Promise<ValidationReport> {
  const at = flags.at !== undefined ? new Date(flags.at) : new Date();
  if (flags.at !== undefined && (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(flags.at)))
    throw usage(`thời điểm không hợp lệ: ${flags.at}`, `invalid --at ${flags.at} (ISO 8601 expected)`);
  const timeout = Number(flags.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw usage(`--timeout không hợp lệ: ${flags.timeout}`, `invalid --timeout ${flags.timeout}`);

  const extraPems: Buffer[] = [];
  for (const t of flags.trust) extraPems.push(await readOrUsage(t, 'chứng thư tin cậy', 'trust anchor'));
  let devRoot: Certificate | undefined;
  if (flags.dev) {
    const pem = await readOrUsage(
      path.join(flags.pki, 'root-ca.pem'),
      'CA gốc phát triển',
      'development root',
    );
    devRoot = Certificate.parseAll(pem)[0];
  }
  const trust = await loadTrustList({ mode: flags.dev ? 'development' : 'production', extraPems, devRoot });
  // Revocation evidence the auditor holds: read and parsed here, so a wrong file is a usage error.
  const evidence = { crls: [] as Buffer[], ocsps: [] as Buffer[] };
  try {
    for (const f of flags.crl)
      evidence.crls.push(...readCrls(await readOrUsage(f, 'danh sách thu hồi', 'CRL'), f).map((c) => c.der));
    for (const f of flags.ocsp) {
      const bytes = await readOrUsage(f, 'phản hồi OCSP', 'OCSP response');
      readOcspResponse(bytes, f);
      evidence.ocsps.push(bytes);
    }
  } catch (e) {
    if (isCodedError(e) && e.code === 'REVOCATION_EVIDENCE_INVALID') throw usage(e.messageVi, e.message);
    throw e;
  }

  let stat: { size: number };
  let sha256: string;
  try {
    stat = await fs.stat(file);
    sha256 = await hashFile(file);
  } catch (e) {
    // Not a readable file at all: reported like a file that is not a PDF (exit 4).
    return buildValidationReport({
      file: { name: path.basename(file), sha256: createHash('sha256').digest('hex'), size: 0 },
      generatedAt: new Date(),
      settings: {
        validationTime: at.toISOString(),
        revocation: flags.offline ? 'offline' : 'online',
        trustAnchors: [],
      },
      outcome: {
        kind: 'unreadable',
        problem: {
          code: 'VALIDATION_UNREADABLE',
          message: 'Cannot read the file',
          messageVi: 'Không đọc được tệp',
          detail: (e as Error).message,
        },
      },
    });
  }
  // The shared pool has the default limit; another --timeout gets a process of its own.
  const pool = sharedValidationPool();
  const runner =
    pool.limits.timeoutMs === timeout * 1000
      ? pool
      : new ValidationPool({ workers: 1, timeoutMs: timeout * 1000 });
  try {
    const outcome = await runner.run({
      path: path.resolve(file),
      at: at.toISOString(),
      trustAnchorsDer: trust.anchors.map((c) => c.der),
      online: flags.offline ? undefined : { allowPrivateAddresses: flags.allowPrivateAddresses ?? false },
      devMode: flags.dev,
      ...(evidence.crls.length || evidence.ocsps.length ? { evidence } : {}),
    });
    return buildValidationReport({
      file: { name: path.basename(file), sha256, size: stat.size },
      generatedAt: new Date(),
      settings: {
        validationTime: at.toISOString(),
        revocation: flags.offline ? 'offline' : 'online',
        trustAnchors: trust.entries.map((e) => ({
          subject: e.subject,
          sha256: e.sha256,
          source: e.source === 'admin' ? 'command-line' : e.source,
        })),
      },
      outcome,
    });
  } finally {
    if (runner !== pool) await runner.close();
  }
}

/** The verdict as a person reads it: the document, then each signature, in the chosen language. */
function summary(report: ValidationReport, lang: ReportLanguage): string[] {
  const view = describeReport(report, lang);
  const lines = [`${view.headline} (${report.indication ?? report.status})`, `  ${view.explanation}`];
  lines.push(`${lang === 'vi' ? 'Tệp' : 'File'}: ${report.file.name ?? ''} — SHA-256 ${report.file.sha256}`);
  for (const [i, s] of (report.validation?.signatures ?? []).entries()) {
    const v = view.signatures[i];
    lines.push(
      `${i + 1}. ${s.fieldName}${s.signerName && s.kind === 'signature' ? ` — ${s.signerName}` : ''}: ` +
        `${s.indication}${s.subIndication ? ` / ${s.subIndication}` : ''} — ${v.headline}; ` +
        `${lang === 'vi' ? 'thay đổi sau khi ký' : 'changes after signing'}: ${s.modificationLevel}`,
    );
    if (s.indication !== 'TOTAL_PASSED') for (const r of s.reasons.slice(0, 3)) lines.push(`     - ${r}`);
  }
  if (report.problem) lines.push(`  ${report.problem.code}: ${report.problem.detail ?? ''}`);
  return lines;
}

async function readOrUsage(file: string, vi: string, en: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch {
    throw usage(`không đọc được ${vi}: ${file}`, `cannot read the ${en} ${file}`);
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await fs.open(file, 'r');
  try {
    for await (const chunk of handle.createReadStream()) hash.update(chunk as Buffer);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return hash.digest('hex');
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, bytes);
  await fs.rename(tmp, file);
}
