/** The explorer's pure model: condition-context restriction, view selection, layout, the key reducer. */
import type { DecisionKind } from '@kmsim/core';
import { simulate, type Cell, type CellPoint, type DiffEntry, type KeySpace } from '@kmsim/simulator';
import { describe, expect, it } from 'vitest';
import { diffMarks } from '../../src/ui/model/diff-marks.js';
import { findingTarget } from '../../src/ui/model/findings.js';
import { diffMarkOf } from '../../src/ui/model/glyphs.js';
import { splitInput } from '../../src/ui/model/keys.js';
import { abbreviate, columnSlots, fitLeft, fitOffset, matrixLayout } from '../../src/ui/model/layout.js';
import { conditionKeys, describeSelection, restrictCell } from '../../src/ui/model/restrict.js';
import { initialState, reduceKey, type KeyEnv } from '../../src/ui/model/state.js';
import { lineText, wrapLine } from '../../src/ui/model/text.js';
import { nextMatch } from '../../src/ui/model/search.js';
import { selectView } from '../../src/ui/model/view.js';
import { ADMIN, APP, consoleInput } from './helpers.js';

const matrix = simulate(consoleInput);
const GRANT = 'kms:GrantIsForAWSResource';

function space(key: string, ids: string[]): KeySpace {
  return { key, type: 'String', multiValued: false, classes: ids.map((id) => ({ key, id, label: id, value: id === 'absent' ? undefined : id })) };
}

/** A cell over two keys: Allow only when kms:ViaService is ec2 and aws:SourceVpc is vpc-1; a Deny for s3. */
function twoKeyCell(): Cell {
  const keys = [space('kms:ViaService', ['absent', 'ec2', 's3']), space('aws:SourceVpc', ['absent', 'vpc-1'])];
  const points: CellPoint[] = [];
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 2; b++) {
      const decision: DecisionKind = a === 2 ? 'ExplicitDeny' : a === 1 && b === 1 ? 'Allow' : 'ImplicitDeny';
      points.push({ classes: [a, b], decision });
    }
  }
  return {
    principal: APP,
    action: 'kms:Decrypt',
    outcome: 'Conditional',
    keys,
    points,
    terms: [],
    summary: '',
    total: 6,
    evaluated: 6,
    merged: 0,
    complete: true,
    requestFor: () => ({ principal: APP, action: 'kms:Decrypt' }),
  };
}

describe('restrictCell (the condition context)', () => {
  const createGrant = matrix.cell(APP, 'kms:CreateGrant') as Cell;
  const decrypt = matrix.cell(APP, 'kms:Decrypt') as Cell;

  it('lists every condition key varied in the matrix with the union of its classes', () => {
    const keys = conditionKeys(matrix);
    expect(keys.map((k) => k.key)).toEqual([GRANT]);
    expect(keys[0]?.classes.map((c) => `${c.id}=${c.label}`)).toEqual(['absent=absent or false', 'true=true']);
  });

  it('"any" keeps the computed outcome', () => {
    expect(createGrant.outcome).toBe('Conditional');
    expect(restrictCell(createGrant, {})).toEqual({ outcome: 'Conditional', changed: false, restricted: false, points: 2 });
  });

  it('a chosen class keeps only the points in it, and says the outcome changed', () => {
    const choices = conditionKeys(matrix);
    expect(restrictCell(createGrant, { [GRANT.toLowerCase()]: 'true' }, choices)).toEqual({ outcome: 'Allow', changed: true, restricted: true, points: 1 });
    expect(restrictCell(createGrant, { [GRANT.toLowerCase()]: 'absent' }, choices)).toMatchObject({ outcome: 'ImplicitDeny', changed: true });
    expect(describeSelection({ [GRANT.toLowerCase()]: 'absent' }, choices)).toBe(`${GRANT} = absent or false`);
  });

  it('a cell that does not vary the key is unaffected', () => {
    expect(restrictCell(decrypt, { [GRANT.toLowerCase()]: 'true' })).toEqual({ outcome: 'Allow', changed: false, restricted: false, points: 1 });
  });

  it('combines keys, stays conditional while another key still varies, and ignores an unknown class', () => {
    const cell = twoKeyCell();
    expect(restrictCell(cell, { 'kms:viaservice': 'ec2' })).toMatchObject({ outcome: 'Conditional', changed: false, points: 2 });
    expect(restrictCell(cell, { 'kms:viaservice': 'ec2', 'aws:sourcevpc': 'vpc-1' })).toMatchObject({ outcome: 'Allow', changed: true, points: 1 });
    expect(restrictCell(cell, { 'kms:viaservice': 's3' })).toMatchObject({ outcome: 'ExplicitDeny', changed: true, points: 2 });
    expect(restrictCell(cell, { 'kms:viaservice': 'lambda' })).toMatchObject({ outcome: 'Conditional', restricted: false });
  });

  it('matches a class of another cell by its witness value when the ids differ', () => {
    const cell = twoKeyCell();
    const choices = [{ key: 'kms:ViaService', classes: [{ key: 'kms:ViaService', id: 'eq:elsewhere', label: 'ec2', value: 's3' }] }];
    expect(restrictCell(cell, { 'kms:viaservice': 'eq:elsewhere' }, choices)).toMatchObject({ outcome: 'ExplicitDeny', restricted: true });
  });
});

describe('selectView (filter and grouping)', () => {
  it('keeps matching rows for principal text, matching columns for action text', () => {
    const byRow = selectView(matrix, 'app', true);
    expect(byRow.matched).toBe('rows');
    expect(byRow.rows.map((r) => r.id)).toEqual([APP]);
    expect(byRow.cols).toHaveLength(matrix.actions.length);
    const byArn = selectView(matrix, ':root', true);
    expect(byArn.rows.map((r) => r.label)).toEqual(['root']);
    const byCol = selectView(matrix, 'grant', true);
    expect(byCol.matched).toBe('cols');
    expect(byCol.cols.map((c) => c.name)).toEqual(['kms:CreateGrant', 'kms:ListGrants', 'kms:RetireGrant', 'kms:RevokeGrant']);
    expect(selectView(matrix, 'kms', true).matched).toBe('rows');
    expect(selectView(matrix, 'zzz', true)).toMatchObject({ rows: [], cols: [], matched: 'none' });
  });

  it('orders columns by group or alphabetically', () => {
    expect(selectView(matrix, '', true).cols.map((c) => c.group)).toEqual(matrix.actions.map((a) => a.group));
    const az = selectView(matrix, '', false).cols.map((c) => c.name);
    expect(az).toEqual([...az].sort((a, b) => a.localeCompare(b)));
  });
});

describe('layout', () => {
  it('fits 80×24 with room to spare; a two-line header; the label column grows with the terminal', () => {
    const labels = matrix.principals.map((p) => p.label);
    const small = matrixLayout({ columns: 80, rows: 24 }, labels);
    expect(small.tooSmall).toBe(false);
    expect(small.headerLines).toBe(2);
    expect(6 + small.headerLines + small.bodyRows).toBeLessThanOrEqual(23);
    expect(small.bodyRows).toBeGreaterThanOrEqual(15);
    const long = ['444455556666 role/AnalyticsEtlPipelineReader'];
    expect(matrixLayout({ columns: 80, rows: 24 }, long).labelWidth).toBe(28);
    expect(matrixLayout({ columns: 200, rows: 50 }, long).labelWidth).toBe('444455556666 role/AnalyticsEtlPipelineReader'.length + 3);
    expect(matrixLayout({ columns: 39, rows: 24 }, labels).tooSmall).toBe(true);
  });

  it('abbreviates long names word by word', () => {
    expect(abbreviate('Decrypt', 10)).toBe('Decrypt');
    expect(abbreviate('GenerateDataKeyPairWithoutPlaintext', 23)).toBe('GenDataKeyPairNoPlain');
    expect(abbreviate('GenerateDataKeyPairWithoutPlaintext', 23).length).toBeLessThanOrEqual(23);
    for (const n of [1, 2, 5, 8, 12]) expect([...abbreviate('UpdateKeyDescription', n)].length).toBeLessThanOrEqual(n);
  });

  it('puts a separator between groups and scrolls to keep the focus visible', () => {
    const groups = ['admin', 'admin', 'crypto', 'crypto', 'grants'];
    const slots = columnSlots(groups, 0, { width: 30, labelWidth: 10 }, true);
    expect(slots.map((s) => [s.index, s.x, s.separator])).toEqual([
      [0, 10, false],
      [1, 13, false],
      [2, 17, true],
      [3, 20, false],
      [4, 24, true],
    ]);
    expect(columnSlots(groups, 0, { width: 30, labelWidth: 10 }, false).map((s) => s.x)).toEqual([10, 13, 16, 19, 22, 25].slice(0, 5));
    // From column 2: crypto at 10 and 13, the separator, grants at 17 — the last column fits.
    expect(fitLeft(groups, 0, 4, { width: 20, labelWidth: 10 }, true)).toBe(2);
    expect(fitLeft(groups, 0, 4, { width: 19, labelWidth: 10 }, true)).toBe(3);
    expect(fitLeft(groups, 3, 0, { width: 20, labelWidth: 10 }, true)).toBe(0);
    expect(fitOffset(0, 7, 5, 10)).toBe(3);
    expect(fitOffset(3, 1, 5, 10)).toBe(1);
    expect(fitOffset(8, 9, 5, 10)).toBe(5);
  });

  it('wraps long lines with an indent and keeps styles', () => {
    const wrapped = wrapLine([{ text: 'reason: ' }, { text: 'one two three four five six', bold: true }], 16);
    expect(wrapped.map(lineText)).toEqual(['reason: one two ', '  three four ', '  five six']);
    expect(wrapped[1]?.find((s) => s.text.includes('three'))?.bold).toBe(true);
  });
});

describe('reduceKey', () => {
  const env: KeyEnv = {
    rows: matrix.principals,
    cols: matrix.actions,
    allRows: matrix.principals,
    allCols: matrix.actions,
    page: 3,
    fitTop: (top) => top,
    fitLeft: (left) => left,
    panelLines: 50,
    panelPage: 10,
    contextOptions: [],
    findings: [],
    nextMatch: (from, direction) => nextMatch(matrix.principals.length, matrix.actions.length, from, direction, (r, c) => r === 2 && c % 10 === 0),
    diff: false,
    nextChange: () => undefined,
    target: () => undefined,
  };

  it('moves the focus by identity and clamps at the edges', () => {
    let s = reduceKey(initialState, '', { upArrow: true }, env);
    expect(s.focusRow).toBe(matrix.principals[0]?.id);
    s = reduceKey(s, '', { pageDown: true }, env);
    expect(s.focusRow).toBe(matrix.principals[3]?.id);
    s = reduceKey(s, '', { end: true }, env);
    expect(s.focusAction).toBe(matrix.actions[matrix.actions.length - 1]?.name);
    s = reduceKey(s, 'l', {}, env);
    expect(s.focusAction).toBe(matrix.actions[matrix.actions.length - 1]?.name);
  });

  it('n and N go from match to match of the search, in reading order, wrapping around', () => {
    expect(reduceKey(initialState, 'n', {}, env).note).toMatch(/no search/);
    let s = reduceKey({ ...initialState, filter: ':allow' }, 'n', {}, env);
    expect([s.focusRow, s.focusAction]).toEqual([matrix.principals[2]?.id, matrix.actions[0]?.name]);
    s = reduceKey(s, 'n', {}, env);
    expect(s.focusAction).toBe(matrix.actions[10]?.name);
    s = reduceKey(reduceKey(s, 'N', {}, env), 'N', {}, env);
    expect(s.focusAction).toBe(matrix.actions[30]?.name);
  });

  it('edits the filter: typing, backspace, Enter keeps, Esc clears; q is text there', () => {
    let s = reduceKey(initialState, '/', {}, env);
    for (const ch of 'adminq') s = reduceKey(s, ch, {}, env);
    expect(s.panel).toEqual({ kind: 'filter', draft: 'adminq' });
    expect(s.quit).toBe(false);
    s = reduceKey(s, '', { delete: true }, env);
    s = reduceKey(s, '', { return: true }, env);
    expect(s).toMatchObject({ filter: 'admin', panel: { kind: 'matrix' } });
    s = reduceKey(reduceKey(s, '/', {}, env), 'x', {}, env);
    expect(s.panel).toEqual({ kind: 'filter', draft: 'admin x' });
    s = reduceKey(s, '', { escape: true }, env);
    expect(s).toMatchObject({ filter: '', panel: { kind: 'matrix' } });
  });

  it('scrolls a panel within its lines', () => {
    let s = reduceKey(initialState, '', { return: true }, env);
    expect(s.panel).toEqual({ kind: 'explain', scroll: 0 });
    s = reduceKey(s, '', { end: true }, env);
    expect(s.panel).toEqual({ kind: 'explain', scroll: 40 });
    s = reduceKey(s, '', { pageDown: true }, env);
    expect(s.panel).toEqual({ kind: 'explain', scroll: 40 });
    s = reduceKey(s, '', { escape: true }, env);
    expect(s.panel).toEqual({ kind: 'matrix' });
  });

  it('splits a run of characters (key repeat, fast typing, paste) into key presses', () => {
    expect(splitInput('j', {})).toEqual([{ input: 'j', key: {} }]);
    expect(splitInput('\u001B[B', { downArrow: true })).toEqual([{ input: '\u001B[B', key: { downArrow: true } }]);
    expect(splitInput('/Ap\r', {})).toEqual([
      { input: '/', key: {} },
      { input: 'A', key: {} },
      { input: 'p', key: {} },
      { input: '', key: { return: true } },
    ]);
    expect(splitInput('x\u007F\u0015', {}).map((p) => p.key)).toEqual([{}, { delete: true }, { ctrl: true }]);
  });

  it('a Ctrl+letter never acts as the letter: Ctrl+L redraws, Ctrl+F and Ctrl+L do not open or move', () => {
    const moved = reduceKey(initialState, 'l', {}, env);
    expect(moved.focusAction).toBe(matrix.actions[1]?.name);
    const redrawn = reduceKey(initialState, 'l', { ctrl: true }, env);
    expect(redrawn.redraw).toBe(1);
    expect(redrawn.focusAction).toBeUndefined();
    expect(reduceKey(initialState, 'f', { ctrl: true }, env).panel).toEqual({ kind: 'matrix' });
    expect(reduceKey(initialState, 'q', { ctrl: true }, env).quit).toBe(false);
    expect(reduceKey({ ...initialState, panel: { kind: 'filter', draft: 'abc' } }, 'u', { ctrl: true }, env).panel).toEqual({ kind: 'filter', draft: '' });
  });

  it('the context panel sets several keys before it closes', () => {
    const options = [
      { key: 'a', keyLabel: 'A', classId: undefined, label: 'any' },
      { key: 'a', keyLabel: 'A', classId: 'a1', label: 'one' },
      { key: 'b', keyLabel: 'B', classId: undefined, label: 'any' },
      { key: 'b', keyLabel: 'B', classId: 'b1', label: 'one' },
    ];
    const e = { ...env, contextOptions: options };
    let s = reduceKey(initialState, 'c', {}, e);
    s = reduceKey(reduceKey(s, 'j', {}, e), '', { return: true }, e);
    s = reduceKey(reduceKey(reduceKey(s, 'j', {}, e), 'j', {}, e), ' ', {}, e);
    expect(s.panel.kind).toBe('context');
    expect(s.context).toEqual({ a: 'a1', b: 'b1' });
    s = reduceKey(s, '', { escape: true }, e);
    expect(s).toMatchObject({ panel: { kind: 'matrix' }, context: { a: 'a1', b: 'b1' } });
  });

  it('quits with q and Ctrl+C', () => {
    expect(reduceKey(initialState, 'q', {}, env).quit).toBe(true);
    expect(reduceKey({ ...initialState, panel: { kind: 'filter', draft: '' } }, 'c', { ctrl: true }, env).quit).toBe(true);
  });
});

describe('diff marks and finding targets', () => {
  const entry = (principal: string, action: string, change: DiffEntry['change']): DiffEntry => ({
    principal,
    label: principal,
    action,
    change,
    before: 'ImplicitDeny',
    after: 'Allow',
    when: [],
    count: 1,
    example: { principal, action },
    summary: '',
  });

  it('marks + for gained, - for lost, ~ for a mix', () => {
    expect(diffMarkOf(['gained', 'gained'])).toBe('+');
    expect(diffMarkOf(['lost'])).toBe('-');
    expect(diffMarkOf(['gained', 'lost'])).toBe('~');
    expect(diffMarkOf(['changed'])).toBe('~');
    const marks = diffMarks([entry(APP, 'kms:Decrypt', 'gained'), entry(APP, 'kms:Decrypt', 'lost'), entry(ADMIN, 'kms:PutKeyPolicy', 'lost')]);
    expect(marks.get(`${APP}\nkms:decrypt`)?.mark).toBe('~');
    expect(marks.get(`${ADMIN}\nkms:putkeypolicy`)?.mark).toBe('-');
  });

  it('a finding goes to its first principal and action that are in the matrix', () => {
    const f = { id: 'x', severity: 'high' as const, title: 't', message: 'm', statements: [], fix: 'f' };
    expect(findingTarget({ ...f, principals: ['arn:aws:iam::1:role/Gone', ADMIN], actions: ['CreateGrant'] }, matrix.principals, matrix.actions)).toEqual({
      principal: ADMIN,
      action: 'kms:CreateGrant',
    });
    expect(findingTarget({ ...f, actions: ['kms:PutKeyPolicy'] }, matrix.principals, matrix.actions)).toEqual({
      principal: matrix.principals[0]?.id,
      action: 'kms:PutKeyPolicy',
    });
    expect(findingTarget(f, matrix.principals, matrix.actions)).toBeUndefined();
  });
});
