/**
 * The AWS-managed policies an organization starts with. FullAWSAccess is attached to the root, every
 * OU and every account when SCPs are enabled; a Deny list keeps it and adds Deny statements, an
 * allow list detaches it:
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html.
 * RCPFullAWSAccess "is automatically attached to the organization root, every OU, and every
 * account … You cannot detach this policy":
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
import type { PolicyDocument } from '../model/policy.js';

export const FULL_AWS_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export const RCP_FULL_AWS_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
};
