// Uploads with progress: fetch cannot report upload progress, XMLHttpRequest can. Same cookie and
// CSRF header as the typed client; errors are the same ApiError.
import { ApiError, networkError, toApiError } from './api-error';
import { csrfHeader, reportFailure } from './client';

export interface UploadProgress {
  readonly loaded: number;
  readonly total: number;
}

export interface UploadOptions {
  readonly method?: 'POST' | 'PUT';
  readonly headers?: Record<string, string>;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * Sends `body` (a file: raw bytes with its type; or a multipart form, whose type and boundary the browser
 * sets) and answers the parsed JSON response.
 */
export function upload<T>(url: string, body: Blob | FormData, options: UploadOptions = {}): Promise<T> {
  const method = options.method ?? 'POST';
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (body instanceof Blob && body.type) xhr.setRequestHeader('content-type', body.type);
    for (const [name, value] of Object.entries({ ...csrfHeader(method), ...options.headers }))
      xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) options.onProgress?.({ loaded: e.loaded, total: e.total });
    });
    xhr.addEventListener('load', () => {
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(data as T);
        return;
      }
      const err = toApiError(xhr.status, data);
      reportFailure(err);
      reject(err);
    });
    xhr.addEventListener('error', () => reject(networkError()));
    xhr.addEventListener('abort', () =>
      reject(
        new ApiError(0, {
          code: 'UPLOAD_ABORTED',
          message: 'Upload cancelled.',
          messageVi: 'Đã hủy tải lên.',
        }),
      ),
    );
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}
