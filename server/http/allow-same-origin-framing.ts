import type { Response } from 'express';

/**
 * An inline PDF download (`?disposition=inline`) may be shown in a frame of this origin's own pages (the
 * document pages' preview): `Content-Security-Policy: frame-ancestors 'self'` and `X-Frame-Options:
 * SAMEORIGIN` replace the strict policy on this response only. The PDF is no HTML: it runs no script and
 * loads nothing, so the rest of the shell's policy has nothing to guard here (and `object-src 'none'` on
 * the PDF itself would stop the browser's viewer). Everything else keeps `frame-ancestors 'none'`.
 */
export function allowSameOriginFraming(res: Response): void {
  res.setHeader('Content-Security-Policy', "frame-ancestors 'self'");
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
}
