// The toolbar of a page's downloads (the CSV / Excel / PDF exports of a report, a search, a register
// book): one button-styled link per file, with the `download` attribute, then any other actions given.
import type { ReactNode } from 'react';

export interface DownloadLink {
  readonly href: string;
  readonly label: string;
}

export function DownloadLinks({ links, children }: { links: readonly DownloadLink[]; children?: ReactNode }) {
  return (
    <p className="toolbar">
      {links.map((l) => (
        <a key={l.href} className="btn" href={l.href} download>
          {l.label}
        </a>
      ))}
      {children}
    </p>
  );
}
