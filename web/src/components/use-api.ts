// Loads data for a page or block: `const units = useApi(() => ok(api.GET('/api/units', …)), [q])`.
// The state is loading, ready (with data) or failed (with the error); `reload()` asks again. An answer
// that arrives after the inputs changed (or the page closed) is dropped.
import { useCallback, useEffect, useState, type DependencyList } from 'react';

export type ApiState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'failed'; readonly error: unknown };

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export function useApi<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): ApiState<T> & { reload: () => void } {
  const [round, setRound] = useState(0);
  const key = [...deps, round];
  // The answer is kept with the inputs it answers: with other inputs the state is loading again.
  const [answer, setAnswer] = useState<{ key: DependencyList; state: ApiState<T> }>();
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setAnswer({ key, state: { status: 'ready', data } }),
      (error: unknown) => current && setAnswer({ key, state: { status: 'failed', error } }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure on every render; `deps` (and reload's round) say when it asks anew.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, key);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const state: ApiState<T> = answer && sameDeps(answer.key, key) ? answer.state : { status: 'loading' };
  return { ...state, reload };
}
