/**
 * The explorer's state and its keys: Ink's key events go through the pure reducer
 * (model/state.ts) with the environment of the current frame. Before the data is there (loading,
 * or an error), only the quit keys work.
 */
import { useInput, useStdin, useStdout } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createExplorerModel } from '../model/explorer.js';
import type { TerminalSize } from '../model/layout.js';
import { splitInput } from '../model/keys.js';
import { initialState, reduceKey, type ExplorerState } from '../model/state.js';
import type { ExplorerData, Line } from '../model/types.js';

export interface Explorer {
  readonly state: ExplorerState;
  /** The frame to print (empty before the data is there). */
  readonly lines: readonly Line[];
}

export function useExplorer(data: ExplorerData | undefined, size: TerminalSize): Explorer {
  const [state, setState] = useState<ExplorerState>(initialState);
  const model = useMemo(() => (data ? createExplorerModel(data) : undefined), [data]);
  const { isRawModeSupported } = useStdin();
  // The key handler reads the latest model and size: Ink re-attaches handlers only after effects run.
  const latest = useRef({ model, size });
  latest.current = { model, size };

  useInput(
    (input, key) => {
      const { model, size } = latest.current;
      if (!model) {
        if (input.includes('q') || key.escape || (key.ctrl && input === 'c') || input.includes('\u0003')) setState((s) => ({ ...s, quit: true }));
        return;
      }
      const presses = splitInput(input, key);
      setState((s) => presses.reduce((state, p) => reduceKey(state, p.input, p.key, model.frame(state, size).env), s));
    },
    { isActive: isRawModeSupported === true },
  );

  // Ctrl+L: Ink clears its frame, prints this (clear the terminal, cursor home), then the frame again.
  const { write } = useStdout();
  const redraw = state.redraw;
  useEffect(() => {
    if (redraw > 0) write('\u001B[2J\u001B[3J\u001B[H');
  }, [redraw, write]);

  const lines = model ? model.frame(state, size).lines : [];
  return { state, lines };
}
