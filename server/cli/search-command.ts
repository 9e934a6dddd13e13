import type { Command } from 'commander';
import { CodedError } from '../../signing/errors';
import { rebuildSearchIndex } from '../../workflows/search/rebuild-search-index';
import { loadConfig } from '../config';
import { openDatabase } from './open-database';

const PROBLEM = {
  missing: 'thiếu trong chỉ mục / not indexed',
  stale: 'chỉ mục cũ / stale entry',
  extra: 'thừa: không còn văn bản / extra: no such document',
} as const;

/**
 * `vanban search rebuild [--check]`: derives every document's search entry again and reports how the
 * live index differed; `--check` writes nothing and exits 1 (SEARCH_INDEX_DIFFERS) on any difference.
 */
export function addSearchCommand(program: Command, log: (line: string) => void): Command {
  const search = program.command('search').description('Tìm kiếm / search index');
  search
    .command('rebuild')
    .description('Dựng lại chỉ mục tìm kiếm / rebuild the search index')
    .option('--check', 'chỉ so sánh, không ghi / compare only, write nothing')
    .action(async (opts: { check?: boolean }) => {
      const { db, close } = await openDatabase(loadConfig());
      try {
        const r = await rebuildSearchIndex(db, { check: opts.check === true });
        log(
          `Văn bản đi / outgoing: ${r.expected.outgoing}, văn bản đến / incoming: ${r.expected.incoming}, ` +
            `hồ sơ lưu trữ / archival records: ${r.expected.record}, hồ sơ / case files: ${r.expected.file}, ` +
            `bản số hóa / scans: ${r.expected.scan}; ` +
            `khác biệt / differences: ${r.differenceCount}`,
        );
        for (const d of r.differences) log(`  ${d.kind} ${d.id}: ${PROBLEM[d.problem]}`);
        if (r.rebuilt) log('Đã dựng lại chỉ mục / index rebuilt');
        else if (r.differenceCount > 0)
          throw new CodedError('SEARCH_INDEX_DIFFERS', {
            vi: `Chỉ mục tìm kiếm khác ${r.differenceCount} văn bản; chạy "vanban search rebuild"`,
            en: `The search index differs on ${r.differenceCount} documents; run "vanban search rebuild"`,
          });
      } finally {
        await close();
      }
    });
  return search;
}
