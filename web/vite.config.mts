// The web app's build (Vite → dist/web) and its component tests (Vitest, jsdom). The app is served by
// the express server from the same origin at / (server/app.ts WEB_APP_PATH).
// `npx vite --config web/vite.config.ts` serves it with hot reload and sends /api to a running
// `npm start` (port 8080).
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '..', 'dist', 'web'),
    emptyOutDir: true,
    // Served with long-lived caching under assets/ (hashed names); index.html is never cached.
    assetsDir: 'assets',
    sourcemap: true,
    // The main bundle must stay under 250 KB gzip (bench/web.ts); chart pages load ECharts lazily.
    chunkSizeWarningLimit: 800,
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/pki': 'http://127.0.0.1:8080' },
  },
  test: {
    root: path.resolve(here, '..'),
    include: ['test/web/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['test/web/setup.ts'],
    restoreMocks: true,
  },
});
