import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// The workspace packages export their TypeScript sources under `@parley/source`: the app bundles
// those, so a stale `dist/` of a package never ends up in the demo.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { conditions: ['@parley/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // `pnpm dev` next to a running parley-server (`pnpm start`): the API and the WebSocket go there.
    proxy: { '/parley': { target: process.env.PARLEY_DEV_SERVER ?? 'http://127.0.0.1:8080', ws: true } },
  },
});
