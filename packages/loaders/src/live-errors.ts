/**
 * AWS SDK errors → LoadError with a message saying what to do: which endpoint did not answer,
 * that no credentials were found, which permission is missing, which key does not exist.
 */
import { LoadError } from './errors.js';

export interface CallContext {
  /** What is read, as the caller named it: the key, the organization, a principal (LoadError.source). */
  readonly keyId: string;
  /** The service's IAM prefix when it is not KMS: `organizations`, `iam`. */
  readonly service?: 'kms' | 'organizations' | 'iam';
  /** The operation, e.g. `GetKeyPolicy`. */
  readonly operation: string;
  /** The endpoint, as configured or as the SDK resolved it, for messages. */
  readonly endpoint: string;
  readonly region: string | undefined;
  /** The read's timeout, for messages. */
  readonly timeoutMs?: number;
  /** Whether the read's deadline had passed when the call failed. */
  readonly timedOut?: boolean;
}

/** An endpoint URL for messages: credentials written into it (`http://user:pass@host`) are left out. */
export function redactEndpoint(endpoint: string): string {
  return endpoint.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/iu, '$1');
}

/**
 * A library's message as one line of ours: URLs without their credentials, and without the SDK's
 * pointer to a field of its error object ("… inspect the hidden field {error}.$response …"), which
 * is meaningless to someone reading kmsim's output.
 */
function cleanMessage(message: string): string {
  return message
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s?#]*@/giu, '$1')
    .replace(/\s*(?:Deserialization error:\s*)?to see the raw response,? inspect the hidden field \{error\}(?:\.\$response)?[^.]*\.?/giu, '')
    .replace(/[^.:]*\$response[^.]*\.?/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/[\s:;,.-]+$/u, '')
    .trim();
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'the timeout' : `${ms / 1000} s`;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'InvalidClientTokenId',
]);

function networkCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, name, errors } = e as { code?: unknown; name?: unknown; errors?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  if (name === 'TimeoutError') return 'ETIMEDOUT';
  if (Array.isArray(errors))
    for (const inner of errors) {
      const c = networkCode(inner);
      if (c) return c;
    }
  return undefined;
}

const SERVICE_NAMES = { kms: 'KMS', organizations: 'AWS Organizations', iam: 'IAM' } as const;

export function toLoadError(e: unknown, ctx: CallContext): LoadError {
  if (e instanceof LoadError) return e;
  const err = e as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const name = typeof err?.name === 'string' ? err.name : 'Error';
  const message = cleanMessage(typeof err?.message === 'string' ? err.message : String(e)) || 'no message';
  // The source already names the key; `resource` would only repeat it.
  const base = { cause: e };
  const service = ctx.service ?? 'kms';
  if (ctx.timedOut || name === 'AbortError') {
    return new LoadError(
      ctx.keyId,
      'unreachable',
      `the ${SERVICE_NAMES[service]} endpoint ${ctx.endpoint} did not finish answering within ${seconds(ctx.timeoutMs)} (during ${ctx.operation}); kmsim gave up (raise it with --timeout; loadLiveKey: timeoutMs)`,
      base,
    );
  }
  const net = networkCode(e);
  if (net) {
    const what =
      net === 'ETIMEDOUT'
        ? 'did not answer in time'
        : net === 'ENOTFOUND' || net === 'EAI_AGAIN'
          ? 'could not be resolved (DNS)'
          : 'refused or dropped the connection';
    return new LoadError(
      ctx.keyId,
      'unreachable',
      `the ${SERVICE_NAMES[service]} endpoint ${ctx.endpoint} ${what} (${net}: ${message}) during ${ctx.operation}`,
      base,
    );
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/iu.test(message)) {
    return new LoadError(
      ctx.keyId,
      'no-credentials',
      `no AWS credentials found (${message}); set AWS_PROFILE (kmsim: --profile) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (loadLiveKey: options.credentials)`,
      base,
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new LoadError(ctx.keyId, 'no-credentials', `${ctx.endpoint} rejected the credentials (${name}: ${message})`, base);
  }
  if (/region is missing/iu.test(message)) {
    return new LoadError(
      ctx.keyId,
      'no-region',
      'no AWS region: set AWS_REGION or a region in the profile (kmsim: --region; loadLiveKey: options.region)',
      base,
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    const on =
      service === 'kms' ? ' on the key' : service === 'organizations' ? " (in the organization's management account or a delegated administrator)" : '';
    return new LoadError(
      ctx.keyId,
      'access-denied',
      `access denied to ${service}:${ctx.operation}: the caller needs permission ${service}:${ctx.operation}${on} (${message})`,
      base,
    );
  }
  if (name === 'NotFoundException' && service === 'kms') {
    const where = ctx.region ? ` in ${ctx.region}` : '';
    return new LoadError(ctx.keyId, 'not-found', `no KMS key ${ctx.keyId}${where} at ${ctx.endpoint} (${ctx.operation}: ${message})`, base);
  }
  const status = typeof err?.$metadata?.httpStatusCode === 'number' ? ` (HTTP ${err.$metadata.httpStatusCode})` : '';
  return new LoadError(ctx.keyId, 'aws-error', `${ctx.operation} failed at ${ctx.endpoint}${status}: ${name}: ${message}`, base);
}
