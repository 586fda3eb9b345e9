/** One character per cell outcome, shared by the table and markdown layouts. */
import type { CellOutcome } from '@kmsim/simulator';

export const GLYPH: Readonly<Record<CellOutcome, string>> = {
  Allow: '✓',
  ExplicitDeny: '✗',
  ImplicitDeny: '·',
  Conditional: '?',
};

export const LEGEND_ENTRIES: readonly string[] = ['✓ allow', '✗ explicit deny', '· implicit deny', '? conditional (see the list below)'];

/** `✓ allow   ✗ explicit deny   · implicit deny   ? conditional (see the list below)`. */
export const LEGEND = LEGEND_ENTRIES.join('   ');

/** `kms:Decrypt` → `Decrypt`: columns drop the service prefix. */
export function shortAction(name: string): string {
  return name.toLowerCase().startsWith('kms:') ? name.slice(4) : name;
}
