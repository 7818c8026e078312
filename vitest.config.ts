import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Three kinds of tests (see README "Tests"):
//  unit        pure code and React components (jsdom / fake-indexeddb), fast
//  integration the real server in-process on PGlite, and on PostgreSQL when TEST_DATABASE_URL is set
//  e2e         the built app in real Chromium through playwright-core (service worker, offline, IndexedDB)
//  faults      fault injection: SIGKILLed server, lossy network, IndexedDB closed or full (issue 6)
export default defineConfig({
  plugins: [react()],
  test: {
    reporters: ['default', './tests/summaryReporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Groups run one after another (unit, integration, browser, faults): on two cores a browser
          // test sharing the CPU with the integration suites timed out.
          sequence: { groupOrder: 0 },
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // Fault injection (tests/faults): a killed server process, a lossy network, IndexedDB closed
          // under the app. Few seeds in `npm test`; `npm run test:faults` (FAULTS_LONG=1) runs more.
          name: 'faults',
          sequence: { groupOrder: 3 },
          include: ['tests/faults/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 120_000,
          // Child servers and PGlite are heavy: one file at a time on two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
