import type { Application } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <title>VanBan API — OpenAPI</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// docExpansion 'none': the page opens on the list of tags, each expanding on a click or a deep link
// (#/units/postApiUnitsIdRename). Swagger UI 5.33+ virtualises the operations list once tags plus listed
// operations reach 150 (ours: about 200): only what is in the viewport is in the DOM, so the page looked
// as if it stopped after the first two tags and the browser's find could not reach the rest. Collapsed
// tags keep the list far below the threshold until a reader opens several large tags at once.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  docExpansion: 'none',
  withCredentials: true,
  validatorUrl: null,
});
`;

/**
 * The browsable API documentation at /api/docs: Swagger UI served from the swagger-ui-dist package
 * (no CDN), started by a same-origin script so the strict CSP needs no inline script.
 */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js']);

export function docsRoutes(app: Application): void {
  const assets = getAbsoluteFSPath();
  app.get(['/api/docs', '/api/docs/'], (_req, res) => {
    res.type('html').send(PAGE);
  });
  app.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  // Only the files the page loads: not the package's own index.html, which points at a remote petstore.
  app.get('/api/docs/assets/:file', (req, res, next) => {
    if (!ASSETS.has(req.params.file)) {
      next();
      return;
    }
    res.sendFile(req.params.file, { root: assets, maxAge: '1d' });
  });
}
