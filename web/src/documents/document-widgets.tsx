// Small blocks of the document pages (outgoing and incoming): a titled card (a labelled region), a
// list of properties, the "open / download PDF" links, the breadcrumb back to a list, the result
// announced after an action that navigates or reloads (flash), the names of a document's recipients,
// and a refresh that repeats while something is pending (a verdict being checked). Ported from
// the old shell's document-widgets.mjs.
import { Fragment, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { api, ok } from '../api/client';
import { inlineHref } from '../components/pdf-preview';
import { useApi } from '../components/use-api';
import { useStrings, type Translate } from '../i18n/i18n';
import { DOCUMENT_STRINGS, type DocumentKey } from './document-strings';
import type { RecipientSpec } from './outgoing-document';

/** A section with its heading; the heading names the region (`getByRole('region', { name })`). */
export function Card({
  title,
  children,
  className,
}: {
  title: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <section className={`card${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A description list from [label, value] pairs; empty values (null, undefined, '') are left out. */
export function Props({ pairs }: { pairs: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="props">
      {pairs
        .filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false)
        .map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
    </dl>
  );
}

/** A PDF of the API opened inline in a new tab, and downloaded; `name` completes the links' names. */
export function PdfLinks({ href, name }: { href: string; name: string }) {
  const t = useStrings(DOCUMENT_STRINGS);
  return (
    <span className="pdf-links">
      <a href={inlineHref(href)} target="_blank" rel="noopener" className="btn btn-small">
        {t('openPdf')}
        <span className="visually-hidden"> {name}</span>
      </a>{' '}
      <a href={href} className="btn btn-small" download="">
        {t('downloadPdf')}
        <span className="visually-hidden"> {name}</span>
      </a>
    </span>
  );
}

/** The breadcrumb: the list page, then the current page. */
export function BackLink({ hash, text, current }: { hash: string; text: string; current: ReactNode }) {
  const t = useStrings(DOCUMENT_STRINGS);
  return (
    <nav className="breadcrumb" aria-label={t('breadcrumb')}>
      <ol>
        <li>
          <a href={hash}>{text}</a>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

let pendingFlash: string | null = null;

/** A result to announce on the next page shown (an action that navigates: saved draft → its page). */
export function setFlash(text: string): void {
  pendingFlash = text;
}

/** The pending result once (the page that shows it takes it). */
export function takeFlash(): string | null {
  const text = pendingFlash;
  pendingFlash = null;
  return text;
}

/** The flash taken when the page opens, and a setter for results announced without navigating. */
export function useFlash(): [string | null, (text: string | null) => void] {
  const [flash, setFlashState] = useState<string | null>(takeFlash);
  return [flash, setFlashState];
}

/** An announced result: a status paragraph that takes focus when it appears or changes. */
export function FlashNotice({ text }: { text: string | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <p className="alert alert-ok flash" role="status" tabIndex={-1} ref={ref}>
      {text}
    </p>
  );
}

/**
 * Calls `tick` every `ms` while `active` (a verdict being checked, a delivery in progress) and the
 * page is shown; stops when `active` turns false or the page closes. `tick` is usually a reload.
 */
export function useRefreshWhile(active: boolean, ms: number, tick: () => unknown): void {
  const tickRef = useRef(tick);
  useEffect(() => {
    tickRef.current = tick;
  });
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout>;
    let live = true;
    const run = async () => {
      try {
        await tickRef.current();
      } catch {
        /* tried again at the next tick */
      }
      if (live) timer = setTimeout(() => void run(), ms);
    };
    timer = setTimeout(() => void run(), ms);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [active, ms]);
}

export interface RecipientNames {
  readonly names: readonly string[];
  /** Recipients beyond the first `max` (not looked up). */
  readonly more: number;
}

async function recipientName(spec: RecipientSpec, t: Translate<DocumentKey>): Promise<string> {
  try {
    if (spec.kind === 'unit')
      return (await ok(api.GET('/api/units/{id}', { params: { path: { id: spec.unitId } } }))).name;
    if (spec.kind === 'group') {
      const g = await ok(api.GET('/api/unit-groups/{id}', { params: { path: { id: spec.groupId } } }));
      return `${g.name} (${t('unitCount', { count: g.memberCount })})`;
    }
    return spec.name ? `${spec.name} (${spec.code})` : spec.code;
  } catch {
    return spec.kind === 'unit' ? spec.unitId : spec.kind === 'group' ? spec.groupId : spec.code;
  }
}

/** The names of recipient specs: units and groups looked up in the directory, at most `max`. */
export function useRecipientNames(specs: readonly RecipientSpec[], max = 30) {
  const t = useStrings(DOCUMENT_STRINGS);
  const key = JSON.stringify(specs);
  return useApi<RecipientNames>(async () => {
    const shown = specs.slice(0, max);
    const names = await Promise.all(shown.map((s) => recipientName(s, t)));
    return { names, more: specs.length - shown.length };
  }, [key, max, t]);
}
