import { KMS_ACTIONS } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { ACTION_CODES, actionCode, CODE_WIDTH } from '../../src/ui/model/action-codes.js';
import { codeHeader } from '../../src/ui/model/header.js';
import { cutMiddle, middleLabel } from '../../src/ui/model/labels.js';
import { columnSlots } from '../../src/ui/model/layout.js';
import { lineText } from '../../src/ui/model/text.js';

describe('principal labels', () => {
  it('keep the account digits that differ and the end of the name', () => {
    expect(middleLabel('444455556666 role/AnalyticsEtl', 27)).toBe('4444…6666 role/AnalyticsEtl');
    expect(middleLabel('444455556666 role/AnalyticsEtl', 40)).toBe('444455556666 role/AnalyticsEtl');
    const a = middleLabel('444455556666 role/AnalyticsEtlReader', 24);
    const b = middleLabel('444455557777 role/AnalyticsEtlWriter', 24);
    expect([...a].length).toBe(24);
    expect(a).not.toBe(b);
    expect(a.endsWith('Reader')).toBe(true);
    expect(a.startsWith('4444…6666 ')).toBe(true);
  });

  it('cut plain labels in the middle, never longer than asked', () => {
    expect(cutMiddle('role/team/service/AnalyticsEtl', 16)).toBe('role/t…lyticsEtl');
    for (const w of [1, 2, 5, 9, 13]) expect([...middleLabel('role/some/very/long/path/NameHere', w)].length).toBeLessThanOrEqual(w);
  });
});

describe('action codes', () => {
  it('one short, unique code per KMS action', () => {
    const names = KMS_ACTIONS.map((a) => a.name);
    const codes = names.map(actionCode);
    expect(new Set(codes).size).toBe(names.length);
    for (const c of codes) expect(c.length).toBeLessThanOrEqual(CODE_WIDTH);
    // Every catalogue action has its code in the table (no fallback for known actions).
    for (const n of names) expect(ACTION_CODES[n.slice(4)]).toBeDefined();
  });

  it('a fixed code, whatever the case or prefix; a deterministic one for unknown actions', () => {
    expect(actionCode('kms:Decrypt')).toBe('Dec');
    expect(actionCode('kms:decrypt')).toBe('Dec');
    expect(actionCode('kms:FrobKeyWidget')).toBe('FKWid');
    expect(actionCode('kms:FrobKeyWidget')).toBe(actionCode('kms:FrobKeyWidget'));
  });

  it('header: the same code for a column wherever it is scrolled, codes never touching', () => {
    const names = KMS_ACTIONS.map((a) => a.name);
    const groups = names.map(() => 'g');
    const layout = { width: 120, labelWidth: 20 };
    for (const left of [0, 1, 7]) {
      const slots = columnSlots(groups, left, layout, false);
      const text = codeHeader(names, slots, layout, -1).map(lineText);
      for (const s of slots) expect(text.join('\n')).toContain(actionCode(names[s.index] ?? ''));
      // Codes on one line are separated by at least one blank.
      for (const line of text) expect(line.slice(layout.labelWidth)).not.toMatch(/[A-Za-z]{6}/);
    }
  });
});
