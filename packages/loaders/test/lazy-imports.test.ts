/**
 * The YAML parser and the AWS SDK clients are imported only when a YAML template, a live key or a
 * live organization or boundary is read:
 * importing the package (and so `@kmsim/testkit`, and the `kmsim` CLI) must not load them.
 * The mocks pass the real modules through and record that they were imported.
 */
import { describe, expect, it, vi } from 'vitest';
import { fixture, loadError } from './loader-helpers.js';

const imported = vi.hoisted(() => ({ yaml: false, sdk: false, organizations: false, iam: false }));
vi.mock('yaml', async (importOriginal) => {
  imported.yaml = true;
  return importOriginal();
});
vi.mock('@aws-sdk/client-kms', async (importOriginal) => {
  imported.sdk = true;
  return importOriginal();
});
vi.mock('@aws-sdk/client-organizations', async (importOriginal) => {
  imported.organizations = true;
  return importOriginal();
});
vi.mock('@aws-sdk/client-iam', async (importOriginal) => {
  imported.iam = true;
  return importOriginal();
});

describe('heavy imports are lazy', () => {
  it('JSON policies, scenarios, templates and plans load neither yaml nor the AWS SDK', async () => {
    const loaders = await import('../src/index.js');
    await loaders.loadKeyPolicy(fixture('key-policy.json'));
    await loaders.loadScenarioKey(fixture('scenario.json'));
    await loaders.loadCloudFormationKeys(fixture('cfn-template.json'));
    await loaders.loadTerraformPlanKeys(fixture('tf-plan.json'));
    await loaders.loadKeyFile(fixture('cdk-synth.template.json'));
    expect(imported).toEqual({ yaml: false, sdk: false, organizations: false, iam: false });
  });

  it('a YAML template loads yaml; a live key loads the AWS SDK', async () => {
    const loaders = await import('../src/index.js');
    await loaders.loadKeyFile(fixture('cfn-template.yaml'), { resource: 'AppKey' });
    expect(imported).toEqual({ yaml: true, sdk: false, organizations: false, iam: false });
    // Port 9 (discard) on 127.0.0.1: nothing answers, so the call fails at once after the SDK is loaded.
    const error = await loadError(
      loaders.loadLiveKey('alias/app', {
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      }),
    );
    expect(error.reason).toBe('unreachable');
    expect(imported).toEqual({ yaml: true, sdk: true, organizations: false, iam: false });
    const offline = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
    expect((await loadError(loaders.loadLiveOrganization(offline))).message).toContain('AWS Organizations endpoint http://127.0.0.1:9');
    expect((await loadError(loaders.loadLiveBoundaries(['arn:aws:iam::111122223333:role/App'], offline))).message).toContain('IAM endpoint');
    expect(imported).toEqual({ yaml: true, sdk: true, organizations: true, iam: true });
  });
});
