/**
 * Runs the loader after the first render (so the spinner is on screen before the simulation
 * blocks), with its progress messages; any error becomes one message, never a stack trace.
 */
import { KmsimError } from '@kmsim/core';
import { useEffect, useState } from 'react';
import type { ExplorerData, Loader } from '../model/types.js';

export type LoadState =
  | { readonly kind: 'loading'; readonly message: string }
  | { readonly kind: 'ready'; readonly data: ExplorerData }
  | { readonly kind: 'error'; readonly message: string };

export function errorMessage(e: unknown): string {
  if (e instanceof KmsimError) return e.message;
  if (e instanceof Error) return `internal error: ${e.message}`;
  return `internal error: ${String(e)}`;
}

export function useLoader(load: Loader): LoadState {
  const [state, setState] = useState<LoadState>({ kind: 'loading', message: 'starting…' });
  useEffect(() => {
    let live = true;
    const progress = (message: string): void => {
      if (live) setState({ kind: 'loading', message });
    };
    const timer = setImmediate(() => {
      load(progress).then(
        (data) => {
          if (live) setState({ kind: 'ready', data });
        },
        (e: unknown) => {
          if (live) setState({ kind: 'error', message: errorMessage(e) });
        },
      );
    });
    return () => {
      live = false;
      clearImmediate(timer);
    };
  }, [load]);
  return state;
}
