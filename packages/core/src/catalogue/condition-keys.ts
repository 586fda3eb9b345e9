/**
 * Condition keys usable in KMS key policies and IAM policies for KMS: the KMS keys and the AWS global keys.
 *
 * Types and multi-valuedness follow the Service Authorization Reference ("Actions, resources, and condition keys for
 * AWS Key Management Service", https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html,
 * where `ArrayOf<T>` means a multi-valued key of type T) and the IAM User Guide ("AWS global condition context keys",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */

import type { ConditionKey, ConditionKeyType } from './types.js';

/** Shorthand for a table row; `prefix`, `multiValued` and `derived` default to false. */
function key(
  name: string,
  type: ConditionKeyType,
  description: string,
  flags: { prefix?: boolean; multiValued?: boolean; derived?: boolean } = {},
): ConditionKey {
  return {
    name,
    prefix: flags.prefix ?? false,
    type,
    multiValued: flags.multiValued ?? false,
    global: name.startsWith('aws:'),
    derived: flags.derived ?? false,
    alwaysPresent: ALWAYS_PRESENT.has(name),
    description,
  };
}

/**
 * Keys AWS puts in every request context ("Availability – This key is always included in the
 * request context"), so a request never lacks them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * kms:CallerAccount is filled from the caller's account on every KMS request (conditions-kms.html).
 */
const ALWAYS_PRESENT: ReadonlySet<string> = new Set([
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalType',
  'aws:RequestedRegion',
  'aws:SecureTransport',
  'aws:userid',
  'aws:ViaAWSService',
  'kms:CallerAccount',
]);

/**
 * KMS condition keys.
 * Source: KMS Developer Guide, "AWS KMS condition keys" (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html)
 * and the Service Authorization Reference for KMS (types).
 */
const KMS_KEYS: readonly ConditionKey[] = [
  key('kms:BypassPolicyLockoutSafetyCheck', 'Bool', 'Value of the BypassPolicyLockoutSafetyCheck parameter of CreateKey and PutKeyPolicy.'),
  key('kms:CallerAccount', 'String', 'AWS account ID of the caller.', { derived: true }),
  key('kms:CustomerMasterKeySpec', 'String', 'Deprecated name of kms:KeySpec; works the same way.', { derived: true }),
  key('kms:CustomerMasterKeyUsage', 'String', 'Deprecated name of kms:KeyUsage; works the same way.', { derived: true }),
  key('kms:DataKeyPairSpec', 'String', 'KeyPairSpec parameter of GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext.'),
  key('kms:EncryptionAlgorithm', 'String', 'Encryption algorithm of the request (Encrypt, Decrypt, ReEncrypt, GenerateDataKey*).'),
  key('kms:EncryptionContext:', 'String', 'Value of the named encryption context pair in the request (kms:EncryptionContext:context-key).', {
    prefix: true,
  }),
  key('kms:EncryptionContextKeys', 'String', 'Keys of the encryption context in the request.', { multiValued: true }),
  key('kms:ExpirationModel', 'String', 'ExpirationModel parameter of ImportKeyMaterial.'),
  key('kms:GrantConstraintSourceArn', 'ARN', 'SourceArn grant constraint in a CreateGrant request.'),
  key('kms:GrantConstraintType', 'String', 'Type of grant constraint in a CreateGrant or RetireGrant request.'),
  key('kms:GrantIsForAWSResource', 'Bool', 'True when an AWS service integrated with KMS calls CreateGrant, ListGrants or RevokeGrant for the user.'),
  key('kms:GrantOperations', 'String', 'Grant operations in a CreateGrant request.', { multiValued: true }),
  key('kms:GranteePrincipal', 'String', 'GranteePrincipal parameter of a CreateGrant request.'),
  key('kms:GranteeServicePrincipal', 'String', 'GranteeServicePrincipal parameter of a CreateGrant request.'),
  key('kms:KeyAgreementAlgorithm', 'String', 'KeyAgreementAlgorithm parameter of DeriveSharedSecret.'),
  key('kms:KeyOrigin', 'String', 'Origin of the KMS key used (or created by CreateKey).', { derived: true }),
  key('kms:KeySpec', 'String', 'Key spec of the KMS key used (or created by CreateKey).', { derived: true }),
  key('kms:KeyUsage', 'String', 'Key usage of the KMS key used (or created by CreateKey).', { derived: true }),
  key('kms:MacAlgorithm', 'String', 'MacAlgorithm parameter of GenerateMac and VerifyMac.'),
  key('kms:MessageType', 'String', 'MessageType parameter of Sign and Verify (RAW, DIGEST, EXTERNAL_MU).'),
  key('kms:MultiRegion', 'Bool', 'Whether the KMS key used (or created by CreateKey) is multi-Region.', { derived: true }),
  key('kms:MultiRegionKeyType', 'String', 'PRIMARY or REPLICA for the multi-Region key used (or created by CreateKey).', { derived: true }),
  key('kms:PrimaryRegion', 'String', 'PrimaryRegion parameter of UpdatePrimaryRegion.'),
  key('kms:ReEncryptOnSameKey', 'Bool', 'True when ReEncrypt uses the same KMS key as source and destination.'),
  key('kms:ReplicaRegion', 'String', 'ReplicaRegion parameter of ReplicateKey.'),
  key('kms:RequestAlias', 'String', 'Alias used in the request to identify the KMS key.'),
  key('kms:ResourceAliases', 'String', 'Aliases associated with the KMS key.', { multiValued: true, derived: true }),
  key('kms:RetiringPrincipal', 'String', 'RetiringPrincipal parameter of a CreateGrant request.'),
  key('kms:RetiringServicePrincipal', 'String', 'RetiringServicePrincipal parameter of a CreateGrant request.'),
  key('kms:RotationPeriodInDays', 'Numeric', 'RotationPeriodInDays parameter of EnableKeyRotation.'),
  key('kms:ScheduleKeyDeletionPendingWindowInDays', 'Numeric', 'PendingWindowInDays parameter of ScheduleKeyDeletion.'),
  key('kms:SigningAlgorithm', 'String', 'SigningAlgorithm parameter of Sign and Verify.'),
  // Filled in by AWS from the key's usage history. Not marked derived: the simulator's key model has no last-use
  // date to derive it from, so it is a scenario input.
  key('kms:TrailingDaysWithoutKeyUsage', 'Numeric', 'Days since the KMS key was last used (ScheduleKeyDeletion, DisableKey).'),
  key('kms:ValidTo', 'Date', 'ValidTo parameter of ImportKeyMaterial.'),
  key('kms:ViaService', 'String', "AWS service (service.region.amazonaws.com) that made the request on the principal's behalf."),
  key('kms:WrappingAlgorithm', 'String', 'WrappingAlgorithm parameter of GetParametersForImport.'),
  key('kms:WrappingKeySpec', 'String', 'WrappingKeySpec parameter of GetParametersForImport.'),
];

/**
 * Measurements of the attestation document in the Recipient parameter of Decrypt, DeriveSharedSecret,
 * GenerateDataKey, GenerateDataKeyPair and GenerateRandom.
 * Sources: KMS Developer Guide, "Condition keys for Nitro Enclaves"
 * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-nitro-enclave.html) and "Condition keys for
 * NitroTPM" (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-nitro-tpm.html). The pages write
 * `PCR<PCR_ID>`; the SAR lists the concrete keys: PCR0–PCR31 (Nitro Enclaves) and NitroTPMPCR0–NitroTPMPCR23.
 */
const NITRO_ENCLAVE_PCRS = 32;
const NITRO_TPM_PCRS = 24;

const ATTESTATION_KEYS: readonly ConditionKey[] = [
  key('kms:RecipientAttestation:ImageSha384', 'String', 'Image digest (ImageSha384) in the attestation document of the request.'),
  ...Array.from({ length: NITRO_ENCLAVE_PCRS }, (_, n) =>
    key(`kms:RecipientAttestation:PCR${n}`, 'String', `Nitro Enclaves PCR${n} in the attestation document of the request.`),
  ),
  ...Array.from({ length: NITRO_TPM_PCRS }, (_, n) =>
    key(`kms:RecipientAttestation:NitroTPMPCR${n}`, 'String', `NitroTPM PCR${n} in the attestation document of the request.`),
  ),
];

/**
 * AWS global condition keys. KMS "supports all global condition keys" (KMS Developer Guide, "AWS global condition
 * keys", https://docs.aws.amazon.com/kms/latest/developerguide/conditions-aws.html); names and types from the IAM
 * User Guide, "AWS global condition context keys". aws:EpochTime is documented as "Date, Numeric": it is listed as
 * Date here (as in the SAR data), and evaluators should accept numeric operators too.
 */
const GLOBAL_KEYS: readonly ConditionKey[] = [
  // Properties of the principal
  key('aws:PrincipalArn', 'ARN', 'ARN of the principal that made the request (role ARN for assumed-role sessions).', { derived: true }),
  key('aws:PrincipalAccount', 'String', 'Account ID of the requesting principal.', { derived: true }),
  key('aws:PrincipalOrgPaths', 'String', "AWS Organizations paths of the principal's account.", { multiValued: true }),
  key('aws:PrincipalOrgID', 'String', "AWS Organizations ID of the principal's organization."),
  key('aws:PrincipalTag/', 'String', 'Tag attached to the requesting principal (aws:PrincipalTag/tag-key).', { prefix: true }),
  key('aws:PrincipalIsAWSService', 'Bool', 'True when the call is made by an AWS service principal.'),
  key('aws:PrincipalServiceName', 'String', 'Service principal name when the call is made by an AWS service principal.'),
  key('aws:PrincipalServiceNamesList', 'String', 'All service principal names of the service making the call.', { multiValued: true }),
  key('aws:PrincipalType', 'String', 'Type of principal: Account, User, FederatedUser, AssumedRole, Anonymous.', { derived: true }),
  key('aws:userid', 'String', 'Unique identifier of the requesting principal.', { derived: true }),
  key('aws:username', 'String', 'User name of the requesting IAM user.', { derived: true }),
  // Properties of the role session
  key('aws:AssumedRoot', 'Bool', 'True when the request uses a root-user session from AssumeRoot.'),
  key('aws:FederatedProvider', 'String', 'Identity provider that issued the federated identity.'),
  key('aws:TokenIssueTime', 'Date', 'Time the temporary security credentials were issued.'),
  key('aws:MultiFactorAuthAge', 'Numeric', 'Seconds since the principal authenticated with MFA.'),
  key('aws:MultiFactorAuthPresent', 'Bool', 'Whether MFA was used to get the credentials of the request.'),
  key('aws:ChatbotSourceArn', 'ARN', 'ARN of the chat channel configuration that made the request.'),
  key('aws:Ec2InstanceSourceVpc', 'String', 'VPC of the EC2 instance whose role credentials signed the request.'),
  key('aws:Ec2InstanceSourcePrivateIPv4', 'IPAddress', 'Private IPv4 address of the EC2 instance whose role credentials signed the request.'),
  key('aws:SourceIdentity', 'String', 'Source identity set on the role session.'),
  // Properties of the network
  key('aws:SourceIp', 'IPAddress', 'IP address of the requester (not set for requests through a VPC endpoint).'),
  key('aws:SourceVpc', 'String', 'VPC through whose endpoint the request was made.'),
  key('aws:SourceVpcArn', 'String', 'ARN of the VPC through whose endpoint the request was made.'),
  key('aws:SourceVpce', 'String', 'VPC endpoint through which the request was made.'),
  key('aws:VpceAccount', 'String', 'Account that owns the VPC endpoint of the request.'),
  key('aws:VpceOrgPaths', 'String', 'Organizations paths of the account that owns the VPC endpoint.', { multiValued: true }),
  key('aws:VpceOrgID', 'String', 'Organization of the account that owns the VPC endpoint.'),
  key('aws:VpcSourceIp', 'IPAddress', 'IP address of the requester for requests through a VPC endpoint.'),
  // Properties of the resource
  key('aws:ResourceAccount', 'String', 'Account that owns the resource (the KMS key).', { derived: true }),
  key('aws:ResourceOrgID', 'String', 'Organization of the account that owns the resource.'),
  key('aws:ResourceOrgPaths', 'String', 'Organizations paths of the account that owns the resource.', { multiValued: true }),
  key('aws:ResourceTag/', 'String', 'Tag on the KMS key (aws:ResourceTag/tag-key).', { prefix: true, derived: true }),
  // Properties of the request
  key('aws:CalledVia', 'String', "Services that made the request on the principal's behalf, in order.", { multiValued: true }),
  key('aws:CalledViaFirst', 'String', 'First service in aws:CalledVia.'),
  key('aws:CalledViaLast', 'String', 'Last service in aws:CalledVia.'),
  key('aws:CalledViaAWSMCP', 'String', 'AWS-managed MCP server through which the request was made.'),
  key('aws:ViaAWSService', 'Bool', "True when an AWS service made the request with the principal's credentials."),
  key('aws:ViaAWSMCPService', 'Bool', 'True when the request was made through an AWS-managed MCP server.'),
  key('aws:CurrentTime', 'Date', 'Date and time of the request.'),
  key('aws:EpochTime', 'Date', 'Date and time of the request in epoch seconds (Date or Numeric operators).'),
  key('aws:referer', 'String', 'HTTP referer of the request.'),
  key('aws:RequestedRegion', 'String', 'Region the request was made to.'),
  key('aws:RequestTag/', 'String', 'Tag in the request (aws:RequestTag/tag-key).', { prefix: true }),
  key('aws:TagKeys', 'String', 'Tag keys in the request.', { multiValued: true }),
  key('aws:SecureTransport', 'Bool', 'Whether the request was sent over TLS.'),
  key('aws:SourceArn', 'ARN', 'ARN of the source resource when a service principal calls on behalf of a resource.'),
  key('aws:SourceAccount', 'String', 'Account of the source resource when a service principal calls on behalf of a resource.'),
  key('aws:SourceOwner', 'String', 'Owner account of the source resource (legacy; some services).'),
  key('aws:SourceOrgPaths', 'String', "Organizations paths of the source resource's account.", { multiValued: true }),
  key('aws:SourceOrgID', 'String', "Organization of the source resource's account."),
  key('aws:UserAgent', 'String', "User agent of the requester's client."),
  key('aws:IsMcpServiceAction', 'Bool', 'True when the action is an MCP service action.'),
];

/** Every condition key the simulator knows: KMS keys, then attestation keys, then AWS global keys. */
export const CONDITION_KEYS: readonly ConditionKey[] = [...KMS_KEYS, ...ATTESTATION_KEYS, ...GLOBAL_KEYS];

const EXACT: ReadonlyMap<string, ConditionKey> = new Map(CONDITION_KEYS.map((k) => [k.name.toLowerCase(), k]));
const PREFIXES: readonly ConditionKey[] = CONDITION_KEYS.filter((k) => k.prefix);

/**
 * The catalogue entry for a condition key name as written in a policy, or undefined.
 * Case-insensitive (IAM condition key names are). A name with a variable part resolves to its prefix entry:
 * `kms:EncryptionContext:AppName` → `kms:EncryptionContext:`, `aws:ResourceTag/Purpose` → `aws:ResourceTag/`.
 */
export function findConditionKey(name: string): ConditionKey | undefined {
  const lower = name.toLowerCase();
  const exact = EXACT.get(lower);
  if (exact) return exact;
  return PREFIXES.find((k) => lower.startsWith(k.name.toLowerCase()));
}
