/**
 * Diff mode's findings: which findings of AFTER are new (BEFORE had none like it) and which of
 * BEFORE are resolved (AFTER has none like it). Two findings are alike when they have the same rule,
 * principals and actions; statement positions are left out, since an edit moves them.
 */
import type { ExplorerFinding } from './types.js';

export const findingIdentity = (f: ExplorerFinding): string =>
  JSON.stringify([f.id, [...(f.principals ?? [])].sort(), [...(f.actions ?? [])].map((a) => a.toLowerCase()).sort()]);

export interface FindingChanges {
  /** Findings of AFTER that BEFORE did not have. */
  readonly added: ReadonlySet<ExplorerFinding>;
  /** Findings of BEFORE that AFTER no longer has. */
  readonly resolved: readonly ExplorerFinding[];
}

export function findingChanges(before: readonly ExplorerFinding[], after: readonly ExplorerFinding[]): FindingChanges {
  const was = new Set(before.map(findingIdentity));
  const is = new Set(after.map(findingIdentity));
  return { added: new Set(after.filter((f) => !was.has(findingIdentity(f)))), resolved: before.filter((f) => !is.has(findingIdentity(f))) };
}
