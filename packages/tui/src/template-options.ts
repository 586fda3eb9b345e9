/**
 * What CloudFormation is told when it deploys a template and the template alone does not say:
 * `--parameter KEY=VALUE` (repeatable), `--parameters-file FILE` (the AWS CLI's
 * `[{"ParameterKey": …, "ParameterValue": …}]`; `file://FILE` as the AWS CLI writes it works too),
 * `--partition` and `--stack-name`, beside `--account-id` and `--region`. The template's own rules
 * (declared names, AllowedValues …) are checked by `@kmsim/loaders` when the template is read
 * (`templateParameters` in load-input.ts reads the values).
 */
import { InvalidArgumentError, type Command } from 'commander';

export interface TemplateOptions {
  /** `--parameter` values in the order given: [name, value]. */
  readonly parameter?: readonly (readonly [string, string])[];
  readonly parametersFile?: string;
  readonly partition?: string;
  readonly stackName?: string;
}

/** `--parameter Env=prod` (the value may be empty or hold `=`); a name given twice is refused. */
function parameterArg(text: string, previous: readonly (readonly [string, string])[] | undefined): (readonly [string, string])[] {
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq).trim();
  if (name === '') throw new InvalidArgumentError('write it as KEY=VALUE, e.g. --parameter Env=prod.');
  if (previous?.some(([n]) => n === name)) throw new InvalidArgumentError(`parameter ${name} is given twice.`);
  return [...(previous ?? []), [name, text.slice(eq + 1)]];
}

// A partition is `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b` …; a stack name "can contain only
// alphanumeric characters (case-sensitive) and hyphens. It must start with an alphabetic character
// and can't be longer than 128 characters."
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-using-console-create-stack-parameters.html
function partitionArg(value: string): string {
  if (!/^aws(-[a-z]+)*$/u.test(value)) throw new InvalidArgumentError('an AWS partition is aws, aws-cn, aws-us-gov …');
  return value;
}

function stackNameArg(value: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/u.test(value)) {
    throw new InvalidArgumentError('a stack name is letters, digits and hyphens, starts with a letter and is at most 128 characters.');
  }
  return value;
}

/** The template options, for matrix, check, diff and the explorer. */
export function templateOptions(command: Command): Command {
  return command
    .option('--parameter <KEY=VALUE>', 'a CloudFormation template parameter (repeatable; overrides --parameters-file)', parameterArg)
    .option('--parameters-file <file>', 'template parameters as the AWS CLI takes them: [{"ParameterKey": …, "ParameterValue": …}]')
    .option('--partition <partition>', "the template's AWS::Partition (default: from the region)", partitionArg)
    .option('--stack-name <name>', "the template's AWS::StackName (default kmsim-stack)", stackNameArg);
}

/** The template options given that FILE of this format does not take (`--partition` applies to plans too). */
export function ignoredFlags(options: TemplateOptions, format: string): string[] {
  if (format === 'cloudformation') return [];
  return [
    ...(options.parameter !== undefined ? ['--parameter'] : []),
    ...(options.parametersFile !== undefined ? ['--parameters-file'] : []),
    ...(options.partition !== undefined && format !== 'terraform' ? ['--partition'] : []),
    ...(options.stackName !== undefined ? ['--stack-name'] : []),
  ];
}
