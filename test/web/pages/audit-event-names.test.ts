// The server's export names audit events as the page does: the web's AUDIT_EVENT_LABELS is the table of
// workflows/audit/audit-event-names.ts itself, not a copy that could drift.
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_NAMES, auditEventName } from '../../../workflows/audit/audit-event-names';
import { AUDIT_EVENT_LABELS } from '../../../web/src/labels/labels';

describe('audit event names of the server export', () => {
  it('are the web labels, in both languages; an unknown type keeps its code', () => {
    expect(AUDIT_EVENT_LABELS).toBe(AUDIT_EVENT_NAMES);
    expect(auditEventName('DOCUMENT_SIGNED')).toBe(AUDIT_EVENT_LABELS.DOCUMENT_SIGNED!.vi);
    expect(auditEventName('ARCHIVE_PACKAGES_EXPIRED', 'en')).toBe('Expired archival packages deleted');
    expect(auditEventName('NO_SUCH_EVENT')).toBe('NO_SUCH_EVENT');
  });
});
