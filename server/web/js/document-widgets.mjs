/* global fetch, setTimeout, clearTimeout, setInterval, clearInterval */
// Building blocks of the document pages (outgoing-pages.mjs, incoming-pages.mjs): API calls with extra
// headers or a raw PDF body, action feedback with a busy state, PDF pickers with drag and drop,
// badges for statuses, urgency and validation verdicts, small tables.
import { api, ApiError, query } from './api.mjs';
import { h, replace } from './dom.mjs';
import { formatDate, formatDateTime, language, t } from './i18n.mjs';
import './document-strings.mjs';

/** The API's message in the page's language (messageVi / message), or a generic one. */
export function errorText(err) {
  if (!err?.code || err.code === 'HTTP_ERROR') return t('genericError');
  return language() === 'en' ? err.message : err.messageVi;
}

/** A `{ vi, en }` label of the API in the page's language. */
export function labelText(label) {
  if (!label) return '';
  return language() === 'en' ? label.en : label.vi;
}

/**
 * A call to /api like api(), for what api() does not carry: extra headers (the signing PIN) or a raw
 * body (a PDF). The CSRF token is the session's (GET /api/me). A 401 goes through api() once more so
 * that the shell shows the login page.
 */
export async function request(me, method, path, { json, body, contentType, headers = {} } = {}) {
  const all = { accept: 'application/json', ...headers };
  if (json !== undefined) all['content-type'] = 'application/json';
  else if (contentType) all['content-type'] = contentType;
  if (method !== 'GET' && me.csrfToken) all['x-csrf-token'] = me.csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: all,
      body: json !== undefined ? JSON.stringify(json) : body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, {
      code: 'NETWORK_ERROR',
      message: t('networkErrorEn'),
      messageVi: t('networkErrorVi'),
    });
  }
  if (res.status === 204) return undefined;
  const data = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (res.status === 401) await api('GET', '/api/me').catch(() => undefined);
    throw new ApiError(res.status, data?.error);
  }
  return data;
}

/** Uploads one PDF (POST /api/files, raw body): the file id the draft, attachment or scan refers to. */
export async function uploadPdf(me, file) {
  return request(me, 'POST', '/api/files', {
    body: file,
    contentType: 'application/pdf',
    headers: { 'x-file-name': encodeURIComponent(file.name) },
  });
}

/** The PIN header of a signing call: percent-encoded UTF-8, so any character survives. */
export function pinHeader(pin) {
  return { 'x-signing-pin': encodeURIComponent(pin) };
}

/**
 * Feedback of one action: a status line (progress with elapsed seconds, then the result) and an
 * alert line (the API's error). `run(button, busyText, fn)` disables the button while `fn` runs and
 * answers fn's result, or undefined after showing its error; nothing the user typed is touched.
 */
export function feedback() {
  const status = h('p', { className: 'status-line', role: 'status', 'aria-live': 'polite' });
  const alert = h('p', { className: 'alert', role: 'alert' });
  const el = h('div', { className: 'feedback' }, status, alert);
  let ticker;
  let lastCode = null;
  const stopTicker = () => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
  };
  const self = {
    el,
    busy(text) {
      stopTicker();
      alert.textContent = '';
      const started = Date.now();
      status.className = 'status-line busy';
      status.textContent = text;
      ticker = setInterval(() => {
        if (!el.isConnected) return stopTicker();
        const s = Math.floor((Date.now() - started) / 1000);
        status.textContent = `${text} ${t('elapsedSeconds', { s })}`;
      }, 1000);
    },
    ok(...content) {
      stopTicker();
      alert.textContent = '';
      status.className = 'status-line done';
      replace(status, ...content);
    },
    error(err) {
      stopTicker();
      lastCode = typeof err === 'string' ? null : (err?.code ?? null);
      status.className = 'status-line';
      status.textContent = '';
      alert.textContent = typeof err === 'string' ? err : errorText(err);
    },
    /** The code of the last error shown (e.g. SIGNING_PIN_INCORRECT), or null. */
    lastCode: () => lastCode,
    clear() {
      stopTicker();
      status.textContent = '';
      alert.textContent = '';
    },
    async run(button, busyText, fn) {
      const buttons = Array.isArray(button) ? button : [button];
      for (const b of buttons) {
        b.disabled = true;
        b.setAttribute('aria-busy', 'true');
      }
      lastCode = null;
      self.busy(busyText);
      try {
        return await fn();
      } catch (err) {
        self.error(err);
        return undefined;
      } finally {
        for (const b of buttons) {
          b.disabled = false;
          b.removeAttribute('aria-busy');
        }
      }
    },
  };
  return self;
}

let fieldSeq = 0;
/** A unique element id for a label/control pair. */
export function uid(prefix) {
  fieldSeq += 1;
  return `${prefix}-${fieldSeq}`;
}

/** A labelled field around a control (the control gets an id when it has none). */
export function field(labelText_, control, { hint, required, className } = {}) {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('small', { className: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h(
    'div',
    { className: `field${className ? ` ${className}` : ''}` },
    h(
      'label',
      { for: control.id },
      labelText_,
      required ? h('span', { className: 'req', 'aria-hidden': 'true' }, ' *') : null,
    ),
    control,
    hintEl,
  );
}

/**
 * A PDF picker: a file input and a drop zone around it (drag and drop from the desktop). `multiple`
 * for attachments. `files()` answers the chosen files; `onChange(files)` after each choice.
 */
export function pdfPicker({ label, hint, multiple = false, required = false, onChange, name }) {
  let chosen = [];
  const input = h('input', {
    type: 'file',
    id: uid('pdf'),
    name: name ?? 'pdf',
    accept: 'application/pdf,.pdf',
    multiple,
    className: 'file-input',
  });
  const list = h('ul', { className: 'file-list', 'aria-live': 'polite' });
  const problem = h('p', { className: 'alert', role: 'alert' });
  const show = () => {
    replace(
      list,
      chosen.map((f) =>
        h('li', {}, h('span', { className: 'file-name' }, f.name), ' ', h('small', {}, sizeText(f.size))),
      ),
    );
  };
  const take = (files) => {
    const all = [...files];
    const pdfs = all.filter((f) => f.type === 'application/pdf' || /\.pdf$/i.test(f.name));
    problem.textContent = pdfs.length < all.length ? t('onlyPdf') : '';
    if (pdfs.length === 0) return;
    chosen = multiple ? [...chosen, ...pdfs] : [pdfs[0]];
    show();
    onChange?.(chosen);
  };
  input.addEventListener('change', () => {
    take(input.files ?? []);
    // Attachments accumulate: the input is emptied so that the same file can be chosen again.
    if (multiple) input.value = '';
  });
  const zone = h(
    'div',
    { className: 'drop-zone', 'data-drop': 'pdf' },
    h(
      'label',
      { for: input.id, className: 'drop-label' },
      label,
      required ? h('span', { className: 'req', 'aria-hidden': 'true' }, ' *') : null,
    ),
    h('p', { className: 'drop-hint' }, hint ?? (multiple ? t('dropHintMany') : t('dropHintOne'))),
    input,
    list,
    problem,
  );
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('drag-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('drag-over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('drag-over');
    if (!multiple) input.value = '';
    take(e.dataTransfer?.files ?? []);
  });
  return {
    el: zone,
    input,
    files: () => chosen,
    remove(file) {
      chosen = chosen.filter((f) => f !== file);
      show();
    },
    reset() {
      chosen = [];
      show();
    },
  };
}

export function sizeText(bytes) {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Uploads files once: a retried action reuses the ids of files already uploaded. */
export function uploadCache(me) {
  const ids = new Map();
  return async (file) => {
    if (!ids.has(file)) ids.set(file, (await uploadPdf(me, file)).id);
    return ids.get(file);
  };
}

export function badge(text, kind = '') {
  return h('span', { className: `badge${kind ? ` badge-${kind}` : ''}` }, text);
}

export function urgencyBadge(urgency) {
  if (!urgency || urgency === 'normal') return null;
  return h('span', { className: `badge badge-urgent urgency-${urgency}` }, t(`urgency_${urgency}`));
}

export function classificationBadge(classification) {
  if (!classification || classification === 'none') return null;
  return badge(t(`classification_${classification}`), 'secret');
}

const OUTGOING_KIND = {
  draft: '',
  returned: 'warn',
  in_review: 'info',
  signed: 'info',
  numbered: 'info',
  sealed: 'ok',
  issued: 'ok',
  recalled: 'ended',
  replaced: 'ended',
};
export function outgoingStatusBadge(status) {
  return badge(t(`outStatus_${status}`), OUTGOING_KIND[status] ?? '');
}

const INCOMING_KIND = { '01': 'info', '02': 'ended', '03': 'ok', '04': 'warn', '05': 'info', '06': 'ok' };
export function incomingStatusBadge(code, label) {
  return h(
    'span',
    { className: `badge badge-${INCOMING_KIND[code] ?? ''}` },
    h('span', { className: 'code' }, code),
    ' ',
    labelText(label),
  );
}

/** The verdict of validation on arrival (Hợp lệ / Không hợp lệ / Chưa xác định / Đang kiểm tra). */
export function verdictKey(indicationOrState) {
  switch (indicationOrState) {
    case 'TOTAL_PASSED':
      return 'verdictPassed';
    case 'TOTAL_FAILED':
      return 'verdictFailed';
    case 'INDETERMINATE':
      return 'verdictIndeterminate';
    case 'UNSIGNED':
      return 'verdictUnsigned';
    default:
      return 'verdictPending';
  }
}
const VERDICT_KIND = {
  verdictPassed: 'ok',
  verdictFailed: 'ended',
  verdictIndeterminate: 'warn',
  verdictUnsigned: 'warn',
  verdictPending: 'info',
};
export function verdictBadge(indicationOrState) {
  const key = verdictKey(indicationOrState);
  return h('span', { className: `badge verdict badge-${VERDICT_KIND[key]}` }, t(key));
}

/** A data table inside a scroll wrapper (narrow screens scroll sideways, the page does not). */
export function dataTable(headers, rows, { caption, className } = {}) {
  return h(
    'div',
    { className: 'table-wrap' },
    h(
      'table',
      { className: `data${className ? ` ${className}` : ''}` },
      caption ? h('caption', {}, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

export function dateText(iso) {
  return iso ? formatDate(iso) : '—';
}

export function dateTimeText(iso) {
  return iso ? formatDateTime(iso) : '—';
}

/** Runs `load(container)`; shows "loading" first and the API's error if it fails. */
export async function loadInto(container, load) {
  replace(container, h('p', { className: 'loading' }, t('loading')));
  try {
    await load(container);
  } catch (err) {
    replace(container, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
  }
}

/**
 * Calls `fn` every `ms` while `el` stays in the page (a pending verdict, a delivery in progress);
 * stops when `fn` answers false or the page is left.
 */
export function refreshWhile(el, ms, fn) {
  let timer;
  const tick = async () => {
    if (!el.isConnected) return;
    let again;
    try {
      again = (await fn()) !== false;
    } catch {
      again = true;
    }
    if (again && el.isConnected) timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  return () => clearTimeout(timer);
}

/** A link that opens a PDF of the API in a new tab (inline), and one that downloads it. */
export function pdfLinks(href, name) {
  const sep = href.includes('?') ? '&' : '?';
  return h(
    'span',
    { className: 'pdf-links' },
    h(
      'a',
      {
        href: `${href}${sep}disposition=inline`,
        target: '_blank',
        rel: 'noopener',
        className: 'btn btn-small',
      },
      t('openPdf'),
      h('span', { className: 'visually-hidden' }, ` ${name ?? ''}`),
    ),
    h(
      'a',
      { href, className: 'btn btn-small', download: '' },
      t('downloadPdf'),
      h('span', { className: 'visually-hidden' }, ` ${name ?? ''}`),
    ),
  );
}

/**
 * The PDF shown in the page: an iframe of the inline download (the only responses that allow framing
 * by this origin: `frame-ancestors 'self'`), titled for screen readers; pdfLinks still opens it in a tab.
 */
export function pdfPreview(href, name) {
  const sep = href.includes('?') ? '&' : '?';
  return h('iframe', {
    className: 'pdf-preview',
    src: `${href}${sep}disposition=inline`,
    title: t('pdfPreviewTitle', { name: name ?? '' }),
  });
}

/** Props list (dl) from [label, value] pairs; empty values are skipped. */
export function props(pairs) {
  return h(
    'dl',
    { className: 'props' },
    pairs
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

/** A section card with a heading (labelled region). */
export function card(title, ...children) {
  const id = uid('card');
  return h('section', { className: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** Keeps focus where the result is announced (the status line) after an action. */
export function focusResult(el) {
  el.setAttribute('tabindex', '-1');
  el.focus();
}

/**
 * Nơi nhận: units found in the directory (search with or without diacritics, e.g. "thanh loi"), groups
 * of units ("Tất cả UBND xã"), and external organisations by QCVN 102:2016 code. `recipients()` answers
 * the specs POST /api/outgoing takes.
 */
export function recipientPicker(me) {
  const selected = [];
  const chosenList = h('ul', { className: 'chips', 'aria-live': 'polite' });
  const empty = h('p', { className: 'empty' }, t('noRecipients'));
  const keyOf = (spec) => `${spec.kind}:${spec.unitId ?? spec.groupId ?? spec.code}`;
  const has = (spec) => selected.some((s) => keyOf(s.spec) === keyOf(spec));
  let refreshResults = () => {};
  const showSelected = () => {
    empty.hidden = selected.length > 0;
    replace(
      chosenList,
      selected.map((s) =>
        h(
          'li',
          { className: 'chip' },
          h('span', {}, s.label),
          h(
            'button',
            {
              type: 'button',
              className: 'chip-remove',
              'aria-label': t('removeRecipient', { name: s.label }),
              onclick: () => {
                selected.splice(selected.indexOf(s), 1);
                showSelected();
                refreshResults();
              },
            },
            '×',
          ),
        ),
      ),
    );
  };
  const add = (spec, label) => {
    if (has(spec)) return;
    selected.push({ spec, label });
    showSelected();
    refreshResults();
  };

  // Directory search.
  const q = h('input', {
    type: 'search',
    id: uid('rcp-q'),
    autocomplete: 'off',
    placeholder: t('recipientSearchPlaceholder'),
  });
  const level = h(
    'select',
    { id: uid('rcp-level') },
    h('option', { value: '' }, t('levelAll')),
    h('option', { value: 'province' }, t('levelProvince')),
    h('option', { value: 'district' }, t('levelDistrict')),
    h('option', { value: 'commune' }, t('levelCommune')),
  );
  const results = h('ul', { className: 'pick-list', 'aria-label': t('recipientResults') });
  let lastUnits = [];
  let seq = 0;
  const renderUnits = () =>
    replace(
      results,
      lastUnits.map((u) => {
        const spec = { kind: 'unit', unitId: u.id };
        const taken = has(spec);
        return h(
          'li',
          {},
          h('span', { className: 'pick-name' }, u.name, ' ', h('small', { className: 'code' }, u.code)),
          h(
            'button',
            {
              type: 'button',
              className: 'btn btn-small',
              disabled: taken,
              'aria-label': t(taken ? 'recipientChosen' : 'addRecipientNamed', { name: u.name }),
              onclick: () => add(spec, u.name),
            },
            taken ? t('chosen') : t('add'),
          ),
        );
      }),
    );
  const search = async () => {
    const mine = ++seq;
    const term = q.value.trim();
    if (!term && !level.value) {
      lastUnits = [];
      renderUnits();
      return;
    }
    try {
      const page = await api(
        'GET',
        `/api/units${query({ q: term, level: level.value, activeAt: 'today', limit: 15 })}`,
      );
      if (mine !== seq) return;
      // The sender never sends to itself (sendDocument skips it): not offered.
      lastUnits = page.items.filter((u) => u.id !== me.user.unit.id);
      renderUnits();
      if (!lastUnits.length) replace(results, h('li', { className: 'empty' }, t('noResults')));
    } catch (err) {
      if (mine === seq) replace(results, h('li', { className: 'alert', role: 'alert' }, errorText(err)));
    }
  };
  let debounce;
  q.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(search, 250);
  });
  q.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      clearTimeout(debounce);
      search();
    }
  });
  level.addEventListener('change', search);

  // Groups of units.
  const groups = h('ul', { className: 'pick-list' }, h('li', { className: 'loading-inline' }, t('loading')));
  let lastGroups = [];
  const renderGroups = () =>
    replace(
      groups,
      lastGroups.length
        ? lastGroups.map((g) => {
            const spec = { kind: 'group', groupId: g.id };
            const taken = has(spec);
            const label = `${g.name} (${t('unitCount', { count: g.memberCount })})`;
            return h(
              'li',
              {},
              h(
                'span',
                { className: 'pick-name' },
                g.name,
                ' ',
                h('small', {}, t('unitCount', { count: g.memberCount }), ' · ', g.ownerUnitName),
              ),
              h(
                'button',
                {
                  type: 'button',
                  className: 'btn btn-small',
                  disabled: taken,
                  'aria-label': t(taken ? 'recipientChosen' : 'addRecipientNamed', { name: g.name }),
                  onclick: () => add(spec, label),
                },
                taken ? t('chosen') : t('add'),
              ),
            );
          })
        : h('li', { className: 'empty' }, t('noGroups')),
    );
  api('GET', '/api/unit-groups').then(
    (r) => {
      lastGroups = r.items;
      renderGroups();
    },
    (err) => replace(groups, h('li', { className: 'alert', role: 'alert' }, errorText(err))),
  );
  refreshResults = () => {
    renderUnits();
    if (lastGroups.length) renderGroups();
  };

  // External organisations (another province, a ministry) by identifier code.
  const extCode = h('input', {
    id: uid('rcp-ext'),
    autocomplete: 'off',
    placeholder: '000.00.00.G01',
    className: 'code',
  });
  const extName = h('input', { id: uid('rcp-ext-name'), autocomplete: 'off' });
  const extProblem = h('p', { className: 'alert', role: 'alert' });
  const addExternal = h(
    'button',
    {
      type: 'button',
      className: 'btn',
      onclick: () => {
        const code = extCode.value.trim();
        if (!/^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}$/.test(code)) {
          extProblem.textContent = t('externalCodeInvalid');
          extCode.focus();
          return;
        }
        extProblem.textContent = '';
        const name = extName.value.trim();
        add({ kind: 'external', code, ...(name ? { name } : {}) }, name ? `${name} (${code})` : code);
        extCode.value = '';
        extName.value = '';
      },
    },
    t('addExternal'),
  );

  const el = h(
    'fieldset',
    { className: 'recipient-picker' },
    h('legend', {}, t('fieldRecipients')),
    h(
      'div',
      { className: 'chosen' },
      h('h3', { className: 'sub' }, t('chosenRecipients')),
      empty,
      chosenList,
    ),
    h(
      'div',
      { className: 'picker-grid' },
      h(
        'div',
        {},
        h('h3', { className: 'sub' }, t('fromDirectory')),
        h(
          'div',
          { className: 'toolbar' },
          field(t('recipientSearch'), q, { className: 'grow' }),
          field(t('levelLabel'), level),
        ),
        results,
      ),
      h('div', {}, h('h3', { className: 'sub' }, t('unitGroups')), groups),
    ),
    h(
      'details',
      { className: 'external' },
      h('summary', {}, t('externalRecipients')),
      h(
        'div',
        { className: 'toolbar' },
        field(t('externalCode'), extCode),
        field(t('externalName'), extName, { className: 'grow' }),
        addExternal,
      ),
      extProblem,
    ),
  );
  showSelected();
  return {
    el,
    recipients: () => selected.map((s) => s.spec),
    focus: () => q.focus(),
  };
}

/** Names of recipient specs (units and groups looked up; at most `max` of them). */
export async function recipientNames(specs, max = 30) {
  const shown = specs.slice(0, max);
  const names = await Promise.all(
    shown.map(async (s) => {
      try {
        if (s.kind === 'unit') return (await api('GET', `/api/units/${s.unitId}`)).name;
        if (s.kind === 'group') {
          const g = await api('GET', `/api/unit-groups/${s.groupId}`);
          return `${g.name} (${t('unitCount', { count: g.memberCount })})`;
        }
        return s.name ? `${s.name} (${s.code})` : s.code;
      } catch {
        return s.unitId ?? s.groupId ?? s.code;
      }
    }),
  );
  return { names, more: specs.length - shown.length };
}

let flash = null;
/** A result to announce on the next page shown (after an action that navigates). */
export function setFlash(...content) {
  flash = content;
}

/** The pending result, as a status paragraph that takes focus once shown (or null). */
export function takeFlash() {
  if (!flash) return null;
  const el = h('p', { className: 'alert alert-ok flash', role: 'status', tabindex: '-1' }, ...flash);
  flash = null;
  setTimeout(() => el.isConnected && el.focus(), 0);
  return el;
}

/** Breadcrumb back to a list page. */
export function backLink(hash, text, current) {
  return h(
    'nav',
    { className: 'breadcrumb', 'aria-label': t('breadcrumb') },
    h('ol', {}, h('li', {}, h('a', { href: hash }, text)), h('li', { 'aria-current': 'page' }, current)),
  );
}
