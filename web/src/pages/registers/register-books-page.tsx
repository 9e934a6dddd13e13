// #/register-books — the admin sets up the incoming register books (sổ đăng ký văn bản đến) of a unit:
// per document type or for classified documents (Decree 30/2020 Art. 22), each numbered from 01 every
// year; a book no longer used is deactivated, never deleted. The unit is the admin's own or one directly
// below it. GET /api/register-books?unit=, POST /api/register-books, PUT /api/register-books/:id.
import { useState, type FormEvent } from 'react';
import { api, ok } from '../../api/client';
import {
  ActionFeedback,
  CheckboxField,
  SelectField,
  TextField,
  useAction,
  useFormErrors,
} from '../../components/form';
import { ErrorNotice, Loading, Notice } from '../../components/notice';
import { useApi } from '../../components/use-api';
import { Card } from '../../documents/document-widgets';
import { defineStrings, useStrings } from '../../i18n/i18n';
import { useMe } from '../../session/session';

export const REGISTER_BOOK_STRINGS = defineStrings({
  vi: {
    booksTitle: 'Thiết lập sổ đăng ký văn bản đến',
    booksLead:
      'Mỗi đơn vị có thể lập sổ văn bản đến theo loại văn bản hoặc sổ văn bản mật; số đến của mỗi sổ bắt đầu từ 01 hằng năm. Sổ không còn dùng thì ngừng sử dụng, không xóa.',
    unit: 'Đơn vị',
    booksOf: 'Các sổ của đơn vị',
    noBooks: 'Đơn vị chưa lập sổ riêng: văn bản đến vào sổ chung của đơn vị.',
    name: 'Tên sổ',
    types: 'Loại văn bản',
    typesHint:
      'Các loại văn bản của sổ, cách nhau bởi dấu phẩy (ví dụ: Công văn, Quyết định); để trống: mọi loại.',
    anyType: 'Mọi loại',
    classified: 'Sổ văn bản mật',
    active: 'Đang sử dụng',
    inactive: 'Ngừng sử dụng',
    state: 'Trạng thái',
    edit: 'Sửa sổ {name}',
    editShort: 'Sửa',
    newBook: 'Lập sổ mới',
    editBook: 'Sửa sổ',
    save: 'Lưu sổ',
    cancel: 'Hủy',
    saved: 'Đã lưu sổ {name}.',
    yes: 'Có',
    no: 'Không',
  },
  en: {
    booksTitle: 'Incoming register books',
    booksLead:
      'A unit may keep incoming register books per document type or a book of classified documents; each book numbers from 01 every year. A book no longer used is deactivated, never deleted.',
    unit: 'Unit',
    booksOf: 'Books of the unit',
    noBooks: 'The unit has no books of its own: incoming documents go to its shared register.',
    name: 'Book name',
    types: 'Document types',
    typesHint: 'The types of the book, separated by commas (e.g. Công văn, Quyết định); empty: any type.',
    anyType: 'Any type',
    classified: 'Classified documents',
    active: 'In use',
    inactive: 'Deactivated',
    state: 'State',
    edit: 'Edit the book {name}',
    editShort: 'Edit',
    newBook: 'New book',
    editBook: 'Edit the book',
    save: 'Save the book',
    cancel: 'Cancel',
    saved: 'The book {name} is saved.',
    yes: 'Yes',
    no: 'No',
  },
});

interface Book {
  readonly id: string;
  readonly name: string;
  readonly documentTypes: readonly string[];
  readonly classified: boolean;
  readonly active: boolean;
}

export function RegisterBooksPage() {
  const t = useStrings(REGISTER_BOOK_STRINGS);
  const me = useMe();
  const own = me.user.unit;
  const below = useApi(
    () => ok(api.GET('/api/units', { params: { query: { parent: own.id, limit: 500 } } })),
    [own.id],
  );
  const [unitId, setUnitId] = useState(own.id);
  const books = useApi(
    () => ok(api.GET('/api/register-books', { params: { query: { unit: unitId } } })),
    [unitId],
  );
  const [editing, setEditing] = useState<Book | null>(null);
  const [message, setMessage] = useState<string>();
  // A new, empty form after each save.
  const [saves, setSaves] = useState(0);
  const units = [
    { value: own.id, label: own.name },
    ...(below.status === 'ready'
      ? below.data.items.filter((u) => !u.validTo).map((u) => ({ value: u.id, label: u.name }))
      : []),
  ];
  return (
    <>
      <h1>{t('booksTitle')}</h1>
      <p className="lead">{t('booksLead')}</p>
      <SelectField
        label={t('unit')}
        name="unit"
        value={unitId}
        onChange={(v) => {
          setUnitId(v);
          setEditing(null);
          setMessage(undefined);
        }}
        options={units}
      />
      <Card title={t('booksOf')}>
        {books.status === 'loading' ? (
          <Loading />
        ) : books.status === 'failed' ? (
          <ErrorNotice error={books.error} onRetry={books.reload} />
        ) : books.data.items.length === 0 ? (
          <p className="empty">{t('noBooks')}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('types')}</th>
                <th scope="col">{t('classified')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('editShort')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {books.data.items.map((b) => (
                <tr key={b.id}>
                  <td>{b.name}</td>
                  <td>{b.documentTypes.length ? b.documentTypes.join(', ') : t('anyType')}</td>
                  <td>{b.classified ? t('yes') : t('no')}</td>
                  <td>{b.active ? t('active') : t('inactive')}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-ghost"
                      aria-label={t('edit', { name: b.name })}
                      onClick={() => {
                        setMessage(undefined);
                        setEditing(b);
                      }}
                    >
                      {t('editShort')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {message ? (
          <p role="status" className="notice notice-ok">
            {message}
          </p>
        ) : null}
      </Card>
      <BookForm
        key={`${unitId}:${editing?.id ?? 'new'}:${saves}`}
        unitId={unitId}
        book={editing}
        onCancel={() => setEditing(null)}
        onSaved={async (name) => {
          setEditing(null);
          setSaves((n) => n + 1);
          books.reload();
          setMessage(t('saved', { name }));
        }}
      />
    </>
  );
}

function BookForm({
  unitId,
  book,
  onCancel,
  onSaved,
}: {
  unitId: string;
  book: Book | null;
  onCancel: () => void;
  onSaved: (name: string) => Promise<void>;
}) {
  const t = useStrings(REGISTER_BOOK_STRINGS);
  const [name, setName] = useState(book?.name ?? '');
  const [types, setTypes] = useState(book?.documentTypes.join(', ') ?? '');
  const [classified, setClassified] = useState(book?.classified ?? false);
  const [active, setActive] = useState(book?.active ?? true);
  const save = useAction(async () => {
    const body = {
      unit: unitId,
      name: name.trim(),
      documentTypes: types
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      classified,
      active,
    };
    const saved = book
      ? await ok(api.PUT('/api/register-books/{id}', { params: { path: { id: book.id } }, body }))
      : await ok(api.POST('/api/register-books', { body }));
    await onSaved(saved.name);
  });
  const errors = useFormErrors(save.error, ['name', 'documentTypes']);
  const title = book ? t('editBook') : t('newBook');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <Card title={title}>
      <form noValidate aria-label={title} onSubmit={onSubmit}>
        <TextField
          label={t('name')}
          name="name"
          value={name}
          onChange={setName}
          error={errors.fields.name}
          required
        />
        <TextField
          label={t('types')}
          name="types"
          value={types}
          onChange={setTypes}
          hint={t('typesHint')}
          error={errors.fields.documentTypes}
        />
        <CheckboxField
          label={t('classified')}
          name="classified"
          checked={classified}
          onChange={setClassified}
        />
        <CheckboxField label={t('active')} name="active" checked={active} onChange={setActive} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.busy}>
            {t('save')}
          </button>{' '}
          {book ? (
            <button type="button" className="btn" onClick={onCancel}>
              {t('cancel')}
            </button>
          ) : null}
        </div>
        {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
        <ActionFeedback action={save} busyText={t('save')} showError={false} />
      </form>
    </Card>
  );
}
