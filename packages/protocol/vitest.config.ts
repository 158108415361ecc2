import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@parley/source'] },
  ssr: { resolve: { conditions: ['@parley/source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
