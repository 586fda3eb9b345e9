/**
 * Key specs of KMS keys and the key usages each one allows.
 *
 * Sources:
 * - KMS API Reference, CreateKey, request parameters `KeySpec` and `KeyUsage`
 *   (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html): the KeySpec enum and, for each
 *   family, the usages it accepts ("For asymmetric KMS keys with RSA key pairs, specify ENCRYPT_DECRYPT or
 *   SIGN_VERIFY", "NIST-standard elliptic curve key pairs, specify SIGN_VERIFY or KEY_AGREEMENT", …).
 * - KMS Developer Guide, "Key spec reference" (https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html).
 */

import type { KeyUsage, KeySpecInfo } from './types.js';

/** Every key spec CreateKey accepts, with its usages; the first usage is the default where there is a choice. */
export const KEY_SPECS: readonly KeySpecInfo[] = [
  // Symmetric encryption: "For symmetric encryption KMS keys, omit the parameter or specify ENCRYPT_DECRYPT."
  { spec: 'SYMMETRIC_DEFAULT', usages: ['ENCRYPT_DECRYPT'] },

  // RSA: "specify ENCRYPT_DECRYPT or SIGN_VERIFY". CreateKey's KeyUsage defaults to ENCRYPT_DECRYPT.
  { spec: 'RSA_2048', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'] },
  { spec: 'RSA_3072', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'] },
  { spec: 'RSA_4096', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'] },

  // NIST-standard elliptic curves: "specify SIGN_VERIFY or KEY_AGREEMENT".
  { spec: 'ECC_NIST_P256', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'] },
  { spec: 'ECC_NIST_P384', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'] },
  { spec: 'ECC_NIST_P521', usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'] },
  // "ECC_NIST_EDWARDS25519 (ed25519) - signing and verification only".
  { spec: 'ECC_NIST_EDWARDS25519', usages: ['SIGN_VERIFY'] },
  // "For asymmetric KMS keys with ECC_SECG_P256K1 key pairs, specify SIGN_VERIFY."
  { spec: 'ECC_SECG_P256K1', usages: ['SIGN_VERIFY'] },

  // ML-DSA: "For asymmetric KMS keys with ML-DSA key pairs, specify SIGN_VERIFY."
  { spec: 'ML_DSA_44', usages: ['SIGN_VERIFY'] },
  { spec: 'ML_DSA_65', usages: ['SIGN_VERIFY'] },
  { spec: 'ML_DSA_87', usages: ['SIGN_VERIFY'] },

  // HMAC: "For HMAC KMS keys (symmetric), specify GENERATE_VERIFY_MAC."
  { spec: 'HMAC_224', usages: ['GENERATE_VERIFY_MAC'] },
  { spec: 'HMAC_256', usages: ['GENERATE_VERIFY_MAC'] },
  { spec: 'HMAC_384', usages: ['GENERATE_VERIFY_MAC'] },
  { spec: 'HMAC_512', usages: ['GENERATE_VERIFY_MAC'] },

  // SM2 (China Regions only): "specify ENCRYPT_DECRYPT, SIGN_VERIFY, or KEY_AGREEMENT".
  { spec: 'SM2', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'] },

  // ML-KEM (post-quantum key encapsulation): "specify ENCAPSULATE_DECAPSULATE".
  { spec: 'ML_KEM_512', usages: ['ENCAPSULATE_DECAPSULATE'] },
  { spec: 'ML_KEM_768', usages: ['ENCAPSULATE_DECAPSULATE'] },
  { spec: 'ML_KEM_1024', usages: ['ENCAPSULATE_DECAPSULATE'] },
];

const BY_SPEC: ReadonlyMap<string, KeySpecInfo> = new Map(KEY_SPECS.map((info) => [info.spec, info]));

/** The key spec entry, or undefined for a spec KMS does not know. Exact match: KMS key specs are upper case. */
export function findKeySpec(spec: string): KeySpecInfo | undefined {
  return BY_SPEC.get(spec);
}

/** The usage a key of this spec gets when none is chosen (the first listed usage); undefined for an unknown spec. */
export function defaultKeyUsage(spec: string): KeyUsage | undefined {
  return findKeySpec(spec)?.usages[0];
}
