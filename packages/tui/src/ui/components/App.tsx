/**
 * The interactive explorer: a spinner while the loader runs, then the matrix and its panels, or
 * one error message. `q` clears the frame and exits; `onExit` gets the exit code (2 after an error).
 */
import { useApp, useStdout } from 'ink';
import { useEffect } from 'react';
import { EXIT, type ExitCode } from '../../io.js';
import { useExplorer } from '../hooks/use-explorer.js';
import { useLoader } from '../hooks/use-loader.js';
import { useSpinner } from '../hooks/use-spinner.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { explorerColor } from '../model/terminal.js';
import type { Loader } from '../model/types.js';
import { CrashBoundary } from './Crash.js';
import { ErrorView } from './ErrorView.js';
import { Loading } from './Loading.js';
import { Screen } from './Screen.js';

export interface AppProps {
  readonly load: Loader;
  /** What is explored, for the title of the first frame (a file name, `before → after`). */
  readonly title?: string;
  /** Draw in colour; default: `explorerColor` of the environment and the output. */
  readonly color?: boolean;
  readonly onExit?: (code: ExitCode, error: string | undefined) => void;
}

export function App(props: AppProps) {
  return (
    <CrashBoundary {...(props.onExit ? { onExit: props.onExit } : {})}>
      <Explorer {...props} />
    </CrashBoundary>
  );
}

function Explorer({ load, onExit, title, color: colorProp }: AppProps) {
  const size = useTerminalSize();
  const { stdout } = useStdout();
  const color = colorProp ?? explorerColor(process.env, stdout.isTTY === true);
  const loaded = useLoader(load);
  const frame = useSpinner(loaded.kind === 'loading');
  const explorer = useExplorer(loaded.kind === 'ready' ? loaded.data : undefined, size);
  const { exit } = useApp();
  const quit = explorer.state.quit;
  const error = loaded.kind === 'error' ? loaded.message : undefined;

  useEffect(() => {
    if (!quit) return;
    onExit?.(error === undefined ? EXIT.ok : EXIT.input, error);
    exit();
  }, [quit, error, onExit, exit]);

  // The last frame is empty, so quitting leaves the terminal as it was.
  if (quit) return null;
  if (loaded.kind === 'loading') return <Loading frame={frame} message={loaded.message} color={color} {...(title ? { title } : {})} />;
  if (loaded.kind === 'error') return <ErrorView message={loaded.message} color={color} />;
  return <Screen lines={explorer.lines} color={color} />;
}
