import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run against other workspace packages' sources (their `@parley/source` export), never dist.
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // These are integration tests over real sockets and stores on shared 2-core machines:
    // a slow run is not a failure (speed is measured by `pnpm bench`, never here).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
