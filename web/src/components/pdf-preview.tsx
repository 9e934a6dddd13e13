// The current PDF in the page: an iframe of this origin's `…/pdf?disposition=inline` (the only responses
// the server lets its own pages frame: frame-ancestors 'self'), titled for screen readers, with a link
// that opens it in a new tab.
import { useStrings } from '../i18n/i18n';
import { SHELL_STRINGS } from '../shell-strings';

/** `href` with `disposition=inline` added to its query. */
export function inlineHref(href: string): string {
  return `${href}${href.includes('?') ? '&' : '?'}disposition=inline`;
}

export function PdfPreview({ href, name }: { href: string; name: string }) {
  const t = useStrings(SHELL_STRINGS);
  return (
    <div className="pdf-preview-block">
      <iframe className="pdf-preview" src={inlineHref(href)} title={t('pdfPreviewTitle', { name })} />
      <p>
        <a href={inlineHref(href)} target="_blank" rel="noopener">
          {t('openPdf')}
        </a>
      </p>
    </div>
  );
}
