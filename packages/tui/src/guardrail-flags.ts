/** The guardrail options of the commands (read by load-guardrails.ts, which loads only when one is given). */

/** The command-line options, as commander gives them. */
export interface GuardrailFlags {
  /** An organization file (the scenario format's guardrail fields, or a bare organization). */
  readonly orgFile?: string;
  /** `[TARGET=]FILE`, repeatable: an SCP attached at a root, OU or account id (default: the key's account), or an organization file. */
  readonly scp?: readonly string[];
  /** `[TARGET=]FILE`, repeatable: an RCP, as `scp`. */
  readonly rcp?: readonly string[];
  /** `ARN=FILE`, repeatable: a user's or role's permissions boundary. */
  readonly boundary?: readonly string[];
  /** Read the organization from AWS Organizations (with --region, --profile, --endpoint). */
  readonly liveOrg?: boolean;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  /** --timeout: seconds for each live call (default: the loaders' DEFAULT_LIVE_TIMEOUT_MS). */
  readonly timeout?: number;
}

export const hasGuardrailFlags = (f: GuardrailFlags): boolean =>
  f.orgFile !== undefined || (f.scp?.length ?? 0) > 0 || (f.rcp?.length ?? 0) > 0 || (f.boundary?.length ?? 0) > 0 || f.liveOrg === true;
