/**
 * `--principal`, `--action`, `--only-action`: the rows and columns a matrix, a diff or the explorer
 * shows, checked and turned into the simulator's options (an unknown action is a usage error with the
 * closest names).
 */
import { findAction, KMS_ACTIONS, KmsimError, parseCaller } from '@kmsim/core';
import { didYouMean } from '@kmsim/core/internal';
import type { CustomPrincipal, SimulateOptions } from '@kmsim/simulator';
import { UsageError } from './usage-error.js';

/** Options that choose the rows and columns (shared by matrix and diff). */
export interface SelectionOptions {
  readonly principal?: readonly string[];
  readonly action?: readonly string[];
  readonly onlyAction?: readonly string[];
}

const ACTION_NAMES: readonly string[] = KMS_ACTIONS.map((a) => a.name);

/** `Decrypt` or `kms:decrypt` → `kms:Decrypt`; an unknown name is a usage error naming the option and the closest action. */
function actionName(option: string, name: string): string {
  const full = name.includes(':') ? name : `kms:${name}`;
  const action = findAction(full);
  if (!action) throw new UsageError(option, `"${name}" is not a KMS action kmsim knows.${didYouMean(full, ACTION_NAMES) || ' (e.g. kms:Decrypt)'}`);
  return action.name;
}

function principal(arn: string): CustomPrincipal {
  try {
    parseCaller(arn);
  } catch (e) {
    const why = e instanceof KmsimError ? e.message.replace(/^request\.principal:\s*/, '') : String(e);
    throw new UsageError('--principal', why);
  }
  return { arn };
}

export function simulateOptions(options: SelectionOptions): SimulateOptions {
  const principals = (options.principal ?? []).map(principal);
  const actions = (options.action ?? []).map((a) => actionName('--action', a));
  const only = (options.onlyAction ?? []).map((a) => actionName('--only-action', a));
  return {
    ...(principals.length ? { principals } : {}),
    ...(actions.length ? { actions } : {}),
    ...(only.length ? { onlyActions: only } : {}),
  };
}
