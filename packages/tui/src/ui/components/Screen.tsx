/**
 * Prints styled lines, one terminal line each (cut at the edge, never wrapped). A line is a memoised
 * component keyed by its row: the model hands back the same Line object for a row that did not
 * change, so a key press re-renders only the lines it changed.
 */
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Line } from '../model/types.js';

export const StyledLine = memo(function StyledLine({ line, color = true }: { readonly line: Line; readonly color?: boolean }) {
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {line.map(({ text, dim, color: fg, backgroundColor: bg, ...style }, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: segments of a line have no identity but their position
        <Text key={i} {...style} {...(color && fg ? { color: fg } : {})} {...(color && bg ? { backgroundColor: bg } : {})} dimColor={dim ?? false}>
          {text}
        </Text>
      ))}
    </Text>
  );
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
