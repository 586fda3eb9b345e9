import { defineConfig } from 'vitest/config';

// KMSIM_TEST_REPORT=FILE adds vitest's JSON report (.ci/run reads its counts for its last line).
const report = process.env['KMSIM_TEST_REPORT'];

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples'],
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
