import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { CodedError } from '../../signing/errors';
import { loadDevPki } from '../../signing/pki/open-dev-pki';
import { HttpTimestampClient } from '../../signing/pki/http-timestamp-client';
import { DevTimestampClient } from '../../signing/pki/dev-timestamp-client';
import type { TimestampClient } from '../../signing/pki/timestamp-client';
import { drawSealPng, drawSignaturePng } from '../../signing/sign/appearance/draw-png';
import { DevRevocationData, type RevocationDataSource } from '../../signing/sign/revocation-data-source';
import { PADES_LEVELS, signPdf, type PadesLevel, type SignRole } from '../../signing/sign/sign-pdf';
import { Pkcs12Signer } from '../../signing/sign/signers/pkcs12-signer';
import { loadStampProfile } from '../../signing/sign/stamp-profile';

interface SignFlags {
  output: string;
  p12: string;
  password: string;
  as: SignRole;
  level: PadesLevel;
  tsa?: string;
  pki: string;
  image?: string;
  fill?: string;
  profile?: string;
  name?: string;
  title?: string;
  organisation?: string;
  number?: string;
  reason?: string;
  location?: string;
  field?: string;
  time?: string;
  invisible?: boolean;
  draftFields: boolean;
  allowRepaired?: boolean;
  pdfPassword?: string;
}

/** `vanban sign IN.pdf -o OUT.pdf --p12 FILE --password PW --as leader|org|attachment ...` */
export function addSignCommand(program: Command, log: (line: string) => void): Command {
  return program
    .command('sign')
    .description('Ký số PAdES một tệp PDF (Nghị định 30) / PAdES-sign a PDF (Decree 30 stamps)')
    .argument('<input>', 'tệp PDF cần ký / PDF to sign')
    .requiredOption('-o, --output <file>', 'tệp PDF đã ký / signed PDF to write')
    .requiredOption('--p12 <file>', 'tệp PKCS#12 của người ký / signer PKCS#12 file')
    .requiredOption('--password <password>', 'mật khẩu PKCS#12 / PKCS#12 password')
    .addOption(
      new Option('--as <role>', 'vai trò ký / signature role')
        .choices(['leader', 'org', 'attachment'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--level <level>', 'mức PAdES / PAdES baseline level')
        .choices([...PADES_LEVELS])
        .default('B-B'),
    )
    .option(
      '--tsa <url|dev>',
      'dịch vụ dấu thời gian: URL RFC 3161 hoặc "dev" / timestamp authority URL or "dev"',
    )
    .option(
      '--pki <dir>',
      'thư mục PKI phát triển (cho --tsa dev, B-LT) / development PKI directory',
      'data/pki',
    )
    .option('--image <file>', 'ảnh chữ ký hoặc con dấu (PNG/JPEG) / signature or seal image')
    .option('--fill <pairs>', 'điền số và ngày: number=..,date=.. / fill the number and date fields')
    .option('--profile <file>', 'hồ sơ mẫu dấu (JSON) / stamp profile JSON')
    .option('--name <text>', 'họ tên người ký / signer name on the stamp')
    .option('--title <text>', 'chức vụ / title on the leader stamp')
    .option('--organisation <text>', 'tên cơ quan / organisation name on the seal stamp')
    .option('--number <text>', 'số, ký hiệu văn bản (phụ lục) / document number for attachments')
    .option('--reason <text>', 'lý do ký / reason')
    .option('--location <text>', 'nơi ký / location')
    .option('--field <name>', 'tên trường chữ ký / signature field name')
    .option('--time <iso>', 'thời điểm ký (mặc định: bây giờ) / signing time (default: now)')
    .option('--invisible', 'chữ ký không hiển thị / invisible signature')
    .option('--no-draft-fields', 'không thêm trường số/ngày / do not add the number and date fields')
    .option('--allow-repaired', 'cho phép ký tệp phải sửa bảng xref / sign files needing xref repair')
    .option(
      '--pdf-password <password>',
      'mật khẩu của tệp PDF được mã hoá (chủ sở hữu hoặc người dùng) / password of an encrypted PDF (owner or user)',
    )
    .action(async (input: string, flags: SignFlags) => {
      const signingTime = flags.time !== undefined ? parseTime(flags.time) : new Date();
      const signer = await Pkcs12Signer.fromFile(flags.p12, flags.password, { clock: () => signingTime });
      const { timestampClient, revocationData } = await services(flags, signingTime);
      const image =
        flags.image !== undefined
          ? await readFile(flags.image)
          : flags.as === 'leader'
            ? drawSignaturePng()
            : flags.as === 'org'
              ? drawSealPng()
              : undefined;
      const result = await signPdf({
        input,
        output: flags.output,
        signer,
        role: flags.as,
        level: flags.level,
        signingTime,
        fieldName: flags.field,
        reason: flags.reason,
        location: flags.location,
        timestampClient,
        revocationData,
        fill: flags.fill !== undefined ? parseFill(flags.fill) : undefined,
        allowRepaired: flags.allowRepaired,
        password: flags.pdfPassword,
        appearance: {
          visible: flags.invisible ? false : undefined,
          profile: flags.profile !== undefined ? loadStampProfile(flags.profile) : undefined,
          image,
          name: flags.name,
          title: flags.title,
          organisation: flags.organisation,
          documentNumber: flags.number,
          draftFields: flags.draftFields,
        },
      });
      log(`Đã ký / Signed: ${path.resolve(result.path!)} (${flags.level}, trường/field ${result.fieldName})`);
    });
}

async function services(
  flags: SignFlags,
  signingTime: Date,
): Promise<{ timestampClient?: TimestampClient; revocationData?: RevocationDataSource }> {
  const needsTsa = flags.level !== 'B-B';
  const needsRevocation = flags.level === 'B-LT' || flags.level === 'B-LTA';
  if (!needsTsa) return {};
  if (flags.tsa === undefined)
    throw usage(`mức ${flags.level} cần --tsa`, `level ${flags.level} needs --tsa`);
  const dev = flags.tsa === 'dev' || needsRevocation ? await loadDevPki(flags.pki) : undefined;
  const timestampClient =
    flags.tsa === 'dev'
      ? new DevTimestampClient(dev!.timestampAuthority, () => signingTime)
      : new HttpTimestampClient(flags.tsa, (url, init) =>
          fetch(url, { ...init, body: Buffer.from(init.body) }),
        );
  if (!needsRevocation) return { timestampClient };
  // Online CRL/OCSP fetching is not wired yet: B-LT uses the development PKI's services.
  const revocationData = new DevRevocationData([dev!.crlIssuer, dev!.rootCrlIssuer], {
    responder: dev!.ocspResponder,
    issuer: dev!.issuingCa.certificate,
  });
  return { timestampClient, revocationData };
}

function parseFill(text: string): { number?: string; date?: string } {
  const out: { number?: string; date?: string } = {};
  for (const part of text.split(/,(?=\s*(?:number|date)=)/)) {
    const m = /^\s*(number|date)=(.*)$/s.exec(part);
    if (!m)
      throw usage(`--fill không hợp lệ: “${part}”`, `invalid --fill part "${part}" (use number=..,date=..)`);
    out[m[1] as 'number' | 'date'] = m[2].trim();
  }
  return out;
}

function parseTime(text: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw usage(`thời điểm không hợp lệ: ${text}`, `invalid --time ${text}`);
  return d;
}

export function usage(vi: string, en: string): CodedError {
  return new CodedError('CLI_USAGE', { vi, en });
}
