/** JSON paths as core's diagnostics write them, for every package that reports a place in a JSON document. */
export { childPath } from '../parse/json-path.js';
