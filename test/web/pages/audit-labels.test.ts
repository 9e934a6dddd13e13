// Every audit event type the server can write has a label in both languages (the audit page never
// shows a raw code): the keys of AuditEventPayloads, declared by merging in workflows/ and server/.
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_LABELS, labelOf } from '../../../web/src/labels/labels';

// The server's sources as text (Vite reads them at test time; nothing of them runs here).
const SOURCES: Record<string, string> = {
  ...import.meta.glob('../../../workflows/**/*.ts', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob('../../../server/**/*audit-events.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
};

/** The UPPER_CASE keys of each `interface AuditEventPayloads { … }` block. */
function auditEventTypes(): string[] {
  const types = new Set<string>();
  for (const text of Object.values(SOURCES)) {
    for (const block of text.split('interface AuditEventPayloads {').slice(1)) {
      const body = block.split(/\n {0,2}\}/)[0]!;
      for (const m of body.matchAll(/^\s+([A-Z][A-Z0-9_]+)\s*:/gm)) types.add(m[1]!);
    }
  }
  return [...types].sort();
}

describe('audit event labels', () => {
  it('labels every audit event type, the draft edits and recipients of issue 14 among them', () => {
    const types = auditEventTypes();
    expect(types).toEqual(
      expect.arrayContaining(['DOCUMENT_DRAFT_EDITED', 'DOCUMENT_DRAFT_DELETED', 'DOCUMENT_RECIPIENTS_SET']),
    );
    expect(types.length).toBeGreaterThan(50);
    expect(types.filter((t) => !AUDIT_EVENT_LABELS[t])).toEqual([]);
    expect(labelOf(AUDIT_EVENT_LABELS, 'DOCUMENT_DRAFT_EDITED', 'vi')).toBe('Sửa dự thảo');
    expect(labelOf(AUDIT_EVENT_LABELS, 'DOCUMENT_DRAFT_DELETED', 'en')).toBe('Draft deleted');
    expect(labelOf(AUDIT_EVENT_LABELS, 'DOCUMENT_RECIPIENTS_SET', 'vi')).toBe('Bổ sung nơi nhận');
  });
});
