// Incoming documents (văn bản đến, Decree 30/2020/NĐ-CP Art. 20–24): the inbox with urgent documents
// flagged and the validation verdict of each arrival, one document with its history and the lifecycle
// actions (register 03, refuse 02, forward 04, assign 05, complete 06, answer a recall 15/16), and the
// assignments page with deadlines. Buttons follow `actions` of GET /api/incoming/:id.
import { api, query } from './api.mjs';
import { h, replace } from './dom.mjs';
import { formatNumber, t } from './i18n.mjs';
import {
  backLink,
  card,
  dataTable,
  dateText,
  dateTimeText,
  errorText,
  feedback,
  field,
  incomingStatusBadge,
  labelText,
  loadInto,
  pdfLinks,
  pdfPreview,
  props,
  refreshWhile,
  setFlash,
  sizeText,
  takeFlash,
  uid,
  urgencyBadge,
  verdictBadge,
  verdictKey,
} from './document-widgets.mjs';

const PAGE_SIZE = 25;
const STATUS_CODES = ['01', '02', '03', '04', '05', '06'];
const HANDLING = { early: 'handling_early', on_time: 'handling_on_time', late: 'handling_late' };

function rowClass(d) {
  return [d.urgent ? 'row-urgent' : '', d.overdue ? 'row-overdue' : ''].filter(Boolean).join(' ');
}

function deadlineCell(d) {
  if (!d.deadline) return '—';
  return h(
    'span',
    {},
    dateText(d.deadline),
    d.overdue ? [' ', h('span', { className: 'badge badge-overdue' }, t('overdue'))] : null,
  );
}

function incomingRows(items, base) {
  return items.map((d) =>
    h(
      'tr',
      { className: rowClass(d) },
      h('td', {}, d.incomingNumber !== null ? String(d.incomingNumber) : '—'),
      h('td', {}, dateTimeText(d.receivedAt)),
      h('td', { className: 'code' }, d.notation),
      h(
        'td',
        {},
        h('a', { href: `${base}/${d.id}` }, d.subject),
        d.urgent ? [' ', urgencyBadge(d.urgency)] : null,
        d.recallCode ? [' ', h('span', { className: 'badge badge-warn' }, t('recallPendingBadge'))] : null,
      ),
      h('td', {}, d.sender.name ?? d.sender.code),
      h('td', {}, deadlineCell(d)),
      h('td', {}, incomingStatusBadge(d.statusCode, d.status)),
      h('td', {}, verdictBadge(d.validation)),
    ),
  );
}

const INCOMING_HEADERS = () => [
  t('incomingNumberCol'),
  t('receivedAtCol'),
  t('numberCol'),
  t('subjectCol'),
  t('senderCol'),
  t('deadlineCol'),
  t('statusCol'),
  t('verdictCol'),
];

/**
 * #/inbox — Văn bản đến: counters, filters (status, urgent, overdue, recall requests, dates, words with
 * or without diacritics) kept in the address, keyset pages (the cursors of earlier pages in `after`).
 */
export function inboxPage(main, me, params) {
  const state = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    urgent: params.get('urgent') === '1',
    overdue: params.get('overdue') === '1',
    recall: params.get('recall') === '1',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    after: (params.get('after') ?? '').split(',').filter(Boolean),
  };
  const q = h('input', {
    type: 'search',
    id: 'inbox-q',
    value: state.q,
    autocomplete: 'off',
    placeholder: t('inboxSearchPlaceholder'),
  });
  const status = h(
    'select',
    { id: 'inbox-status' },
    h('option', { value: '' }, t('allStatuses')),
    STATUS_CODES.map((c) => h('option', { value: c }, `${c} — ${t(`incStatus_${c}`)}`)),
  );
  status.value = state.status;
  const box = (id, checked, key) => {
    const input = h('input', { type: 'checkbox', id, checked });
    return {
      input,
      el: h(
        'div',
        { className: 'field' },
        h('label', { for: id, className: 'checkbox' }, input, ' ', t(key)),
      ),
    };
  };
  const urgent = box('inbox-urgent', state.urgent, 'filterUrgent');
  const overdue = box('inbox-overdue', state.overdue, 'filterOverdue');
  const recall = box('inbox-recall', state.recall, 'filterRecall');
  const from = h('input', { type: 'date', id: 'inbox-from', value: state.from });
  const to = h('input', { type: 'date', id: 'inbox-to', value: state.to });
  const counters = h('div', { className: 'counters', 'aria-live': 'polite' });
  const results = h('div', { id: 'inbox-results' });

  const go = (after) => {
    const target = `#/inbox${query({
      q: q.value.trim(),
      status: status.value,
      urgent: urgent.input.checked ? '1' : '',
      overdue: overdue.input.checked ? '1' : '',
      recall: recall.input.checked ? '1' : '',
      from: from.value,
      to: to.value,
      after: after.join(','),
    })}`;
    if (globalThis.location.hash === target) load();
    else globalThis.location.hash = target;
  };
  const form = h(
    'form',
    {
      className: 'toolbar filters',
      role: 'search',
      'aria-label': t('inboxFilters'),
      onsubmit: (e) => {
        e.preventDefault();
        go([]);
      },
    },
    field(t('inboxSearch'), q, { className: 'grow' }),
    field(t('statusCol'), status),
    field(t('receivedFrom'), from),
    field(t('receivedTo'), to),
    urgent.el,
    overdue.el,
    recall.el,
    h('button', { type: 'submit', className: 'btn btn-primary' }, t('filter')),
  );

  async function loadCounters() {
    try {
      const s = await api('GET', '/api/incoming/summary');
      const counter = (key, value, hash, kind = '') =>
        h(
          'a',
          { className: `counter${kind ? ` counter-${kind}` : ''}`, href: hash },
          h('span', { className: 'stat' }, formatNumber(value)),
          h('span', {}, t(key)),
        );
      replace(
        counters,
        counter('countArrived', s.byStatus['01'] ?? 0, '#/inbox?status=01'),
        counter(
          'countUrgent',
          s.urgentWaiting,
          '#/inbox?status=01&urgent=1',
          s.urgentWaiting ? 'urgent' : '',
        ),
        counter('countAwaitingAssignment', s.byStatus['04'] ?? 0, '#/inbox?status=04'),
        counter('countOverdue', s.overdue, '#/inbox?overdue=1', s.overdue ? 'overdue' : ''),
        counter('countRecall', s.recallPending, '#/inbox?recall=1', s.recallPending ? 'urgent' : ''),
        counter('countMine', s.assignedToMe, '#/assignments'),
      );
    } catch (err) {
      replace(counters, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
    }
  }

  function load() {
    return loadInto(results, async () => {
      const page = await api(
        'GET',
        `/api/incoming${query({
          q: state.q,
          status: state.status,
          urgent: state.urgent ? 'true' : '',
          overdue: state.overdue ? 'true' : '',
          recallPending: state.recall ? 'true' : '',
          from: state.from,
          to: state.to,
          limit: PAGE_SIZE,
          cursor: state.after.at(-1),
        })}`,
      );
      if (page.items.length === 0 && state.after.length === 0) {
        replace(results, h('p', { className: 'empty' }, t('noIncoming')));
        return;
      }
      const pageNo = state.after.length + 1;
      replace(
        results,
        dataTable(INCOMING_HEADERS(), incomingRows(page.items, '#/inbox'), { className: 'inbox' }),
        h(
          'nav',
          { className: 'pager', 'aria-label': t('pageNo', { page: pageNo }) },
          h(
            'button',
            {
              type: 'button',
              className: 'btn',
              disabled: pageNo <= 1,
              onclick: () => go(state.after.slice(0, -1)),
            },
            t('previous'),
          ),
          h('span', {}, t('pageNo', { page: pageNo })),
          h(
            'button',
            {
              type: 'button',
              className: 'btn',
              disabled: !page.nextCursor,
              onclick: () => go([...state.after, page.nextCursor]),
            },
            t('next'),
          ),
        ),
      );
    });
  }

  replace(
    main,
    h('h1', {}, t('inboxTitle')),
    h('p', { className: 'lead' }, t('inboxLead')),
    takeFlash(),
    counters,
    form,
    results,
  );
  loadCounters();
  load();
}

/**
 * #/assignments — Phân công và hạn xử lý: for leaders the documents awaiting assignment and those in
 * progress with their deadlines; for specialists their own assignments (overdue first in attention).
 */
export function assignmentsPage(main, me) {
  const roles = me.user.roles;
  const list = (params, emptyKey) => {
    const el = h('div', {});
    loadInto(el, async () => {
      const page = await api('GET', `/api/incoming${query({ ...params, limit: 100 })}`);
      const items = [...page.items].sort((a, b) => Number(b.overdue) - Number(a.overdue));
      replace(
        el,
        items.length
          ? dataTable(INCOMING_HEADERS(), incomingRows(items, '#/assignments'), { className: 'inbox' })
          : h('p', { className: 'empty' }, t(emptyKey)),
        page.nextCursor
          ? h('p', {}, h('a', { href: `#/inbox${query({ status: params.status })}` }, t('seeAllInInbox')))
          : null,
      );
    });
    return el;
  };
  const sections = [];
  if (roles.includes('leader')) {
    sections.push(card(t('awaitingAssignment'), list({ status: '04' }, 'noAwaitingAssignment')));
    sections.push(card(t('inProgressUnit'), list({ status: '05' }, 'noInProgress')));
  }
  if (roles.includes('specialist')) {
    sections.push(card(t('myAssignments'), list({ assignedToMe: 'true', status: '05' }, 'noMyAssignments')));
    sections.push(card(t('myCompleted'), list({ assignedToMe: 'true', status: '06' }, 'noMyCompleted')));
  }
  replace(
    main,
    h('h1', {}, t('assignmentsTitle')),
    h('p', { className: 'lead' }, t('assignmentsLead')),
    takeFlash(),
    sections,
  );
}

export const incomingDocPage = (main, me, params, id) => incomingPage(main, me, id, '#/inbox', 'navInbox');
export const assignmentDocPage = (main, me, params, id) =>
  incomingPage(main, me, id, '#/assignments', 'navAssignments');

/** One incoming document: metadata, files, the verdict (refreshed while pending), actions, history. */
async function incomingPage(main, me, id, back, backKey) {
  const flash = takeFlash();
  replace(main, flash, h('p', { className: 'loading' }, t('loading')));
  let doc;
  try {
    doc = await api('GET', `/api/incoming/${id}`);
  } catch (err) {
    replace(
      main,
      backLink(back, t(backKey), t('documentDetails')),
      h('h1', {}, t('documentDetails')),
      h('p', { className: 'alert', role: 'alert' }, errorText(err)),
    );
    return;
  }
  const reload = () => incomingPage(main, me, id, back, backKey);
  const actions = new Set(doc.actions);
  const base = `/api/incoming/${doc.id}`;
  const verdictBox = h('div', { className: 'verdict-box' });
  const showVerdict = (v) => replace(verdictBox, verdictDetails(v));
  showVerdict(doc.validation);

  const info = card(
    t('documentInfo'),
    doc.supersededById ? h('p', { className: 'alert alert-warn' }, t('supersededNote')) : null,
    doc.recallCode === '13'
      ? h(
          'p',
          { className: 'alert alert-warn' },
          t('recallRequestedNote', { reason: doc.recallReason ?? '' }),
        )
      : null,
    props([
      [t('numberCol'), h('span', { className: 'code' }, doc.notation)],
      [t('fieldDocumentType'), doc.documentType],
      [t('fieldSubject'), doc.subject],
      [t('fieldUrgency'), urgencyBadge(doc.urgency) ?? t('urgency_normal')],
      [
        t('senderCol'),
        h('span', {}, doc.sender.name ?? '', ' ', h('small', { className: 'code' }, doc.sender.code)),
      ],
      [t('issuedOnCol'), doc.sender.issuedOn ? dateText(doc.sender.issuedOn) : null],
      [
        t('fieldSigner'),
        doc.sender.signerName && doc.edxml?.signerPosition
          ? `${doc.sender.signerName} (${doc.edxml.signerPosition})`
          : doc.sender.signerName,
      ],
      [
        t('edxmlSignature'),
        doc.edxml?.signature
          ? h(
              'span',
              { className: doc.edxml.signature.weak ? 'alert alert-warn' : '' },
              t(doc.edxml.signature.weak ? 'edxmlSignatureWeak' : 'edxmlSignatureStrong', {
                algorithm: doc.edxml.signature.algorithm.toUpperCase(),
                subject: doc.edxml.signature.signerSubject,
              }),
            )
          : null,
      ],
      [t('receivedAtCol'), dateTimeText(doc.receivedAt)],
      [
        t('incomingNumberCol'),
        doc.incomingNumber !== null
          ? h(
              'strong',
              { className: 'doc-number' },
              t('incomingNumberValue', { number: doc.incomingNumber, year: doc.year ?? '' }),
            )
          : null,
      ],
      [t('registeredAt'), doc.registeredAt ? dateTimeText(doc.registeredAt) : null],
      [
        t('addressedTo'),
        doc.addressedUnit.id !== doc.recipientUnit.id
          ? t('routedTo', { from: doc.addressedUnit.name, to: doc.recipientUnit.name })
          : null,
      ],
      [t('assigneesLabel'), doc.assignees.length ? doc.assignees.map((a) => a.fullName).join(', ') : null],
      [t('deadlineCol'), doc.deadline ? dateText(doc.deadline) : null],
      [t('handlingCol'), doc.handlingResult ? t(HANDLING[doc.handlingResult]) : null],
      [t('refusalReason'), doc.refusalReason],
      [t('statusCol'), incomingStatusBadge(doc.statusCode, doc.status)],
    ]),
  );
  const files = card(
    t('documentFiles'),
    h(
      'p',
      {},
      h('strong', {}, t('currentPdf')),
      ' ',
      sizeText(doc.pdf.size),
      ' ',
      pdfLinks(`${base}/pdf`, doc.subject),
    ),
    pdfPreview(`${base}/pdf`, doc.subject),
    doc.attachments.length
      ? h(
          'ul',
          { className: 'plain attachments' },
          doc.attachments.map((a) =>
            h(
              'li',
              {},
              a.name,
              ' ',
              h('small', {}, sizeText(a.size)),
              ' ',
              pdfLinks(`${base}/attachments/${a.index}`, a.name),
            ),
          ),
        )
      : null,
  );
  const verdict = card(t('verdictTitle'), verdictBox);
  verdict.classList.add('verdict-card');

  const panels = [];
  if (actions.has('register')) panels.push(registerPanel(doc, reload));
  if (actions.has('refuse')) panels.push(refusePanel(doc, reload));
  if (actions.has('forward')) panels.push(forwardPanel(doc, reload));
  if (actions.has('assign')) panels.push(await assignPanel(doc, reload));
  if (actions.has('complete')) panels.push(completePanel(doc, reload));
  if (actions.has('answerRecall')) panels.push(recallAnswerPanel(doc, reload));

  replace(
    main,
    backLink(back, t(backKey), doc.notation),
    h('h1', {}, doc.subject),
    h(
      'p',
      { className: 'lead badges' },
      incomingStatusBadge(doc.statusCode, doc.status),
      ' ',
      urgencyBadge(doc.urgency),
      ' ',
      verdictBadge(doc.validation.state === 'done' ? doc.validation.indication : 'pending'),
      ' ',
      h('span', { className: 'code' }, doc.notation),
    ),
    flash,
    h(
      'div',
      { className: 'doc-layout' },
      h('div', { className: 'doc-main' }, verdict, info, files),
      panels.length ? h('div', { className: 'doc-actions' }, panels) : null,
    ),
    historyCard(doc),
  );
  if (doc.validation.state === 'pending') {
    // The arrival job validates in the background: follow it until the verdict is there.
    refreshWhile(verdictBox, 2000, async () => {
      const fresh = await api('GET', `/api/incoming/${id}`);
      if (fresh.validation.state === 'pending') return true;
      reload();
      return false;
    });
  }
}

function verdictDetails(v) {
  if (v.state === 'pending') {
    return h(
      'p',
      { className: 'status-line busy', role: 'status' },
      verdictBadge('pending'),
      ' ',
      t('verdictPendingExplain'),
    );
  }
  const key = verdictKey(v.indication);
  return [
    h(
      'p',
      { className: `verdict-summary verdict-${key}`, role: 'status' },
      verdictBadge(v.indication),
      ' ',
      t(`${key}Explain`),
    ),
    h('p', { className: 'hint' }, t('validatedAt', { time: dateTimeText(v.validatedAt) })),
    v.error ? h('p', { className: 'alert' }, t('verdictError', { code: v.error })) : null,
    v.unsignedRevisions > 0
      ? h('p', { className: 'alert alert-warn' }, t('unsignedRevisions', { count: v.unsignedRevisions }))
      : null,
    v.signatures?.length
      ? dataTable(
          [t('sigField'), t('sigKind'), t('sigSigner'), t('sigResult'), t('sigDetail'), t('sigTime')],
          v.signatures.map((s) =>
            h(
              'tr',
              {},
              h('td', { className: 'code' }, s.fieldName),
              h('td', {}, t(s.kind === 'document-timestamp' ? 'sigKindTimestamp' : 'sigKindSignature')),
              h('td', {}, s.signerName ?? '—'),
              h('td', {}, verdictBadge(s.indication)),
              h('td', { className: 'code' }, s.subIndication ?? '—'),
              // ISO 8601 from the API; a time the server could not read is shown as the file gives it.
              h(
                'td',
                {},
                s.claimedSigningTime ? dateTimeText(s.claimedSigningTime) : (s.claimedSigningTimeRaw ?? '—'),
              ),
            ),
          ),
        )
      : null,
  ];
}

function historyCard(doc) {
  return card(
    t('historyTitle'),
    doc.events.length
      ? h(
          'ol',
          { className: 'timeline events' },
          doc.events.map((ev) =>
            h(
              'li',
              { 'data-code': ev.code },
              h('strong', {}, h('span', { className: 'code' }, ev.code), ' ', labelText(ev.label)),
              ' — ',
              h('time', { datetime: ev.at }, dateTimeText(ev.at)),
              ev.actor ? ` · ${ev.actor.fullName}` : '',
              ev.note ? h('div', { className: 'note' }, ev.note) : null,
            ),
          ),
        )
      : h('p', { className: 'empty' }, t('noEvents')),
  );
}

function registerPanel(doc, reload) {
  const fb = feedback();
  const button = h('button', { type: 'button', className: 'btn btn-primary' }, t('registerButton'));
  const warn =
    doc.validation.state === 'pending'
      ? t('registerWarnPending')
      : doc.validation.indication !== 'TOTAL_PASSED'
        ? t('registerWarnInvalid')
        : null;
  button.addEventListener('click', async () => {
    const r = await fb.run(button, t('registering'), () => api('POST', `/api/incoming/${doc.id}/register`));
    if (r) {
      setFlash(t('registeredResult', { number: r.incomingNumber, year: r.year ?? '' }));
      reload();
    }
  });
  return card(
    t('registerTitle'),
    h('p', { className: 'hint' }, t('registerExplain')),
    warn ? h('p', { className: 'alert alert-warn' }, warn) : null,
    h('div', { className: 'form-actions' }, button),
    fb.el,
  );
}

function reasonForm({ title, explain, label, buttonText, busyText, className = 'btn', submit }) {
  const text = h('textarea', { rows: 3, required: true });
  const fb = feedback();
  const button = h('button', { type: 'submit', className }, buttonText);
  return card(
    title,
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (!text.value.trim()) {
            fb.error(t('missingFields', { fields: label }));
            text.focus();
            return;
          }
          await fb.run(button, busyText, () => submit(text.value.trim()));
        },
      },
      explain ? h('p', { className: 'hint' }, explain) : null,
      field(label, text, { required: true }),
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

function refusePanel(doc, reload) {
  return reasonForm({
    title: t('refuseTitle'),
    explain: t('refuseExplain'),
    label: t('refusalReason'),
    buttonText: t('refuseButton'),
    busyText: t('working'),
    className: 'btn btn-danger',
    submit: async (reason) => {
      await api('POST', `/api/incoming/${doc.id}/refuse`, { reason });
      setFlash(t('refusedResult'));
      reload();
    },
  });
}

function forwardPanel(doc, reload) {
  const fb = feedback();
  const button = h('button', { type: 'button', className: 'btn btn-primary' }, t('forwardButton'));
  button.addEventListener('click', async () => {
    const r = await fb.run(button, t('working'), () => api('POST', `/api/incoming/${doc.id}/forward`));
    if (r) {
      setFlash(t('forwardedResult'));
      reload();
    }
  });
  return card(
    t('forwardTitle'),
    h('p', { className: 'hint' }, t('forwardExplain')),
    h('div', { className: 'form-actions' }, button),
    fb.el,
  );
}

async function assignPanel(doc, reload) {
  let people;
  try {
    people = (await api('GET', '/api/incoming/assignees')).items;
  } catch (err) {
    return card(t('assignTitle'), h('p', { className: 'alert', role: 'alert' }, errorText(err)));
  }
  const fb = feedback();
  const boxes = people.map((p) => {
    const input = h('input', { type: 'checkbox', id: uid('assignee'), value: p.id });
    return {
      p,
      input,
      el: h(
        'li',
        {},
        h(
          'label',
          { for: input.id, className: 'checkbox' },
          input,
          ' ',
          p.fullName,
          p.title ? h('small', {}, ` — ${p.title}`) : '',
        ),
      ),
    };
  });
  const deadline = h('input', { type: 'date', name: 'deadline' });
  const button = h('button', { type: 'submit', className: 'btn btn-primary' }, t('assignButton'));
  return card(
    t('assignTitle'),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          const ids = boxes.filter((b) => b.input.checked).map((b) => b.p.id);
          if (!ids.length) {
            fb.error(t('chooseAssignee'));
            return;
          }
          const r = await fb.run(button, t('working'), () =>
            api('POST', `/api/incoming/${doc.id}/assign`, {
              assigneeUserIds: ids,
              ...(deadline.value ? { deadline: deadline.value } : {}),
            }),
          );
          if (r) {
            setFlash(
              t('assignedResult', {
                count: ids.length,
                deadline: r.deadline ? dateText(r.deadline) : t('noDeadline'),
              }),
            );
            reload();
          }
        },
      },
      people.length
        ? h(
            'fieldset',
            { className: 'assignees' },
            h('legend', {}, t('assigneesLabel')),
            h(
              'ul',
              { className: 'plain' },
              boxes.map((b) => b.el),
            ),
          )
        : h('p', { className: 'alert alert-warn' }, t('noAssignees')),
      field(t('deadlineCol'), deadline, { hint: t('deadlineHint') }),
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

function completePanel(doc, reload) {
  return reasonForm({
    title: t('completeTitle'),
    explain: doc.deadline ? t('completeExplainDeadline', { deadline: dateText(doc.deadline) }) : null,
    label: t('completeNote'),
    buttonText: t('completeButton'),
    busyText: t('working'),
    className: 'btn btn-primary',
    submit: async (note) => {
      const r = await api('POST', `/api/incoming/${doc.id}/complete`, { note });
      setFlash(t('completedResult', { result: r.handlingResult ? t(HANDLING[r.handlingResult]) : '' }));
      reload();
    },
  });
}

function recallAnswerPanel(doc, reload) {
  const note = h('textarea', { rows: 2 });
  const fb = feedback();
  const accept = h('button', { type: 'button', className: 'btn btn-primary' }, t('acceptRecall'));
  const refuse = h('button', { type: 'button', className: 'btn btn-danger' }, t('refuseRecall'));
  const answer = async (yes) => {
    if (!yes && !note.value.trim()) {
      fb.error(t('missingFields', { fields: t('recallAnswerNote') }));
      note.focus();
      return;
    }
    const r = await fb.run([accept, refuse], t('working'), () =>
      api('POST', `/api/incoming/${doc.id}/recall-answer`, {
        accept: yes,
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
      }),
    );
    if (r) {
      setFlash(t(yes ? 'recallAccepted' : 'recallRefused'));
      reload();
    }
  };
  accept.addEventListener('click', () => answer(true));
  refuse.addEventListener('click', () => answer(false));
  return card(
    t('recallAnswerTitle'),
    h('p', { className: 'hint' }, t('recallAnswerExplain', { reason: doc.recallReason ?? '' })),
    field(t('recallAnswerNote'), note, { hint: t('recallAnswerNoteHint') }),
    h('div', { className: 'form-actions' }, accept, refuse),
    fb.el,
  );
}
