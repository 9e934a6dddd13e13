// Choosing files: a file input with its label, and a drop zone for drag and drop. With `pdfOnly`, other
// files are refused with a notice. Several files accumulate when `multiple`; each can be removed.
// UploadProgress shows an upload's progress (api/upload.ts reports it).
import { useId, useState, type DragEvent, type ReactNode } from 'react';
import { useLanguage, useStrings } from '../i18n/i18n';
import { formatBytes } from '../format/format';
import { SHELL_STRINGS } from '../shell-strings';
import type { UploadProgress as Progress } from '../api/upload';

const isPdf = (f: File) => f.type === 'application/pdf' || /\.pdf$/i.test(f.name);

export function FilePicker({
  label,
  hint,
  files,
  onChange,
  multiple = false,
  pdfOnly = true,
  required,
  name,
}: {
  label: ReactNode;
  hint?: ReactNode;
  files: readonly File[];
  onChange: (files: File[]) => void;
  multiple?: boolean;
  pdfOnly?: boolean;
  required?: boolean;
  name?: string;
}) {
  const id = useId();
  const t = useStrings(SHELL_STRINGS);
  const { lang } = useLanguage();
  const [over, setOver] = useState(false);
  const [refused, setRefused] = useState(false);

  const take = (list: FileList | null) => {
    const all = [...(list ?? [])];
    const accepted = pdfOnly ? all.filter(isPdf) : all;
    setRefused(accepted.length < all.length);
    if (accepted.length === 0) return;
    onChange(multiple ? [...files, ...accepted] : [accepted[0]!]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };

  return (
    <div className="field">
      <div
        className={`drop-zone${over ? ' drag-over' : ''}`}
        data-drop={pdfOnly ? 'pdf' : 'file'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={id} className="drop-label">
          {label}
        </label>
        <input
          id={id}
          type="file"
          name={name}
          className="file-input"
          accept={pdfOnly ? 'application/pdf,.pdf' : undefined}
          multiple={multiple}
          required={required && files.length === 0}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => {
            take(e.target.files);
            // Accumulating: empty the input so the same file can be chosen again.
            if (multiple) e.target.value = '';
          }}
        />
        <p className="hint" id={`${id}-hint`}>
          {hint ?? t('dropHere')}
        </p>
      </div>
      {refused ? (
        <p className="alert" role="alert">
          {t('onlyPdf')}
        </p>
      ) : null}
      {files.length > 0 ? (
        <ul className="file-list" aria-live="polite">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <span className="file-name">{f.name}</span> <small>{formatBytes(f.size, lang)}</small>{' '}
              <button
                type="button"
                className="btn btn-ghost chip-remove"
                aria-label={t('removeFile', { name: f.name })}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** An upload's progress: a labelled <progress> with the percentage (no style attribute needed). */
export function UploadProgress({
  name,
  progress,
  done,
}: {
  name: string;
  progress: Progress | undefined;
  done?: boolean;
}) {
  const t = useStrings(SHELL_STRINGS);
  const id = useId();
  const percent = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="upload-progress" role="status">
      <label htmlFor={id}>{done ? t('uploaded', { name }) : t('uploading', { name })}</label>{' '}
      <progress id={id} max={100} value={done ? 100 : percent} /> <span>{done ? 100 : percent}%</span>
    </div>
  );
}
