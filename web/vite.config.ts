import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The dashboard builds into dist/web, which the Fastify server serves with an SPA fallback.
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  plugins: [react()],
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    // ECharts (about 520 kB minified, 175 kB gzipped) is one lazily loaded chunk used only by chart pages.
    chunkSizeWarningLimit: 600,
  },
  // `npx vite --config web/vite.config.ts` serves the dashboard with hot reload against a local server.
  server: {
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
