/** pathLocator: JSON paths to lines, in JSON and in YAML templates, falling back to the nearest written ancestor. */
import { describe, expect, it } from 'vitest';
import { pathLocator } from '../src/index.js';

describe('pathLocator', () => {
  it('locates JSON elements as core does', async () => {
    const locate = await pathLocator('{\n  "Statement": [\n    { "Sid": "A" },\n    { "Sid": "B" }\n  ]\n}\n');
    expect(locate('$.Statement[1]')).toEqual({ line: 4, column: 5 });
    expect(locate('$.Statement[1].Condition')).toEqual({ line: 4, column: 5 });
  });

  it('locates YAML mapping entries at their key and sequence items at the item, short forms included', async () => {
    const text = [
      'Resources:',
      '  Key:',
      '    Properties:',
      '      KeyPolicy:',
      '        Statement:',
      '          - Sid: A',
      '          - Sid: B',
      '            Principal: !If [C, "*", !Ref R]',
      '',
    ].join('\n');
    const locate = await pathLocator(text);
    expect(locate('$.Resources.Key.Properties.KeyPolicy')).toEqual({ line: 4, column: 7 });
    expect(locate('$.Resources.Key.Properties.KeyPolicy.Statement[1]')).toEqual({ line: 7, column: 13 });
    expect(locate('$.Resources.Key.Properties.KeyPolicy.Statement[1].Principal.AWS')).toEqual({ line: 8, column: 13 });
    expect(locate('$.Nowhere')).toEqual({ line: 1, column: 1 });
  });
});
