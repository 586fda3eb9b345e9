export { main, VERSION } from './cli.js';
export { EXIT, type ExitCode, type Streams } from './io.js';
