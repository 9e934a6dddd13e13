import fs from 'node:fs/promises';
import { Command } from 'commander';
import { isCodedError } from '../../signing/errors';
import type { Certificate } from '../../signing/pki/certificate';
import type { CertificateRevocationList } from '../../signing/validate/certificate-revocation-list';
import {
  checkCertificate,
  readCertificates,
  readCrls,
  readOcspResponse,
  type CertificateCheckReport,
} from '../../signing/validate/check-certificate';
import type { OcspResponse } from '../../signing/validate/ocsp-response';
import { ValidationError } from '../../signing/validate/validation-error';
import { usage } from './sign-command';
import { CommandExit, VALIDATE_EXIT } from './validate-command';

interface CertFlags {
  chain: string[];
  trust: string[];
  crl: string[];
  ocsp: string[];
  at?: string;
  json?: boolean;
  policy: string[];
  explicitPolicy?: boolean;
  inhibitPolicyMapping?: boolean;
  inhibitAnyPolicy?: boolean;
}

const repeatable = (value: string, previous: string[]) => [...previous, value];

/** Exit code of a certificate check, as `vanban validate`'s: 0 passed, 1 failed, 2 indeterminate. */
export function certExitCode(report: CertificateCheckReport): number {
  if (report.indication === 'TOTAL_PASSED') return VALIDATE_EXIT.passed;
  if (report.indication === 'TOTAL_FAILED') return VALIDATE_EXIT.failed;
  return VALIDATE_EXIT.indeterminate;
}

/**
 * `vanban cert verify LEAF.pem [--chain more.pem]... --trust ROOT.pem... [--crl X.crl]...
 * [--ocsp X.der]... [--at TIME] [--json]`: RFC 5280 path validation of one certificate with the
 * revocation evidence given (nothing fetched), printed in Vietnamese and English. Exit 0 valid,
 * 1 invalid (revoked), 2 indeterminate (also bad usage), 4 an input that cannot be read.
 */
export function addCertCommand(
  program: Command,
  log: (line: string) => void,
  err: (line: string) => void = log,
): Command {
  const cert = program.command('cert').description('Chứng thư số / certificates');
  cert
    .command('verify')
    .description('Kiểm tra một chứng thư số (RFC 5280) / validate a certificate path (RFC 5280)')
    .argument('<certificate>', 'chứng thư cần kiểm tra (PEM hoặc DER) / the certificate (PEM or DER)')
    .option(
      '--chain <file>',
      'chứng thư trung gian (PEM, lặp lại được) / intermediate certificates (repeatable)',
      repeatable,
      [] as string[],
    )
    .option(
      '--trust <file>',
      'chứng thư gốc tin cậy (PEM, lặp lại được) / trust anchors (repeatable)',
      repeatable,
      [] as string[],
    )
    .option(
      '--crl <file>',
      'danh sách thu hồi (DER hoặc PEM, lặp lại được) / a CRL (repeatable)',
      repeatable,
      [] as string[],
    )
    .option(
      '--ocsp <file>',
      'phản hồi OCSP (DER, lặp lại được) / an OCSP response (repeatable)',
      repeatable,
      [] as string[],
    )
    .option('--at <iso-time>', 'kiểm tra tại thời điểm này (ISO 8601) / validate at this moment')
    .option('--json', 'in kết quả JSON / print the JSON result')
    .option(
      '--policy <oid>',
      'chính sách chấp nhận (lặp lại được) / acceptable policy (user-initial-policy-set)',
      repeatable,
      [] as string[],
    )
    .option('--explicit-policy', 'yêu cầu chính sách tường minh / initial-explicit-policy')
    .option('--inhibit-policy-mapping', 'cấm ánh xạ chính sách / initial-policy-mapping-inhibit')
    .option('--inhibit-any-policy', 'không chấp nhận anyPolicy / initial-any-policy-inhibit')
    .action(async (file: string, flags: CertFlags) => {
      const at = flags.at !== undefined ? new Date(flags.at) : new Date();
      if (flags.at !== undefined && (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(flags.at)))
        throw usage(`thời điểm không hợp lệ: ${flags.at}`, `invalid --at ${flags.at} (ISO 8601 expected)`);
      if (flags.trust.length === 0)
        throw usage('cần ít nhất một --trust', 'at least one --trust ROOT.pem is required');
      if (flags.policy.some((p) => !/^\d+(\.\d+)+$/.test(p)))
        throw usage('--policy phải là OID', '--policy takes an OID such as 2.16.840.1.101.3.2.1.48.1');
      let inputs: {
        certificate: Certificate;
        chain: Certificate[];
        trust: Certificate[];
        crls: CertificateRevocationList[];
        ocsps: OcspResponse[];
      };
      try {
        // A bundle given as the certificate (leaf first) brings its intermediates along.
        const [certificate, ...bundled] = readCertificates(await readInput(file), file);
        inputs = {
          certificate,
          chain: [
            ...bundled,
            ...(
              await Promise.all(flags.chain.map(async (f) => readCertificates(await readInput(f), f)))
            ).flat(),
          ],
          trust: (
            await Promise.all(flags.trust.map(async (f) => readCertificates(await readInput(f), f)))
          ).flat(),
          crls: (await Promise.all(flags.crl.map(async (f) => readCrls(await readInput(f), f)))).flat(),
          ocsps: await Promise.all(flags.ocsp.map(async (f) => readOcspResponse(await readInput(f), f))),
        };
      } catch (e) {
        if (!isCodedError(e)) throw e;
        if (flags.json)
          log(
            JSON.stringify(
              { status: 'UNREADABLE', problem: { code: e.code, message: e.message, messageVi: e.messageVi } },
              null,
              2,
            ),
          );
        else {
          err(`Lỗi [${e.code}]: ${e.messageVi}`);
          err(`Error [${e.code}]: ${e.message}`);
        }
        throw new CommandExit(VALIDATE_EXIT.unreadable);
      }
      const report = await checkCertificate({
        certificate: inputs.certificate,
        chain: inputs.chain,
        trustAnchors: inputs.trust,
        crls: inputs.crls,
        ocsps: inputs.ocsps,
        at,
        policy: {
          ...(flags.policy.length ? { userInitialPolicySet: flags.policy } : {}),
          ...(flags.explicitPolicy ? { initialExplicitPolicy: true } : {}),
          ...(flags.inhibitPolicyMapping ? { initialPolicyMappingInhibit: true } : {}),
          ...(flags.inhibitAnyPolicy ? { initialAnyPolicyInhibit: true } : {}),
        },
      });
      if (flags.json) log(JSON.stringify({ status: 'CHECKED', ...report }, null, 2));
      else for (const line of describe(report)) log(line);
      const code = certExitCode(report);
      if (code !== 0) throw new CommandExit(code);
    });
  return cert;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (cause) {
    throw new ValidationError(
      'CERTIFICATE_INPUT_INVALID',
      { vi: `không đọc được tệp ${file}`, en: `cannot read the file ${file}` },
      { cause, details: { input: file } },
    );
  }
}

/** The report as a person reads it, each line in Vietnamese then English. */
function describe(r: CertificateCheckReport): string[] {
  const lines = [
    `${r.summary.vi} / ${r.summary.en} (${r.indication}${r.subIndication ? ` / ${r.subIndication}` : ''})`,
    `Thời điểm kiểm tra / Validation time: ${r.validationTime}`,
    'Đường dẫn / Path:',
  ];
  for (const [i, c] of r.path.entries()) {
    const rev =
      c.revocation === 'revoked'
        ? `đã thu hồi / revoked ${c.revokedAt ?? ''}`
        : c.revocation === 'good'
          ? `chưa thu hồi / not revoked${c.revocationSource ? ` (${c.revocationSource})` : ''}`
          : c.revocation === 'trust-anchor'
            ? 'chứng thư gốc tin cậy / trust anchor'
            : 'không rõ / unknown';
    lines.push(`  ${i}. [${c.role}] ${c.subject}`);
    lines.push(`     serial ${c.serialNumber}, SHA-256 ${c.sha256}`);
    lines.push(`     ${c.notBefore} → ${c.notAfter}; thu hồi / revocation: ${rev}`);
  }
  lines.push('Kiểm tra / Checks:');
  for (const c of r.checks)
    lines.push(
      `  ${c.passed ? 'ĐẠT / PASS' : 'LỖI / FAIL'} [${c.certificate < 0 ? '-' : c.certificate}] ${c.check}: ${c.vi} / ${c.en}`,
    );
  if (r.userNotices.length) for (const n of r.userNotices) lines.push(`Thông báo / User notice: ${n}`);
  return lines;
}
