import type { Command } from 'commander';
import { CodedError } from '../../signing/errors';
import { useAuditAnchorsDir } from '../../workflows/audit/audit-anchor';
import { loadAuditKey } from '../../workflows/audit/audit-key';
import { verifyAuditChain, type AuditChainBreak } from '../../workflows/audit/verify-audit-chain';
import { loadConfig } from '../config';
import { openDatabase } from './open-database';

const REASONS = {
  SEQ_GAP: { vi: 'thiếu bản ghi (khoảng trống số thứ tự)', en: 'a missing row (gap in the sequence)' },
  PREV_HASH_MISMATCH: {
    vi: 'liên kết với bản ghi trước bị sai',
    en: 'the link to the previous row is wrong',
  },
  HASH_MISMATCH: { vi: 'nội dung bản ghi đã bị sửa', en: 'the row was altered' },
  UNKEYED_AFTER_KEYED: {
    vi: 'bản ghi không có khóa sau chuỗi đã có khóa (chuỗi bị tính lại)',
    en: 'an unkeyed row after the keyed chain began (the chain was recomputed)',
  },
  KEY_UNKNOWN: {
    vi: 'bản ghi được ký bằng khóa khác với khóa nhật ký đã cấu hình',
    en: 'the row is keyed with another key than the configured audit key',
  },
  ANCHOR_MISMATCH: {
    vi: 'không khớp bản sao đầu chuỗi lưu ngoài cơ sở dữ liệu (chuỗi bị tính lại)',
    en: 'it does not match the head copy kept outside the database (the chain was recomputed)',
  },
  TRUNCATED: {
    vi: 'các bản ghi mới nhất đã bị xóa (bản sao đầu chuỗi ngoài cơ sở dữ liệu dài hơn)',
    en: 'the newest rows were deleted (the head copy kept outside the database is further on)',
  },
} as const satisfies Record<AuditChainBreak, { vi: string; en: string }>;

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
      const config = loadConfig();
      // The key and the anchors live outside the database: AUDIT_HMAC_KEY or DATA_DIR/audit.
      let key: ReturnType<typeof loadAuditKey> | undefined;
      try {
        key = loadAuditKey({ envKey: config.auditHmacKey, dataDir: config.dataDir, create: false });
      } catch (e) {
        // No key anywhere: an unkeyed (older) chain still verifies; keyed rows are then KEY_UNKNOWN.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      useAuditAnchorsDir(config.dataDir);
      const { db, close } = await openDatabase(config);
      try {
        const verdict = await verifyAuditChain(db, { key });
        if (verdict.ok) {
          log(
            `Nhật ký toàn vẹn / audit trail intact: ${verdict.count} sự kiện / events, head ${verdict.headHash}` +
              `, khóa từ / keyed from ${verdict.keyedFromSeq ?? '—'}, mốc ngoài / anchors ${verdict.anchors}`,
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
