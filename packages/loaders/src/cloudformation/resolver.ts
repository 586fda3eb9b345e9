/**
 * CloudFormation intrinsic functions, resolved offline.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 *
 * Resolved: Ref (pseudo parameters, parameters, and a few resources), Fn::Sub (both forms,
 * `${!Literal}`), Fn::Join, Fn::Select, Fn::Split, Fn::If and the condition functions,
 * Fn::FindInMap, Fn::Base64, Fn::GetAtt `Arn` of IAM roles and users and of keys in the same
 * template, Fn::ToJsonString and Fn::Length (AWS::LanguageExtensions), AWS::NoValue.
 *
 * Anything else — a value that only exists once a stack does (Fn::ImportValue, Fn::GetAZs,
 * another resource's physical id …) — is a LoadError naming the resource and the JSON path of
 * the function. Nothing is guessed, except the one documented approximation: an IAM role or user
 * without RoleName/UserName is named after its logical id (CloudFormation would generate
 * `<stack>-<logicalId>-<random>`).
 */
import type { JsonValue } from '@kmsim/core';
import { LoadError } from '../errors.js';
import { childPath, isJsonObject, type JsonObject } from '../json-path.js';
import { keyArnOf, type Environment } from './environment.js';
import { declaredParameters, defaultOf, isListType, isSsmType, parameterType } from './parameters.js';

/** AWS::NoValue: the property (or list element) is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Resolved = JsonValue | typeof NO_VALUE;

const MAX_DEPTH = 64;
/** Lists and objects nested deeper than this (a YAML alias inside itself, a generated template) are refused. */
const MAX_NESTING = 256;

/** A JSON path cut to a readable length for a message. */
function shortPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 120)}…`;
}

/** `{ "Ref": … }` or `{ "Fn::…": … }`: the function name, or undefined for a plain object. */
export function intrinsicName(value: JsonObject): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const k = keys[0] as string;
  return k === 'Ref' || k.startsWith('Fn::') ? k : undefined;
}

const OFFLINE_UNKNOWN: Readonly<Record<string, string>> = {
  'Fn::ImportValue': 'it reads an output exported by another stack, which the template does not contain',
  'Fn::GetAZs': 'the Availability Zones of a region are only known to AWS',
  'Fn::Cidr': 'kmsim does not compute CIDR blocks',
  'Fn::Transform': 'macros run inside CloudFormation',
};

export class Resolver {
  private depth = 0;
  private nesting = 0;
  private readonly evaluating = new Set<string>();

  constructor(
    private readonly env: Environment,
    /** The logical id of the resource being loaded, for messages. */
    private readonly resource: string,
  ) {}

  fail(path: string, message: string, reason: 'unresolvable' | 'format' = 'unresolvable'): never {
    throw new LoadError(this.env.source, reason, message, { resource: this.resource, path });
  }

  /** Resolve every intrinsic function in `value`. */
  resolve(value: JsonValue, path: string): Resolved {
    if (typeof value !== 'object' || value === null) return value;
    if (++this.nesting > MAX_NESTING) {
      this.fail(shortPath(path), `nested more than ${MAX_NESTING} levels deep (or a YAML alias refers to itself); kmsim stops there`, 'format');
    }
    try {
      return this.resolveNode(value, path);
    } finally {
      this.nesting--;
    }
  }

  private resolveNode(value: JsonValue, path: string): Resolved {
    if (Array.isArray(value)) {
      const out: JsonValue[] = [];
      value.forEach((v, i) => {
        const r = this.resolve(v, childPath(path, i));
        if (r !== NO_VALUE) out.push(r);
      });
      return out;
    }
    if (!isJsonObject(value)) return value;
    const fn = intrinsicName(value);
    if (fn !== undefined) return this.call(fn, value[fn] as JsonValue, childPath(path, fn), path);
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const r = this.resolve(v, childPath(path, k));
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  /** Resolve to a string (numbers and booleans are written as CloudFormation writes them). */
  string(value: JsonValue, path: string, what: string): string {
    const r = this.resolve(value, path);
    if (typeof r === 'string') return r;
    if (typeof r === 'number' || typeof r === 'boolean') return String(r);
    return this.fail(path, `${what} must be a string, but it is ${describe(r)}`, 'format');
  }

  /** Like `string`, but an absent value or AWS::NoValue gives `fallback`. */
  optionalString(value: JsonValue | undefined, path: string, what: string, fallback: string): string {
    if (value === undefined) return fallback;
    const r = this.resolve(value, path);
    if (r === NO_VALUE) return fallback;
    if (typeof r === 'string') return r;
    if (typeof r === 'number' || typeof r === 'boolean') return String(r);
    return this.fail(path, `${what} must be a string, but it is ${describe(r)}`, 'format');
  }

  private list(value: JsonValue, path: string, what: string): JsonValue[] {
    const r = this.resolve(value, path);
    if (Array.isArray(r)) return r;
    return this.fail(path, `${what} must be a list, but it is ${describe(r)}`, 'format');
  }

  private args(arg: JsonValue, path: string, fn: string, count: number | [number, number]): JsonValue[] {
    const [min, max] = typeof count === 'number' ? [count, count] : count;
    if (!Array.isArray(arg) || arg.length < min || arg.length > max) {
      const n = min === max ? `${min}` : `${min} to ${max}`;
      this.fail(path, `${fn} takes a list of ${n} arguments`, 'format');
    }
    return arg;
  }

  private call(fn: string, arg: JsonValue, path: string, at: string): Resolved {
    if (++this.depth > MAX_DEPTH) this.fail(at, 'the template refers to itself in a loop (or nests functions too deeply)');
    try {
      return this.dispatch(fn, arg, path, at);
    } finally {
      this.depth--;
    }
  }

  private dispatch(fn: string, arg: JsonValue, path: string, at: string): Resolved {
    switch (fn) {
      case 'Ref':
        if (typeof arg !== 'string') return this.fail(path, 'Ref takes the name of a parameter or resource', 'format');
        return this.ref(arg, at);
      case 'Fn::Sub':
        return this.sub(arg, path);
      case 'Fn::Join': {
        const [delimiter, list] = this.args(arg, path, fn, 2) as [JsonValue, JsonValue];
        const d = this.string(delimiter, childPath(path, 0), 'the Fn::Join delimiter');
        const items = this.list(list, childPath(path, 1), 'the Fn::Join list');
        return items.map((v, i) => this.string(v, childPath(childPath(path, 1), i), 'an Fn::Join element')).join(d);
      }
      case 'Fn::Select': {
        const [index, list] = this.args(arg, path, fn, 2) as [JsonValue, JsonValue];
        const i = Number(this.string(index, childPath(path, 0), 'the Fn::Select index'));
        const items = this.list(list, childPath(path, 1), 'the Fn::Select list');
        const picked = Number.isInteger(i) ? items[i] : undefined;
        if (picked === undefined) return this.fail(path, `Fn::Select index ${i} is outside the list of ${items.length}`, 'format');
        return picked;
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.args(arg, path, fn, 2) as [JsonValue, JsonValue];
        const d = this.string(delimiter, childPath(path, 0), 'the Fn::Split delimiter');
        return this.string(source, childPath(path, 1), 'the Fn::Split source').split(d);
      }
      case 'Fn::If': {
        const [name, ifTrue, ifFalse] = this.args(arg, path, fn, 3) as [JsonValue, JsonValue, JsonValue];
        if (typeof name !== 'string') return this.fail(childPath(path, 0), 'Fn::If takes a condition name first', 'format');
        return this.condition(name, childPath(path, 0)) ? this.resolve(ifTrue, childPath(path, 1)) : this.resolve(ifFalse, childPath(path, 2));
      }
      case 'Fn::FindInMap':
        return this.findInMap(this.args(arg, path, fn, 3), path);
      case 'Fn::GetAtt':
        return this.getAttArg(arg, path, at);
      case 'Fn::Base64':
        return Buffer.from(this.string(arg, path, 'the Fn::Base64 argument'), 'utf8').toString('base64');
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(arg, path));
      case 'Fn::Length':
        return this.list(arg, path, 'the Fn::Length argument').length;
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
        return this.fail(at, `${fn} is a condition function: it belongs in the Conditions section (use Fn::If here)`, 'format');
      default: {
        const why = OFFLINE_UNKNOWN[fn] ?? 'kmsim does not know this function';
        return this.fail(at, `${fn} cannot be resolved from the template: ${why}`);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Ref, parameters, resources

  private ref(name: string, at: string): Resolved {
    if (name === 'AWS::NoValue') return NO_VALUE;
    const pseudo = this.env.pseudo.get(name);
    if (pseudo !== undefined) return pseudo;
    if (name.startsWith('AWS::')) return this.fail(at, `Ref ${name}: this pseudo parameter is only known when the stack is deployed`);
    if (name in declaredParameters(this.env.template)) return this.parameter(name);
    if (name in this.env.resources) return this.resourceRef(name, at);
    return this.fail(at, `Ref ${name}: the template has no parameter or resource of that name`, 'format');
  }

  private parameter(name: string): string | string[] {
    const path = childPath('$.Parameters', name);
    const decl = declaredParameters(this.env.template)[name];
    const type = parameterType(decl);
    // Given values and Defaults met the parameter's constraints when the template was read (parameters.ts).
    let value = this.env.parameters[name];
    if (value === undefined && isSsmType(type)) {
      const dflt = defaultOf(decl);
      const ssm = dflt !== undefined ? ` (Default names the SSM parameter ${dflt})` : '';
      return this.fail(
        path,
        `parameter ${name} is read from SSM Parameter Store at deploy time${ssm}; give its value (kmsim --parameter ${name}=VALUE, or options.parameters)`,
      );
    }
    value ??= defaultOf(decl);
    if (value === undefined)
      return this.fail(path, `parameter ${name} has no Default; give its value (kmsim --parameter ${name}=VALUE, or options.parameters)`);
    return isListType(type) ? value.split(',').map((s) => s.trim()) : value;
  }

  private resourceOf(logicalId: string): { type: string; properties: JsonObject } {
    const r = this.env.resources[logicalId];
    const type = isJsonObject(r) && typeof r['Type'] === 'string' ? r['Type'] : '(no Type)';
    const properties = isJsonObject(r) && isJsonObject(r['Properties']) ? r['Properties'] : {};
    return { type, properties };
  }

  private resourceRef(logicalId: string, at: string): Resolved {
    const { type, properties } = this.resourceOf(logicalId);
    const base = childPath(childPath('$.Resources', logicalId), 'Properties');
    switch (type) {
      case 'AWS::IAM::Role':
        return this.iamName(properties, 'RoleName', logicalId, base);
      case 'AWS::IAM::User':
        return this.iamName(properties, 'UserName', logicalId, base);
      case 'AWS::KMS::Key':
        return logicalId;
      case 'AWS::KMS::Alias':
        return this.string(properties['AliasName'] ?? null, childPath(base, 'AliasName'), 'AliasName');
      default:
        return this.fail(at, `Ref ${logicalId}: the physical id of a ${type} is only known once the stack exists`);
    }
  }

  private iamName(properties: JsonObject, property: string, logicalId: string, base: string): string {
    const v = properties[property];
    return v === undefined ? logicalId : this.string(v, childPath(base, property), property);
  }

  private getAttArg(arg: JsonValue, path: string, at: string): Resolved {
    let target: string | undefined;
    let attribute: string | undefined;
    if (typeof arg === 'string' && arg.includes('.')) [target, attribute] = [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)];
    else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
      target = arg[0];
      attribute = this.string(arg[1] as JsonValue, childPath(path, 1), 'the Fn::GetAtt attribute');
    }
    if (target === undefined || attribute === undefined) return this.fail(path, 'Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"', 'format');
    return this.getAtt(target, attribute, at);
  }

  private getAtt(logicalId: string, attribute: string, at: string): string {
    if (!(logicalId in this.env.resources)) return this.fail(at, `Fn::GetAtt ${logicalId}.${attribute}: the template has no resource ${logicalId}`, 'format');
    const { type, properties } = this.resourceOf(logicalId);
    const base = childPath(childPath('$.Resources', logicalId), 'Properties');
    const { partition, accountId } = this.env;
    if ((type === 'AWS::IAM::Role' || type === 'AWS::IAM::User') && attribute === 'Arn') {
      const [kind, property] = type === 'AWS::IAM::Role' ? ['role', 'RoleName'] : ['user', 'UserName'];
      const name = this.iamName(properties, property, logicalId, base);
      const p = properties['Path'] === undefined ? '/' : this.string(properties['Path'], childPath(base, 'Path'), 'Path');
      return `arn:${partition}:iam::${accountId}:${kind}${p.startsWith('/') ? p : `/${p}`}${p.endsWith('/') ? '' : '/'}${name}`;
    }
    if (type === 'AWS::KMS::Key' && attribute === 'Arn') return keyArnOf(this.env, logicalId);
    if (type === 'AWS::KMS::Key' && attribute === 'KeyId') return logicalId;
    return this.fail(
      at,
      `Fn::GetAtt ${logicalId}.${attribute} (${type}) is only known once the stack exists; kmsim resolves only Arn of IAM roles and users and Arn/KeyId of keys in the same template`,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Fn::Sub, Fn::FindInMap

  private sub(arg: JsonValue, path: string): string {
    let text: JsonValue;
    let vars: JsonObject = {};
    if (typeof arg === 'string') text = arg;
    else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && isJsonObject(arg[1])) [text, vars] = [arg[0], arg[1]];
    else return this.fail(path, 'Fn::Sub takes a string or [string, { variable: value }]', 'format');
    const textPath = typeof arg === 'string' ? path : childPath(path, 0);
    return (text as string).replace(/\$\{([^}]*)\}/gu, (_, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in vars) return this.string(vars[name] as JsonValue, childPath(childPath(path, 1), name), `Fn::Sub variable ${name}`);
      const pseudo = this.env.pseudo.get(name);
      if (pseudo !== undefined) return pseudo;
      if (name.startsWith('AWS::')) return this.fail(textPath, `\${${name}} is only known when the stack is deployed`);
      if (name in declaredParameters(this.env.template)) {
        const v = this.parameter(name);
        if (Array.isArray(v)) return this.fail(textPath, `\${${name}}: parameter ${name} is a list, which Fn::Sub cannot insert`, 'format');
        return v;
      }
      if (name in this.env.resources) {
        const r = this.resourceRef(name, textPath);
        return typeof r === 'string' ? r : this.fail(textPath, `\${${name}} is not a string`, 'format');
      }
      const dot = name.indexOf('.');
      if (dot > 0) return this.getAtt(name.slice(0, dot), name.slice(dot + 1), textPath);
      return this.fail(textPath, `\${${name}} is not a variable, parameter, pseudo parameter or resource of the template`, 'format');
    });
  }

  private findInMap(args: JsonValue[], path: string): Resolved {
    const [m, k1, k2] = args.map((a, i) => this.string(a, childPath(path, i), 'an Fn::FindInMap argument')) as [string, string, string];
    const mappings = this.env.template['Mappings'];
    const top = isJsonObject(mappings) ? mappings[m] : undefined;
    const second = isJsonObject(top) ? top[k1] : undefined;
    const value = isJsonObject(second) ? second[k2] : undefined;
    if (value === undefined) return this.fail(path, `Fn::FindInMap: Mappings has no ${m} → ${k1} → ${k2}`, 'format');
    return value;
  }

  // -------------------------------------------------------------------------------------------
  // Conditions

  /** Evaluate a named condition of the Conditions section. */
  condition(name: string, at: string): boolean {
    const cached = this.env.conditions.get(name);
    if (cached !== undefined) return cached;
    const conditions = this.env.template['Conditions'];
    const def = isJsonObject(conditions) ? conditions[name] : undefined;
    if (def === undefined) return this.fail(at, `the template has no condition named ${name}`, 'format');
    if (this.evaluating.has(name)) return this.fail(childPath('$.Conditions', name), `condition ${name} refers to itself`, 'format');
    this.evaluating.add(name);
    try {
      const value = this.conditionExpression(def, childPath('$.Conditions', name));
      this.env.conditions.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }

  private conditionExpression(value: JsonValue, path: string): boolean {
    const keys = isJsonObject(value) ? Object.keys(value) : [];
    const fn = keys.length === 1 ? (keys[0] as string) : undefined;
    const arg = fn !== undefined ? ((value as JsonObject)[fn] as JsonValue) : null;
    const p = fn !== undefined ? childPath(path, fn) : path;
    switch (fn) {
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg, p) : this.fail(p, 'Condition takes a condition name', 'format');
      case 'Fn::Equals': {
        const [a, b] = this.args(arg, p, fn, 2).map((v, i) => normalise(this.resolve(v, childPath(p, i))));
        return a === b;
      }
      case 'Fn::Not':
        return !this.conditionExpression(this.args(arg, p, fn, 1)[0] as JsonValue, childPath(p, 0));
      case 'Fn::And':
        return this.args(arg, p, fn, [2, 10]).every((c, i) => this.conditionExpression(c, childPath(p, i)));
      case 'Fn::Or':
        return this.args(arg, p, fn, [2, 10]).some((c, i) => this.conditionExpression(c, childPath(p, i)));
      default:
        return this.fail(path, 'a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or {"Condition": name}', 'format');
    }
  }
}

function normalise(value: Resolved): string {
  if (value === NO_VALUE) return '';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function describe(value: Resolved): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
