/**
 * What CloudFormation would know at deploy time and a template alone does not: the account,
 * partition, region and stack name (pseudo parameters) and the parameter values.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
 */
import type { JsonObject } from '../json-path.js';
import type { InputLimits } from '../read-file.js';

export interface CloudFormationOptions extends InputLimits {
  /** AWS::AccountId; default `111122223333` (the account of AWS's documentation examples). */
  readonly accountId?: string;
  /** AWS::Partition; default from the region: `aws-cn` for cn-*, `aws-us-gov` for us-gov-*, else `aws`. */
  readonly partition?: string;
  /** AWS::Region; default `us-east-1`. */
  readonly region?: string;
  /** AWS::StackName; default `kmsim-stack`. */
  readonly stackName?: string;
  /** Template parameter values; a parameter not given here takes its Default. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Label for messages and `source` when the template is passed as an object; default `template`. */
  readonly source?: string;
}

export const CLOUDFORMATION_DEFAULTS = {
  accountId: '111122223333',
  region: 'us-east-1',
  stackName: 'kmsim-stack',
} as const;

export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

function urlSuffixOf(partition: string): string {
  if (partition === 'aws-cn') return 'amazonaws.com.cn';
  if (partition === 'aws-iso') return 'c2s.ic.gov';
  if (partition === 'aws-iso-b') return 'sc2s.sgov.gov';
  return 'amazonaws.com';
}

export interface Environment {
  /** The file, or the label of a template object. */
  readonly source: string;
  readonly template: JsonObject;
  readonly resources: JsonObject;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  readonly stackName: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Pseudo parameters by name (`AWS::Region` …), without AWS::NoValue and AWS::NotificationARNs. */
  readonly pseudo: ReadonlyMap<string, string>;
  /** Conditions already evaluated (shared by every resource of the template). */
  readonly conditions: Map<string, boolean>;
}

export function createEnvironment(source: string, template: JsonObject, resources: JsonObject, options: CloudFormationOptions): Environment {
  const accountId = options.accountId ?? CLOUDFORMATION_DEFAULTS.accountId;
  const region = options.region ?? CLOUDFORMATION_DEFAULTS.region;
  const partition = options.partition ?? partitionOfRegion(region);
  const stackName = options.stackName ?? CLOUDFORMATION_DEFAULTS.stackName;
  const pseudo = new Map<string, string>([
    ['AWS::AccountId', accountId],
    ['AWS::Partition', partition],
    ['AWS::Region', region],
    ['AWS::StackName', stackName],
    ['AWS::StackId', `arn:${partition}:cloudformation:${region}:${accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`],
    ['AWS::URLSuffix', urlSuffixOf(partition)],
  ]);
  return { source, template, resources, accountId, partition, region, stackName, parameters: options.parameters ?? {}, pseudo, conditions: new Map() };
}

/** The synthesized ARN of a key in the template: its logical id stands for the key id. */
export function keyArnOf(env: Environment, logicalId: string): string {
  return `arn:${env.partition}:kms:${env.region}:${env.accountId}:key/${logicalId}`;
}
