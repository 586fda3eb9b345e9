/**
 * The last line of defence: an unexpected error while drawing becomes one message (never a stack
 * trace) that q quits with exit code 2. The boundary has to be a class; it holds only the error.
 */
import { useApp, useInput, useStdin } from 'ink';
import { Component, useEffect, useState, type ReactNode } from 'react';
import { EXIT, type ExitCode } from '../../io.js';
import { ErrorView } from './ErrorView.js';

interface CrashProps {
  readonly onExit?: (code: ExitCode, error: string | undefined) => void;
  readonly children: ReactNode;
}

function Crashed({ message, onExit }: { readonly message: string; readonly onExit?: CrashProps['onExit'] }) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      if (input === 'q' || key.escape || (key.ctrl && input === 'c')) {
        onExit?.(EXIT.input, message);
        exit();
      }
    },
    { isActive: isRawModeSupported === true },
  );
  // The message shows once the key handler above is attached (its effects run before this one):
  // a q pressed as soon as the message appears is never lost.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready ? <ErrorView message={message} /> : null;
}

export class CrashBoundary extends Component<CrashProps, { message: string | undefined }> {
  override state: { message: string | undefined } = { message: undefined };

  static getDerivedStateFromError(e: unknown): { message: string } {
    return { message: `internal error: ${e instanceof Error ? e.message : String(e)}` };
  }

  override render(): ReactNode {
    if (this.state.message !== undefined) return <Crashed message={this.state.message} {...(this.props.onExit ? { onExit: this.props.onExit } : {})} />;
    return this.props.children;
  }
}
