/**
 * Prints styled lines, one terminal line each (cut at the edge, never wrapped). A line is a memoised
 * component keyed by its row, printed as one string with its styles (model/ansi.ts): the model hands
 * back the same Line object for a row that did not change, so a key press re-renders only the lines
 * it changed, and Ink lays out one text node per line.
 */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { lineAnsi } from '../model/ansi.js';
import type { Line } from '../model/types.js';

export const StyledLine = memo(function StyledLine({ line, color = true }: { readonly line: Line; readonly color?: boolean }) {
  if (line.length === 0) return <Text> </Text>;
  return <Text wrap="truncate-end">{lineAnsi(line, color)}</Text>;
});

export function Screen({ lines, color = true }: { readonly lines: readonly Line[]; readonly color?: boolean }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a screen line is identified by its row
        <StyledLine key={i} line={line} color={color} />
      ))}
    </Box>
  );
}
