import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run against every workspace package's sources (their `@parley/source` export), never dist.
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers and sockets on shared 2-core machines: slow is not failed (speed is `pnpm bench`'s job).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
