import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

const page = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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
    // The main app, and the vendor app pages (one per vendor API, on its compat package).
    rollupOptions: {
      input: {
        main: page('./index.html'),
        vendors: page('./vendor/index.html'),
        tim: page('./vendor/tim.html'),
        jmessage: page('./vendor/jmessage.html'),
        openim: page('./vendor/openim.html'),
        hummer: page('./vendor/hummer.html'),
        maxleap: page('./vendor/maxleap.html'),
        'core-room': page('./vendor/core-room.html'),
      },
    },
  },
  server: {
    // `pnpm dev` next to a running parley-server (`pnpm start`): the API and the WebSocket go there.
    proxy: { '/parley': { target: process.env.PARLEY_DEV_SERVER ?? 'http://127.0.0.1:8080', ws: true } },
  },
});
