import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // CI also writes a JSON summary (test/output is not committed); .ci/run prints its totals.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test/output/vitest.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/emulator/global-setup.ts'],
          // One emulator for the run; tests reset it, so files run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          // beforeAll synthesizes (and bundles) every sweep's Lambda in several stacks.
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
