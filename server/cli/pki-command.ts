import * as path from 'node:path';
import { Command, Option } from 'commander';
import { createDevPki } from '../../signing/pki/create-dev-pki';
import { KEY_SPECS, type KeySpec } from '../../signing/pki/generate-key-pair';

/** `vanban pki init --dir D [--base-url URL]`: the development PKI, passwords printed. */
export function addPkiCommand(program: Command, log: (line: string) => void): Command {
  const pki = program.command('pki').description('PKI phát triển / development PKI');
  pki
    .command('init')
    .description('Tạo CA gốc, CA cấp phát, chứng thư lãnh đạo và cơ quan, CRL / create a development PKI')
    .requiredOption('--dir <dir>', 'thư mục đích / target directory')
    .option(
      '--base-url <url>',
      'gốc URL của CRL, OCSP, TSA / base URL of the PKI services',
      'http://localhost:3000/pki',
    )
    .option('--unit-name <name>', 'tên cơ quan / unit name')
    .option('--leader-name <name>', 'họ tên lãnh đạo / leader name', 'Nguyễn Văn An')
    .option('--leader-title <title>', 'chức vụ lãnh đạo / leader title')
    .addOption(new Option('--key <spec>', 'loại khóa / key type').choices([...KEY_SPECS]).default('rsa-2048'))
    .action(
      async (flags: {
        dir: string;
        baseUrl: string;
        unitName?: string;
        leaderName: string;
        leaderTitle?: string;
        key: KeySpec;
      }) => {
        const dir = path.resolve(flags.dir);
        const created = await createDevPki({
          now: new Date(),
          dir,
          baseUrl: flags.baseUrl,
          keySpec: flags.key,
          unitName: flags.unitName,
          leaderName: flags.leaderName,
          leaderTitle: flags.leaderTitle,
        });
        log(`PKI phát triển đã tạo / development PKI created: ${dir}`);
        for (const [name, id] of Object.entries(created.manifest.identities)) {
          log(`  ${name.padEnd(13)} ${id.p12.padEnd(20)} mật khẩu/password: ${id.password}   ${id.subject}`);
        }
        for (const [name, file] of Object.entries(created.manifest.crls)) log(`  CRL ${name}: ${file}`);
        log(
          'Mật khẩu cũng có trong manifest.json (quyền 0600) / passwords are also in manifest.json (mode 0600)',
        );
      },
    );
  return pki;
}
