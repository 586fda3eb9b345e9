/** JSON paths in core's diagnostics style (`$.Resources.AppKey.Statement[0]["aws:SourceArn"]`) and the JSON object guard: core's, typed for JSON. */
import type { JsonValue } from '@kmsim/core';
import { isObject } from '@kmsim/core/internal';

export { childPath } from '@kmsim/core/internal';

export type JsonObject = { [key: string]: JsonValue };

export const isJsonObject = (value: unknown): value is JsonObject => isObject<JsonValue>(value);
