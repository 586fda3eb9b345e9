/** The terminal's columns and rows, updated on every 'resize' of the output stream. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { TerminalSize } from '../model/layout.js';

export const DEFAULT_SIZE: TerminalSize = { columns: 80, rows: 24 };

function read(stdout: { columns?: number; rows?: number }): TerminalSize {
  return {
    columns: stdout.columns && stdout.columns > 0 ? stdout.columns : DEFAULT_SIZE.columns,
    rows: stdout.rows && stdout.rows > 0 ? stdout.rows : DEFAULT_SIZE.rows,
  };
}

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = (): void => {
      const next = read(stdout);
      setSize((s) => (s.columns === next.columns && s.rows === next.rows ? s : next));
    };
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
