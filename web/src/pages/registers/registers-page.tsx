// #/registers — Sổ đăng ký văn bản đi / đến (Decree 30/2020 Appendix IV): the clerk (leaders, archivists,
// auditors read) chooses the book (outgoing or incoming, all registers of the unit or one of them) and
// the period; the lines show in the prescribed columns, and the same book prints as a landscape A4 PDF
// or exports to XLSX. Choice and period live in the address (`#/registers?dir=incoming&from=…&to=…`).
import { useState } from 'react';
import { api, ok } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { DownloadLinks } from '../../components/download-links';
import { SelectField, TextField } from '../../components/form';
import { useApi } from '../../components/use-api';
import { Card } from '../../documents/document-widgets';
import { defineStrings, useLanguage, useStrings } from '../../i18n/i18n';
import { navigate, to } from '../../router/hash-router';
import type { PageProps } from '../page-props';

export const REGISTER_STRINGS = defineStrings({
  vi: {
    registersTitle: 'Sổ đăng ký văn bản',
    registersLead:
      'Sổ đăng ký văn bản đi và văn bản đến theo mẫu của Nghị định 30/2020/NĐ-CP, theo sổ và kỳ; in (PDF) hoặc xuất Excel.',
    registersForm: 'Chọn sổ và kỳ',
    direction: 'Sổ',
    outgoingBook: 'Sổ đăng ký văn bản đi',
    incomingBook: 'Sổ đăng ký văn bản đến',
    register: 'Quyển sổ',
    allRegisters: 'Tất cả các sổ',
    classified: 'văn bản mật',
    allTypes: 'mọi loại',
    from: 'Từ ngày',
    to: 'Đến ngày',
    show: 'Xem sổ',
    printPdf: 'In sổ (PDF)',
    exportXlsx: 'Xuất Excel (XLSX)',
    noLines: 'Không có văn bản nào được vào sổ trong kỳ này.',
    lines: '{n} văn bản',
  },
  en: {
    registersTitle: 'Register books',
    registersLead:
      'The outgoing and incoming register books in the form of Decree 30/2020, per book and period; print (PDF) or export (Excel).',
    registersForm: 'Book and period',
    direction: 'Book',
    outgoingBook: 'Outgoing register',
    incomingBook: 'Incoming register',
    register: 'Register',
    allRegisters: 'All registers',
    classified: 'classified',
    allTypes: 'all types',
    from: 'From',
    to: 'To',
    show: 'Show the book',
    printPdf: 'Print (PDF)',
    exportXlsx: 'Export to Excel (XLSX)',
    noLines: 'No document was registered in this period.',
    lines: '{n} documents',
  },
});

/** English headers of the Decree 30 columns (the API and the printed book give them in Vietnamese). */
const EN_COLUMNS = {
  outgoing: [
    'No. and notation',
    'Date',
    'Type and subject',
    'Signed by',
    'Recipients',
    'File copy with',
    'Copies',
    'Notes',
  ],
  incoming: [
    'Arrived on',
    'Incoming no.',
    'Author',
    'No. and notation',
    'Date',
    'Type and subject',
    'Unit or person receiving',
    'Signature of receipt',
    'Notes',
  ],
} as const;

type Direction = 'outgoing' | 'incoming';

interface Choice {
  readonly dir: Direction;
  readonly register: string;
  readonly from: string;
  readonly to: string;
}

/** The first and last day of this month in Vietnam. */
function thisMonth(): { from: string; to: string } {
  const now = new Date(Date.now() + 7 * 3600_000);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const mm = String(m + 1).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

function choiceOf(params: URLSearchParams): Choice {
  const month = thisMonth();
  return {
    dir: params.get('dir') === 'incoming' ? 'incoming' : 'outgoing',
    register: params.get('register') ?? '',
    from: params.get('from') || month.from,
    to: params.get('to') || month.to,
  };
}

const hashOf = (c: Choice) => to('#/registers', { dir: c.dir, register: c.register, from: c.from, to: c.to });

export function RegistersPage({ params }: PageProps) {
  const t = useStrings(REGISTER_STRINGS);
  const applied = choiceOf(params);
  const query = {
    from: applied.from,
    to: applied.to,
    ...(applied.register ? { register: applied.register } : {}),
  };
  const book = useApi(
    () => ok(api.GET('/api/registers/{direction}', { params: { path: { direction: applied.dir }, query } })),
    [hashOf(applied)],
  );
  const download = (format: 'pdf' | 'xlsx') =>
    `/api/registers/${applied.dir}/download?${new URLSearchParams({ ...query, format }).toString()}`;
  const { lang } = useLanguage();
  return (
    <>
      <h1>{t('registersTitle')}</h1>
      <p className="lead">{t('registersLead')}</p>
      <ChoiceForm key={hashOf(applied)} initial={applied} onApply={(c) => navigate(hashOf(c))} />
      <Card
        title={
          book.status === 'ready'
            ? book.data.title
            : t(applied.dir === 'outgoing' ? 'outgoingBook' : 'incomingBook')
        }
      >
        {book.status === 'ready' ? (
          <>
            <p>
              {book.data.subtitle} — {t('lines', { n: book.data.rows.length })}
            </p>
            <DownloadLinks
              links={[
                { href: download('pdf'), label: t('printPdf') },
                { href: download('xlsx'), label: t('exportXlsx') },
              ]}
            />
          </>
        ) : null}
        <DataTable
          caption={t(applied.dir === 'outgoing' ? 'outgoingBook' : 'incomingBook')}
          columns={(book.status === 'ready' ? book.data.columns : []).map((c, i) => ({
            key: String(i),
            header: lang === 'en' ? (EN_COLUMNS[applied.dir][i] ?? c.header) : c.header,
            cell: (row: readonly string[]) => row[i] ?? '',
          }))}
          rows={book.status === 'ready' ? book.data.rows : undefined}
          rowKey={(row) => row.join('|')}
          error={book.status === 'failed' ? book.error : undefined}
          onRetry={book.reload}
          empty={t('noLines')}
          pageSize={100}
        />
      </Card>
    </>
  );
}

function ChoiceForm({ initial, onApply }: { initial: Choice; onApply: (c: Choice) => void }) {
  const t = useStrings(REGISTER_STRINGS);
  const [form, setForm] = useState<Choice>(initial);
  const books = useApi(() => ok(api.GET('/api/registers')), []);
  const registers = books.status === 'ready' ? books.data.items.filter((b) => b.direction === form.dir) : [];
  return (
    <form
      className="toolbar filters"
      aria-label={t('registersForm')}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(form);
      }}
    >
      <SelectField
        label={t('direction')}
        name="dir"
        value={form.dir}
        onChange={(dir) => setForm({ ...form, dir, register: '' })}
        options={[
          { value: 'outgoing', label: t('outgoingBook') },
          { value: 'incoming', label: t('incomingBook') },
        ]}
      />
      <SelectField
        label={t('register')}
        name="register"
        value={form.register}
        onChange={(register) => setForm({ ...form, register })}
        options={[
          { value: '', label: t('allRegisters') },
          ...registers.map((r) => ({
            value: r.id,
            label: `${r.year} — ${r.documentType || t('allTypes')}${r.series === 'classified' ? `, ${t('classified')}` : ''} (${r.entries})`,
          })),
        ]}
      />
      <TextField
        label={t('from')}
        type="date"
        name="from"
        value={form.from}
        onChange={(from) => setForm({ ...form, from })}
      />
      <TextField
        label={t('to')}
        type="date"
        name="to"
        value={form.to}
        onChange={(v) => setForm({ ...form, to: v })}
      />
      <button type="submit" className="btn btn-primary">
        {t('show')}
      </button>
    </form>
  );
}
