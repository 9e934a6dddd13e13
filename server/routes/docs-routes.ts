import path from 'node:path';
import express, { type Application } from 'express';
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

const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  withCredentials: true,
});
`;

/**
 * The browsable API documentation at /api/docs: Swagger UI served from the swagger-ui-dist package
 * (no CDN), started by a same-origin script so the strict CSP needs no inline script.
 */
export function docsRoutes(app: Application): void {
  const assets = getAbsoluteFSPath();
  app.get(['/api/docs', '/api/docs/'], (_req, res) => {
    res.type('html').send(PAGE);
  });
  app.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  app.use(
    '/api/docs/assets',
    express.static(assets, {
      index: false,
      maxAge: '1d',
      // Only what the page loads; not the package's own index.html with its petstore default.
    }),
  );
  void path;
}
