import { simulate } from '@kmsim/simulator';
import { describe, expect, it } from 'vitest';
import { findingChanges } from '../../src/ui/model/finding-changes.js';
import { nextMatch, parseSearch } from '../../src/ui/model/search.js';
import { selectView } from '../../src/ui/model/view.js';
import { APP, consoleInput } from './helpers.js';

const matrix = simulate(consoleInput);
const outcome = (row: { id: string }, col: { name: string }) => {
  const cell = matrix.cell(row.id, col.name);
  return cell ? { outcome: cell.outcome, changed: false, incomplete: !cell.complete } : undefined;
};

describe('search parsing', () => {
  it('words and decision filters, with short forms; other words after a colon are text', () => {
    expect(parseSearch('  role/App   Decrypt ')).toEqual({ terms: ['role/App', 'Decrypt'], decisions: [] });
    expect(parseSearch(':allow :d :COND :changed :allow')).toEqual({ terms: [], decisions: ['allow', 'deny', 'cond', 'changed'] });
    expect(parseSearch(':root :x :i')).toEqual({ terms: [':root'], decisions: ['explicit', 'implicit'] });
    expect(parseSearch(':')).toEqual({ terms: [], decisions: [] });
  });
});

describe('selectView with a combined search', () => {
  it('a principal word and an action word: that principal, that action', () => {
    const v = selectView(matrix, 'role/App Decrypt', true, outcome);
    expect(v.rows.map((r) => r.id)).toEqual([APP]);
    expect(v.cols.map((c) => c.name)).toEqual(['kms:Decrypt']);
    expect(v.matched).toBe('both');
  });

  it('a decision filter keeps the rows and columns holding a matching cell', () => {
    const v = selectView(matrix, 'role/App :cond', true, outcome);
    expect(v.rows.map((r) => r.id)).toEqual([APP]);
    expect(v.cols.map((c) => c.name)).toEqual(['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant']);
    for (const c of v.cols) expect(v.matches(v.rows[0] as (typeof v.rows)[number], c)).toBe(true);
    const denied = selectView(matrix, 'outsider :allow', true, outcome);
    expect(denied).toMatchObject({ rows: [], cols: [], matched: 'none' });
  });

  it('n visits the matching cells in reading order and wraps', () => {
    const grid = [
      [false, true, false],
      [true, false, true],
    ];
    const m = (r: number, c: number) => grid[r]?.[c] === true;
    expect(nextMatch(2, 3, { row: 0, col: 1 }, 1, m)).toEqual({ row: 1, col: 0 });
    expect(nextMatch(2, 3, { row: 1, col: 2 }, 1, m)).toEqual({ row: 0, col: 1 });
    expect(nextMatch(2, 3, { row: 0, col: 1 }, -1, m)).toEqual({ row: 1, col: 2 });
    expect(nextMatch(2, 3, { row: 0, col: 0 }, 1, () => false)).toBeUndefined();
  });
});

describe('findings of a diff', () => {
  it('new in AFTER, resolved since BEFORE, alike whatever the statement positions', () => {
    const f = { id: 'r', severity: 'high' as const, title: 't', message: 'm', fix: 'x' };
    const a = { ...f, principals: ['p1'], statements: [{ sid: undefined, index: 1, path: '$.Statement[1]' }] };
    const aMoved = { ...a, statements: [{ sid: undefined, index: 4, path: '$.Statement[4]' }] };
    const b = { ...f, principals: ['p2'], statements: [] };
    const c = { ...f, id: 'other', statements: [] };
    const changes = findingChanges([a, c], [aMoved, b]);
    expect([...changes.added]).toEqual([b]);
    expect(changes.resolved).toEqual([c]);
  });
});
