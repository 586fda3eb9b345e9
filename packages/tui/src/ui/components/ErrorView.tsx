/** An input that cannot be explored: one clear message, and how to leave. */
import { Box, Text } from 'ink';

export function ErrorView({ message, color = true }: { readonly message: string; readonly color?: boolean }) {
  return (
    <Box flexDirection="column">
      <Text {...(color ? { color: 'red' } : {})} bold wrap="wrap">
        kmsim: {message}
      </Text>
      <Text dimColor>q quits</Text>
    </Box>
  );
}
