/** Whether a text is a caller `parseCaller` accepts, without parsing it: for tools that generate or filter callers. */
import { parseCaller, type Caller } from './caller.js';
import { CALLER_SERVICE, isCallerArn } from './syntax.js';

/** An IAM root/user/role ARN, an STS session or federated-user ARN, or a service principal. */
export function isCallerText(text: string): boolean {
  return isCallerArn(text) || CALLER_SERVICE.test(text);
}

/** The caller `parseCaller` reads from the text, or `undefined` where it would throw (for tools that skip what they cannot place). */
export function tryParseCaller(text: string): Caller | undefined {
  try {
    return parseCaller(text);
  } catch {
    return undefined;
  }
}
