import { defineProject } from 'vitest/config';

export default defineProject({
  // Workspace packages resolve to their TypeScript source (the `source` export condition), for
  // Vitest's server-side module graph too: tests never run against a stale dist/.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: { name: 'tui', testTimeout: 120_000, hookTimeout: 120_000, include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] },
});
