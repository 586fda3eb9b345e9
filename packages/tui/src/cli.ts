/** The `kmsim` command line: argument parsing with commander, one module per subcommand. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { KmsimError } from '@kmsim/core';
import { MAX_INPUT_BYTES_LIMIT } from '@kmsim/loaders';
import { ACCOUNT_ID } from '@kmsim/core/internal';
// Each command's module loads when it runs (`kmsim --help` loads none): start-up, in `pnpm bench`.
import type { CheckOptions } from './commands/check.js';
import { CHECK_FORMATS, DIFF_FORMATS, MATRIX_FORMATS, SEVERITIES } from './commands/choices.js';
import type { DiffOptions } from './commands/diff.js';
import type { MatrixOptions } from './commands/matrix.js';
import type { EvalOptions } from './commands/eval.js';
import { EXIT, type ExitCode, type Streams } from './io.js';
import { UsageError } from './usage-error.js';
import { messageLine, streamColor } from './messages.js';
import type { LiveOptions } from './load-deployed.js';
import { templateOptions, type TemplateOptions } from './template-options.js';

export const VERSION = '0.1.0';

/** Repeatable options (`--principal A --principal B`). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function widthArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 20 || n > 10_000)
    throw new InvalidArgumentError('the width must be a whole number of columns, from 20 to 10000.');
  return n;
}

/** `--max-input-size 200MB`: bytes, with an optional unit (KB, MB, GB: powers of 1024). */
function sizeArg(value: string): number {
  const m = /^(\d{1,12})\s*(B|KB?|MB?|GB?)?$/iu.exec(value.trim());
  const unit = { B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(m?.[2] ?? 'B').charAt(0).toUpperCase() as 'B' | 'K' | 'M' | 'G'];
  const n = m ? Number(m[1]) * unit : Number.NaN;
  if (!(n >= 1024 && n <= MAX_INPUT_BYTES_LIMIT)) throw new InvalidArgumentError(`a size from 1KB to ${MAX_INPUT_BYTES_LIMIT / 1024 ** 2}MB, e.g. 200MB.`);
  return n;
}

/** `--timeout 2.5`: seconds, for each live call and for the whole live read. */
function secondsArg(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n >= 0.1 && n <= 3600)) throw new InvalidArgumentError('a number of seconds from 0.1 to 3600.');
  return n;
}

function accountArg(value: string): string {
  if (!ACCOUNT_ID.test(value)) throw new InvalidArgumentError('an AWS account id is 12 digits.');
  return value;
}

interface LiveFlags {
  readonly keyId?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly timeout?: number;
}

/** --key-id, --region, --profile, --endpoint: a live key read with @aws-sdk/client-kms. */
function liveOptions(command: Command): Command {
  return command
    .option('--key-id <id>', 'a live key (id, ARN or alias) read with @aws-sdk/client-kms: DescribeKey, GetKeyPolicy, ListGrants …')
    .option('--region <region>', 'AWS region for --key-id (default: the SDK chain) and for templates')
    .option('--profile <name>', 'AWS profile for --key-id')
    .option('--endpoint <url>', 'KMS endpoint for --key-id (a local KMS-compatible server)')
    .option('--timeout <seconds>', 'for --key-id: give up on a call, and on the whole read, after this long (default 10)', secondsArg);
}

/** FILE, or the live key of --key-id (exactly one of them). */
function fileOrLive<O extends LiveFlags>(file: string | undefined, opts: O): [string, O & { live?: LiveOptions }] {
  if (opts.keyId) {
    if (file !== undefined) throw new UsageError('--key-id', `reads a live key; do not also give a FILE (${file})`);
    const live: LiveOptions = {
      keyId: opts.keyId,
      ...(opts.region ? { region: opts.region } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.timeout !== undefined ? { timeoutSeconds: opts.timeout } : {}),
    };
    return [opts.keyId, { ...opts, live }];
  }
  if (file === undefined) throw new UsageError('FILE', 'give a key policy, scenario file, template or plan (or --key-id for a live key)');
  return [file, opts];
}

/** --key-arn, --key-spec, --key-usage: the key the policy is simulated for; --resource … for templates and plans. */
function keyOptions(command: Command): Command {
  return command
    .option('--resource <id>', 'the key of a CloudFormation/CDK template (logical id) or Terraform plan (address), when it has several')
    .option('--account-id <id>', 'the account for a template or plan (default 111122223333)', accountArg)
    .option('--key-arn <arn>', "the key's ARN (default: in the scenario, or the key policy's own account)")
    .option('--key-spec <spec>', 'the key spec, e.g. SYMMETRIC_DEFAULT, RSA_2048, HMAC_256 (default: SYMMETRIC_DEFAULT)')
    .option('--key-usage <usage>', "the key usage, e.g. SIGN_VERIFY (default: the key spec's default usage)")
    .option('--max-input-size <size>', 'read templates and plans up to this size (default 64MB)', sizeArg);
}

/**
 * --org-file, --scp, --rcp, --boundary, --live-org: the organization and session guardrails around
 * the key (load-guardrails.ts); `where`: also --region, --profile, --endpoint for --live-org (eval).
 */
function guardrailOptions(command: Command, where = false): Command {
  if (where) {
    command
      .option('--region <region>', 'AWS region for --live-org')
      .option('--profile <name>', 'AWS profile for --live-org')
      .option('--endpoint <url>', 'AWS endpoint for --live-org (a local compatible server)');
  }
  return command
    .option('--org-file <file>', 'the organization: its id, management account, accounts with their OU paths, SCPs and RCPs (the scenario format)')
    .option(
      '--scp <[target=]file>',
      "an SCP attached at the key's account (or at TARGET: a root, OU or account id), beside FullAWSAccess; or an organization file (repeatable)",
      collect,
    )
    .option(
      '--rcp <[target=]file>',
      "an RCP attached at the key's account (or at TARGET), beside RCPFullAWSAccess; or an organization file (repeatable)",
      collect,
    )
    .option('--boundary <arn=file>', "a user's or role's permissions boundary (repeatable)", collect)
    .option('--live-org', 'read the organization (accounts, OUs, SCPs, RCPs) from AWS Organizations, with --region, --profile, --endpoint');
}

/** --principal, --action, --only-action: the rows and columns. */
function selectionOptions(command: Command): Command {
  return command
    .option('--principal <arn>', 'add a row for this principal (repeatable)', collect)
    .option('--action <action>', 'add a column for this action, e.g. kms:ReplicateKey (repeatable)', collect)
    .option('--only-action <action>', 'only these actions as columns (repeatable)', collect);
}

interface RootOptions extends TemplateOptions {
  readonly format?: string;
  readonly width?: number;
  readonly principal?: string[];
  readonly action?: string[];
  readonly onlyAction?: string[];
  readonly keyId?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly timeout?: number;
  readonly resource?: string;
  readonly accountId?: string;
  readonly keyArn?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
}

/** Ink and React load only when the explorer opens (they take half a second to import). */
async function explore(
  files: readonly string[],
  options: Parameters<typeof import('./commands/explore.js').exploreCommand>[1],
  io: Streams,
): Promise<ExitCode> {
  const { exploreCommand } = await import('./commands/explore.js');
  return exploreCommand(files, options, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, firstFrameDrawn: io.firstFrameDrawn === true });
}

/** The explorer runs only on a real terminal, and never under CI (where Ink would draw nothing until exit). */
function interactive(io: Streams): boolean {
  return io.stdout.isTTY === true && process.stdin.isTTY === true && !process.env['CI'];
}

export async function main(argv: readonly string[], io: Streams): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = new Command('kmsim')
    .description('Who can do what with an AWS KMS key, under which conditions — simulated exactly as AWS decides.')
    .version(VERSION, '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHasColors: () => streamColor(io, 'stdout'),
      getErrHasColors: () => streamColor(io, 'stderr'),
      // Usage errors read like every other error: one `kmsim: …` line.
      outputError: (s, write) => write(messageLine(io, 'error', s.replace(/^error: /, '').trimEnd())),
    });

  program
    .command('eval')
    .description('Run every case in scenario files (the shared/conformance format) and report each outcome.')
    .argument('<files...>', 'scenario files (JSON)')
    .option('--json', 'print one JSON array with every result and its trace')
    .option('--strict', 'fail the cases whose policies AWS would reject (else a warning names their errors)')
    .action(async (files: string[], opts: EvalOptions) => {
      code = await (await import('./commands/eval.js')).evalCommand(files, opts, io);
    });
  guardrailOptions(program.commands.at(-1) as Command, true);

  program
    .command('validate')
    .description('Parse and validate key policy files: diagnostics with a code, a JSON path and line/column.')
    .argument('<files...>', 'key policy files (JSON)')
    .option('--json', 'print the diagnostics as JSON')
    .option('--key-arn <arn>', 'the key the policy belongs to (a Resource naming it is then only a warning)')
    .action(async (files: string[], opts: { json?: boolean; keyArn?: string }) => {
      code = await (await import('./commands/validate.js')).validateCommand(files, opts, io);
    });

  const matrix = program
    .command('matrix')
    .description('Who can do what with the key: every principal × action, each cell allow, deny or conditional (with the conditions).')
    .argument('[file]', 'a key policy, scenario file, CloudFormation/CDK template or Terraform plan (or --key-id for a live key)')
    .addOption(new Option('--format <format>', 'output format').choices(MATRIX_FORMATS).default('table'))
    .option(
      '--width <columns>',
      'table width; a wider table is split into column blocks, each with the row labels (default: the terminal width, or 80)',
      widthArg,
    );
  selectionOptions(matrix);
  liveOptions(templateOptions(keyOptions(guardrailOptions(matrix)))).action(async (file: string | undefined, opts: MatrixOptions & LiveFlags) => {
    const [target, options] = fileOrLive(file, opts);
    code = await (await import('./commands/matrix.js')).matrixCommand(target, options, io);
  });

  const check = program
    .command('check')
    .description('Report risky access in a key policy as findings; exit 1 when one is at or above --fail-on.')
    .argument('[file]', 'a key policy, scenario file, CloudFormation/CDK template or Terraform plan (or --key-id for a live key)')
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .addOption(new Option('--fail-on <severity>', 'fail (exit 1) on a finding of this severity or above').choices(SEVERITIES).default('high'))
    .option('--sarif-base <dir>', 'with --format sarif: file paths relative to this directory (default: the working directory)');
  liveOptions(templateOptions(keyOptions(guardrailOptions(check)))).action(async (file: string | undefined, opts: CheckOptions & LiveFlags) => {
    const [target, options] = fileOrLive(file, opts);
    code = await (await import('./commands/check.js')).checkCommand(target, { ...options, toolVersion: VERSION }, io);
  });

  const diff = program
    .command('diff')
    .description('What changes from one key policy to another: access gained, lost and changed, with the conditions.')
    .argument('<before>', 'the current key policy (or scenario file, template, plan)')
    .argument('<after>', 'the proposed key policy (or scenario file, template, plan)')
    .addOption(new Option('--format <format>', 'output format (default: the explorer in a terminal, else text)').choices(DIFF_FORMATS))
    .option('--fail-on-gain', 'exit 1 when any principal gains access')
    .option('--before-resource <id>', 'the key of BEFORE when it is a template or plan with several (default: --resource)')
    .option('--after-resource <id>', 'the key of AFTER when it is a template or plan with several (default: --resource)');
  selectionOptions(diff);
  templateOptions(keyOptions(guardrailOptions(diff)))
    .option('--region <region>', 'the AWS::Region of templates and plans (default us-east-1)')
    .action(async (before: string, after: string, opts: DiffOptions) => {
      if (opts.format === undefined && !opts.failOnGain && interactive(io)) {
        code = await explore([before, after], opts, io);
        return;
      }
      code = await (await import('./commands/diff.js')).diffCommand(before, after, { ...opts, format: opts.format ?? 'text' }, io);
    });

  // `kmsim FILE` (and `kmsim BEFORE AFTER`, `kmsim --key-id ID`): the explorer in a terminal, the
  // matrix (or diff) as text when piped or with --format.
  program
    .enablePositionalOptions()
    .argument('[files...]', 'a key policy, scenario file, CloudFormation/CDK template or Terraform plan (two files: BEFORE AFTER, a diff)')
    .option('--format <format>', `print instead of exploring: ${MATRIX_FORMATS.join('|')} (one file), ${DIFF_FORMATS.join('|')} (two files)`)
    .option('--width <columns>', 'with --format table: the table width (default: the terminal width, or 80)', widthArg);
  selectionOptions(program);
  liveOptions(templateOptions(keyOptions(guardrailOptions(program)))).action(async (files: string[], opts: RootOptions) => {
    const live = opts.keyId
      ? {
          keyId: opts.keyId,
          ...(opts.region ? { region: opts.region } : {}),
          ...(opts.profile ? { profile: opts.profile } : {}),
          ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
          ...(opts.timeout !== undefined ? { timeoutSeconds: opts.timeout } : {}),
        }
      : undefined;
    if (files.length === 0 && !live) {
      program.outputHelp();
      code = EXIT.input;
      return;
    }
    if (live && files.length > 0) throw new UsageError('--key-id', `reads a live key; do not also give a FILE (${files.join(', ')})`);
    const keyOpts = { ...opts, ...(live ? { live } : {}) };
    const targets = live ? [live.keyId] : files;
    if (opts.format === undefined && interactive(io)) {
      code = await explore(targets, keyOpts, io);
      return;
    }
    if (targets.length === 1) {
      const format = (opts.format ?? 'table') as MatrixOptions['format'];
      if (!MATRIX_FORMATS.includes(format as (typeof MATRIX_FORMATS)[number]))
        throw new UsageError('--format', `must be one of ${MATRIX_FORMATS.join(', ')} for one file (got "${format}")`);
      code = await (await import('./commands/matrix.js')).matrixCommand(targets[0] as string, { ...keyOpts, format } as MatrixOptions, io);
    } else if (targets.length === 2) {
      const format = (opts.format ?? 'text') as DiffOptions['format'];
      if (!DIFF_FORMATS.includes(format as (typeof DIFF_FORMATS)[number]))
        throw new UsageError('--format', `must be one of ${DIFF_FORMATS.join(', ')} for two files (got "${format}")`);
      code = await (await import('./commands/diff.js')).diffCommand(targets[0] as string, targets[1] as string, { ...keyOpts, format } as DiffOptions, io);
    } else {
      io.stderr.write(messageLine(io, 'error', `give one FILE, or BEFORE and AFTER (got ${targets.length} files)`));
      code = EXIT.input;
    }
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (e instanceof KmsimError) {
      io.stderr.write(messageLine(io, 'error', e.message));
      return EXIT.input;
    }
    io.stderr.write(messageLine(io, 'error', `internal error: ${e instanceof Error ? e.message : String(e)}`));
    return EXIT.input;
  }
}
