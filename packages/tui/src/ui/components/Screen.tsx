/** Prints styled lines, one terminal line each (cut at the edge, never wrapped). */
import { Box, Text } from 'ink';
import type { Line } from '../model/types.js';

export function StyledLine({ line }: { readonly line: Line }) {
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {line.map(({ text, dim, ...style }, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: segments of a line have no identity but their position
        <Text key={i} {...style} dimColor={dim ?? false}>
          {text}
        </Text>
      ))}
    </Text>
  );
}

export function Screen({ lines }: { readonly lines: readonly Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a screen line is identified by its row
        <StyledLine key={i} line={line} />
      ))}
    </Box>
  );
}
