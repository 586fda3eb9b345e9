/**
 * The values of the commands' `--format` and `--fail-on` options: what cli.ts needs to define the
 * options without loading the commands (each command's module loads only when it runs).
 */
import type { FindingSeverity } from '@kmsim/simulator';

export const MATRIX_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export const CHECK_FORMATS = ['text', 'json', 'sarif'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const satisfies readonly FindingSeverity[];
export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
