// The archive's sections (file list, archival records, transfers, disposal, retention) as a small
// navigation bar; the record view (#/archive/records/:id) is reached from the records list.
import { useStrings } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { ARCHIVE_STRINGS } from './archive-strings';

const SECTIONS = [
  ['#/archive', 'tabFiles'],
  ['#/archive/records', 'tabRecords'],
  ['#/archive/transfers', 'tabTransfers'],
  ['#/archive/disposals', 'tabDisposals'],
  ['#/archive/retention', 'tabRetention'],
] as const;

export function ArchiveNav({ current }: { current: (typeof SECTIONS)[number][0] }) {
  const t = useStrings(ARCHIVE_STRINGS);
  return (
    <nav aria-label={t('archiveSections')} className="toolbar">
      {SECTIONS.map(([hash, key]) => (
        <Link key={hash} to={hash} className="btn" aria-current={hash === current ? 'page' : undefined}>
          {t(key)}
        </Link>
      ))}
    </nav>
  );
}

/** "Vĩnh viễn" or "10 năm". */
export function useRetentionText(): (years: number | null) => string {
  const t = useStrings(ARCHIVE_STRINGS);
  return (years) => (years === null ? t('permanent') : t('years', { n: years }));
}
