/**
 * Template parameters as CloudFormation takes them when it creates a stack: a value may only be
 * given for a declared parameter, and every value a parameter takes (given, or its Default) must
 * meet the parameter's constraints — Type Number, AllowedValues, AllowedPattern (the whole value),
 * MinLength/MaxLength (String), MinValue/MaxValue (Number); for a CommaDelimitedList,
 * AllowedValues and AllowedPattern apply to each value of the list.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 *
 * A parameters file is the AWS CLI's `--parameters file://…` form:
 * `[{ "ParameterKey": "Env", "ParameterValue": "prod" }]`; a `ResolvedValue` (what
 * `describe-stacks` reports for an SSM parameter) is used in place of ParameterValue.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Parameter.html
 */
import { didYouMean } from '@kmsim/core/internal';
import { LoadError } from '../errors.js';
import { parseJson } from '../json.js';
import { childPath, isJsonObject, type JsonObject } from '../json-path.js';
import { readDocumentFile } from '../read-file.js';

/** The template's Parameters section (empty when it has none). */
export function declaredParameters(template: JsonObject): JsonObject {
  const section = template['Parameters'];
  return isJsonObject(section) ? section : {};
}

export function parameterType(decl: unknown): string {
  return isJsonObject(decl) && typeof decl['Type'] === 'string' ? decl['Type'] : 'String';
}

export function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<') || type.includes('<List<');
}

/** SSM parameter types: the value is read from Parameter Store when the stack is deployed. */
export function isSsmType(type: string): boolean {
  return type.startsWith('AWS::SSM::Parameter::Value<');
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/u;

function numberOf(decl: JsonObject, name: string): number | undefined {
  const v = decl[name];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && NUMBER.test(v) ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** AllowedPattern must match the entire value; an unreadable pattern is refused, never skipped. */
function patternOf(source: string, name: string, pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new LoadError(source, 'format', `parameter ${name}: AllowedPattern ${JSON.stringify(pattern)} is not a regular expression kmsim can read`, {
      path: childPath(childPath('$.Parameters', name), 'AllowedPattern'),
    });
  }
}

/** Why `value` is not a value parameter `name` can take, or undefined when it is. */
function violation(source: string, name: string, decl: JsonObject, value: string): string | undefined {
  const type = parameterType(decl);
  const list = isListType(type);
  const values = list ? value.split(',').map((s) => s.trim()) : [value];
  const shown = (v: string): string => (list ? `has "${v}" in its list` : `is "${v}"`);
  if (type === 'Number' || type === 'List<Number>') {
    const bad = values.find((v) => !NUMBER.test(v));
    if (bad !== undefined) return `parameter ${name} ${shown(bad)}, which is not a number (its Type is ${type})`;
  }
  const allowed = decl['AllowedValues'];
  if (Array.isArray(allowed)) {
    const options = allowed.map(String);
    const bad = values.find((v) => !options.includes(v));
    if (bad !== undefined) return `parameter ${name} ${shown(bad)}, which is not one of its AllowedValues (${options.join(', ')})`;
  }
  const pattern = decl['AllowedPattern'];
  if (typeof pattern === 'string' && (type === 'String' || type === 'CommaDelimitedList')) {
    const re = patternOf(source, name, pattern);
    const bad = values.find((v) => !re.test(v));
    if (bad !== undefined) return `parameter ${name} ${shown(bad)}, which does not match its AllowedPattern ${pattern}`;
  }
  if (type === 'String') {
    const [min, max] = [numberOf(decl, 'MinLength'), numberOf(decl, 'MaxLength')];
    if (min !== undefined && value.length < min) return `parameter ${name} is "${value}", shorter than its MinLength ${min}`;
    if (max !== undefined && value.length > max) return `parameter ${name} is ${value.length} characters long, more than its MaxLength ${max}`;
  }
  if (type === 'Number') {
    const [min, max, n] = [numberOf(decl, 'MinValue'), numberOf(decl, 'MaxValue'), Number(value)];
    if (min !== undefined && n < min) return `parameter ${name} is ${value}, below its MinValue ${min}`;
    if (max !== undefined && n > max) return `parameter ${name} is ${value}, above its MaxValue ${max}`;
  }
  return undefined;
}

/** The Default as CloudFormation reads it (a scalar, as text), or undefined. */
export function defaultOf(decl: unknown): string | undefined {
  const d = isJsonObject(decl) ? decl['Default'] : undefined;
  return d !== undefined && d !== null && typeof d !== 'object' ? String(d) : undefined;
}

/**
 * Refuse what CloudFormation refuses before it creates anything: a value for a parameter the
 * template does not declare, and a value (given, or the Default) outside the parameter's constraints.
 * A parameter with neither is refused only where the key needs it (see the resolver).
 */
export function checkParameters(source: string, template: JsonObject, given: Readonly<Record<string, string>>): void {
  const declared = declaredParameters(template);
  for (const name of Object.keys(given)) {
    if (name in declared) continue;
    const names = Object.keys(declared);
    throw new LoadError(
      source,
      'format',
      `parameter ${name} is given a value, but the template declares no such parameter (${names.length ? `it declares ${names.join(', ')}` : 'it has no Parameters'}).${didYouMean(name, names)}`,
    );
  }
  for (const [name, decl] of Object.entries(declared)) {
    if (!isJsonObject(decl)) continue;
    const value = given[name] ?? (isSsmType(parameterType(decl)) ? undefined : defaultOf(decl));
    if (value === undefined) continue;
    const why = violation(source, name, decl, value);
    const description = typeof decl['ConstraintDescription'] === 'string' ? ` (${decl['ConstraintDescription']})` : '';
    if (why !== undefined) {
      const from = name in given ? '' : ' (its Default)';
      throw new LoadError(source, 'format', `${why}${from}${description}`, { path: childPath('$.Parameters', name) });
    }
  }
}

const ENTRY_FIELDS = ['ParameterKey', 'ParameterValue', 'UsePreviousValue', 'ResolvedValue'];

/** The parameter values in the text of a parameters file (the AWS CLI's JSON form). */
export function parseParametersFile(text: string, source: string): Record<string, string> {
  const root = parseJson(text, source);
  const form = 'a parameters file is a JSON list of { "ParameterKey": …, "ParameterValue": … }';
  if (!Array.isArray(root)) throw new LoadError(source, 'format', form);
  const values: Record<string, string> = {};
  root.forEach((entry, i) => {
    const at = `$[${i}]`;
    if (!isJsonObject(entry)) throw new LoadError(source, 'format', form, { path: at });
    for (const field of Object.keys(entry)) {
      if (!ENTRY_FIELDS.includes(field)) {
        throw new LoadError(source, 'format', `unknown field ${field} (a parameter has ${ENTRY_FIELDS.join(', ')}).${didYouMean(field, ENTRY_FIELDS)}`, {
          path: childPath(at, field),
        });
      }
    }
    const key = entry['ParameterKey'];
    if (typeof key !== 'string' || key === '')
      throw new LoadError(source, 'format', 'ParameterKey must be a parameter name', { path: childPath(at, 'ParameterKey') });
    if (Object.hasOwn(values, key)) throw new LoadError(source, 'format', `parameter ${key} is given twice`, { path: at });
    const resolved = entry['ResolvedValue'];
    const value = typeof resolved === 'string' ? resolved : entry['ParameterValue'];
    if (entry['UsePreviousValue'] === true && value === undefined) {
      throw new LoadError(source, 'format', `parameter ${key}: UsePreviousValue needs the deployed stack; give its ParameterValue instead`, { path: at });
    }
    if (typeof value !== 'string')
      throw new LoadError(source, 'format', `parameter ${key}: ParameterValue must be a string`, { path: childPath(at, 'ParameterValue') });
    values[key] = value;
  });
  return values;
}

/** Read a parameters file (see `parseParametersFile`). */
export async function loadParametersFile(path: string): Promise<Record<string, string>> {
  return parseParametersFile(await readDocumentFile(path), path);
}
