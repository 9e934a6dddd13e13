import type { DataSource, EntityManager } from 'typeorm';
import type { Clock, Role } from '../context';
import { appendAuditEvent } from '../audit/append-audit-event';
import { hashPassword } from '../accounts/password-hash';
import { foldSearchText } from './search-text';
import type { UnitLevel } from './unit';

export interface DemoLogin {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly unitName: string;
  readonly unitCode: string;
}

export interface DemoSeedResult {
  /** False when the province was already there (nothing written). */
  readonly seeded: boolean;
  readonly units: number;
  readonly users: number;
  readonly logins: readonly DemoLogin[];
}

/** The one password of every demo account. Demo data only: never seed it in production. */
export const DEMO_PASSWORD = 'VanBan@2025';
export const DEMO_PROVINCE_CODE = '000.00.00.H99';
const PROVINCE = 'Long Giang';
const VALID_FROM = '2020-01-01';
/** Advisory lock key: replicas starting together seed once ("VBSEED" as an int8). */
const SEED_LOCK = '94842864878916';

/** 19 departments and agencies of a provincial People's Committee (pre-2025 structure). */
const DEPARTMENTS: readonly [name: string, short: string, slug: string][] = [
  ['Văn phòng Ủy ban nhân dân tỉnh', 'VP UBND tỉnh', 'vpubnd'],
  ['Sở Nội vụ', 'SNV', 'snv'],
  ['Sở Tư pháp', 'STP', 'stp'],
  ['Sở Kế hoạch và Đầu tư', 'SKHĐT', 'skhdt'],
  ['Sở Tài chính', 'STC', 'stc'],
  ['Sở Công Thương', 'SCT', 'sct'],
  ['Sở Nông nghiệp và Phát triển nông thôn', 'SNNPTNT', 'snnptnt'],
  ['Sở Giao thông vận tải', 'SGTVT', 'sgtvt'],
  ['Sở Xây dựng', 'SXD', 'sxd'],
  ['Sở Tài nguyên và Môi trường', 'STNMT', 'stnmt'],
  ['Sở Thông tin và Truyền thông', 'STTTT', 'stttt'],
  ['Sở Lao động - Thương binh và Xã hội', 'SLĐTBXH', 'sldtbxh'],
  ['Sở Văn hóa, Thể thao và Du lịch', 'SVHTTDL', 'svhttdl'],
  ['Sở Khoa học và Công nghệ', 'SKHCN', 'skhcn'],
  ['Sở Giáo dục và Đào tạo', 'SGDĐT', 'sgddt'],
  ['Sở Y tế', 'SYT', 'syt'],
  ['Sở Ngoại vụ', 'SNgV', 'sngv'],
  ['Thanh tra tỉnh', 'TTT', 'thanhtratinh'],
  ['Ban Quản lý Khu kinh tế', 'BQLKKT', 'bqlkkt'],
];

/** 15 district-level units: one city, one town, 13 rural districts. */
const DISTRICTS: readonly [kind: 'Thành phố' | 'Thị xã' | 'Huyện', name: string][] = [
  ['Thành phố', 'Tân Giang'],
  ['Thị xã', 'Kiến Phước'],
  ['Huyện', 'Bến Thạnh'],
  ['Huyện', 'Đức Hòa Đông'],
  ['Huyện', 'Cần Long'],
  ['Huyện', 'Châu Thành'],
  ['Huyện', 'Tân Trụ Hạ'],
  ['Huyện', 'Thủ Thừa Tây'],
  ['Huyện', 'Mộc Hóa Thượng'],
  ['Huyện', 'Vĩnh Hưng Bắc'],
  ['Huyện', 'Tân Hưng Nam'],
  ['Huyện', 'Thạnh Hóa'],
  ['Huyện', 'Đức Huệ'],
  ['Huyện', 'Tân Thạnh'],
  ['Huyện', 'Phước Lộc'],
];

const PLACE_FIRST = [
  'An',
  'Bình',
  'Hòa',
  'Long',
  'Mỹ',
  'Phú',
  'Phước',
  'Tân',
  'Thạnh',
  'Vĩnh',
  'Đức',
  'Hưng',
  'Nhựt',
  'Thuận',
  'Lương',
  'Hiệp',
];
const PLACE_SECOND = [
  'Lợi',
  'Khánh',
  'Lộc',
  'Thới',
  'Trung',
  'Đông',
  'Tây',
  'Hậu',
  'Định',
  'Phú',
  'Thành',
  'Hòa',
  'Quới',
  'Xuân',
  'Ninh',
  'Tân',
  'Nhơn',
  'Hiệp',
  'An',
  'Bình',
];

const FAMILY: readonly [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Huỳnh', 5],
  ['Hoàng', 2],
  ['Phan', 4.5],
  ['Võ', 3.9],
  ['Vũ', 1.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Trương', 1],
  ['Đinh', 0.5],
  ['Lâm', 0.6],
  ['Châu', 0.4],
];
const MIDDLE_MALE = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thành', 'Công', 'Hoàng', 'Tấn', 'Trọng'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thanh', 'Kim', 'Thu', 'Mỹ', 'Thị Thanh', 'Thị Kim', 'Bích', 'Hồng'];
const GIVEN_MALE = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Hải',
  'Hùng',
  'Khoa',
  'Long',
  'Minh',
  'Nam',
  'Phúc',
  'Quang',
  'Sơn',
  'Tâm',
  'Thắng',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
  'Hiếu',
  'Khang',
  'Lộc',
  'Nghĩa',
  'Phong',
  'Tài',
  'Thiện',
  'Toàn',
  'Trí',
];
const GIVEN_FEMALE = [
  'Anh',
  'Chi',
  'Dung',
  'Hà',
  'Hạnh',
  'Hằng',
  'Hoa',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'Ngọc',
  'Nhung',
  'Phương',
  'Thảo',
  'Trang',
  'Tuyết',
  'Vân',
  'Yến',
  'Loan',
  'Diễm',
  'Huyền',
  'My',
  'Oanh',
  'Quyên',
  'Thủy',
];

interface PlannedUnit {
  code: string;
  name: string;
  shortName: string;
  level: UnitLevel;
  parentCode: string | null;
  slug: string;
  kind: 'root' | 'department' | 'district' | 'commune';
}

interface PlannedUser {
  username: string;
  fullName: string;
  title: string;
  role: Role;
  unitCode: string;
}

/** Role counts per kind of unit (≈ 9,200 accounts in all). */
const STAFF: Record<PlannedUnit['kind'], Partial<Record<Role, number>>> = {
  root: { admin: 2, leader: 5, clerk: 4, archivist: 3, auditor: 3, specialist: 180 },
  department: { admin: 1, leader: 4, clerk: 3, archivist: 1, auditor: 1, specialist: 110 },
  district: { admin: 1, leader: 4, clerk: 3, archivist: 1, auditor: 1, specialist: 140 },
  commune: { leader: 3, clerk: 2, specialist: 19 },
};
const ROLE_SLUG: Record<Role, string> = {
  admin: 'quantri',
  leader: 'lanhdao',
  clerk: 'vanthu',
  archivist: 'luutru',
  auditor: 'thanhtra',
  specialist: 'chuyenvien',
};

/** Deterministic PRNG (mulberry32): the same province on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slugOf = (text: string) => foldSearchText(text).replace(/[^a-z0-9]/g, '');

function planUnits(): PlannedUnit[] {
  const root: PlannedUnit = {
    code: DEMO_PROVINCE_CODE,
    name: `Ủy ban nhân dân tỉnh ${PROVINCE}`,
    shortName: `UBND tỉnh ${PROVINCE}`,
    level: 'province',
    parentCode: null,
    slug: 'ubndtinh',
    kind: 'root',
  };
  const units: PlannedUnit[] = [root];
  DEPARTMENTS.forEach(([name, shortName, slug], i) =>
    units.push({
      code: `000.00.${String(i + 1).padStart(2, '0')}.H99`,
      name,
      shortName,
      level: 'province',
      parentCode: root.code,
      slug,
      kind: 'department',
    }),
  );
  const rand = prng(2024);
  const usedNames = new Set<string>();
  const usedSlugs = new Set<string>();
  DISTRICTS.forEach(([kind, place], d) => {
    const dd = String(20 + d).padStart(2, '0');
    const districtCode = `000.00.${dd}.H99`;
    const kindLower = kind === 'Huyện' ? 'huyện' : kind === 'Thị xã' ? 'thị xã' : 'thành phố';
    const prefix = kind === 'Huyện' ? 'ubndhuyen' : kind === 'Thị xã' ? 'ubndtx' : 'ubndtp';
    units.push({
      code: districtCode,
      name: `Ủy ban nhân dân ${kindLower} ${place}`,
      shortName: `UBND ${kindLower} ${place}`,
      level: 'district',
      parentCode: root.code,
      slug: prefix + slugOf(place),
      kind: 'district',
    });
    // 188 = 8 × 13 + 7 × 12 commune-level units.
    const count = d < 8 ? 13 : 12;
    for (let c = 0; c < count; c++) {
      const communeKind =
        kind === 'Thành phố'
          ? 'Phường'
          : kind === 'Thị xã'
            ? c < 5
              ? 'Phường'
              : 'Xã'
            : c === 0
              ? 'Thị trấn'
              : 'Xã';
      let place2: string;
      if (communeKind === 'Thị trấn') place2 = place;
      else {
        do {
          const a = PLACE_FIRST[Math.floor(rand() * PLACE_FIRST.length)]!;
          const b = PLACE_SECOND[Math.floor(rand() * PLACE_SECOND.length)]!;
          place2 = a === b ? a : `${a} ${b}`;
        } while (usedNames.has(place2));
        usedNames.add(place2);
      }
      const lower = communeKind.toLowerCase();
      let slug = (communeKind === 'Phường' ? 'phuong' : communeKind === 'Xã' ? 'xa' : 'tt') + slugOf(place2);
      if (usedSlugs.has(slug)) slug += dd;
      usedSlugs.add(slug);
      units.push({
        code: `000.${String(c + 1).padStart(2, '0')}.${dd}.H99`,
        name: `Ủy ban nhân dân ${lower} ${place2}`,
        shortName: `UBND ${lower} ${place2}`,
        level: 'commune',
        parentCode: districtCode,
        slug,
        kind: 'commune',
      });
    }
  });
  return units;
}

function titleFor(unit: PlannedUnit, role: Role, index: number): string {
  switch (role) {
    case 'leader':
      if (unit.kind === 'department') {
        const head = unit.name.startsWith('Thanh tra')
          ? 'Chánh Thanh tra'
          : unit.name.startsWith('Văn phòng')
            ? 'Chánh Văn phòng'
            : unit.name.startsWith('Ban')
              ? 'Trưởng ban'
              : 'Giám đốc';
        return index === 0
          ? head
          : head.replace(/^(Chánh|Trưởng|Giám đốc)/, (h) =>
              h === 'Giám đốc' ? 'Phó Giám đốc' : `Phó ${h.toLowerCase()}`,
            );
      }
      return index === 0 ? 'Chủ tịch' : 'Phó Chủ tịch';
    case 'clerk':
      return 'Văn thư';
    case 'archivist':
      return 'Lưu trữ viên';
    case 'auditor':
      return 'Thanh tra viên';
    case 'admin':
      return 'Quản trị hệ thống';
    case 'specialist':
      return index % 9 === 0 ? 'Chuyên viên chính' : 'Chuyên viên';
  }
}

function planUsers(units: readonly PlannedUnit[]): PlannedUser[] {
  const rand = prng(9200);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const familyTotal = FAMILY.reduce((s, [, w]) => s + w, 0);
  const family = () => {
    let x = rand() * familyTotal;
    for (const [name, w] of FAMILY) if ((x -= w) < 0) return name;
    return FAMILY[0]![0];
  };
  const taken = new Set<string>();
  const users: PlannedUser[] = [];
  for (const unit of units) {
    for (const [role, count] of Object.entries(STAFF[unit.kind]) as [Role, number][]) {
      for (let i = 0; i < count; i++) {
        const female = rand() < 0.5;
        const fullName = `${family()} ${pick(female ? MIDDLE_FEMALE : MIDDLE_MALE)} ${pick(female ? GIVEN_FEMALE : GIVEN_MALE)}`;
        let username: string;
        if (i === 0 && unit.kind === 'root' && role === 'admin') username = 'admin';
        else if (i === 0) username = `${ROLE_SLUG[role]}.${unit.slug}`;
        else {
          // nguyenvanan → "an.nv" style: given name + initials, then the unit.
          const parts = foldSearchText(fullName)
            .split(' ')
            .map((p) => p.replace(/[^a-z0-9]/g, ''));
          const base = `${parts[parts.length - 1]}${parts
            .slice(0, -1)
            .map((p) => p[0])
            .join('')}.${unit.slug}`;
          username = base;
          for (let n = 2; taken.has(username); n++) username = `${base}${n}`;
        }
        taken.add(username);
        users.push({ username, fullName, title: titleFor(unit, role, i), role, unitCode: unit.code });
      }
    }
  }
  return users;
}

function demoLogins(units: readonly PlannedUnit[]): DemoLogin[] {
  const byKind = (k: PlannedUnit['kind']) => units.find((u) => u.kind === k)!;
  const root = byKind('root');
  const dept = units.find((u) => u.slug === 'snv')!;
  const district = byKind('district');
  const commune = byKind('commune');
  const line = (username: string, role: Role, u: PlannedUnit): DemoLogin => ({
    username,
    password: DEMO_PASSWORD,
    role,
    unitName: u.shortName,
    unitCode: u.code,
  });
  return [
    line('admin', 'admin', root),
    line('lanhdao.ubndtinh', 'leader', root),
    line('vanthu.ubndtinh', 'clerk', root),
    line('chuyenvien.ubndtinh', 'specialist', root),
    line('luutru.ubndtinh', 'archivist', root),
    line('thanhtra.ubndtinh', 'auditor', root),
    line(`lanhdao.${dept.slug}`, 'leader', dept),
    line(`vanthu.${dept.slug}`, 'clerk', dept),
    line(`chuyenvien.${dept.slug}`, 'specialist', dept),
    line(`quantri.${district.slug}`, 'admin', district),
    line(`vanthu.${district.slug}`, 'clerk', district),
    line(`lanhdao.${commune.slug}`, 'leader', commune),
    line(`vanthu.${commune.slug}`, 'clerk', commune),
    line(`chuyenvien.${commune.slug}`, 'specialist', commune),
  ];
}

/**
 * Seeds the demo province "Tỉnh Long Giang" (about the size of Long An in 2024): the provincial
 * People's Committee, 19 departments, 15 district and 188 commune People's Committees, and about 9,200
 * accounts with Vietnamese names, each unit with leaders, clerks and specialists (archivists, auditors
 * and admins at province and district level). Idempotent: when the province exists nothing is written.
 *
 * DEMO DATA ONLY: every account shares the password DEMO_PASSWORD and therefore ONE scrypt hash (one
 * salt), computed once — hashing 9,200 passwords would take minutes by design. Bulk INSERT ... SELECT
 * FROM unnest(...) keeps the whole seed to a few seconds.
 */
export async function seedDemoProvince(db: DataSource, options: { clock: Clock }): Promise<DemoSeedResult> {
  const units = planUnits();
  const logins = demoLogins(units);
  const exists = async (m: DataSource | EntityManager) =>
    ((await m.query('SELECT 1 FROM units WHERE code = $1', [DEMO_PROVINCE_CODE])) as unknown[]).length > 0;
  if (await exists(db)) return { seeded: false, units: 0, users: 0, logins };

  const users = planUsers(units);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = options.clock.now();

  return db.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1::bigint)', [SEED_LOCK]);
    if (await exists(m)) return { seeded: false, units: 0, users: 0, logins };

    const ids = new Map<string, string>();
    // Parents before children: root, then departments and districts, then communes.
    for (const wave of [
      units.filter((u) => u.kind === 'root'),
      units.filter((u) => u.kind === 'department' || u.kind === 'district'),
      units.filter((u) => u.kind === 'commune'),
    ]) {
      const rows: { id: string; code: string }[] = await m.query(
        `INSERT INTO units (code, name, short_name, level, parent_id, valid_from, search_text, created_at, updated_at)
         SELECT code, name, short_name, level, parent_id, $7::date, search_text, $8, $8
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[])
                AS t(code, name, short_name, level, parent_id, search_text)
         RETURNING id, code`,
        [
          wave.map((u) => u.code),
          wave.map((u) => u.name),
          wave.map((u) => u.shortName),
          wave.map((u) => u.level),
          wave.map((u) => (u.parentCode ? ids.get(u.parentCode)! : null)),
          wave.map((u) => foldSearchText(`${u.name} ${u.shortName} ${u.code}`)),
          VALID_FROM,
          now,
        ],
      );
      for (const r of rows) ids.set(r.code, r.id);
    }
    await m.query(
      `INSERT INTO unit_history (unit_id, kind, effective_on, recorded_at)
       SELECT id, 'created', valid_from, $1 FROM units WHERE id = ANY($2::uuid[])`,
      [now, [...ids.values()]],
    );
    await m.query(
      `INSERT INTO users (username, full_name, title, unit_id, roles, password_hash, created_at, updated_at)
       SELECT username, full_name, title, unit_id, ARRAY[role], $6, $7, $7
         FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[])
              AS t(username, full_name, title, unit_id, role)`,
      [
        users.map((u) => u.username),
        users.map((u) => u.fullName),
        users.map((u) => u.title),
        users.map((u) => ids.get(u.unitCode)!),
        users.map((u) => u.role),
        passwordHash,
        now,
      ],
    );
    const rootId = ids.get(DEMO_PROVINCE_CODE)!;
    await appendAuditEvent(
      m,
      { actor: null, clock: options.clock },
      {
        type: 'DEMO_PROVINCE_SEEDED',
        unitId: rootId,
        payload: { rootUnitId: rootId, units: units.length, users: users.length },
      },
    );
    return { seeded: true, units: units.length, users: users.length, logins };
  });
}
