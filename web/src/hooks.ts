import { useCallback, useEffect, useState } from 'react';
import { type Problem, problemOf } from './api.js';

export interface AsyncState<T> {
  data?: T;
  error?: Problem;
  loading: boolean;
  reload: () => void;
}

/**
 * Runs `load` on mount and whenever `load` changes (wrap it in useCallback), dropping answers
 * that arrive after the component moved on.
 */
export function useAsync<T>(load: () => Promise<T>): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: Problem; loading: boolean }>({ loading: true });
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: nonce is how reload() asks for a fresh load
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) => live && setState({ error: problemOf(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [load, nonce]);

  return { ...state, reload };
}
