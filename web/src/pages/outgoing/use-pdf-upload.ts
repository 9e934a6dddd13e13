// Uploads PDFs for an action (POST /api/files, raw body, X-File-Name): each file once, so a retried
// action reuses the ids of files already sent; the file in flight and its progress for UploadProgress.
import { useCallback, useRef, useState } from 'react';
import type { ResponseOf } from '../../api/types';
import { upload, type UploadProgress } from '../../api/upload';

type StoredFile = ResponseOf<'/api/files', 'post'>;

export interface UploadState {
  readonly name: string;
  readonly progress: UploadProgress | undefined;
}

export function usePdfUpload() {
  const ids = useRef(new Map<File, string>());
  const [current, setCurrent] = useState<UploadState | null>(null);
  const uploadPdf = useCallback(async (file: File): Promise<string> => {
    const known = ids.current.get(file);
    if (known) return known;
    setCurrent({ name: file.name, progress: undefined });
    try {
      // Sent as application/pdf whatever type the browser guessed (a .pdf without one).
      const body = new Blob([file], { type: 'application/pdf' });
      const stored = await upload<StoredFile>('/api/files', body, {
        headers: { 'x-file-name': encodeURIComponent(file.name) },
        onProgress: (progress) => setCurrent({ name: file.name, progress }),
      });
      ids.current.set(file, stored.id);
      return stored.id;
    } finally {
      setCurrent(null);
    }
  }, []);
  return { uploadPdf, current };
}
