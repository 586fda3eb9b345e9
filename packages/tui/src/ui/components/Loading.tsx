/** The progress indicator: a spinner and what is being done ("simulating console-default.json…"). */
import { Box, Text } from 'ink';

export function Loading({ frame, message }: { readonly frame: string; readonly message: string }) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">{frame}</Text> {message}
      </Text>
      <Text dimColor>q quits</Text>
    </Box>
  );
}
