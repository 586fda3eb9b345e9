/** LoadError's one line: where, then what, with the position after the first clause of the detail. */
import { KmsimError } from '@kmsim/core';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../src/index.js';

describe('LoadError', () => {
  it('names the source, the resource and the path, then what is wrong', () => {
    const e = new LoadError('template.json', 'unresolvable', 'Fn::ImportValue needs a deployed stack', { resource: 'AppKey', path: '$.Resources.AppKey' });
    expect(e).toBeInstanceOf(KmsimError);
    expect([e.code, e.name, e.reason, e.source, e.resource, e.path]).toEqual([
      'load-failed',
      'LoadError',
      'unresolvable',
      'template.json',
      'AppKey',
      '$.Resources.AppKey',
    ]);
    expect(e.message).toBe('template.json: AppKey at $.Resources.AppKey: Fn::ImportValue needs a deployed stack');
  });

  it('puts the line and column after the first clause of the detail, or at the end', () => {
    expect(new LoadError('p.json', 'json', 'not valid JSON: trailing comma', { line: 3, column: 9 }).message).toBe(
      'p.json: not valid JSON (line 3, column 9): trailing comma',
    );
    expect(new LoadError('p.json', 'format', 'the document is a list', { line: 1 }).message).toBe('p.json: the document is a list (line 1, column 1)');
  });

  it('keeps the message on one line whatever the detail holds', () => {
    const e = new LoadError('alias/app', 'aws-error', 'DescribeKey failed at http://127.0.0.1:4566: Error: 500\n  <html>\r\n  oops\n');
    expect(e.message).toBe('alias/app: DescribeKey failed at http://127.0.0.1:4566: Error: 500 <html> oops');
  });
});
