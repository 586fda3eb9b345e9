import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['source'] },
  test: { name: 'tui', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'] },
});
