// Hash routes (`#/units/…?q=…`), as the old app (issue 8) wrote them, so its links and bookmarks keep
// working. useHashLocation() re-renders on every hashchange; routes are matched in
// order by their pattern (routes.tsx); `to()` builds a hash with its query.
import { useSyncExternalStore, type AnchorHTMLAttributes } from 'react';

export interface HashLocation {
  /** `#/units/…` without the query (`#/` when empty). */
  readonly path: string;
  readonly params: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  globalThis.addEventListener('hashchange', onChange);
  return () => globalThis.removeEventListener('hashchange', onChange);
}

const currentHash = () => globalThis.location.hash || '#/';

export function parseHash(hash: string): HashLocation {
  const [path = '#/', search = ''] = (hash || '#/').split('?');
  return { path: path === '#' ? '#/' : path, params: new URLSearchParams(search) };
}

export function useHashLocation(): HashLocation {
  const hash = useSyncExternalStore(subscribe, currentHash, currentHash);
  return parseHash(hash);
}

/** `#/units` with the defined, non-empty parameters as its query. */
export function to(
  path: string,
  params: Readonly<Record<string, string | number | boolean | undefined | null>> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function navigate(hash: string): void {
  globalThis.location.hash = hash;
}

/** A link to a hash route (a plain anchor: middle-click, copy link and bookmarks work). */
export function Link({
  to: target,
  ...rest
}: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  return <a href={target} {...rest} />;
}
