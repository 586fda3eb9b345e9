/**
 * Inputs that are deployed rather than written down: a live key read through @aws-sdk/client-kms by
 * `@kmsim/loaders` (which imports the SDK only then), and the options that say which key of a
 * template or plan to take. Every problem is a LoadError (a KmsimError: one line, no stack trace).
 */
import { loadLiveKey, type LoadedKeyFile } from '@kmsim/loaders';

export { isCloudFormationTemplate as isCloudFormation, isTerraformJson as isTerraform } from '@kmsim/loaders';

export interface DeployedOptions {
  /** Which key of a template or plan: a logical id or a Terraform address. */
  readonly resource?: string;
  readonly accountId?: string;
  readonly region?: string;
  /** `--max-input-size`: read templates and plans up to this many bytes. */
  readonly maxInputSize?: number;
}

export interface LiveOptions {
  readonly keyId: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  /** `--timeout`: seconds for each call and for the whole read (default: the loaders' 10 s). */
  readonly timeoutSeconds?: number;
}

/** A live key, shaped like a loaded file: its policy as text, under the key's ARN. */
export async function loadLiveKeyInput(options: LiveOptions): Promise<Omit<LoadedKeyFile, 'format'> & { readonly format: 'live' }> {
  // The SDK reads the profile from AWS_PROFILE in its default credential chain.
  if (options.profile) process.env['AWS_PROFILE'] = options.profile;
  const key = await loadLiveKey(options.keyId, {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutMs: Math.round(options.timeoutSeconds * 1000) } : {}),
  });
  return { ...key, source: key.key?.arn ?? options.keyId, format: 'live', text: JSON.stringify(key.keyPolicy, null, 2), policyPath: '$' };
}
