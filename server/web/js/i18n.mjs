/* global localStorage, document, console */
// The web shell's dictionary: Vietnamese first, English alongside. The chosen language is remembered
// in localStorage.

const DICTIONARY = {
  vi: {
    appName: 'VanBan',
    appTagline: 'Văn bản điện tử và chữ ký số',
    skipToContent: 'Bỏ qua, đến nội dung chính',
    loading: 'Đang tải…',
    switchLanguage: 'English',
    switchLanguageLabel: 'Chuyển sang tiếng Anh',
    loginTitle: 'Đăng nhập',
    loginSubtitle: 'Hệ thống quản lý văn bản và chữ ký số',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    signIn: 'Đăng nhập',
    signingIn: 'Đang đăng nhập…',
    signOut: 'Đăng xuất',
    navMain: 'Điều hướng chính',
    navHome: 'Trang chủ',
    navUnits: 'Danh bạ đơn vị',
    navUsers: 'Quản trị tài khoản',
    navAudit: 'Nhật ký hệ thống',
    navValidation: 'Kiểm tra chữ ký',
    navAccount: 'Tài khoản của tôi',
    homeTitle: 'Xin chào, {name}',
    homeLead: 'Bạn đang làm việc tại {unit}.',
    yourRoles: 'Vai trò của bạn',
    yourUnit: 'Đơn vị',
    quickLinks: 'Truy cập nhanh',
    unitsTitle: 'Danh bạ đơn vị',
    unitsLead: 'Tra cứu cơ quan, đơn vị trong tỉnh theo tên hoặc mã định danh (có dấu hoặc không dấu).',
    searchLabel: 'Tìm theo tên hoặc mã định danh',
    searchPlaceholder: 'Ví dụ: uy ban nhan dan, 000.00.00.H41',
    levelLabel: 'Cấp',
    levelAll: 'Tất cả các cấp',
    levelProvince: 'Cấp tỉnh',
    levelDistrict: 'Cấp huyện',
    levelCommune: 'Cấp xã',
    includeEnded: 'Gồm cả đơn vị đã giải thể, sáp nhập',
    search: 'Tìm kiếm',
    colCode: 'Mã định danh',
    colName: 'Tên đơn vị',
    colLevel: 'Cấp',
    colStatus: 'Hiệu lực',
    active: 'Đang hoạt động',
    endedOn: 'Chấm dứt từ {date}',
    noResults: 'Không tìm thấy đơn vị nào.',
    resultCount: '{count} đơn vị',
    previous: 'Trang trước',
    next: 'Trang sau',
    pageNo: 'Trang {page}',
    directoryRoot: 'Danh bạ',
    unitDetails: 'Thông tin đơn vị',
    shortName: 'Tên viết tắt',
    validFrom: 'Hiệu lực từ',
    validTo: 'Hết hiệu lực từ',
    successor: 'Đơn vị kế thừa',
    parentUnit: 'Đơn vị cấp trên',
    childUnits: 'Đơn vị trực thuộc',
    noChildren: 'Không có đơn vị trực thuộc.',
    history: 'Lịch sử tổ chức',
    noHistory: 'Chưa có thay đổi nào.',
    historyCreated: 'Thành lập',
    historyRenamed: 'Đổi tên: “{old}” → “{new}”',
    historyReparented: 'Chuyển đơn vị cấp trên',
    historyMerged: 'Sáp nhập vào đơn vị khác',
    historyAbsorbed: 'Tiếp nhận đơn vị sáp nhập',
    historyDissolved: 'Giải thể',
    accountTitle: 'Tài khoản của tôi',
    fullName: 'Họ và tên',
    jobTitle: 'Chức vụ',
    roles: 'Vai trò',
    signedInWith: 'Phương thức đăng nhập',
    authSession: 'Phiên web',
    authBearer: 'Mã truy cập (API)',
    usersTitle: 'Quản trị tài khoản',
    usersLead: 'Tài khoản của đơn vị bạn.',
    colUsername: 'Tên đăng nhập',
    colFullName: 'Họ và tên',
    colTitle: 'Chức vụ',
    colRoles: 'Vai trò',
    colState: 'Trạng thái',
    accountActive: 'Hoạt động',
    accountDisabled: 'Đã khóa',
    noUsers: 'Không có tài khoản nào.',
    userCount: '({count} tài khoản)',
    auditTitle: 'Nhật ký hệ thống',
    auditLead: 'Các sự kiện được ghi theo chuỗi băm: sửa hoặc xóa một dòng đều bị phát hiện.',
    verifyChain: 'Kiểm tra tính toàn vẹn chuỗi',
    chainOk: 'Chuỗi nhật ký toàn vẹn ({count} sự kiện).',
    chainBroken: 'Chuỗi nhật ký bị phá vỡ tại sự kiện số {seq} ({reason}).',
    colTime: 'Thời điểm',
    colEvent: 'Sự kiện',
    colActor: 'Người thực hiện',
    colIp: 'Địa chỉ IP',
    noEvents: 'Chưa có sự kiện nào.',
    role_specialist: 'Chuyên viên',
    role_leader: 'Lãnh đạo',
    role_clerk: 'Văn thư',
    role_archivist: 'Lưu trữ viên',
    role_auditor: 'Thanh tra, kiểm tra',
    role_admin: 'Quản trị',
    level_province: 'Cấp tỉnh',
    level_district: 'Cấp huyện',
    level_commune: 'Cấp xã',
    sessionExpired: 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
    genericError: 'Đã có lỗi xảy ra. Vui lòng thử lại.',
    notFoundTitle: 'Không tìm thấy trang',
  },
  en: {
    appName: 'VanBan',
    appTagline: 'Electronic documents and digital signatures',
    skipToContent: 'Skip to main content',
    loading: 'Loading…',
    switchLanguage: 'Tiếng Việt',
    switchLanguageLabel: 'Switch to Vietnamese',
    loginTitle: 'Sign in',
    loginSubtitle: 'Document and digital signature system',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    signOut: 'Sign out',
    navMain: 'Main navigation',
    navHome: 'Home',
    navUnits: 'Unit directory',
    navUsers: 'Accounts',
    navAudit: 'Audit trail',
    navValidation: 'Signature validation',
    navAccount: 'My account',
    homeTitle: 'Welcome, {name}',
    homeLead: 'You are working at {unit}.',
    yourRoles: 'Your roles',
    yourUnit: 'Unit',
    quickLinks: 'Quick links',
    unitsTitle: 'Unit directory',
    unitsLead: 'Find the province’s bodies by name or identifier code (with or without diacritics).',
    searchLabel: 'Search by name or identifier code',
    searchPlaceholder: 'e.g. uy ban nhan dan, 000.00.00.H41',
    levelLabel: 'Level',
    levelAll: 'All levels',
    levelProvince: 'Province',
    levelDistrict: 'District',
    levelCommune: 'Commune',
    includeEnded: 'Include dissolved or merged units',
    search: 'Search',
    colCode: 'Identifier code',
    colName: 'Unit name',
    colLevel: 'Level',
    colStatus: 'Validity',
    active: 'Active',
    endedOn: 'Ended on {date}',
    noResults: 'No unit found.',
    resultCount: '{count} units',
    previous: 'Previous',
    next: 'Next',
    pageNo: 'Page {page}',
    directoryRoot: 'Directory',
    unitDetails: 'Unit details',
    shortName: 'Short name',
    validFrom: 'Valid from',
    validTo: 'Valid until (exclusive)',
    successor: 'Successor',
    parentUnit: 'Parent unit',
    childUnits: 'Subordinate units',
    noChildren: 'No subordinate units.',
    history: 'Organisational history',
    noHistory: 'No changes yet.',
    historyCreated: 'Established',
    historyRenamed: 'Renamed: “{old}” → “{new}”',
    historyReparented: 'Moved to another parent unit',
    historyMerged: 'Merged into another unit',
    historyAbsorbed: 'Absorbed merged units',
    historyDissolved: 'Dissolved',
    accountTitle: 'My account',
    fullName: 'Full name',
    jobTitle: 'Title',
    roles: 'Roles',
    signedInWith: 'Signed in with',
    authSession: 'Web session',
    authBearer: 'API token',
    usersTitle: 'Accounts',
    usersLead: 'Accounts of your unit.',
    colUsername: 'Username',
    colFullName: 'Full name',
    colTitle: 'Title',
    colRoles: 'Roles',
    colState: 'State',
    accountActive: 'Active',
    accountDisabled: 'Disabled',
    noUsers: 'No accounts.',
    userCount: '({count} accounts)',
    auditTitle: 'Audit trail',
    auditLead: 'Events are hash-chained: editing or deleting a row is detected.',
    verifyChain: 'Verify chain integrity',
    chainOk: 'The audit chain is intact ({count} events).',
    chainBroken: 'The audit chain is broken at event {seq} ({reason}).',
    colTime: 'Time',
    colEvent: 'Event',
    colActor: 'Actor',
    colIp: 'IP address',
    noEvents: 'No events yet.',
    role_specialist: 'Specialist',
    role_leader: 'Leader',
    role_clerk: 'Clerk',
    role_archivist: 'Archivist',
    role_auditor: 'Auditor',
    role_admin: 'Administrator',
    level_province: 'Province',
    level_district: 'District',
    level_commune: 'Commune',
    sessionExpired: 'Your session has expired. Please sign in again.',
    genericError: 'Something went wrong. Please try again.',
    notFoundTitle: 'Page not found',
  },
};

const STORAGE_KEY = 'vanban.lang';
let current = 'vi';
try {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'vi') current = saved;
} catch {
  /* storage unavailable: stay in Vietnamese */
}

export function language() {
  return current;
}

export function setLanguage(lang) {
  current = lang === 'en' ? 'en' : 'vi';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    /* not remembered, still switched */
  }
  document.documentElement.lang = current;
}

/** Translates a key, filling `{name}` placeholders. Unknown keys show as themselves (easy to spot). */
export function t(key, params = {}) {
  const text = DICTIONARY[current][key] ?? DICTIONARY.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/**
 * Adds a page module's strings (`{ vi: {...}, en: {...} }`) to the dictionary, so that each group of
 * pages keeps its own table. A key that already exists with another text is a programming error.
 */
export function addStrings(strings) {
  for (const lang of ['vi', 'en']) {
    for (const [key, text] of Object.entries(strings[lang] ?? {})) {
      if (key in DICTIONARY[lang] && DICTIONARY[lang][key] !== text)
        console.error(`i18n: duplicate key ${key}`);
      else DICTIONARY[lang][key] = text;
    }
  }
}

/** Formats a calendar date `YYYY-MM-DD` as `dd/mm/yyyy` (both languages use it in Vietnam). */
export function formatDate(isoDate) {
  if (!isoDate) return '';
  const [y, m, d] = String(isoDate).slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

export function formatDateTime(iso) {
  return new Date(iso).toLocaleString(current === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

export function formatNumber(n) {
  return Number(n).toLocaleString(current === 'vi' ? 'vi-VN' : 'en-US');
}
