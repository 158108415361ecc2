import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run against other workspace packages' sources (their `@parley/source` export), never dist.
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
