/**
 * One fixed short form per action for the explorer's column header: the same code at any width,
 * scroll position or column order (a typed table for the KMS catalogue, a deterministic function of
 * the name for anything else). The full name is in the status line and in the help's legend.
 */
import { shortAction } from './glyphs.js';

/** The longest code: centred over a 3-character cell, two header lines keep neighbours apart. */
export const CODE_WIDTH = 5;

/** Codes of the KMS actions (without `kms:`); unique, at most CODE_WIDTH characters. */
export const ACTION_CODES: Readonly<Record<string, string>> = {
  CancelKeyDeletion: 'CnDel',
  ConnectCustomKeyStore: 'CnCKS',
  CreateAlias: 'CrAls',
  CreateCustomKeyStore: 'CrCKS',
  CreateGrant: 'CrGnt',
  CreateKey: 'CrKey',
  Decapsulate: 'Dcap',
  Decrypt: 'Dec',
  DeleteAlias: 'DlAls',
  DeleteCustomKeyStore: 'DlCKS',
  DeleteImportedKeyMaterial: 'DlKM',
  DeriveSharedSecret: 'DrSS',
  DescribeCustomKeyStores: 'DsCKS',
  DescribeKey: 'DsKey',
  DisableKey: 'DisK',
  DisableKeyRotation: 'DisR',
  DisconnectCustomKeyStore: 'DcCKS',
  EnableKey: 'EnK',
  EnableKeyRotation: 'EnR',
  Encapsulate: 'Ecap',
  Encrypt: 'Enc',
  GenerateDataKey: 'GDK',
  GenerateDataKeyPair: 'GDKP',
  GenerateDataKeyPairWithoutPlaintext: 'GDKPn',
  GenerateDataKeyWithoutPlaintext: 'GDKn',
  GenerateMac: 'GMac',
  GenerateRandom: 'GRnd',
  GetKeyLastUsage: 'GLU',
  GetKeyPolicy: 'GPol',
  GetKeyRotationStatus: 'GRot',
  GetParametersForImport: 'GPfI',
  GetPublicKey: 'GPub',
  ImportKeyMaterial: 'ImpKM',
  ListAliases: 'LAls',
  ListGrants: 'LGnt',
  ListKeyPolicies: 'LPol',
  ListKeyRotations: 'LRot',
  ListKeys: 'LKeys',
  ListResourceTags: 'LTags',
  ListRetirableGrants: 'LRGnt',
  PutKeyPolicy: 'PPol',
  ReEncryptFrom: 'ReFr',
  ReEncryptTo: 'ReTo',
  ReplicateKey: 'Repl',
  RetireGrant: 'RtGnt',
  RevokeGrant: 'RvGnt',
  RotateKeyOnDemand: 'RotOD',
  ScheduleKeyDeletion: 'SchDl',
  Sign: 'Sign',
  SynchronizeMultiRegionKey: 'SyncM',
  TagResource: 'Tag',
  UntagResource: 'Untag',
  UpdateAlias: 'UpAls',
  UpdateCustomKeyStore: 'UpCKS',
  UpdateKeyDescription: 'UpDsc',
  UpdatePrimaryRegion: 'UpPR',
  Verify: 'Vrfy',
  VerifyMac: 'VMac',
};

const BY_LOWER: ReadonlyMap<string, string> = new Map(Object.entries(ACTION_CODES).map(([name, code]) => [name.toLowerCase(), code]));

/**
 * The action's code: from the table, else the name itself when it is short, else the initials of
 * its words followed by the rest of the last word (`kms:FrobKeyWidget` → `FKWid`).
 */
export function actionCode(name: string): string {
  const bare = shortAction(name);
  const known = BY_LOWER.get(bare.toLowerCase());
  if (known) return known;
  if (bare.length <= CODE_WIDTH) return bare;
  const words = bare.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^A-Za-z\d]+/g) ?? [bare];
  const initials = words
    .slice(0, -1)
    .map((w) => w[0] ?? '')
    .join('');
  return `${initials}${words[words.length - 1] ?? ''}`.slice(0, CODE_WIDTH);
}
