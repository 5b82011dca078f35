import { defineConfig } from 'vitest/config';

// Engine tests run once per time zone: a date that slides a day when the machine's
// zone changes is a bug, so the same assertions must hold in every one of these.
const engineTimeZones = ['America/Los_Angeles', 'UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];

// Property tests are CPU-bound: a few seconds alone, several times that on a loaded 2-core
// machine. The timeout guards against hangs, not against a busy neighbour.
const CPU_BOUND_TIMEOUT_MS = 60_000;

export default defineConfig({
  test: {
    projects: [
      ...engineTimeZones.map((tz) => ({
        test: {
          name: `engine (${tz})`,
          include: ['tests/engine/**/*.test.ts'],
          testTimeout: CPU_BOUND_TIMEOUT_MS,
          // The real CLI runs in a child process: once is enough (its own project below).
          exclude: ['tests/engine/cli.test.ts'],
          env: { TZ: tz },
        },
      })),
      {
        test: {
          name: 'cli',
          include: ['tests/engine/cli.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: CPU_BOUND_TIMEOUT_MS,
        },
      },
      {
        test: {
          name: 'integration',
          // tests/browser: the web app in Debian's Chromium (playwright-core), axe-core on every
          // page; one PostgreSQL for both.
          include: ['tests/integration/**/*.test.ts', 'tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
