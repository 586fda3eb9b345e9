/** The full-screen panels as styled lines: explanation, help, condition context, findings. */
import { actionCode, CODE_WIDTH } from './action-codes.js';
import type { FindingChanges } from './finding-changes.js';
import { SEVERITY_COLOR } from './findings.js';
import { KEY_BINDINGS, MARKS } from './help.js';
import { fit, type TerminalSize } from './layout.js';
import { keyId, type ConditionKeyChoices, type ContextSelection } from './restrict.js';
import type { ContextOption } from './state.js';
import { hanging, plain, wrapLines } from './text.js';
import type { ExplorerFinding, Line } from './types.js';

/** Lines for the title and the footer of a panel. */
export const PANEL_CHROME = 2;

/** Body lines that fit in a panel (the frame keeps one terminal line free). */
export function panelPage(size: TerminalSize): number {
  return Math.max(1, size.rows - 1 - PANEL_CHROME);
}

export interface PanelScreen {
  readonly lines: readonly Line[];
  /** Body lines in all (for scrolling). */
  readonly total: number;
}

/** Title, the body from `scroll` (already wrapped), padding, and the footer with the position. */
export function panelScreen(title: string, body: readonly Line[], scroll: number, size: TerminalSize, footer: string): PanelScreen {
  const page = panelPage(size);
  const top = Math.max(0, Math.min(scroll, body.length - page));
  const shown = body.slice(top, top + page);
  const position = body.length > page ? `  ${top + 1}–${Math.min(body.length, top + page)} of ${body.length}` : '';
  return {
    lines: [
      [{ text: ` ${title} `, inverse: true, bold: true }],
      ...shown,
      ...Array.from({ length: page - shown.length }, () => []),
      [{ text: footer + position, dim: true }],
    ],
    total: body.length,
  };
}

/** A list panel keeps the selected line near the middle. */
export function listScroll(selectedLine: number, size: TerminalSize): number {
  return Math.max(0, selectedLine - Math.floor(panelPage(size) / 2));
}

/** The help (`?`): every key, the marks, and the legend of the matrix's column codes. */
export function helpLines(width: number, actions: readonly string[] = []): Line[] {
  const lines: Line[] = [];
  const keysWidth = 22;
  for (const section of KEY_BINDINGS) {
    lines.push(plain(section.title, { bold: true, color: 'blue' }));
    // Descriptions that wrap continue under the description, not under the keys.
    for (const b of section.bindings) lines.push(hanging([{ text: `  ${fit(b.keys, keysWidth)}`, bold: true }, { text: b.does }], keysWidth + 2));
    lines.push([]);
  }
  lines.push(plain('Marks', { bold: true, color: 'blue' }));
  for (const m of MARKS) lines.push(hanging([{ text: `  ${fit(m.keys, keysWidth)}`, bold: true }, { text: m.does }], keysWidth + 2));
  if (actions.length > 0) {
    lines.push([], plain("Columns (the focused column's full name is also in the status line)", { bold: true, color: 'blue' }));
    for (const a of actions) lines.push([{ text: `  ${fit(actionCode(a), CODE_WIDTH + 2)}`, bold: true }, { text: a }]);
  }
  return wrapLines(lines, width);
}

export function contextOptions(choices: readonly ConditionKeyChoices[]): ContextOption[] {
  return choices.flatMap((c) => [
    { key: keyId(c.key), keyLabel: c.key, classId: undefined, label: 'any' },
    ...c.classes.map((cls) => ({ key: keyId(c.key), keyLabel: c.key, classId: cls.id, label: cls.label })),
  ]);
}

/** The context panel's lines, and the line of the selected option. */
export function contextLines(
  options: readonly ContextOption[],
  selection: ContextSelection,
  index: number,
  width: number,
): { lines: Line[]; selectedLine: number } {
  // The introduction wraps (the options below are one line each, cut at the edge).
  const lines: Line[] = [
    ...wrapLines([hanging(plain('One value class per condition key restricts every cell; cells that change get a *.', { dim: true }), 0)], width),
    [],
  ];
  let selectedLine = 0;
  let previous: string | undefined;
  options.forEach((o, i) => {
    if (o.key !== previous) {
      if (previous !== undefined) lines.push([]);
      lines.push(plain(o.keyLabel, { bold: true, color: 'blue' }));
      previous = o.key;
    }
    const chosen = selection[o.key] === o.classId;
    const focused = i === index;
    if (focused) selectedLine = lines.length;
    lines.push([
      { text: focused ? '› ' : '  ', color: 'cyan', bold: true },
      { text: chosen ? '(•) ' : '( ) ', color: chosen ? 'green' : 'gray' },
      { text: fit(o.label, Math.max(8, width - 8)).trimEnd(), ...(focused ? { inverse: true } : {}) },
    ]);
  });
  return { lines, selectedLine };
}

/** Whom a finding is about, for its line: its first principal (and how many more), else its accounts, else the key. */
export function who(f: ExplorerFinding, label: (principal: string) => string | undefined): string {
  const principals = f.principals ?? [];
  if (principals.length > 0) {
    const first = principals[0] ?? '';
    return `${label(first) ?? first}${principals.length > 1 ? ` +${principals.length - 1}` : ''}`;
  }
  const accounts = [...new Set((f.outside ?? []).map((o) => o.account))];
  if (accounts.length > 0) return `account ${accounts.join(', ')}`;
  return 'the key';
}

/** The findings list, then the selected finding in full. */
export function findingsLines(
  findings: readonly ExplorerFinding[],
  warnings: readonly string[],
  index: number,
  width: number,
  label: (principal: string) => string | undefined = () => undefined,
  changes?: FindingChanges,
): { lines: Line[]; selectedLine: number } {
  const lines: Line[] = [];
  let selectedLine = 0;
  // In diff mode a column says which findings are new in AFTER.
  const mark = changes ? 4 : 0;
  if (findings.length === 0) lines.push(plain('No findings.', { color: 'green' }));
  findings.forEach((f, i) => {
    const focused = i === index;
    if (focused) selectedLine = lines.length;
    const added = changes?.added.has(f) ?? false;
    lines.push([
      { text: focused ? '› ' : '  ', color: 'cyan', bold: true },
      ...(changes ? [added ? { text: 'NEW ', color: 'black', backgroundColor: 'green', bold: true } : { text: '    ' }] : []),
      { text: fit(f.severity.toUpperCase(), 9), color: SEVERITY_COLOR[f.severity] ?? 'white', bold: true },
      { text: fit(`${f.title} — ${who(f, label)}`, Math.max(8, width - 12 - mark)).trimEnd(), ...(focused ? { inverse: true } : {}) },
    ]);
  });
  if (changes && changes.resolved.length > 0) {
    lines.push([], plain(`Resolved: in BEFORE, no longer in AFTER (${changes.resolved.length})`, { bold: true, color: 'green' }));
    for (const f of changes.resolved) {
      lines.push([
        { text: '  ' },
        { text: 'RESOLVED', color: 'black', backgroundColor: 'green', bold: true },
        { text: ` ${fit(f.severity.toUpperCase(), 9)}`, dim: true },
        { text: fit(f.title, Math.max(8, width - 22)).trimEnd(), dim: true },
      ]);
    }
  }
  const f = findings[index];
  if (f) {
    lines.push([], plain(`${f.title}  [${f.id}]`, { bold: true }), plain(f.message));
    if (f.statements.length > 0)
      lines.push(plain(`statements: ${f.statements.map((s) => `${s.sid !== undefined ? `"${s.sid}" ` : ''}${s.path}`).join(', ')}`, { dim: true }));
    // Principals by the labels of their matrix rows, not kmsim's internal row ids.
    if (f.principals?.length) lines.push(plain(`principals: ${f.principals.map((p) => label(p) ?? p).join(', ')}`, { dim: true }));
    if (f.actions?.length) lines.push(plain(`actions: ${f.actions.join(', ')}`, { dim: true }));
    lines.push([{ text: 'fix: ', color: 'green', bold: true }, { text: f.fix }]);
  }
  if (warnings.length > 0) {
    lines.push([], plain(`Parser warnings (${warnings.length})`, { bold: true, color: 'yellow' }));
    for (const w of warnings) lines.push(plain(`  ${w}`));
  }
  return { lines: wrapLines(lines, width), selectedLine };
}
