/** The first frame: the title, a spinner and what is being done ("simulating console-default.json…"). */
import { Box, Text } from 'ink';

export function Loading({
  frame,
  message,
  title,
  color = true,
}: {
  readonly frame: string;
  readonly message: string;
  readonly title?: string;
  readonly color?: boolean;
}) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text inverse bold>
          {' kmsim '}
        </Text>
        {title ? `  ${title}` : ''}
      </Text>
      <Text>
        <Text {...(color ? { color: 'cyan' } : {})}>{frame}</Text> {message}
      </Text>
      <Text dimColor>q quits</Text>
    </Box>
  );
}
