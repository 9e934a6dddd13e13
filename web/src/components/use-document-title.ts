import { useEffect } from 'react';

function setDocumentTitle(title: string): void {
  document.title = title;
}

/** The browser tab's title: `Danh bạ đơn vị — VanBan`. */
export function useDocumentTitle(title: string): void {
  useEffect(() => setDocumentTitle(`${title} — VanBan`), [title]);
}
