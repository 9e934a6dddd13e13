/* global document, fetch, setTimeout */
// Signature validation for auditors (Kiểm tra chữ ký): drop a PDF (or pick one), read the report —
// the document's verdict and one card per signature, colour-coded and explained in plain words —
// download it as PDF, HTML or JSON; batches of many files with their progress; the trust
// configuration (read by auditors, changed by admins). The words of the report come from the
// server (GET /api/validation/reports/:id/view), the same outline the PDF and HTML reports print.
import { api, ApiError, query } from './api.mjs';
import { h, replace } from './dom.mjs';
import { formatDateTime, language } from './i18n.mjs';

const TEXT = {
  vi: {
    title: 'Kiểm tra chữ ký số',
    lead: 'Kiểm tra chữ ký số của văn bản PDF theo ETSI EN 319 102-1: tính toàn vẹn, chứng thư, thu hồi, dấu thời gian và mọi thay đổi sau khi ký.',
    tabFile: 'Kiểm tra tệp',
    tabBatches: 'Kiểm tra theo lô',
    tabTrust: 'Chứng thư tin cậy',
    dropTitle: 'Kéo thả tệp PDF vào đây',
    dropHint: 'hoặc bấm để chọn tệp từ máy tính',
    pick: 'Chọn tệp PDF',
    offline: 'Chỉ dùng dữ liệu thu hồi có trong tệp (không tra cứu trực tuyến)',
    at: 'Kiểm tra tại thời điểm (để trống: bây giờ)',
    validating: 'Đang kiểm tra {name}…',
    notPdf: 'Tệp {name} không phải là tệp PDF.',
    download: 'Tải báo cáo',
    downloadPdf: 'Tải báo cáo PDF',
    downloadHtml: 'Tải báo cáo HTML',
    downloadJson: 'Tải báo cáo JSON',
    summary: 'Tóm tắt tài liệu',
    notes: 'Lưu ý',
    reasons: 'Lý do kỹ thuật',
    another: 'Kiểm tra tệp khác',
    batchesLead: 'Nhiều tệp được kiểm tra ở chế độ nền; kết quả của từng tệp hiện ra khi xong.',
    batchName: 'Tên lô kiểm tra',
    batchFiles: 'Các tệp PDF',
    batchCreate: 'Tạo lô và tải tệp lên',
    uploading: 'Đang tải lên {done}/{total} tệp…',
    batchesRecent: 'Các lô gần đây',
    noBatches: 'Chưa có lô kiểm tra nào.',
    colName: 'Tên',
    colCreated: 'Tạo lúc',
    colProgress: 'Tiến độ',
    colFile: 'Tệp',
    colState: 'Trạng thái',
    colVerdict: 'Kết luận',
    colReport: 'Báo cáo',
    progress: 'Đã kiểm tra {done}/{total} tệp',
    failedFiles: '{n} tệp không kiểm tra được',
    open: 'Xem',
    state_queued: 'Đang chờ',
    state_running: 'Đang kiểm tra',
    state_done: 'Xong',
    state_failed: 'Lỗi',
    verdict_TOTAL_PASSED: 'Hợp lệ',
    verdict_TOTAL_FAILED: 'Không hợp lệ',
    verdict_INDETERMINATE: 'Chưa xác định',
    verdict_NO_SIGNATURE: 'Không có chữ ký',
    verdict_UNREADABLE: 'Không đọc được',
    trustLead:
      'Các chứng thư gốc mà mọi lần kiểm tra đều tin cậy. Chứng thư gốc Việt Nam kèm theo hệ thống luôn có mặt, được ghim bằng dấu vân tay SHA-256.',
    colSubject: 'Chủ thể',
    colSource: 'Nguồn',
    colValidity: 'Hiệu lực',
    source_shipped: 'Gốc Việt Nam kèm theo',
    source_admin: 'Quản trị viên thêm',
    source_file: 'Tệp cấu hình',
    source_development: 'PKI phát triển',
    remove: 'Gỡ',
    addAnchor: 'Thêm chứng thư tin cậy (PEM)',
    label: 'Ghi chú',
    add: 'Thêm',
    hosts: 'Máy chủ CRL/OCSP được phép tra cứu (mỗi dòng một tên)',
    hostsNone: 'Chưa cho phép máy chủ nào: chỉ dùng dữ liệu thu hồi có trong tệp.',
    save: 'Lưu',
    saved: 'Đã lưu.',
    added: 'Đã thêm chứng thư.',
    removed: 'Đã gỡ chứng thư.',
    mode_development: 'Chế độ phát triển: CA gốc của PKI phát triển được tin cậy.',
    mode_production: 'Chế độ vận hành.',
    error: 'Đã có lỗi xảy ra. Vui lòng thử lại.',
  },
  en: {
    title: 'Signature validation',
    lead: 'Validate the digital signatures of a PDF per ETSI EN 319 102-1: integrity, certificates, revocation, timestamps and every change after signing.',
    tabFile: 'Validate a file',
    tabBatches: 'Batches',
    tabTrust: 'Trust anchors',
    dropTitle: 'Drop a PDF here',
    dropHint: 'or click to pick a file',
    pick: 'Choose a PDF',
    offline: 'Only revocation data embedded in the file (no online lookups)',
    at: 'Validate at (empty: now)',
    validating: 'Validating {name}…',
    notPdf: '{name} is not a PDF.',
    download: 'Download the report',
    downloadPdf: 'Download PDF report',
    downloadHtml: 'Download HTML report',
    downloadJson: 'Download JSON report',
    summary: 'Document summary',
    notes: 'Notes',
    reasons: 'Technical reasons',
    another: 'Validate another file',
    batchesLead: 'Many files are validated in the background; each file’s verdict appears when done.',
    batchName: 'Batch name',
    batchFiles: 'PDF files',
    batchCreate: 'Create the batch and upload',
    uploading: 'Uploading {done}/{total} files…',
    batchesRecent: 'Recent batches',
    noBatches: 'No batches yet.',
    colName: 'Name',
    colCreated: 'Created',
    colProgress: 'Progress',
    colFile: 'File',
    colState: 'State',
    colVerdict: 'Verdict',
    colReport: 'Report',
    progress: '{done}/{total} files validated',
    failedFiles: '{n} files could not be validated',
    open: 'Open',
    state_queued: 'Queued',
    state_running: 'Validating',
    state_done: 'Done',
    state_failed: 'Failed',
    verdict_TOTAL_PASSED: 'Passed',
    verdict_TOTAL_FAILED: 'Failed',
    verdict_INDETERMINATE: 'Indeterminate',
    verdict_NO_SIGNATURE: 'No signature',
    verdict_UNREADABLE: 'Unreadable',
    trustLead:
      'The anchors every validation trusts. The Vietnamese roots shipped with the system are always there, pinned by their SHA-256 fingerprints.',
    colSubject: 'Subject',
    colSource: 'Source',
    colValidity: 'Validity',
    source_shipped: 'Shipped Vietnamese root',
    source_admin: 'Added by an administrator',
    source_file: 'Configuration file',
    source_development: 'Development PKI',
    remove: 'Remove',
    addAnchor: 'Add a trust anchor (PEM)',
    label: 'Label',
    add: 'Add',
    hosts: 'CRL/OCSP hosts that may be contacted (one per line)',
    hostsNone: 'No host allowed: only revocation data embedded in files is used.',
    save: 'Save',
    saved: 'Saved.',
    added: 'Anchor added.',
    removed: 'Anchor removed.',
    mode_development: 'Development mode: the development PKI root is trusted.',
    mode_production: 'Production mode.',
    error: 'Something went wrong. Please try again.',
  },
};

function tv(key, params = {}) {
  const text = TEXT[language()][key] ?? TEXT.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

function errorText(err) {
  if (!err?.code) return tv('error');
  return language() === 'en' ? err.message : err.messageVi;
}

/** The page's stylesheet, once (no inline styles: the CSP allows 'self' only). */
function ensureStyles() {
  if (document.getElementById('validation-css')) return;
  document.head.append(h('link', { rel: 'stylesheet', href: '/validation.css', id: 'validation-css' }));
}

function tabs(me, active) {
  const items = [
    ['#/validation', 'tabFile'],
    ['#/validation/batches', 'tabBatches'],
    ['#/validation/trust', 'tabTrust'],
  ];
  return h(
    'nav',
    { className: 'tabs', 'aria-label': tv('title') },
    items.map(([hash, key]) =>
      h('a', { href: hash, 'aria-current': active === key ? 'page' : undefined }, tv(key)),
    ),
  );
}

/** POST a raw PDF (the CSRF token of the session goes along). */
async function uploadPdf(me, path, file) {
  const res = await fetch(path, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/pdf',
      'x-file-name': encodeURIComponent(file.name),
      'x-csrf-token': me.csrfToken ?? '',
    },
    body: file,
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, data?.error);
  return data;
}

/** A drop zone that also opens the file picker (click, Enter or Space). */
function dropZone(input, onFiles) {
  const zone = h(
    'div',
    {
      className: 'dropzone',
      id: 'validation-dropzone',
      role: 'button',
      tabindex: '0',
      'aria-describedby': 'validation-drop-hint',
      onclick: () => input.click(),
      onkeydown: (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          input.click();
        }
      },
      ondragover: (e) => {
        e.preventDefault();
        zone.classList.add('dragover');
      },
      ondragleave: () => zone.classList.remove('dragover'),
      ondrop: (e) => {
        e.preventDefault();
        zone.classList.remove('dragover');
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length) onFiles(files);
      },
    },
    h('strong', {}, tv('dropTitle')),
    h('span', { id: 'validation-drop-hint' }, tv('dropHint')),
  );
  return zone;
}

function verdictBox(tone, headline, explanation, status) {
  return h(
    'div',
    { className: `verdict tone-${tone}`, role: status ? 'status' : undefined },
    h('strong', {}, headline),
    h('p', {}, explanation),
  );
}

function facts(rows) {
  return h(
    'dl',
    { className: 'props' },
    rows.map(([k, v]) => [
      h('dt', {}, k),
      h('dd', { className: /^[0-9a-f]{64}$/.test(v) ? 'hash' : undefined }, v),
    ]),
  );
}

function table(t) {
  if (t.collapsible)
    return h(
      'details',
      { className: 'detail-table' },
      h('summary', {}, `${t.caption} (${t.rows.length})`),
      table({ ...t, collapsible: false, caption: '' }).filter((x) => x && x.tagName !== 'H3'),
    );
  return [
    h('h3', {}, t.caption),
    t.rows.length
      ? h(
          'table',
          { className: 'data' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              t.headers.map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            t.rows.map((r) =>
              h(
                'tr',
                {},
                r.map((c) => h('td', {}, c)),
              ),
            ),
          ),
        )
      : null,
    t.note ? h('p', { className: 'empty' }, t.note) : null,
  ];
}

function downloads(id) {
  const link = (format, key) =>
    h(
      'a',
      {
        className: format === 'pdf' ? 'btn btn-primary' : 'btn',
        href: `/api/validation/reports/${id}/download${query({ format, lang: language() })}`,
        download: '',
      },
      tv(key),
    );
  return h(
    'div',
    { className: 'downloads', role: 'group', 'aria-label': tv('download') },
    link('pdf', 'downloadPdf'),
    link('html', 'downloadHtml'),
    link('json', 'downloadJson'),
  );
}

/** The report: downloads, the document's verdict, its summary, one card per signature. */
async function renderReport(container, id) {
  const { view } = await api('GET', `/api/validation/reports/${id}/view${query({ lang: language() })}`);
  replace(
    container,
    h('h2', { className: 'report-title' }, view.subtitle),
    downloads(id),
    h(
      'section',
      { className: 'card', id: 'validation-verdict', 'aria-label': view.headline },
      verdictBox(view.tone, view.headline, view.explanation, true),
      h('h3', {}, view.labels.summary),
      facts(view.facts),
      view.notes.length
        ? [
            h('h3', {}, view.labels.notes),
            h(
              'ul',
              { className: 'reasons' },
              view.notes.map((n) => h('li', {}, n)),
            ),
          ]
        : null,
    ),
    view.signatures.map((s, i) =>
      h(
        'section',
        { className: 'card signature-card', 'aria-labelledby': `signature-${i}` },
        h(
          'h2',
          { id: `signature-${i}` },
          s.heading,
          h(
            'span',
            { className: `badge badge-${s.tone}` },
            s.facts.find(([, v]) => /TOTAL_|INDETERMINATE/.test(v))?.[1] ?? '',
          ),
        ),
        verdictBox(s.tone, s.headline, s.explanation, false),
        facts(s.facts),
        s.tables.map(table),
        s.reasons.length
          ? [
              h('h3', {}, view.labels.reasons),
              h(
                'ul',
                { className: 'reasons' },
                s.reasons.map((r) => h('li', {}, r)),
              ),
            ]
          : null,
      ),
    ),
  );
}

/** #/validation: drop or pick a PDF, see its report. */
export function validationPage(main, me) {
  ensureStyles();
  const status = h('p', { className: 'alert', role: 'alert', id: 'validation-error' });
  const progress = h('p', { className: 'loading', id: 'validation-progress', hidden: true });
  const result = h('div', { id: 'validation-result', 'aria-live': 'polite' });
  const offline = h('input', { type: 'checkbox', id: 'validation-offline' });
  const at = h('input', { type: 'datetime-local', id: 'validation-at', step: '1' });
  const input = h('input', {
    type: 'file',
    id: 'validation-file',
    accept: 'application/pdf,.pdf',
    onchange: () => input.files?.length && validate(input.files[0]),
  });

  async function validate(file) {
    status.textContent = '';
    replace(result);
    if (!/\.pdf$/i.test(file.name) && file.type !== 'application/pdf') {
      status.textContent = tv('notPdf', { name: file.name });
      return;
    }
    progress.hidden = false;
    progress.textContent = tv('validating', { name: file.name });
    try {
      const q = query({
        offline: offline.checked ? 'true' : undefined,
        at: at.value ? new Date(at.value).toISOString() : undefined,
      });
      const answer = await uploadPdf(me, `/api/validation/validate${q}`, file);
      // The report has its own address: reload, language switch and Back keep it.
      globalThis.location.hash = `#/validation/reports/${answer.record.id}`;
    } catch (err) {
      status.textContent = errorText(err);
    } finally {
      progress.hidden = true;
      input.value = '';
    }
  }

  replace(
    main,
    h('h1', {}, tv('title')),
    h('p', { className: 'lead' }, tv('lead')),
    tabs(me, 'tabFile'),
    dropZone(input, (files) => validate(files[0])),
    h(
      'div',
      { className: 'toolbar' },
      h('div', { className: 'field' }, h('label', { for: 'validation-file' }, tv('pick')), input),
      h('div', { className: 'field' }, h('label', { for: 'validation-at' }, tv('at')), at),
      h(
        'div',
        { className: 'field' },
        h('label', { for: 'validation-offline', className: 'checkbox' }, offline, ' ', tv('offline')),
      ),
    ),
    status,
    progress,
    result,
  );
}

/** #/validation/reports/:id: a recorded report. */
export async function validationReportPage(main, me, _params, id) {
  ensureStyles();
  const result = h('div', { id: 'validation-result' }, h('p', { className: 'loading' }, '…'));
  replace(
    main,
    h('h1', {}, tv('title')),
    tabs(me, null),
    h('p', {}, h('a', { href: '#/validation', className: 'btn' }, tv('another'))),
    result,
  );
  try {
    await renderReport(result, id);
  } catch (err) {
    replace(result, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
  }
}

function verdictBadge(verdict) {
  if (!verdict) return '—';
  const tone =
    verdict === 'TOTAL_PASSED'
      ? 'passed'
      : verdict === 'TOTAL_FAILED' || verdict === 'UNREADABLE'
        ? 'failed'
        : 'indeterminate';
  return h('span', { className: `badge badge-${tone}` }, `${tv(`verdict_${verdict}`)} (${verdict})`);
}

/** #/validation/batches: create a batch from many files; the recent batches. */
export async function validationBatchesPage(main, me) {
  ensureStyles();
  const status = h('p', { className: 'alert', role: 'alert' });
  const progress = h('p', { className: 'loading', id: 'batch-upload-progress', hidden: true });
  const name = h('input', { id: 'batch-name', required: true, maxlength: '200' });
  const files = h('input', {
    id: 'batch-files',
    type: 'file',
    multiple: true,
    accept: 'application/pdf,.pdf',
  });
  let chosen = [];
  const chosenList = h('ul', { id: 'batch-chosen' });
  const choose = (list) => {
    chosen = list.filter((f) => /\.pdf$/i.test(f.name) || f.type === 'application/pdf');
    replace(
      chosenList,
      chosen.map((f) => h('li', {}, f.name)),
    );
  };
  files.addEventListener('change', () => choose([...(files.files ?? [])]));
  const recent = h('div', { id: 'batch-list' }, h('p', { className: 'loading' }, '…'));

  const form = h(
    'form',
    {
      className: 'card',
      onsubmit: async (e) => {
        e.preventDefault();
        status.textContent = '';
        try {
          const batch = await api('POST', '/api/validation/batches', {
            name: name.value.trim() || 'Lô kiểm tra',
          });
          progress.hidden = false;
          for (const [i, f] of chosen.entries()) {
            progress.textContent = tv('uploading', { done: i, total: chosen.length });
            await uploadPdf(me, `/api/validation/batches/${batch.id}/files`, f);
          }
          globalThis.location.hash = `#/validation/batches/${batch.id}`;
        } catch (err) {
          status.textContent = errorText(err);
        } finally {
          progress.hidden = true;
        }
      },
    },
    h('div', { className: 'field' }, h('label', { for: 'batch-name' }, tv('batchName')), name),
    dropZone(files, choose),
    h('div', { className: 'field' }, h('label', { for: 'batch-files' }, tv('batchFiles')), files),
    chosenList,
    h('button', { type: 'submit', className: 'btn btn-primary' }, tv('batchCreate')),
  );
  replace(
    main,
    h('h1', {}, tv('title')),
    h('p', { className: 'lead' }, tv('batchesLead')),
    tabs(me, 'tabBatches'),
    form,
    status,
    progress,
    h('h2', {}, tv('batchesRecent')),
    recent,
  );
  try {
    const { items } = await api('GET', '/api/validation/batches');
    replace(
      recent,
      items.length
        ? h(
            'table',
            { className: 'data' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [tv('colName'), tv('colCreated'), tv('colProgress')].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              items.map((b) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('a', { href: `#/validation/batches/${b.id}` }, b.name)),
                  h('td', {}, formatDateTime(b.createdAt)),
                  h('td', {}, `${b.done}/${b.total}`),
                ),
              ),
            ),
          )
        : h('p', { className: 'empty' }, tv('noBatches')),
    );
  } catch (err) {
    replace(recent, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
  }
}

/** #/validation/batches/:id: progress (polled while files are pending) and per-file verdicts. */
export async function validationBatchPage(main, me, _params, id) {
  ensureStyles();
  const body = h('div', { id: 'batch-detail' }, h('p', { className: 'loading' }, '…'));
  replace(main, h('h1', {}, tv('title')), tabs(me, 'tabBatches'), body);
  const hash = globalThis.location.hash;
  const load = async () => {
    let batch;
    try {
      batch = await api('GET', `/api/validation/batches/${id}`);
    } catch (err) {
      replace(body, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
      return;
    }
    const p = batch.progress;
    replace(
      body,
      h('h2', {}, batch.name),
      h(
        'div',
        { className: 'progress' },
        h('progress', {
          max: String(Math.max(1, p.total)),
          value: String(p.done + p.failed),
          'aria-labelledby': 'batch-progress',
        }),
        h('span', { id: 'batch-progress', role: 'status' }, tv('progress', { done: p.done, total: p.total })),
        p.failed ? h('span', { className: 'badge badge-failed' }, tv('failedFiles', { n: p.failed })) : null,
      ),
      h(
        'table',
        { className: 'data', id: 'batch-files-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['#', tv('colFile'), tv('colState'), tv('colVerdict'), tv('colReport')].map((c) =>
              h('th', { scope: 'col' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          batch.files.map((f) =>
            h(
              'tr',
              {},
              h('td', {}, String(f.seq)),
              h('td', {}, f.fileName ?? f.sha256.slice(0, 16)),
              h(
                'td',
                {},
                tv(`state_${f.state}`),
                f.error ? h('div', { className: 'reasons' }, f.error) : null,
              ),
              h('td', {}, verdictBadge(f.verdict)),
              h(
                'td',
                {},
                f.reportId ? h('a', { href: `#/validation/reports/${f.reportId}` }, tv('open')) : '—',
              ),
            ),
          ),
        ),
      ),
    );
    // Poll while work is pending and the page is still shown.
    if (p.pending > 0) setTimeout(() => globalThis.location.hash === hash && load(), 1500);
  };
  await load();
}

/**
 * #/validation/trust: the trust list (auditors read it; admins of the top-level unit add and remove
 * anchors and set revocation hosts: trust is province-wide, other admins read it like auditors).
 */
export async function validationTrustPage(main, me) {
  ensureStyles();
  const isAdmin =
    me.user.roles.includes('admin') &&
    (await api('GET', `/api/units/${me.user.unit.id}`).then(
      (unit) => unit.parentId === null,
      () => false,
    ));
  const status = h('p', { className: 'alert alert-ok', role: 'status' });
  const errorBox = h('p', { className: 'alert', role: 'alert' });
  const body = h('div', {}, h('p', { className: 'loading' }, '…'));
  replace(
    main,
    h('h1', {}, tv('title')),
    h('p', { className: 'lead' }, tv('trustLead')),
    tabs(me, 'tabTrust'),
    status,
    errorBox,
    body,
  );

  const fail = (err) => {
    status.textContent = '';
    errorBox.textContent = errorText(err);
  };
  const load = async () => {
    const trust = await api('GET', '/api/admin/trust');
    const pem = h('textarea', { id: 'trust-pem', className: 'pem', spellcheck: 'false' });
    const label = h('input', { id: 'trust-label', maxlength: '200' });
    const hosts = h('textarea', { id: 'trust-hosts', className: 'pem' });
    hosts.value = trust.revocationHosts.join('\n');
    replace(
      body,
      h('p', {}, tv(`mode_${trust.mode}`)),
      h(
        'table',
        { className: 'data', id: 'trust-anchors' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [tv('colSubject'), tv('colSource'), 'SHA-256', tv('colValidity'), ''].map((c) =>
              h('th', { scope: 'col' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          trust.anchors.map((a) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                a.subject,
                (language() === 'vi' ? a.descriptionVi : a.description)
                  ? h('div', { className: 'reasons' }, language() === 'vi' ? a.descriptionVi : a.description)
                  : null,
              ),
              h('td', {}, tv(`source_${a.source}`)),
              h('td', { className: 'hash' }, a.sha256),
              h('td', {}, `${formatDateTime(a.notBefore)} – ${formatDateTime(a.notAfter)}`),
              h(
                'td',
                {},
                isAdmin && a.removable
                  ? h(
                      'button',
                      {
                        type: 'button',
                        className: 'btn',
                        onclick: async () => {
                          try {
                            await api('DELETE', `/api/admin/trust/anchors/${a.sha256}`);
                            await load();
                            status.textContent = tv('removed');
                          } catch (err) {
                            fail(err);
                          }
                        },
                      },
                      tv('remove'),
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
      isAdmin
        ? [
            h(
              'form',
              {
                className: 'card',
                onsubmit: async (e) => {
                  e.preventDefault();
                  try {
                    await api('POST', '/api/admin/trust/anchors', {
                      pem: pem.value,
                      ...(label.value.trim() ? { label: label.value.trim() } : {}),
                    });
                    await load();
                    errorBox.textContent = '';
                    status.textContent = tv('added');
                  } catch (err) {
                    fail(err);
                  }
                },
              },
              h('div', { className: 'field' }, h('label', { for: 'trust-pem' }, tv('addAnchor')), pem),
              h('div', { className: 'field' }, h('label', { for: 'trust-label' }, tv('label')), label),
              h('button', { type: 'submit', className: 'btn btn-primary' }, tv('add')),
            ),
            h(
              'form',
              {
                className: 'card',
                onsubmit: async (e) => {
                  e.preventDefault();
                  try {
                    await api('PUT', '/api/admin/trust/revocation-hosts', {
                      hosts: hosts.value.split(/\s+/).filter(Boolean),
                    });
                    await load();
                    errorBox.textContent = '';
                    status.textContent = tv('saved');
                  } catch (err) {
                    fail(err);
                  }
                },
              },
              h('div', { className: 'field' }, h('label', { for: 'trust-hosts' }, tv('hosts')), hosts),
              h('button', { type: 'submit', className: 'btn' }, tv('save')),
            ),
          ]
        : h('p', {}, trust.revocationHosts.length ? trust.revocationHosts.join(', ') : tv('hostsNone')),
    );
  };
  try {
    await load();
  } catch (err) {
    fail(err);
  }
}

/** The shell's routes of these pages (main.mjs); the menu entry `navValidation` admits them. */
export const VALIDATION_ROUTES = [
  { pattern: /^#\/validation$/, page: validationPage, key: 'navValidation' },
  { pattern: /^#\/validation\/reports\/([0-9a-f-]{36})$/, page: validationReportPage, key: 'navValidation' },
  { pattern: /^#\/validation\/batches$/, page: validationBatchesPage, key: 'navValidation' },
  { pattern: /^#\/validation\/batches\/([0-9a-f-]{36})$/, page: validationBatchPage, key: 'navValidation' },
  { pattern: /^#\/validation\/trust$/, page: validationTrustPage, key: 'navValidation' },
];
