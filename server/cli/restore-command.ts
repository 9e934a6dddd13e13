import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CodedError } from '../../signing/errors';
import { createObjectStore } from '../../storage/objects/create-object-store';
import { BackupError, readManifest, restoreDataDirectory } from '../../workflows/archive/backup';
import { loadConfig } from '../config';
import { openDatabase } from './open-database';

/**
 * `vanban restore <dir>`: rebuilds DATA_DIR (a new embedded cluster, migrated, loaded with the backup's
 * snapshot; the local object store; the audit key and anchors) and checks every object the database
 * references against its hash. Refuses a DATA_DIR that already holds a cluster or objects.
 */
export function addRestoreCommand(program: Command, log: (line: string) => void): Command {
  return program
    .command('restore')
    .description('Khôi phục DATA_DIR từ bản sao lưu / rebuild DATA_DIR from a backup')
    .argument('<dir>', 'thư mục sao lưu (vanban backup) / the backup directory')
    .action(async (dir: string) => {
      const config = loadConfig();
      await readManifest(dir);
      if (config.database.kind !== 'embedded') {
        throw new CodedError('CLI_USAGE', {
          vi: 'vanban restore dựng lại PostgreSQL nhúng; với DATABASE_URL hãy dùng quy trình pg_restore (docs/deployment.md)',
          en: 'vanban restore rebuilds the embedded PostgreSQL; with DATABASE_URL use the pg_restore procedure (docs/deployment.md)',
        });
      }
      const existing = await fs.readdir(config.database.dataDir).catch(() => []);
      if (existing.length > 0) {
        throw new BackupError(
          'BACKUP_TARGET_NOT_EMPTY',
          {
            vi: `DATA_DIR đã có cơ sở dữ liệu (${config.database.dataDir}); khôi phục vào một DATA_DIR mới`,
            en: `DATA_DIR already holds a database (${config.database.dataDir}); restore into a new DATA_DIR`,
          },
          { dir: config.database.dataDir },
        );
      }
      await fs.mkdir(config.dataDir, { recursive: true });
      const objects = await createObjectStore(config.objectStore);
      const { db, close } = await openDatabase(config);
      try {
        log(`Khôi phục từ / restoring from ${dir} vào / into ${path.resolve(config.dataDir)}`);
        const r = await restoreDataDirectory({
          dir,
          db,
          objects,
          objectsRoot: config.objectStore.kind === 'local' ? config.objectStore.root : null,
          dataDir: config.dataDir,
          progress: log,
        });
        log(
          `Xong / done: ${r.tables} bảng / tables, ${r.rows} dòng / rows; ${r.objectsChecked} đối tượng khớp mã băm / ` +
            `objects match their hash (${r.objectsBytes} B)`,
        );
      } finally {
        await close();
        await objects.close();
      }
    });
}
