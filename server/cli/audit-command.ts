import type { Command } from 'commander';
import { CodedError } from '../../signing/errors';
import { verifyAuditChain } from '../../workflows/audit/verify-audit-chain';
import { loadConfig } from '../config';
import { openDatabase } from './open-database';

const REASONS = {
  SEQ_GAP: { vi: 'thiếu bản ghi (khoảng trống số thứ tự)', en: 'a missing row (gap in the sequence)' },
  PREV_HASH_MISMATCH: {
    vi: 'liên kết với bản ghi trước bị sai',
    en: 'the link to the previous row is wrong',
  },
  HASH_MISMATCH: { vi: 'nội dung bản ghi đã bị sửa', en: 'the row was altered' },
} as const;

/**
 * `vanban audit verify`: checks the hash chain of the audit trail and names the first broken link.
 * Exit 0 when intact, 1 (AUDIT_CHAIN_BROKEN) when broken.
 */
export function addAuditCommand(program: Command, log: (line: string) => void): Command {
  const audit = program.command('audit').description('Nhật ký kiểm toán / audit trail');
  audit
    .command('verify')
    .description('Kiểm tra chuỗi băm của nhật ký / verify the audit trail hash chain')
    .action(async () => {
      const { db, close } = await openDatabase(loadConfig());
      try {
        const verdict = await verifyAuditChain(db);
        if (verdict.ok) {
          log(
            `Nhật ký toàn vẹn / audit trail intact: ${verdict.count} sự kiện / events, head ${verdict.headHash}`,
          );
        } else {
          const reason = REASONS[verdict.reason];
          throw new CodedError(
            'AUDIT_CHAIN_BROKEN',
            {
              vi: `Nhật ký bị phá vỡ tại bản ghi số ${verdict.firstBrokenSeq}: ${reason.vi}`,
              en: `Audit trail broken at row ${verdict.firstBrokenSeq}: ${reason.en}`,
            },
            { details: { firstBrokenSeq: verdict.firstBrokenSeq, reason: verdict.reason } },
          );
        }
      } finally {
        await close();
      }
    });
  return audit;
}
