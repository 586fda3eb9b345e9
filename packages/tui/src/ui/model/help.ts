/** Every key binding, as the help screen (`?`) and the README list them. */
export interface KeyBinding {
  readonly keys: string;
  readonly does: string;
}

export interface KeySection {
  readonly title: string;
  readonly bindings: readonly KeyBinding[];
}

export const KEY_BINDINGS: readonly KeySection[] = [
  {
    title: 'Matrix',
    bindings: [
      { keys: '↑ ↓ ← →, k j h l', does: 'move the focused cell' },
      { keys: 'PgUp PgDn', does: 'a page of principals up / down' },
      { keys: 'Home End', does: 'first / last action column' },
      { keys: 'Enter', does: 'explain the focused cell: terms, deciding statements; for a denied term the closest Allow statements and what each lacked' },
      {
        keys: '/',
        does: 'search, filtering as you type (Backspace, Ctrl+U edit; Enter keeps it, Esc clears it): each word matches principal labels and ARNs or action names, so `role/App Decrypt` is one cell; :allow :deny :explicit :implicit :cond :changed :incomplete keep the cells with that decision or mark',
      },
      { keys: 'n N', does: 'next / previous cell matching the search' },
      { keys: 'Esc', does: 'clear the search' },
      { keys: 'g', does: 'columns grouped (admin / crypto / grants) or A–Z' },
      { keys: 'd', does: 'diff mode: only the rows and columns holding a change, or everything again' },
      { keys: '] [', does: 'diff mode: next / previous change — gained access first, then other changes, then lost access' },
      { keys: 'c', does: 'condition context: pick a value class per condition key, or "any"' },
      { keys: 'x', does: 'reset the condition context to "any"' },
      { keys: 'f', does: 'findings' },
      { keys: '?', does: 'this help' },
      { keys: 'Ctrl+L', does: 'clear the terminal and draw the screen again (no other Ctrl+letter does anything)' },
      { keys: 'q, Ctrl+C', does: 'quit (q is text in the filter)' },
    ],
  },
  {
    title: 'Explanation and help',
    bindings: [
      { keys: '↑ ↓, k j', does: 'scroll a line' },
      { keys: 'PgUp PgDn Space', does: 'scroll a page' },
      { keys: 'Home End', does: 'top / bottom' },
      { keys: 's', does: "explanation: show or fold the statements' JSON as written" },
      { keys: 'Esc', does: 'back to the matrix' },
    ],
  },
  {
    title: 'Condition context (c)',
    bindings: [
      { keys: '↑ ↓, k j', does: 'choose a key\'s value class, or "any"' },
      { keys: 'Enter, Space', does: 'set the choice; the panel stays open, so several keys are set in one visit' },
      { keys: 'x', does: 'every key back to "any"' },
      { keys: 'Esc, c', does: 'back to the matrix (the choices set stay)' },
    ],
  },
  {
    title: 'Findings (f)',
    bindings: [
      { keys: '↑ ↓, k j', does: 'choose a finding' },
      { keys: 'Enter', does: 'jump to the first cell it involves' },
      { keys: 'Esc', does: 'back to the matrix' },
    ],
  },
];

export const MARKS: readonly KeyBinding[] = [
  { keys: '✓', does: 'allow (green)' },
  { keys: '✗', does: 'explicit deny (red)' },
  { keys: '·', does: 'implicit deny (dim)' },
  { keys: '?', does: 'conditional: the outcome depends on the request context (yellow)' },
  { keys: '*', does: 'the outcome under the chosen condition context differs from "any"' },
  { keys: '!', does: 'incomplete: the simulator could not finish this cell; its outcome holds only for the requests evaluated (red)' },
  { keys: '+ - ~', does: 'diff mode: access gained / lost / changed compared with BEFORE (the focused cell: brackets in that colour)' },
  { keys: 'NEW RESOLVED', does: 'diff mode, findings: a finding BEFORE did not have / one AFTER no longer has' },
];
