/**
 * Principals: parsing the caller (principal/caller.ts), the condition keys it implies
 * (principal/context.ts), and matching Principal / NotPrincipal elements and grantees against it
 * (principal/match.ts). Every rule about who a principal is lives here.
 */
export { parseCaller, principalArnOf, principalTypeOf, roleSessionPrefix, sessionNameOk, type Caller, type CallerKind } from './caller.js';
export { principalContext } from './context.js';
export { accountOfEntry, entryInfo, matchPrincipal, notPrincipalApplies, roleKey, type EntryInfo, type PrincipalMatch } from './match.js';
export * from './syntax.js';
