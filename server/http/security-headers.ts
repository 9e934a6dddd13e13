import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers (helmet) with a strict Content Security Policy: scripts, styles, fonts and
 * connections only from this origin, no inline script, no plugins, frames only from this origin, and
 * nothing may frame a response (except inline PDF downloads: allowSameOriginFraming). The web shell needs nothing
 * more. Swagger UI sets inline style attributes, so `/api/docs` alone gets `style-src 'unsafe-inline'`
 * (scripts stay same-origin only). HSTS and upgrade-insecure-requests only when served over HTTPS.
 */
export function securityHeaders(options: { https: boolean; inlineStyles?: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: options.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        // The document pages embed this origin's inline PDFs (allowSameOriginFraming) in an iframe.
        frameSrc: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Matches frame-ancestors 'none' for browsers that only know X-Frame-Options.
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: options.https ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
