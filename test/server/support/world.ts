import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { createApp, type AppConfig, type AppDeps } from '../../../server/app';
import { createObjectStore } from '../../../storage/objects/create-object-store';
import type { ObjectStore } from '../../../storage/objects/object-store';
import { hashPassword } from '../../../workflows/accounts/password-hash';
import type { Role } from '../../../workflows/context';
import { foldSearchText } from '../../../workflows/directory/search-text';
import { FixedClock } from '../../workflows/fixtures';
import { TestServer } from './http-client';

export const PASSWORD = 'Mật-khẩu-thử-2025';

/** The units of a small province: root, one district (the actors' unit), its commune, another district. */
export interface World {
  readonly province: string;
  readonly own: string;
  readonly child: string;
  readonly other: string;
  /** username per role, all in `own`. */
  readonly users: Record<Role, { id: string; username: string }>;
  /** One account in each of the three target units (for user reads). */
  readonly targetUsers: { own: string; child: string; other: string };
}

async function unit(
  db: DataSource,
  u: { code: string; name: string; level: 'province' | 'district' | 'commune'; parentId: string | null },
): Promise<string> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO units (code, name, level, parent_id, valid_from, search_text)
     VALUES ($1, $2, $3, $4, '2020-01-01', $5) RETURNING id`,
    [u.code, u.name, u.level, u.parentId, foldSearchText(`${u.name} ${u.code}`)],
  );
  return rows[0]!.id;
}

async function user(
  db: DataSource,
  unitId: string,
  username: string,
  fullName: string,
  roles: Role[],
  passwordHash: string,
): Promise<string> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO users (username, full_name, unit_id, roles, password_hash)
     VALUES ($1, $2, $3, $4::text[], $5) RETURNING id`,
    [username, fullName, unitId, roles, passwordHash],
  );
  return rows[0]!.id;
}

const FULL_NAMES: Record<Role, string> = {
  specialist: 'Nguyễn Thị Hương',
  leader: 'Trần Văn Đức',
  clerk: 'Lê Thị Mỹ Duyên',
  archivist: 'Phạm Quốc Bảo',
  auditor: 'Võ Thanh Tùng',
  admin: 'Huỳnh Ngọc Ánh',
};

export async function seedWorld(db: DataSource): Promise<World> {
  const province = await unit(db, {
    code: '000.00.00.H41',
    name: 'Ủy ban nhân dân tỉnh Long An',
    level: 'province',
    parentId: null,
  });
  const own = await unit(db, {
    code: '000.00.02.H41',
    name: 'Ủy ban nhân dân huyện Bến Lức',
    level: 'district',
    parentId: province,
  });
  const child = await unit(db, {
    code: '000.02.01.H41',
    name: 'Ủy ban nhân dân xã Thạnh Lợi',
    level: 'commune',
    parentId: own,
  });
  const other = await unit(db, {
    code: '000.00.03.H41',
    name: 'Ủy ban nhân dân huyện Cần Đước',
    level: 'district',
    parentId: province,
  });
  await unit(db, { code: '000.00.04.H41', name: 'Sở Nội vụ', level: 'province', parentId: province });
  // Cheap scrypt for speed; login upgrades it to the default cost, as it would an old hash.
  const hash = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
  const users = {} as Record<Role, { id: string; username: string }>;
  for (const role of Object.keys(FULL_NAMES) as Role[]) {
    const username = `bl.${role}`;
    users[role] = { id: await user(db, own, username, FULL_NAMES[role], [role], hash), username };
  }
  const targetUsers = {
    own: await user(db, own, 'bl.staff', 'Mai Văn Sơn', ['specialist'], hash),
    child: await user(db, child, 'tl.specialist', 'Đặng Minh Khoa', ['specialist'], hash),
    other: await user(db, other, 'cd.specialist', 'Bùi Thị Lan', ['specialist'], hash),
  };
  return { province, own, child, other, users, targetUsers };
}

export interface RunningApp {
  readonly server: TestServer;
  readonly clock: FixedClock;
  readonly objects: ObjectStore;
  readonly logLines: string[];
  close(): Promise<void>;
}

/** createApp on a test database and a local object store in a temp dir, listening on 127.0.0.1:0. */
export async function startApp(
  db: DataSource,
  config: Partial<AppConfig> = {},
  deps: Pick<AppDeps, 'sessions'> = {},
): Promise<RunningApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-http-'));
  const objects = await createObjectStore({ kind: 'local', root: path.join(dir, 'objects') });
  const clock = new FixedClock(new Date('2025-07-01T09:00:00+07:00'));
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  const app = createApp({
    ...deps,
    db,
    objects,
    clock,
    logger,
    config: {
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
      cookieSecure: false,
      devMode: true,
      ...config,
    },
  });
  const server = await TestServer.start(app);
  return {
    server,
    clock,
    objects,
    logLines,
    close: async () => {
      await server.close();
      await objects.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
