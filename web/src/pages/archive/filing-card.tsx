// "Lập hồ sơ / Add to file" on an outgoing or incoming document page: the file the document is in, or
// a choice of the unit's open files and the page count, to put it in one. Nothing is shown for a
// document that cannot be filed (a draft, not registered) or for someone who may not file it.
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { ActionFeedback, SelectField, TextField, useAction } from '../../components/form';
import { useApi } from '../../components/use-api';
import { Card } from '../../documents/document-widgets';
import { useStrings } from '../../i18n/i18n';
import { Link } from '../../router/hash-router';
import { ARCHIVE_STRINGS } from './archive-strings';

export function FilingCard({
  sourceKind,
  sourceId,
}: {
  sourceKind: 'outgoing' | 'incoming';
  sourceId: string;
}) {
  const t = useStrings(ARCHIVE_STRINGS);
  const state = useApi(
    () =>
      ok(
        api.GET('/api/archive/documents/{kind}/{id}', {
          params: { path: { kind: sourceKind, id: sourceId } },
        }),
      ),
    [sourceKind, sourceId],
  );
  const [fileId, setFileId] = useState('');
  const [pages, setPages] = useState('');
  const [done, setDone] = useState<string>();
  const file = useAction(async (target: string) => {
    const f = await ok(
      api.POST('/api/archive/files/{id}/documents', {
        params: { path: { id: target } },
        body: { sourceKind, sourceId, pageAmount: pages.trim() ? Number(pages) : undefined },
      }),
    );
    setDone(t('filed', { code: f.fileCode }));
    state.reload();
  });
  if (state.status !== 'ready') return null;
  const info = state.data;
  if (info.file) {
    return (
      <Card title={t('filingTitle')}>
        {done ? (
          <p className="status-line done" role="status">
            {done}
          </p>
        ) : null}
        <p>
          {t('inFile', { code: info.file.fileCode, title: info.file.title })}{' '}
          <Link to={`#/archive/files/${info.file.id}`}>{t('openFile')}</Link>
        </p>
      </Card>
    );
  }
  if (!info.fileable) return null;
  const chosen = fileId || info.openFiles[0]?.id || '';
  return (
    <Card title={t('filingTitle')}>
      {info.openFiles.length === 0 ? (
        <p>
          {t('noOpenFile')} <Link to="#/archive">{t('createFileLink')}</Link>
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void file.run(chosen);
          }}
        >
          <SelectField
            label={t('chooseFile')}
            value={chosen}
            onChange={setFileId}
            options={info.openFiles.map((f) => ({ value: f.id, label: `${f.fileCode} – ${f.title}` }))}
          />
          <TextField label={t('pages')} type="number" value={pages} onChange={setPages} />
          <button type="submit" className="btn btn-primary" disabled={file.busy}>
            {t('addToFile')}
          </button>
          <ActionFeedback action={file} busyText={t('filing')} />
        </form>
      )}
    </Card>
  );
}
