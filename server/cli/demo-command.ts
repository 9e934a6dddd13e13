import type { Command } from 'commander';
import { CodedError } from '../../signing/errors';
import { createObjectStore } from '../../storage/objects/create-object-store';
import { systemClock } from '../../workflows/context';
import { seedDemoProvince } from '../../workflows/directory/seed-demo-province';
import { DEMO_SCALES, generateDemoHistory, quarterRange } from '../../workflows/demo/demo-history';
import { loadConfig } from '../config';
import { createSigningServices } from '../signing/create-signing-services';
import { openDatabase } from './open-database';

/**
 * `vanban demo history [--scale full|small] [--quarter 2024Q1]`: generates the demo province's history of
 * one quarter through the domain functions (issue 13 item 7) and prints the figures and how long it took.
 * Full scale is the province's published Q1/2024 (33.557 outgoing at province and district level).
 */
export function addDemoCommand(program: Command, log: (line: string) => void): Command {
  const demo = program.command('demo').description('Dữ liệu dùng thử / demo data');
  demo
    .command('history')
    .description('Sinh lịch sử văn bản của tỉnh dùng thử / generate the demo province history')
    .option('--scale <scale>', 'full | small', 'small')
    .option('--quarter <quarter>', 'e.g. 2024Q1', '2024Q1')
    .action(async (o: { scale: string; quarter: string }) => {
      if (o.scale !== 'full' && o.scale !== 'small')
        throw new CodedError('CLI_USAGE', {
          vi: '--scale phải là full hoặc small',
          en: '--scale must be full or small',
        });
      if (!/^\d{4}Q[1-4]$/.test(o.quarter))
        throw new CodedError('CLI_USAGE', {
          vi: '--quarter có dạng 2024Q1',
          en: '--quarter looks like 2024Q1',
        });
      const { from, to } = quarterRange(o.quarter);
      const config = loadConfig();
      const { db, close } = await openDatabase(config);
      // The PDFs go into the server's object store: the rows must name only objects it has.
      const objects = await createObjectStore(config.objectStore, { clock: systemClock });
      try {
        await seedDemoProvince(db, { clock: systemClock });
        // Development: the documents are signed through the server's development CA (DATA_DIR/pki).
        const signing = await createSigningServices({ config, db, objects, clock: systemClock });
        const r = await generateDemoHistory(db, {
          scale: DEMO_SCALES[o.scale],
          from,
          to,
          objects,
          log,
          signing,
        });
        const s = (r.ms / 1000).toFixed(1);
        const docs = r.provinceDistrict.outgoing + r.commune.outgoing;
        log(
          `Cấp tỉnh, huyện / province and district: ${r.provinceDistrict.sealed}/${r.provinceDistrict.outgoing} ký số / sealed`,
        );
        log(`Cấp xã / commune: ${r.commune.sealed}/${r.commune.outgoing} ký số / sealed`);
        log(
          `Văn bản đến / incoming: ${r.received} nhận / received, ${r.registered} vào sổ / registered, ` +
            `${r.refused} trả lại / refused; xử lý / handled: ${r.early} sớm / early, ${r.onTime} đúng hạn / on time, ` +
            `${r.late} trễ / late`,
        );
        log(
          r.signing.signed
            ? `Ký số / signing (lãnh đạo / leader ${signing.levels.leader}, đóng dấu / seal ${signing.levels.seal}): ` +
                `${(r.signing.ms / r.signing.documents).toFixed(0)} ms/văn bản / document, ` +
                `${((100 * r.signing.ms) / r.ms).toFixed(0)}% thời gian / of the time`
            : `Ký số / signing: không (chỉ ghi mã băm) / none (digests recorded)`,
        );
        log(
          `Thời gian / time: ${s} s cho ${docs} văn bản đi / outgoing documents (${((docs * 1000) / r.ms).toFixed(2)}/s)`,
        );
      } finally {
        await objects.close();
        await close();
      }
    });
  return demo;
}
