/**
 * `@kmsim/testkit/loaders`: the loaders of `@kmsim/loaders`, re-exported so a test file needs one
 * import. Key policy files, scenario files, CloudFormation/CDK templates, Terraform plans and states,
 * live keys, and the guardrails around them (organization files, SCP/RCP and boundary files, a live
 * organization); every failure is a LoadError naming what is wrong and where.
 */
export {
  LoadError,
  loadKeyPolicy,
  loadScenarioKey,
  loadKeyFile,
  loadCloudFormationKey,
  loadCloudFormationKeys,
  CLOUDFORMATION_DEFAULTS,
  loadTerraformPlanKey,
  loadTerraformPlanKeys,
  loadLiveKey,
  loadGuardrails,
  loadGuardrailsFile,
  loadGuardrailPolicyFile,
  loadLiveOrganization,
  loadLiveBoundaries,
  type GuardrailFilesOptions,
  type AttachedPolicyFile,
  type LiveOrganizationOptions,
  type LiveBoundariesOptions,
  type LoadErrorDetails,
  type LoadErrorReason,
  type LoadedKey,
  type LoadedKeyFile,
  type LoadKeyFileOptions,
  type LoadKeyPolicyOptions,
  type LoadScenarioKeyOptions,
  type CloudFormationTemplate,
  type CloudFormationOptions,
  type TerraformJson,
  type TerraformOptions,
  type LiveKeyOptions,
} from '@kmsim/loaders';
