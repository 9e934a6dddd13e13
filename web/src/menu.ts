// Navigation by role: each entry names its label (shell-strings.ts) and the roles that see it. A route
// that names an entry opens only for those roles (routes.tsx); everyone else gets the home page.
import type { Role } from './api/types';
import type { ShellKey } from './shell-strings';

export interface MenuEntry {
  readonly hash: string;
  readonly key: ShellKey;
  readonly roles: readonly Role[] | 'all';
}

export const MENU: readonly MenuEntry[] = [
  // Daily work, in the order a document moves.
  { hash: '#/', key: 'navHome', roles: 'all' },
  { hash: '#/search', key: 'navSearch', roles: 'all' },
  { hash: '#/inbox', key: 'navInbox', roles: ['clerk', 'leader', 'specialist'] },
  { hash: '#/assignments', key: 'navAssignments', roles: ['leader', 'specialist'] },
  { hash: '#/drafts', key: 'navDrafts', roles: ['specialist', 'leader'] },
  { hash: '#/review', key: 'navReview', roles: ['leader'] },
  { hash: '#/seal', key: 'navSeal', roles: ['clerk'] },
  { hash: '#/outbox', key: 'navOutbox', roles: ['clerk', 'leader', 'specialist'] },
  { hash: '#/registers', key: 'navRegisters', roles: ['clerk', 'leader', 'archivist', 'auditor'] },
  // Records: digitisation, the archive, reports.
  { hash: '#/digitisation', key: 'navDigitisation', roles: ['clerk', 'archivist', 'leader', 'auditor'] },
  { hash: '#/archive', key: 'navArchive', roles: ['archivist', 'specialist', 'leader', 'clerk'] },
  { hash: '#/archive/records', key: 'navArchiveRecords', roles: ['archivist', 'leader', 'auditor'] },
  { hash: '#/archive/fixity', key: 'navFixity', roles: ['archivist', 'admin', 'auditor'] },
  { hash: '#/reports', key: 'navReports', roles: ['leader', 'admin', 'auditor', 'clerk'] },
  // Directory, administration and audit.
  { hash: '#/units', key: 'navUnits', roles: 'all' },
  { hash: '#/users', key: 'navUsers', roles: ['admin'] },
  { hash: '#/register-books', key: 'navRegisterBooks', roles: ['admin'] },
  { hash: '#/signing-credentials', key: 'navSigningCredentials', roles: ['admin'] },
  { hash: '#/archive/retention', key: 'navRetention', roles: ['admin'] },
  { hash: '#/audit', key: 'navAudit', roles: ['auditor', 'admin'] },
  { hash: '#/validation', key: 'navValidation', roles: ['auditor', 'admin'] },
  { hash: '#/federation', key: 'navFederation', roles: ['admin'] },
  { hash: '#/account', key: 'navAccount', roles: 'all' },
];

export type MenuKey = (typeof MENU)[number]['key'];

export function menuFor(roles: readonly Role[]): MenuEntry[] {
  return MENU.filter((m) => m.roles === 'all' || m.roles.some((r) => roles.includes(r)));
}

/** The entry a path belongs to: the longest hash it starts with. */
export function activeEntry(menu: readonly MenuEntry[], path: string): MenuEntry | undefined {
  return (
    menu.filter((m) => path === m.hash || (m.hash !== '#/' && path.startsWith(m.hash))).at(-1) ?? menu[0]
  );
}
