// The hash routes, in order; the first whose pattern matches and whose menu entry the person's roles
// see is rendered (anyone else gets the home page, as in the old app). A page gets the query and
// the id its pattern captured.
import type { ReactNode } from 'react';
import type { Role } from './api/types';
import { MENU, type MenuKey } from './menu';
import { AccountPage } from './pages/account-page';
import { ArchivePage } from './pages/archive/archive-page';
import { CaseFilePage } from './pages/archive/case-file-page';
import { FixityPage } from './pages/archive/fixity-page';
import { DisposalPage, DisposalsPage } from './pages/archive/disposal-pages';
import { RetentionPage } from './pages/archive/retention-page';
import { RecordPage, RecordsPage } from './pages/archive/records-pages';
import { TransferPage, TransfersPage } from './pages/archive/transfer-pages';
import { AuditPage } from './pages/audit-page';
import { CredentialsPage } from './pages/credentials/credentials-page';
import { FederationPage } from './pages/federation/federation-page';
import { HomePage } from './pages/home-page';
import { AssignmentsPage } from './pages/incoming/assignments-page';
import { InboxPage } from './pages/incoming/inbox-page';
import { IncomingDocumentPage } from './pages/incoming/incoming-document-page';
import { NewDraftPage } from './pages/outgoing/new-draft-page';
import { DraftsPage, OutboxPage, ReviewPage, SealPage } from './pages/outgoing/outgoing-lists';
import { OutgoingDocumentPage } from './pages/outgoing/outgoing-document-page';
import { PaperPage } from './pages/outgoing/paper-page';
import type { PageProps } from './pages/page-props';
import { RegisterBooksPage } from './pages/registers/register-books-page';
import { RegistersPage } from './pages/registers/registers-page';
import { DigitisationPage } from './pages/digitisation/digitisation-page';
import { DigitisationRecordPage } from './pages/digitisation/digitisation-record-page';
import { UnitPage } from './pages/unit-page';
import { UnitsPage } from './pages/units-page';
import { UsersPage } from './pages/users-page';
import { SearchPage } from './pages/search/search-page';
import { IssuedReportPage } from './pages/reports/issued-report-page';
import { ReportsPage } from './pages/reports/reports-page';
import { ValidationBatchPage } from './pages/validation/validation-batch-page';
import { ValidationBatchesPage } from './pages/validation/validation-batches-page';
import { ValidationPage } from './pages/validation/validation-page';
import { ValidationReportPage } from './pages/validation/validation-report-page';
import { ValidationTrustPage } from './pages/validation/validation-trust-page';

export interface Route {
  readonly pattern: RegExp;
  /** The menu entry whose roles may open the route; none: anyone signed in. */
  readonly menu?: MenuKey;
  readonly page: (props: PageProps) => ReactNode;
}

const ID = '([0-9a-f-]{36})';
const route = (pattern: string, page: Route['page'], menu?: MenuKey): Route => ({
  pattern: new RegExp(`^${pattern}$`),
  page,
  menu,
});

export const ROUTES: readonly Route[] = [
  route('#/?', () => <HomePage />),
  route('#/units', (p) => <UnitsPage {...p} />),
  route(`#/units/${ID}`, (p) => <UnitPage key={p.id} {...p} />),
  route('#/users', (p) => <UsersPage {...p} />, 'navUsers'),
  route('#/audit', () => <AuditPage />, 'navAudit'),
  route('#/account', () => <AccountPage />),
  route('#/federation', () => <FederationPage />, 'navFederation'),
  route('#/signing-credentials', () => <CredentialsPage />, 'navSigningCredentials'),
  // Archive (pages/archive): file list, case file, transfers, disposal, retention table, the archive
  // browser (#/archive/records, by year and file) and the record view (#/archive/records/:id).
  route('#/archive', (p) => <ArchivePage {...p} />, 'navArchive'),
  route(`#/archive/files/${ID}`, (p) => <CaseFilePage key={p.id} {...p} />, 'navArchive'),
  route('#/archive/transfers', () => <TransfersPage />, 'navArchive'),
  route(`#/archive/transfers/${ID}`, (p) => <TransferPage key={p.id} {...p} />, 'navArchive'),
  route('#/archive/disposals', () => <DisposalsPage />, 'navArchive'),
  route(`#/archive/disposals/${ID}`, (p) => <DisposalPage key={p.id} {...p} />, 'navArchive'),
  route('#/archive/retention', () => <RetentionPage />),
  // Their own menu entry: auditors (no 'navArchive') read records too; the API authorises by unit.
  route('#/archive/records', (p) => <RecordsPage {...p} />, 'navArchiveRecords'),
  route(`#/archive/records/${ID}`, (p) => <RecordPage key={p.id} {...p} />, 'navArchiveRecords'),
  route('#/archive/fixity', (p) => <FixityPage {...p} />, 'navFixity'),
  // Search (pages/search, issue 12).
  route('#/search', (p) => <SearchPage {...p} />, 'navSearch'),
  route('#/reports', (p) => <ReportsPage {...p} />, 'navReports'),
  route(`#/reports/issued/${ID}`, (p) => <IssuedReportPage key={p.id} {...p} />, 'navReports'),
  // Signature validation (pages/validation).
  route('#/validation', () => <ValidationPage />, 'navValidation'),
  route(`#/validation/reports/${ID}`, (p) => <ValidationReportPage key={p.id} {...p} />, 'navValidation'),
  route('#/validation/batches', () => <ValidationBatchesPage />, 'navValidation'),
  route(`#/validation/batches/${ID}`, (p) => <ValidationBatchPage key={p.id} {...p} />, 'navValidation'),
  route('#/validation/trust', () => <ValidationTrustPage />, 'navValidation'),
  // Outgoing documents (pages/outgoing).
  route('#/drafts', () => <DraftsPage />, 'navDrafts'),
  route('#/drafts/new', (p) => <NewDraftPage {...p} />, 'navDrafts'),
  route(
    `#/drafts/${ID}`,
    (p) => <OutgoingDocumentPage key={p.id} id={p.id!} section="drafts" />,
    'navDrafts',
  ),
  route('#/review', () => <ReviewPage />, 'navReview'),
  route(
    `#/review/${ID}`,
    (p) => <OutgoingDocumentPage key={p.id} id={p.id!} section="review" />,
    'navReview',
  ),
  route('#/seal', () => <SealPage />, 'navSeal'),
  route('#/seal/paper', () => <PaperPage />, 'navSeal'),
  route(`#/seal/${ID}`, (p) => <OutgoingDocumentPage key={p.id} id={p.id!} section="seal" />, 'navSeal'),
  route('#/outbox', () => <OutboxPage />, 'navOutbox'),
  route(
    `#/outbox/${ID}`,
    (p) => <OutgoingDocumentPage key={p.id} id={p.id!} section="outbox" />,
    'navOutbox',
  ),
  // Incoming documents (pages/incoming).
  route('#/inbox', (p) => <InboxPage {...p} />, 'navInbox'),
  route(`#/inbox/${ID}`, (p) => <IncomingDocumentPage key={p.id} id={p.id!} section="inbox" />, 'navInbox'),
  route('#/assignments', () => <AssignmentsPage />, 'navAssignments'),
  route(
    `#/assignments/${ID}`,
    (p) => <IncomingDocumentPage key={p.id} id={p.id!} section="assignments" />,
    'navAssignments',
  ),
  // Register books (pages/registers).
  route('#/registers', (p) => <RegistersPage {...p} />, 'navRegisters'),
  route('#/register-books', () => <RegisterBooksPage />, 'navRegisterBooks'),
  // Digitisation of paper records (pages/digitisation).
  route('#/digitisation', () => <DigitisationPage />, 'navDigitisation'),
  route(`#/digitisation/${ID}`, (p) => <DigitisationRecordPage key={p.id} id={p.id!} />, 'navDigitisation'),
];

function allowed(r: Route, roles: readonly Role[]): boolean {
  if (!r.menu) return true;
  const entry = MENU.find((m) => m.key === r.menu);
  return !!entry && (entry.roles === 'all' || entry.roles.some((role) => roles.includes(role)));
}

/** The page for a hash path and the person's roles (the home page when none matches or is allowed). */
export function resolveRoute(path: string, roles: readonly Role[]): { route: Route; id?: string } {
  for (const r of ROUTES) {
    const match = r.pattern.exec(path);
    if (match && allowed(r, roles)) return { route: r, id: match[1] };
  }
  return { route: ROUTES[0]! };
}
