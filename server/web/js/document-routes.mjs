// The hash routes of the document pages, spread into the shell's ROUTES (main.mjs). Each names the
// menu entry (menu.mjs) whose roles may open it; the shell shows the home page to everyone else.
import { assignmentDocPage, assignmentsPage, inboxPage, incomingDocPage } from './incoming-pages.mjs';
import {
  draftPage,
  draftsPage,
  newDraftPage,
  outboxDocPage,
  outboxPage,
  paperPage,
  reviewDocPage,
  reviewPage,
  sealDocPage,
  sealPage,
} from './outgoing-pages.mjs';

const ID = '([0-9a-f-]{36})';

export const DOCUMENT_ROUTES = [
  { pattern: /^#\/drafts$/, page: draftsPage, key: 'navDrafts' },
  { pattern: /^#\/drafts\/new$/, page: newDraftPage, key: 'navDrafts' },
  { pattern: new RegExp(`^#/drafts/${ID}$`), page: draftPage, key: 'navDrafts' },
  { pattern: /^#\/review$/, page: reviewPage, key: 'navReview' },
  { pattern: new RegExp(`^#/review/${ID}$`), page: reviewDocPage, key: 'navReview' },
  { pattern: /^#\/seal$/, page: sealPage, key: 'navSeal' },
  { pattern: /^#\/seal\/paper$/, page: paperPage, key: 'navSeal' },
  { pattern: new RegExp(`^#/seal/${ID}$`), page: sealDocPage, key: 'navSeal' },
  { pattern: /^#\/outbox$/, page: outboxPage, key: 'navOutbox' },
  { pattern: new RegExp(`^#/outbox/${ID}$`), page: outboxDocPage, key: 'navOutbox' },
  { pattern: /^#\/inbox$/, page: inboxPage, key: 'navInbox' },
  { pattern: new RegExp(`^#/inbox/${ID}$`), page: incomingDocPage, key: 'navInbox' },
  { pattern: /^#\/assignments$/, page: assignmentsPage, key: 'navAssignments' },
  { pattern: new RegExp(`^#/assignments/${ID}$`), page: assignmentDocPage, key: 'navAssignments' },
];
