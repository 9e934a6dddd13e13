// Navigation by role. Only pages that exist are listed; the document pages (Văn bản đến, Văn bản đi,
// Dự thảo, Ký số, Tra cứu lưu trữ, Kiểm tra chữ ký, Báo cáo) join this table, with their roles, in
// the issues that build them.
export const MENU = [
  { hash: '#/', key: 'navHome', roles: 'all' },
  // Document workflows (document-routes.mjs).
  { hash: '#/inbox', key: 'navInbox', roles: ['clerk', 'leader', 'specialist'] },
  { hash: '#/assignments', key: 'navAssignments', roles: ['leader', 'specialist'] },
  { hash: '#/drafts', key: 'navDrafts', roles: ['specialist', 'leader'] },
  { hash: '#/review', key: 'navReview', roles: ['leader'] },
  { hash: '#/seal', key: 'navSeal', roles: ['clerk'] },
  { hash: '#/outbox', key: 'navOutbox', roles: ['clerk', 'leader', 'specialist'] },
  { hash: '#/units', key: 'navUnits', roles: 'all' },
  { hash: '#/users', key: 'navUsers', roles: ['admin'] },
  { hash: '#/audit', key: 'navAudit', roles: ['auditor', 'admin'] },
  { hash: '#/validation', key: 'navValidation', roles: ['auditor', 'admin'] },
  { hash: '#/account', key: 'navAccount', roles: 'all' },
];

export function menuFor(roles) {
  return MENU.filter((item) => item.roles === 'all' || item.roles.some((r) => roles.includes(r)));
}
