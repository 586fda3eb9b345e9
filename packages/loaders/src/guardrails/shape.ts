/**
 * The guardrail fields of the scenario format (shared/conformance's README, section "Guardrails"):
 * `organization`, `permissionsBoundaries`, `sessionPolicies`, `vpcEndpointPolicies`. Core's
 * `compileGuardrails` is the one checker of their shape and of every guardrail policy; here its
 * GuardrailsError or PolicyInputError becomes a LoadError naming the file and the JSON path.
 */
import {
  GUARDRAIL_FIELDS,
  GuardrailsError,
  guardrailsOf,
  KmsimError,
  PolicyInputError,
  type GuardrailsInput,
  type JsonValue,
  type PolicyDocument,
} from '@kmsim/core';
import { compileGuardrails } from '@kmsim/core/internal';
import { LoadError } from '../errors.js';
import { isJsonObject, type JsonObject } from '../json-path.js';

/** A permissions boundary is set on an IAM user or a role. */
export const BOUNDARY_PRINCIPAL = /^arn:[a-z-]+:iam::\d{12}:(user|role)\/.+$/u;

/** Which guardrail a policy is. */
export type GuardrailPolicyKind = 'scp' | 'rcp' | 'boundary' | 'session' | 'vpce';

export const GUARDRAIL_NAMES: Readonly<Record<GuardrailPolicyKind, string>> = {
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  vpce: 'VPC endpoint policy',
};

export { GUARDRAIL_FIELDS, guardrailsOf };

/** Where a value sits: the file (LoadError source), the case (resource) and the JSON path of the object holding the fields. */
export interface Where {
  readonly source: string;
  readonly resource?: string;
  readonly path: string;
}

function loadError(w: Where, path: string, detail: string, cause: unknown): LoadError {
  return new LoadError(w.source, 'format', detail, { ...(w.resource !== undefined ? { resource: w.resource } : {}), path, cause });
}

/**
 * Core's error as a LoadError: its field path (`organization.accounts["1…"].scps[0][1] statement #2`)
 * joined to `at` (`rename` maps core's leading field to the file's, e.g. a bare organization at `$`).
 */
function fromCore(e: unknown, w: Where, rename: (field: string) => string = (f) => `${w.path}.${f}`): never {
  if (!(e instanceof KmsimError)) throw e;
  const [field, detail] =
    e instanceof GuardrailsError
      ? [e.path, e.message.slice(e.path.length + 2)]
      : e instanceof PolicyInputError
        ? [e.label, e.message.slice(e.label.length + 1)]
        : ['', e.message];
  const statement = / statement (.+)$/u.exec(field);
  const path = rename(statement ? field.slice(0, statement.index) : field);
  throw loadError(w, path, statement ? `statement ${statement[1] as string}: ${detail}` : detail, e);
}

/** The guardrail fields of an object in the scenario format (those it has), checked by core. */
export function checkGuardrails(o: JsonObject, w: Where): GuardrailsInput {
  const input = Object.fromEntries(GUARDRAIL_FIELDS.filter((f) => o[f] !== undefined).map((f) => [f, o[f]])) as unknown as GuardrailsInput;
  try {
    compileGuardrails(input);
  } catch (e) {
    fromCore(e, w);
  }
  return input;
}

/** A bare organization object (`id`, `managementAccount`, `accounts`) at `w.path`, checked by core. */
export function checkBareOrganization(o: JsonObject, w: Where): GuardrailsInput {
  const input = { organization: o } as unknown as GuardrailsInput;
  try {
    compileGuardrails(input);
  } catch (e) {
    fromCore(e, w, (field) => w.path + field.slice('organization'.length));
  }
  return input;
}

/**
 * One guardrail policy on its own (a file), checked by core as it would be in place: core checks
 * policies where they sit, so it is given a probe that holds only this policy (never evaluated).
 */
export function checkGuardrailPolicy(value: JsonValue, kind: GuardrailPolicyKind, w: Where): PolicyDocument {
  if (!isJsonObject(value)) throw loadError(w, w.path, `the ${GUARDRAIL_NAMES[kind]} must be a policy object`, undefined);
  const policy = value as unknown as PolicyDocument;
  const level = (field: 'scps' | 'rcps') => ({
    organization: { id: 'o-0000000000', managementAccount: '000000000000', accounts: { '000000000001': { ouPath: ['r-0000'], [field]: [[], [policy]] } } },
  });
  const probe: Record<GuardrailPolicyKind, GuardrailsInput> = {
    scp: level('scps'),
    rcp: level('rcps'),
    boundary: { permissionsBoundaries: { 'arn:aws:iam::000000000000:role/probe': policy } },
    session: { sessionPolicies: { 'arn:aws:sts::000000000000:assumed-role/probe/probe': [policy] } },
    vpce: { vpcEndpointPolicies: { 'vpce-00000000': policy } },
  };
  try {
    compileGuardrails(probe[kind]);
  } catch (e) {
    fromCore(e, w, () => w.path);
  }
  return policy;
}
