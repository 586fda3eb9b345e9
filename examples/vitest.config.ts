import { defineProject } from 'vitest/config';

export default defineProject({
  // In this monorepo the kmsim packages resolve to their sources; a user's project needs nothing here.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { name: 'examples', testTimeout: 120_000, hookTimeout: 120_000, include: ['test/**/*.test.ts'] },
});
