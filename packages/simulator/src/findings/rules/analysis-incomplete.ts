/**
 * analysis-incomplete — the simulator could not finish some cells, so their outcome is not known
 * to hold for every request.
 *
 * A cell with `complete: false` reached a bound of the search (today: its condition space is larger
 * than `maxCombinations`). What it shows is what the requests it evaluated got: an "explicit deny"
 * there may hide an allowed request, so no other finding (and no "no findings") may be trusted for
 * it. Reported high, one finding per row, naming each cell (principal × action) and why; the
 * statements are those whose conditions the cell varies. Not an AWS rule: kmsim's promise to say
 * when it cannot answer.
 */
import type { Cell } from '../../matrix/types.js';
import type { FindingContext } from '../context.js';
import { incompleteReason } from '../incomplete.js';
import { isOutside, outsidePrincipal } from '../outside.js';
import type { StatementInfo } from '../statements.js';
import { listText } from '../text.js';
import type { Finding, FindingRule } from '../types.js';

const ID = 'analysis-incomplete';
const TITLE = 'The analysis is incomplete: some cells are not known for every request';

/** Key policy statements that apply to the row and action and test a condition key the cell varies. */
function statementsOf(ctx: FindingContext, rowId: string, cells: readonly Cell[]): StatementInfo[] {
  const row = ctx.matrix.principals.find((r) => r.id === rowId);
  const caller = row ? ctx.caller(row) : undefined;
  return ctx.statements.filter(
    (s) =>
      s.coversKey &&
      (!caller || s.covers(caller) !== 'none' || (!s.statement.principal && !s.statement.notPrincipal)) &&
      cells.some((c) => {
        const keys = new Set(c.keys.map((k) => k.key.toLowerCase()));
        return s.matchesAction(c.action) && s.statement.conditions.some((k) => keys.has(k.key.toLowerCase()));
      }),
  );
}

function run(ctx: FindingContext): Finding[] {
  const { matrix } = ctx;
  const out: Finding[] = [];
  for (const row of matrix.principals) {
    const cells = matrix.cells.filter((c) => c.principal === row.id && !c.complete);
    if (cells.length === 0) continue;
    const byReason = new Map<string, string[]>();
    for (const c of cells) {
      const reason = incompleteReason(c) ?? '';
      byReason.set(reason, [...(byReason.get(reason) ?? []), c.action]);
    }
    const statements = statementsOf(ctx, row.id, cells);
    const outside = isOutside(ctx, row) ? outsidePrincipal(row) : undefined;
    const who = outside ? `${row.label} (${outside.principal}, account ${outside.account})` : row.label;
    const why = [...byReason].map(
      ([reason, actions]) =>
        `${listText(
          actions.map((a) => `${row.label} × ${a}`),
          8,
        )}: ${reason}`,
    );
    out.push({
      id: ID,
      severity: 'high',
      title: TITLE,
      message:
        `The analysis of ${who} is incomplete for ${listText(
          cells.map((c) => c.action),
          8,
        )}. ${why.join('. ')}. ` +
        'The outcome shown for these cells holds only for the requests evaluated: a deny there may hide an allowed request, and other findings cannot vouch for them' +
        `${statements.length ? `. The conditions that make the space this large are in ${listText(statements.map((s) => s.name))}` : ''}.`,
      statements: statements.map((s) => s.ref),
      principals: [row.id],
      ...(outside ? { outside: [outside] } : {}),
      actions: cells.map((c) => c.action),
      fix:
        `Review these cells by hand, or make the conditions${statements.length ? ` of ${listText(statements.map((s) => s.name))}` : ''} simpler (fewer condition keys in one statement, fewer values); ` +
        'when simulating through the API, a larger bound (maxCombinations) evaluates more of the space.',
    });
  }
  return out;
}

export const rule: FindingRule = {
  id: ID,
  severity: 'high',
  title: TITLE,
  checks:
    'A cell the simulator could not finish (complete: false, a bound of the search reached): its outcome holds only for the requests evaluated. One finding per principal, naming each principal × action and why.',
  docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'],
  run,
};
