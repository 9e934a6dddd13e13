import type { Command } from 'commander';
import { CodedError } from '../../signing/errors';
import { vietnamDate } from '../../workflows/directory/vietnam-date';
import { checkRollups } from '../../workflows/reports/check-rollups';
import { loadConfig } from '../config';
import { openDatabase } from './open-database';

/**
 * `vanban report check --period 2026-Q1 [--window decree09]`: recomputes the period from the raw document
 * rows, unit by unit and month by month, and compares with the rollups (issue 13 item 4). Exit 0 when
 * they agree; 1 (REPORT_ROLLUPS_DIFFER) listing each difference otherwise.
 */
export function addReportCommand(program: Command, log: (line: string) => void): Command {
  const report = program.command('report').description('Báo cáo / reports');
  report
    .command('check')
    .description('Đối chiếu số liệu tổng hợp với dữ liệu gốc / check the rollups against the raw rows')
    .requiredOption('--period <key>', '2026-Q1, 2026-M03, 2026-H1, 2026-9M, 2026 or 2026-01-01..2026-03-31')
    .option('--window <window>', 'calendar | decree09', 'calendar')
    .action(async (o: { period: string; window: string }) => {
      if (o.window !== 'calendar' && o.window !== 'decree09')
        throw new CodedError('CLI_USAGE', {
          vi: '--window phải là calendar hoặc decree09',
          en: '--window must be calendar or decree09',
        });
      const { db, close } = await openDatabase(loadConfig());
      try {
        const started = Date.now();
        const r = await checkRollups(db, {
          period: o.period,
          window: o.window,
          today: vietnamDate(new Date()),
        });
        const ms = Date.now() - started;
        if (r.differences.length === 0) {
          log(
            `Không có chênh lệch / no difference: ${r.from}..${r.to} (exclusive), ${r.units} đơn vị / units, ` +
              `${ms} ms`,
          );
          return;
        }
        for (const d of r.differences.slice(0, 200))
          log(`${d.unitId} ${d.from}..${d.to} ${d.measure} (${d.grain}): rollup ${d.rollup}, raw ${d.raw}`);
        throw new CodedError(
          'REPORT_ROLLUPS_DIFFER',
          {
            vi: `Số liệu tổng hợp lệch dữ liệu gốc: ${r.differences.length} chênh lệch`,
            en: `The rollups differ from the raw rows: ${r.differences.length} differences`,
          },
          { details: { differences: r.differences.length } },
        );
      } finally {
        await close();
      }
    });
  return report;
}
