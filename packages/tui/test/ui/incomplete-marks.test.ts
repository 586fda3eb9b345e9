/** The explorer marks a cell the simulator could not finish: `!` beside its glyph, in the legend, the status line and the explanation. */
import { findings, incompleteReason, simulate, type SimulationInput } from '@kmsim/simulator';
import { describe, expect, it } from 'vitest';
import { createExplorerModel } from '../../src/ui/model/explorer.js';
import { initialState } from '../../src/ui/model/state.js';
import { lineText } from '../../src/ui/model/text.js';
import { APP, consoleData } from './helpers.js';

const input: SimulationInput = {
  keyPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'Gated',
        Effect: 'Allow',
        Principal: { AWS: APP },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'ec2.us-east-1.amazonaws.com',
            'kms:EncryptionContext:project': 'alpha',
          },
        },
      },
    ],
  },
};

describe('explorer: incomplete cells', () => {
  const matrix = simulate(input, {
    maxCombinations: 2,
    onlyActions: ['kms:Decrypt', 'kms:Encrypt'],
  });
  const decrypt = matrix.cell(APP, 'kms:Decrypt');
  const reason = (decrypt && incompleteReason(decrypt)) ?? '';
  const model = createExplorerModel({
    source: 'gated.json',
    input,
    matrix,
    findings: findings(input, { matrix }),
    warnings: [],
  });
  const size = { columns: 100, rows: 30 };

  it('marks the cell ! beside its glyph, explains the mark in the legend and says why on the status line', () => {
    expect(decrypt?.complete).toBe(false);
    const lines = model.frame({ ...initialState, focusRow: APP, focusAction: 'kms:Encrypt' }, size).lines.map(lineText);
    const row = lines.find((l) => l.includes('role/App')) ?? '';
    expect(row).toMatch(/[✓✗·?]!/);
    expect(lines.some((l) => l.includes('! incomplete'))).toBe(true);
    const focused = model.frame({ ...initialState, focusRow: APP, focusAction: 'kms:Decrypt' }, size).lines.map(lineText);
    expect(reason).not.toBe('');
    expect(focused.join('\n')).toContain(`! incomplete: ${reason}`);
    // The title counts the findings, the analysis-incomplete one among them.
    expect(focused[0]).toMatch(/\d+ findings?/);
  });

  it('the explanation says the outcome holds only for the requests evaluated', () => {
    const state = {
      ...initialState,
      focusRow: APP,
      focusAction: 'kms:Decrypt',
      panel: { kind: 'explain' as const, scroll: 0 },
    };
    const text = model.frame(state, size).lines.map(lineText).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(`incomplete ${reason}`);
    expect(text).toContain('holds only for the requests evaluated');
  });

  it('clean: a complete matrix has no mark and no legend entry', () => {
    const lines = createExplorerModel(consoleData()).frame(initialState, size).lines.map(lineText);
    expect(lines.slice(1).join('\n')).not.toMatch(/!|incomplete/);
  });
});
