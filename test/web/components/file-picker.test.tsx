import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../web/src/api/api-error';
import { setCsrfToken } from '../../../web/src/api/client';
import { upload } from '../../../web/src/api/upload';
import { FilePicker, UploadProgress } from '../../../web/src/components/file-picker';
import { renderWithLanguage } from '../support/render';

const pdf = (name: string, size = 2048) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' });

function Picker({ multiple = false }: { multiple?: boolean }) {
  const [files, setFiles] = useState<File[]>([]);
  return <FilePicker label="Tệp PDF dự thảo" files={files} onChange={setFiles} multiple={multiple} />;
}

describe('FilePicker', () => {
  it('takes a PDF from the labelled file input and lists it with its size', async () => {
    renderWithLanguage(<Picker />);
    await userEvent.upload(screen.getByLabelText('Tệp PDF dự thảo'), pdf('du-thao.pdf'));
    expect(screen.getByText('du-thao.pdf')).toBeTruthy();
    expect(screen.getByText('2 KB')).toBeTruthy();
  });

  it('takes dropped PDFs, refuses other files with a notice, and removes a file on request', async () => {
    renderWithLanguage(<Picker multiple />);
    const zone = screen.getByText('Tệp PDF dự thảo').closest('.drop-zone')!;
    fireEvent.dragOver(zone, { dataTransfer: { files: [] } });
    expect(zone.className).toContain('drag-over');
    fireEvent.drop(zone, {
      dataTransfer: {
        files: [pdf('a.pdf'), new File(['x'], 'ghi-chu.docx', { type: 'application/msword' }), pdf('b.pdf')],
      },
    });
    expect(screen.getByRole('alert').textContent).toBe('Chỉ nhận tệp PDF.');
    expect(screen.getByText('a.pdf')).toBeTruthy();
    expect(screen.getByText('b.pdf')).toBeTruthy();
    expect(screen.queryByText('ghi-chu.docx')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Bỏ tệp a.pdf' }));
    expect(screen.queryByText('a.pdf')).toBeNull();
  });

  it('shows upload progress as a labelled progress bar', () => {
    renderWithLanguage(<UploadProgress name="du-thao.pdf" progress={{ loaded: 512, total: 2048 }} />);
    const bar = screen.getByLabelText('Đang tải lên du-thao.pdf') as HTMLProgressElement;
    expect(bar.value).toBe(25);
    expect(screen.getByText('25%')).toBeTruthy();
  });
});

/** A stand-in XMLHttpRequest that records what is sent and lets the test drive progress and the answer. */
class FakeXhr extends EventTarget {
  static last: FakeXhr | undefined;
  upload = new EventTarget();
  headers: Record<string, string> = {};
  method = '';
  url = '';
  status = 0;
  responseText = '';
  withCredentials = false;
  body: unknown;
  constructor() {
    super();
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.dispatchEvent(new Event('abort'));
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.dispatchEvent(new Event('load'));
  }
  progress(loaded: number, total: number) {
    const e = Object.assign(new Event('progress'), { lengthComputable: true, loaded, total });
    this.upload.dispatchEvent(e);
  }
}

describe('upload (XHR, progress)', () => {
  it('sends the file with its type, the CSRF header and extra headers, reports progress and answers the JSON', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    setCsrfToken('csrf-abc');
    const seen: number[] = [];
    const result = upload<{ id: string }>('/api/files', pdf('du-thao.pdf'), {
      headers: { 'x-file-name': encodeURIComponent('dự thảo.pdf') },
      onProgress: (p) => seen.push(p.loaded / p.total),
    });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.headers['content-type']).toBe('application/pdf');
    expect(xhr.headers['x-csrf-token']).toBe('csrf-abc');
    expect(xhr.headers['x-file-name']).toBe('d%E1%BB%B1%20th%E1%BA%A3o.pdf');
    await act(async () => {
      xhr.progress(1024, 2048);
      xhr.progress(2048, 2048);
      xhr.answer(201, { id: 'f1' });
    });
    expect(await result).toEqual({ id: 'f1' });
    expect(seen).toEqual([0.5, 1]);
    setCsrfToken(null);
  });

  it("rejects with the API's error", async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const result = upload('/api/files', pdf('x.pdf'));
    FakeXhr.last!.answer(413, {
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'Too large',
        messageVi: 'Quá lớn',
        details: { limitBytes: 10 },
        requestId: 'r',
      },
    });
    const err = await result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('PAYLOAD_TOO_LARGE');
    expect((err as ApiError).details).toEqual({ limitBytes: 10 });
  });
});
