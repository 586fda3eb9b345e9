/**
 * Which condition keys can be in an action's request: the global (aws:) keys always may; a KMS key
 * only for the actions the Service Authorization Reference lists it under (the catalogue's
 * `conditionKeys`); a key kmsim does not know is left to the caller.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html#awskeymanagementservice-actions-as-permissions
 */
import { findConditionKey } from '../catalogue/condition-keys.js';
import type { KmsAction } from '../catalogue/types.js';

/** Whether a request for `action` can carry `key` (any spelling). */
export function actionSupportsKey(action: KmsAction, key: string): boolean {
  const info = findConditionKey(key);
  if (!info || info.global) return true;
  return action.conditionKeys.includes(info.name);
}
