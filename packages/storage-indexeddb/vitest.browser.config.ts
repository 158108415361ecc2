import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// The same conformance suite in real Chromium (Debian's, at /usr/bin/chromium: Playwright's own
// browser download is not used), headless, against the browser's own indexedDB.
export default defineConfig({
  resolve: { conditions: ['@parley/source'] },
  test: {
    include: ['test/browser/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.PARLEY_TEST_CHROMIUM ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-background-networking'],
        },
      }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
});
