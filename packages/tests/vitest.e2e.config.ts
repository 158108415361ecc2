import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: Node drives Debian's Chromium (playwright-core) against a real
// parley-server started in the test process. Run with `vitest run -c vitest.e2e.config.ts`.
export default defineConfig({
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: {
    include: ['e2e/**/*.test.ts'],
    // One browser and one server at a time: a 2-core machine runs them in turn, not in a pile.
    fileParallelism: false,
    // Restarts, reconnect backoff and a browser per file: generous, since slow is not failed.
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
