import type { Command } from 'commander';
import { createObjectStore } from '../../storage/objects/create-object-store';
import { backupDataDirectory } from '../../workflows/archive/backup';
import { loadConfig } from '../config';
import { openDatabase } from './open-database';

/**
 * `vanban backup <dir>`: an online, consistent backup of the embedded database (one snapshot), the local
 * object store and DATA_DIR/audit into a new directory (workflows/archive/backup.ts; docs/deployment.md).
 * The server may keep running; an S3 store's objects are left to bucket replication (only checked).
 */
export function addBackupCommand(program: Command, log: (line: string) => void): Command {
  return program
    .command('backup')
    .description(
      'Sao lưu trực tuyến cơ sở dữ liệu và kho đối tượng / online backup of the database and object store',
    )
    .argument('<dir>', 'thư mục mới hoặc trống / a new or empty directory')
    .action(async (dir: string) => {
      const config = loadConfig();
      const objects = await createObjectStore(config.objectStore);
      const { db, close } = await openDatabase(config);
      try {
        log(`Sao lưu vào / backing up into ${dir}`);
        const m = await backupDataDirectory({
          db,
          dir,
          objects,
          objectsRoot: config.objectStore.kind === 'local' ? config.objectStore.root : null,
          dataDir: config.dataDir,
          now: new Date(),
          progress: log,
        });
        const rows = Object.values(m.tables).reduce((n, t) => n + t.rows, 0);
        log(
          `Xong / done: ${Object.keys(m.tables).length} bảng / tables, ${rows} dòng / rows, ` +
            `${m.objects.copied} đối tượng / objects (${m.objects.bytes} B), ${m.objects.referenced} được tham chiếu / referenced, ` +
            `ảnh chụp / snapshot ${m.snapshot.txid} @ ${m.snapshot.lsn}`,
        );
      } finally {
        await close();
        await objects.close();
      }
    });
}
