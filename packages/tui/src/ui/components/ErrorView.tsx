/** An input that cannot be explored: one clear message, and how to leave. */
import { Box, Text } from 'ink';

export function ErrorView({ message }: { readonly message: string }) {
  return (
    <Box flexDirection="column">
      <Text color="red" bold wrap="wrap">
        kmsim: {message}
      </Text>
      <Text dimColor>q quits</Text>
    </Box>
  );
}
