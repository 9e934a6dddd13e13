// The four states of anything loaded: loading, failed (the API's message; 403 as "not allowed"), empty
// and ready. Pages write only the ready case.
import type { ReactNode } from 'react';
import { ErrorNotice, Loading } from './notice';
import type { ApiState } from './use-api';

export function AsyncView<T>({
  state,
  children,
  isEmpty,
  empty,
  onRetry,
}: {
  state: ApiState<T>;
  children: (data: T) => ReactNode;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  onRetry?: () => void;
}) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <ErrorNotice error={state.error} onRetry={onRetry} />;
  if (isEmpty?.(state.data)) return <p className="empty">{empty}</p>;
  return <>{children(state.data)}</>;
}
