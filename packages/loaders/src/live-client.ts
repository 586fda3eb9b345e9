/** The options every live loader takes, as one AWS SDK client configuration (KMS, Organizations, IAM alike). */
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { LoadError } from './errors.js';
import { redactEndpoint } from './live-errors.js';

export interface LiveClientOptions {
  /** Region; default: the SDK's chain (AWS_REGION, the profile …). Ignored with `client`. */
  readonly region?: string;
  /** A compatible endpoint (LocalStack, moto …). Ignored with `client`. */
  readonly endpoint?: string;
  /** Credentials; default: the SDK's chain. Ignored with `client`. */
  readonly credentials?: KMSClientConfig['credentials'];
  /** Attempts per call (the SDK's default is 3). Ignored with `client`. */
  readonly maxAttempts?: number;
  /** Connection and request timeout in milliseconds. Ignored with `client`. */
  readonly timeoutMs?: number;
}

/** The SDK client configuration for these options (only what is set). */
export function clientConfig(options: LiveClientOptions): Pick<KMSClientConfig, 'region' | 'endpoint' | 'credentials' | 'maxAttempts' | 'requestHandler'> {
  return {
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.timeoutMs !== undefined ? { requestHandler: { connectionTimeout: options.timeoutMs, requestTimeout: options.timeoutMs } } : {}),
  };
}

/** The client's region, or undefined when none is configured anywhere (the first call then reports it). */
export async function regionOf(client: { readonly config: { region: () => Promise<string> } }): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return undefined;
  }
}

/** The endpoint as given, if kmsim may use it: an http or https URL. */
export function checkEndpoint(source: string, endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new LoadError(source, 'format', `the endpoint ${redactEndpoint(endpoint)} is not a URL (give http://host:port or https://host)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LoadError(source, 'format', `the endpoint ${redactEndpoint(endpoint)} is not an http or https URL (${url.protocol} is not used)`);
  }
}
