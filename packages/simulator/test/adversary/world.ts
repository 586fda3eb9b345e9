/**
 * The values an adversary writes into a key policy: the key's account, the accounts and names the
 * matrix used to make up for its rows (999988887777, `kmsim-outsider`, `kmsim-unnamed-role`, …), a
 * few ordinary ones, and strings that stress the wildcard search. Policies and concrete callers
 * draw from the same pools, so conditions keep mentioning the very values a witness would take.
 */
export const KEY_ACCOUNT = '111122223333';
export const KEY_REGION = 'us-west-2';
export const KEY = { arn: `arn:aws:kms:${KEY_REGION}:${KEY_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } as const;

/** The key's account first; 999988887777 and 999988887776 are the accounts the matrix made up before. */
export const ACCOUNTS = [KEY_ACCOUNT, '999988887777', '999988887776', '444455556666', '555566667777'] as const;

/** Role, user and federated-user names; the first two are the names the matrix made up before. */
export const NAMES = ['kmsim-outsider', 'kmsim-unnamed-role', 'kmsim', 'App', 'admin', 'abcdefghijkl'] as const;
/** IAM paths a role or user may have. */
export const PATHS = ['', 'service-role/', 'kmsim/'] as const;
export const SESSIONS = ['kmsim', 's', 'abcdefghijkl', 'AROA', 'user@example.com'] as const;
export const SERVICES = ['sns.amazonaws.com', 'cloudtrail.amazonaws.com', 'kmsim-unnamed-service.amazonaws.com', 'kmsim.amazonaws.com'] as const;
export const TAG_KEYS = ['team', 'kmsim'] as const;
export const TAG_VALUES = ['kmsim', 'red', '', 'a*'] as const;
export const ORG_IDS = ['o-kmsim00000', 'o-aaaaaaaaaa'] as const;
/** The organization's root and OUs, for the accounts' paths (`ORG/r-ab12/ou-ab12-11111111/`). */
export const ROOT_ID = 'r-ab12';
export const OU_IDS = ['ou-ab12-11111111', 'ou-ab12-22222222'] as const;

/** Encryption-context pairs the requests may carry, and the values they take. */
export const EC_KEYS = ['x', 'y'] as const;
export const EC_VALUES = ['', 'a', 'abc', 'abcdefghijkl', 'kmsim', 'kmsim-value', '*', 'zzz'] as const;
export const VIA_SERVICES = [`s3.${KEY_REGION}.amazonaws.com`, `ec2.${KEY_REGION}.amazonaws.com`, 'kmsim.amazonaws.com'] as const;
export const SOURCE_IPS = ['203.0.113.5', '198.51.100.7'] as const;

/** The actions the audits run on (a subset per policy, so that each run stays small). */
export const ACTION_SETS = [['kms:Decrypt'], ['kms:Decrypt'], ['kms:Encrypt'], ['kms:CreateGrant'], ['kms:PutKeyPolicy', 'kms:Decrypt']] as const;
