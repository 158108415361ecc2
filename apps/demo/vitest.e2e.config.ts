import { defineConfig } from 'vitest/config';

// The demo's browser test: Node builds the app with Vite, starts a real parley-server serving
// it, and drives Debian's Chromium (playwright-core). Run with `vitest run -c vitest.e2e.config.ts`.
export default defineConfig({
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: {
    include: ['e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
