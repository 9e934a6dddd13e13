// What the outgoing and the incoming document pages share: the result announced (the flash the page
// opens with, then each action's), and the page shown until the document is read (its breadcrumb,
// the heading "Chi tiết văn bản", loading or the error with a retry).
import { useCallback, useState } from 'react';
import { AsyncView } from '../components/async-view';
import type { ApiState } from '../components/use-api';
import { useStrings } from '../i18n/i18n';
import { DOCUMENT_STRINGS } from './document-strings';
import { BackLink, FlashNotice, takeFlash } from './document-widgets';

export interface Announcement {
  readonly text: string;
  /** Counts the announcements, so the same text said again is shown (and focused) again. */
  readonly n: number;
}

/** The announced result (first the pending flash) and the function that announces a new one. */
export function useAnnouncement(): [Announcement | null, (text: string) => void] {
  const [announce, setAnnounce] = useState<Announcement | null>(() => {
    const text = takeFlash();
    return text ? { text, n: 0 } : null;
  });
  const say = useCallback((text: string) => setAnnounce((a) => ({ text, n: (a?.n ?? 0) + 1 })), []);
  return [announce, say];
}

/** The announced result as a status paragraph that takes focus (nothing before the first). */
export function AnnouncementNotice({ announce }: { announce: Announcement | null }) {
  return announce ? <FlashNotice key={announce.n} text={announce.text} /> : null;
}

/** A document's page until the document is read: breadcrumb, heading, loading or the error. */
export function DocumentLoading({
  hash,
  text,
  state,
  onRetry,
}: {
  /** The list page the breadcrumb leads back to, and its name. */
  hash: string;
  text: string;
  state: ApiState<unknown>;
  onRetry: () => void;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  return (
    <>
      <BackLink hash={hash} text={text} current={t('documentDetails')} />
      <h1>{t('documentDetails')}</h1>
      <AsyncView state={state} onRetry={onRetry}>
        {() => null}
      </AsyncView>
    </>
  );
}
