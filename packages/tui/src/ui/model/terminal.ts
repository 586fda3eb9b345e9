import { colorEnabled } from '../../color.js';

/**
 * Whether the explorer draws in colour: the plain commands' rule (src/color.ts), so that NO_COLOR,
 * FORCE_COLOR and monochrome terminals mean the same everywhere. The glyphs, brackets and marks
 * already tell cells apart, so without colour nothing is lost.
 */
export const explorerColor: (env: NodeJS.ProcessEnv, isTTY: boolean) => boolean = colorEnabled;
