// The server's export names audit events as the page does: workflows/audit/audit-event-names.ts holds
// the same vi/en names as the web's AUDIT_EVENT_LABELS (a new label on one side fails here).
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_NAMES, auditEventName } from '../../../workflows/audit/audit-event-names';
import { AUDIT_EVENT_LABELS } from '../../../web/src/labels/labels';

describe('audit event names of the server export', () => {
  it('equal the web labels, key for key, in both languages', () => {
    expect(AUDIT_EVENT_NAMES).toEqual(AUDIT_EVENT_LABELS);
    expect(auditEventName('DOCUMENT_SIGNED')).toBe(AUDIT_EVENT_LABELS.DOCUMENT_SIGNED!.vi);
    expect(auditEventName('NO_SUCH_EVENT')).toBe('NO_SUCH_EVENT');
  });
});
