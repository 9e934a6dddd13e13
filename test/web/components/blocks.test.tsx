import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  ClassificationBadge,
  StatusBadge,
  UrgencyBadge,
  VerdictBadge,
} from '../../../web/src/components/badge';
import { PdfPreview } from '../../../web/src/components/pdf-preview';
import { AUDIT_EVENT_LABELS, labelOf } from '../../../web/src/labels/labels';
import { renderWithLanguage } from '../support/render';

describe('badges', () => {
  it('show labels of the API enums, never their codes, in both languages', () => {
    const { container, unmount } = renderWithLanguage(
      <>
        <UrgencyBadge urgency="flash" />
        <UrgencyBadge urgency="normal" />
        <ClassificationBadge classification="secret" />
        <VerdictBadge verdict="TOTAL_PASSED" />
        <StatusBadge code="03" />
      </>,
    );
    expect([...container.querySelectorAll('.badge')].map((b) => b.textContent)).toEqual([
      'Hỏa tốc',
      'Tối mật',
      'Hợp lệ',
      '03 Đã tiếp nhận',
    ]);
    unmount();
    const en = renderWithLanguage(<VerdictBadge verdict="INDETERMINATE" />, 'en');
    expect(en.container.textContent).toBe('Indeterminate');
    expect(en.container.textContent).not.toContain('INDETERMINATE');
  });

  it('label audit event types, and an unknown type generically rather than by its code', () => {
    expect(labelOf(AUDIT_EVENT_LABELS, 'DOCUMENT_SIGNED', 'vi')).toBe('Ký số văn bản');
    expect(labelOf(AUDIT_EVENT_LABELS, 'SOMETHING_NEW', 'en')).toBe('Other event');
  });
});

describe('PdfPreview', () => {
  it("frames this origin's inline PDF with a title naming the document, and links to it", () => {
    renderWithLanguage(<PdfPreview href="/api/outgoing/d1/pdf?version=2" name="Quyết định 12" />);
    const frame = screen.getByTitle('Xem trước văn bản: Quyết định 12') as HTMLIFrameElement;
    expect(frame.getAttribute('src')).toBe('/api/outgoing/d1/pdf?version=2&disposition=inline');
    expect(screen.getByRole('link', { name: 'Xem PDF' }).getAttribute('href')).toBe(
      '/api/outgoing/d1/pdf?version=2&disposition=inline',
    );
  });
});
