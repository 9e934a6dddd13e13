// Outgoing documents (văn bản đi, Decree 30/2020/NĐ-CP Art. 14–18): drafts, review and signing by the
// leader, numbering and sealing by the clerk, sending, paper registration, and the outbox with
// per-recipient tracking. Every button follows `allowedActions` of GET /api/outgoing/:id; the routes
// check again.
import { api, query } from './api.mjs';
import { h, replace } from './dom.mjs';
import { t } from './i18n.mjs';
import {
  backLink,
  card,
  classificationBadge,
  dataTable,
  dateText,
  dateTimeText,
  errorText,
  feedback,
  field,
  incomingStatusBadge,
  labelText,
  loadInto,
  outgoingStatusBadge,
  pdfLinks,
  pdfPreview,
  pdfPicker,
  pinHeader,
  props,
  recipientNames,
  recipientPicker,
  request,
  setFlash,
  sizeText,
  takeFlash,
  uid,
  uploadCache,
  urgencyBadge,
} from './document-widgets.mjs';

/** Decree 30 Appendix III: document types and their abbreviations (for the notation hint). */
const DOCUMENT_TYPES = [
  ['Quyết định', 'QĐ'],
  ['Công văn', ''],
  ['Thông báo', 'TB'],
  ['Kế hoạch', 'KH'],
  ['Báo cáo', 'BC'],
  ['Tờ trình', 'TTr'],
  ['Chỉ thị', 'CT'],
  ['Nghị quyết', 'NQ'],
  ['Quy chế', 'QC'],
  ['Quy định', 'QyĐ'],
  ['Hướng dẫn', 'HD'],
  ['Chương trình', 'CTr'],
  ['Phương án', 'PA'],
  ['Đề án', 'ĐA'],
  ['Biên bản', 'BB'],
  ['Công điện', 'CĐ'],
  ['Giấy mời', 'GM'],
  ['Giấy giới thiệu', 'GGT'],
];
const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'];
const CLASSIFICATIONS = ['none', 'confidential', 'secret', 'top_secret'];

/** Where an outgoing document opens from each list (the page keeps its menu entry). */
const SECTIONS = {
  drafts: { hash: '#/drafts', key: 'navDrafts' },
  review: { hash: '#/review', key: 'navReview' },
  seal: { hash: '#/seal', key: 'navSeal' },
  outbox: { hash: '#/outbox', key: 'navOutbox' },
};

// ---------------------------------------------------------------------------------------------
// Lists

function subjectLink(section, doc) {
  return h('a', { href: `${SECTIONS[section].hash}/${doc.id}` }, doc.subject);
}

/**
 * A list of one box of GET /api/outgoing with "more" paging; `columns` are [header, cell(doc)].
 */
function outgoingList(box, columns, { emptyKey = 'noDocuments', rowClass } = {}) {
  const el = h('div', {});
  let cursor = null;
  const rows = [];
  const more = h('button', { type: 'button', className: 'btn', hidden: true }, t('loadMore'));
  const tbody = () => rows;
  const render = () => {
    if (rows.length === 0) {
      replace(el, h('p', { className: 'empty' }, t(emptyKey)));
      return;
    }
    replace(
      el,
      dataTable(
        columns.map((c) => c[0]),
        tbody(),
      ),
      h('div', { className: 'pager' }, more),
    );
  };
  const load = async () => {
    const page = await api('GET', `/api/outgoing${query({ box, limit: 50, cursor })}`);
    for (const d of page.items) {
      rows.push(
        h(
          'tr',
          { className: rowClass?.(d) ?? '' },
          columns.map((c) => h('td', {}, c[1](d))),
        ),
      );
    }
    cursor = page.nextCursor;
    more.hidden = !cursor;
    render();
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      await load();
    } catch (err) {
      el.append(h('p', { className: 'alert', role: 'alert' }, errorText(err)));
    } finally {
      more.disabled = false;
    }
  });
  loadInto(el, load);
  return el;
}

const col = {
  number: ['numberCol', (d) => h('span', { className: 'code' }, d.numberAndNotation)],
  type: ['typeCol', (d) => d.documentType],
  urgency: ['urgencyCol', (d) => urgencyBadge(d.urgency) ?? t('urgency_normal')],
  status: ['statusCol', (d) => outgoingStatusBadge(d.status)],
  updated: ['updatedCol', (d) => dateTimeText(d.updatedAt)],
  drafter: ['drafterCol', (d) => d.drafter.fullName],
  issued: ['issuedOnCol', (d) => dateText(d.issuedOn)],
  medium: ['mediumCol', (d) => t(`medium_${d.medium}`)],
};
const cols = (section, ...names) =>
  names.map((n) =>
    n === 'subject'
      ? [t('subjectCol'), (d) => subjectLink(section, d)]
      : n === 'comment'
        ? [
            t('reviewCommentCol'),
            (d) =>
              d.status === 'returned' ? h('span', { className: 'comment' }, d.reviewComment ?? '') : '—',
          ]
        : [t(col[n][0]), col[n][1]],
  );

/** #/drafts — Dự thảo: my drafts and returned ones (with the leader's comment), and those under review. */
export function draftsPage(main) {
  replace(
    main,
    h('h1', {}, t('draftsTitle')),
    h('p', { className: 'lead' }, t('draftsLead')),
    takeFlash(),
    h(
      'div',
      { className: 'toolbar' },
      h('a', { href: '#/drafts/new', className: 'btn btn-primary' }, t('newDraft')),
    ),
    card(
      t('myDrafts'),
      outgoingList('drafts', cols('drafts', 'subject', 'type', 'number', 'status', 'comment', 'updated'), {
        emptyKey: 'noDrafts',
        rowClass: (d) => (d.status === 'returned' ? 'row-returned' : ''),
      }),
    ),
    card(
      t('mySubmitted'),
      outgoingList('submitted', cols('drafts', 'subject', 'type', 'number', 'urgency', 'updated')),
    ),
  );
}

/** #/review — Trình ký: documents of the unit waiting for the leader. */
export function reviewPage(main) {
  replace(
    main,
    h('h1', {}, t('reviewTitle')),
    h('p', { className: 'lead' }, t('reviewLead')),
    takeFlash(),
    card(
      t('toSign'),
      outgoingList('to_sign', cols('review', 'subject', 'type', 'number', 'drafter', 'urgency', 'updated'), {
        emptyKey: 'noToSign',
      }),
    ),
  );
}

/** #/seal — Vào số, đóng dấu: signed documents waiting for number and seal, sealed ones waiting to be sent. */
export function sealPage(main) {
  replace(
    main,
    h('h1', {}, t('sealTitle')),
    h('p', { className: 'lead' }, t('sealLead')),
    takeFlash(),
    h(
      'div',
      { className: 'toolbar' },
      h('a', { href: '#/seal/paper', className: 'btn' }, t('registerPaper')),
    ),
    card(
      t('toNumber'),
      outgoingList('to_number', cols('seal', 'subject', 'type', 'number', 'urgency', 'updated'), {
        emptyKey: 'noToNumber',
      }),
    ),
    card(
      t('toSend'),
      outgoingList('sealed', cols('seal', 'number', 'subject', 'type', 'urgency', 'updated'), {
        emptyKey: 'noToSend',
      }),
    ),
  );
}

/** #/outbox — Văn bản đi: issued documents of the unit; each opens with per-recipient tracking. */
export function outboxPage(main) {
  replace(
    main,
    h('h1', {}, t('outboxTitle')),
    h('p', { className: 'lead' }, t('outboxLead')),
    takeFlash(),
    card(
      t('issuedDocuments'),
      outgoingList(
        'issued',
        cols('outbox', 'number', 'issued', 'subject', 'type', 'urgency', 'status', 'medium'),
        {
          emptyKey: 'noIssued',
          rowClass: (d) => (d.urgency !== 'normal' ? 'row-urgent' : ''),
        },
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Metadata form (drafts and paper registration)

function metadataForm(me, { signers, withRecipients = true, withDueDate = true }) {
  const typeList = uid('types');
  const documentType = h('input', {
    list: typeList,
    required: true,
    autocomplete: 'off',
    name: 'documentType',
  });
  const notation = h('input', {
    required: true,
    autocomplete: 'off',
    name: 'notation',
    placeholder: t('notationPlaceholder'),
  });
  const subject = h('textarea', { required: true, rows: 3, name: 'subject' });
  const urgency = h(
    'select',
    { name: 'urgency' },
    URGENCIES.map((u) => h('option', { value: u }, t(`urgency_${u}`))),
  );
  const classification = h(
    'select',
    { name: 'classification' },
    CLASSIFICATIONS.map((c) => h('option', { value: c }, t(`classification_${c}`))),
  );
  const classifiedNote = h('p', { className: 'alert alert-warn', hidden: true }, t('classifiedNote'));
  classification.addEventListener('change', () => {
    classifiedNote.hidden = classification.value === 'none';
  });
  const dueDate = h('input', { type: 'date', name: 'dueDate' });
  const signer = h(
    'select',
    { name: 'signer' },
    h('option', { value: '' }, t('signerNone')),
    signers.map((s) => h('option', { value: s.id }, s.title ? `${s.fullName} — ${s.title}` : s.fullName)),
  );
  // The notation hint follows the type: "QĐ-…" for Quyết định (Decree 30 Appendix III).
  documentType.addEventListener('change', () => {
    const abbr = DOCUMENT_TYPES.find(([n]) => n === documentType.value.trim())?.[1];
    notation.placeholder = abbr ? `${abbr}-${t('notationUnitHint')}` : t('notationPlaceholder');
  });
  const picker = withRecipients ? recipientPicker(me) : null;
  const el = h(
    'div',
    { className: 'metadata-form' },
    h(
      'datalist',
      { id: typeList },
      DOCUMENT_TYPES.map(([n]) => h('option', { value: n })),
    ),
    h(
      'div',
      { className: 'form-grid' },
      field(t('fieldDocumentType'), documentType, { required: true, hint: t('documentTypeHint') }),
      field(t('fieldNotation'), notation, { required: true, hint: t('notationHint') }),
      field(t('fieldSubject'), subject, { required: true, className: 'span-2' }),
      field(t('fieldUrgency'), urgency),
      field(t('fieldClassification'), classification),
      withDueDate ? field(t('fieldDueDate'), dueDate, { hint: t('dueDateHint') }) : null,
      field(t('fieldSigner'), signer),
    ),
    classifiedNote,
    picker?.el,
  );
  return {
    el,
    values() {
      return {
        documentType: documentType.value.trim(),
        notation: notation.value.trim(),
        subject: subject.value.trim(),
        urgency: urgency.value,
        classification: classification.value,
        ...(withDueDate && dueDate.value ? { dueDate: dueDate.value } : {}),
        ...(signer.value ? { signerUserId: signer.value } : {}),
        recipients: picker ? picker.recipients() : [],
      };
    },
  };
}

async function signersOf() {
  try {
    return (await api('GET', '/api/signers')).items;
  } catch {
    return [];
  }
}

/** #/drafts/new — a new draft: the PDF, Appendix VI metadata, recipients, attachments; save or submit. */
export async function newDraftPage(main, me) {
  replace(main, h('p', { className: 'loading' }, t('loading')));
  const signers = await signersOf();
  const pdf = pdfPicker({ label: t('draftPdf'), required: true, name: 'draft' });
  const attachments = [];
  const attachmentList = h('ul', { className: 'attachment-edit' });
  const showAttachments = () =>
    replace(
      attachmentList,
      attachments.map((a) =>
        h(
          'li',
          {},
          field(t('attachmentName'), a.name, { className: 'grow' }),
          h('small', {}, a.file.name, ' · ', sizeText(a.file.size)),
          h(
            'button',
            {
              type: 'button',
              className: 'btn btn-small',
              'aria-label': t('removeAttachmentNamed', { name: a.file.name }),
              onclick: () => {
                attachments.splice(attachments.indexOf(a), 1);
                showAttachments();
              },
            },
            t('remove'),
          ),
        ),
      ),
    );
  const attachPicker = pdfPicker({
    label: t('attachmentsPdf'),
    multiple: true,
    name: 'attachments',
    onChange: (files) => {
      for (const file of files) {
        if (attachments.some((a) => a.file === file)) continue;
        attachments.push({
          file,
          name: h('input', { value: file.name.replace(/\.pdf$/i, ''), required: true }),
        });
      }
      attachPicker.reset();
      showAttachments();
    },
  });
  const meta = metadataForm(me, { signers });
  const fb = feedback();
  const upload = uploadCache(me);
  const save = h('button', { type: 'submit', className: 'btn', value: 'save' }, t('saveDraft'));
  const submit = h(
    'button',
    { type: 'submit', className: 'btn btn-primary', value: 'submit' },
    t('saveAndSubmit'),
  );

  const form = h(
    'form',
    {
      className: 'document-form',
      'aria-labelledby': 'new-draft-title',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        const andSubmit = e.submitter === submit;
        const main_ = pdf.files()[0];
        const v = meta.values();
        const missing = [];
        if (!main_) missing.push(t('draftPdf'));
        if (!v.documentType) missing.push(t('fieldDocumentType'));
        if (!v.notation) missing.push(t('fieldNotation'));
        if (!v.subject) missing.push(t('fieldSubject'));
        if (attachments.some((a) => !a.name.value.trim())) missing.push(t('attachmentName'));
        if (missing.length) {
          fb.error(t('missingFields', { fields: missing.join(', ') }));
          return;
        }
        const created = await fb.run([save, submit], t('uploading'), async () => {
          const fileId = await upload(main_);
          const atts = [];
          for (const a of attachments) atts.push({ fileId: await upload(a.file), name: a.name.value.trim() });
          fb.busy(t('savingDraft'));
          const doc = await api('POST', '/api/outgoing', {
            ...v,
            fileId,
            ...(atts.length ? { attachments: atts } : {}),
          });
          if (andSubmit) {
            fb.busy(t('submitting'));
            try {
              await api('POST', `/api/outgoing/${doc.id}/submit`, {});
            } catch (err) {
              // Saved but not submitted: open the draft, where submitting can be retried.
              setFlash(t('draftSavedNotSubmitted', { error: errorText(err) }));
              return doc;
            }
            setFlash(t('draftSubmitted'));
          } else setFlash(t('draftSaved'));
          return doc;
        });
        if (created) globalThis.location.hash = `#/drafts/${created.id}`;
      },
    },
    card(t('draftFile'), pdf.el),
    card(t('draftMetadata'), meta.el),
    card(t('attachments'), attachPicker.el, attachmentList),
    h('div', { className: 'form-actions' }, save, submit),
    fb.el,
  );
  replace(
    main,
    backLink('#/drafts', t('navDrafts'), t('newDraft')),
    h('h1', { id: 'new-draft-title' }, t('newDraft')),
    h('p', { className: 'lead' }, t('newDraftLead')),
    form,
  );
}

/** #/seal/paper — Đăng ký văn bản giấy: a paper document with its scan takes the next number. */
export async function paperPage(main, me) {
  replace(main, h('p', { className: 'loading' }, t('loading')));
  const signers = await signersOf();
  const scan = pdfPicker({ label: t('paperScan'), required: true, name: 'scan' });
  const meta = metadataForm(me, { signers });
  const perType = h('input', { type: 'checkbox', id: uid('pertype') });
  const fb = feedback();
  const upload = uploadCache(me);
  const submit = h('button', { type: 'submit', className: 'btn btn-primary' }, t('registerPaperButton'));
  const form = h(
    'form',
    {
      className: 'document-form',
      novalidate: true,
      'aria-labelledby': 'paper-title',
      onsubmit: async (e) => {
        e.preventDefault();
        const file = scan.files()[0];
        const v = meta.values();
        const missing = [];
        if (!file) missing.push(t('paperScan'));
        if (!v.documentType) missing.push(t('fieldDocumentType'));
        if (!v.notation) missing.push(t('fieldNotation'));
        if (!v.subject) missing.push(t('fieldSubject'));
        if (missing.length) {
          fb.error(t('missingFields', { fields: missing.join(', ') }));
          return;
        }
        const doc = await fb.run(submit, t('uploading'), async () => {
          const scanFileId = await upload(file);
          fb.busy(t('registeringPaper'));
          return api('POST', '/api/outgoing/paper', { ...v, scanFileId, perTypeRegister: perType.checked });
        });
        if (doc) {
          setFlash(t('paperRegistered', { number: doc.numberAndNotation }));
          globalThis.location.hash = `#/seal/${doc.id}`;
        }
      },
    },
    card(t('paperScanCard'), scan.el),
    card(t('draftMetadata'), meta.el),
    h(
      'div',
      { className: 'field' },
      h('label', { for: perType.id, className: 'checkbox' }, perType, ' ', t('perTypeRegister')),
    ),
    h('div', { className: 'form-actions' }, submit),
    fb.el,
  );
  replace(
    main,
    backLink('#/seal', t('navSeal'), t('registerPaper')),
    h('h1', { id: 'paper-title' }, t('registerPaper')),
    h('p', { className: 'lead' }, t('paperLead')),
    form,
  );
}

// ---------------------------------------------------------------------------------------------
// One document

export const draftPage = (main, me, params, id) => outgoingPage(main, me, id, 'drafts');
export const reviewDocPage = (main, me, params, id) => outgoingPage(main, me, id, 'review');
export const sealDocPage = (main, me, params, id) => outgoingPage(main, me, id, 'seal');
export const outboxDocPage = (main, me, params, id) => outgoingPage(main, me, id, 'outbox');

/** One outgoing document: metadata, files and versions, the caller's next actions, tracking once sent. */
async function outgoingPage(main, me, id, section) {
  const flash = takeFlash();
  replace(main, flash, h('p', { className: 'loading' }, t('loading')));
  let view;
  try {
    view = await api('GET', `/api/outgoing/${id}`);
  } catch (err) {
    replace(
      main,
      backLink(SECTIONS[section].hash, t(SECTIONS[section].key), t('documentDetails')),
      h('h1', {}, t('documentDetails')),
      h('p', { className: 'alert', role: 'alert' }, errorText(err)),
    );
    return;
  }
  const doc = view.document;
  const reload = () => outgoingPage(main, me, id, section);
  const actions = new Set(view.allowedActions);
  const recipients = await recipientNames(doc.recipients);
  // Who signed; a deputy who signed for the named leader is shown as such (ký thay).
  const signerName =
    doc.signedBy && doc.signer && doc.signedBy.id !== doc.signer.id
      ? t('signedOnBehalf', { name: doc.signedBy.fullName, named: doc.signer.fullName })
      : (doc.signedBy ?? doc.signer)?.fullName;
  const base = `/api/outgoing/${doc.id}`;

  const info = card(
    t('documentInfo'),
    doc.status === 'returned' && doc.reviewComment
      ? h(
          'div',
          { className: 'alert alert-warn review-comment', role: 'note' },
          h('strong', {}, t('leaderComment')),
          ' ',
          doc.reviewComment,
        )
      : null,
    props([
      [t('fieldDocumentType'), doc.documentType],
      [
        t('numberCol'),
        doc.number !== null
          ? h('span', { className: 'code doc-number' }, doc.numberAndNotation)
          : t('notNumberedYet', { notation: doc.notation }),
      ],
      [t('fieldSubject'), doc.subject],
      [t('fieldUrgency'), urgencyBadge(doc.urgency) ?? t('urgency_normal')],
      [t('fieldClassification'), classificationBadge(doc.classification) ?? t('classification_none')],
      [t('fieldDueDate'), doc.dueDate ? dateText(doc.dueDate) : null],
      [t('fieldDrafter'), `${doc.drafter.fullName} — ${doc.unitName}`],
      [
        t('replacesField'),
        doc.replacesId ? h('a', { href: `#/outbox/${doc.replacesId}` }, t('documentDetails')) : null,
      ],
      [t('fieldSigner'), signerName ?? null],
      [t('issuedOnCol'), doc.issuedOn ? dateText(doc.issuedOn) : null],
      [t('mediumCol'), t(`medium_${doc.medium}`)],
      [
        t('fieldRecipients'),
        recipients.names.length
          ? h(
              'ul',
              { className: 'plain' },
              recipients.names.map((n) => h('li', {}, n)),
              recipients.more > 0 ? h('li', {}, t('andMore', { count: recipients.more })) : null,
            )
          : t('noRecipients'),
      ],
    ]),
  );

  const files = card(
    t('documentFiles'),
    h(
      'p',
      {},
      h('strong', {}, t('currentPdf')),
      ' ',
      sizeText(doc.pdfSize),
      ' ',
      pdfLinks(`${base}/pdf`, doc.subject),
    ),
    // The leader reads what they sign, the clerk what they seal, without leaving the page.
    section === 'review' || section === 'seal' ? pdfPreview(`${base}/pdf`, doc.subject) : null,
    doc.attachments.length
      ? h(
          'ul',
          { className: 'plain attachments' },
          doc.attachments.map((a, i) =>
            h(
              'li',
              {},
              h('span', {}, a.name),
              ' ',
              h('small', {}, sizeText(a.size)),
              ' ',
              pdfLinks(`${base}/attachments/${i}/pdf`, a.name),
              actions.has('edit_attachments') ? removeAttachmentButton(me, doc, i, a, reload) : null,
            ),
          ),
        )
      : null,
    h(
      'details',
      { className: 'versions' },
      h('summary', {}, t('versionsCount', { count: view.versions.length })),
      dataTable(
        [t('versionCol'), t('stepCol'), t('timeCol'), t('sizeCol'), t('fileCol')],
        view.versions.map((v) =>
          h(
            'tr',
            {},
            h('td', {}, String(v.seq)),
            h('td', {}, t(`step_${v.step}`), v.note ? ` — ${v.note}` : ''),
            h('td', {}, dateTimeText(v.createdAt)),
            h('td', {}, sizeText(v.size)),
            h('td', {}, pdfLinks(`${base}/versions/${v.seq}/pdf`, `${t('versionCol')} ${v.seq}`)),
          ),
        ),
      ),
    ),
  );

  const panels = [];
  if (actions.has('submit')) panels.push(submitPanel(me, doc, reload));
  if (actions.has('edit_attachments')) panels.push(addAttachmentPanel(me, doc, reload));
  if (actions.has('sign')) panels.push(await signPanel(me, doc, reload));
  if (actions.has('return')) panels.push(returnPanel(doc));
  if (actions.has('number_and_seal')) panels.push(await sealPanel(me, doc, reload));
  if (actions.has('send')) panels.push(sendPanel(doc, recipients, reload));
  if (actions.has('update')) panels.push(updatePanel(me, doc, reload));
  if (actions.has('replace')) panels.push(replacePanel(me, doc));
  if (actions.has('recall')) panels.push(recallPanel(doc, reload));
  const tracked = ['issued', 'recalled', 'replaced'].includes(doc.status) && doc.medium === 'electronic';

  replace(
    main,
    backLink(
      SECTIONS[section].hash,
      t(SECTIONS[section].key),
      doc.number !== null ? doc.numberAndNotation : t('documentDetails'),
    ),
    h('h1', {}, doc.subject),
    h(
      'p',
      { className: 'lead badges' },
      outgoingStatusBadge(doc.status),
      ' ',
      urgencyBadge(doc.urgency),
      ' ',
      classificationBadge(doc.classification),
      ' ',
      h('span', { className: 'code' }, doc.numberAndNotation),
    ),
    flash,
    h(
      'div',
      { className: 'doc-layout' },
      h('div', { className: 'doc-main' }, info, files),
      panels.length ? h('div', { className: 'doc-actions' }, panels) : null,
    ),
    tracked ? trackingCard(doc) : null,
  );
}

function removeAttachmentButton(me, doc, index, a, reload) {
  const fb = feedback();
  const button = h(
    'button',
    {
      type: 'button',
      className: 'btn btn-small',
      'aria-label': t('removeAttachmentNamed', { name: a.name }),
      onclick: async () => {
        const r = await fb.run(button, t('working'), () =>
          api('DELETE', `/api/outgoing/${doc.id}/attachments/${index}`),
        );
        if (r) {
          setFlash(t('attachmentRemoved', { name: a.name }));
          reload();
        }
      },
    },
    t('remove'),
  );
  return h('span', { className: 'inline-action' }, button, fb.el);
}

function submitPanel(me, doc, reload) {
  const revised = pdfPicker({ label: t('revisedPdf'), hint: t('revisedPdfHint'), name: 'revised' });
  const fb = feedback();
  const upload = uploadCache(me);
  const button = h('button', { type: 'submit', className: 'btn btn-primary' }, t('submitForReview'));
  return card(
    doc.status === 'returned' ? t('resubmitTitle') : t('submitTitle'),
    h(
      'form',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          const file = revised.files()[0];
          const r = await fb.run(button, file ? t('uploading') : t('submitting'), async () => {
            const body = {};
            if (file) {
              body.revisedFileId = await upload(file);
              fb.busy(t('submitting'));
            }
            return api('POST', `/api/outgoing/${doc.id}/submit`, body);
          });
          if (r) {
            setFlash(t('draftSubmitted'));
            reload();
          }
        },
      },
      doc.status === 'returned' ? revised.el : null,
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

function addAttachmentPanel(me, doc, reload) {
  const fb = feedback();
  const upload = uploadCache(me);
  const picker = pdfPicker({ label: t('addAttachmentPdf'), name: 'attachment' });
  const name = h('input', { autocomplete: 'off' });
  const button = h('button', { type: 'submit', className: 'btn' }, t('addAttachment'));
  return card(
    t('attachments'),
    h(
      'form',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          const file = picker.files()[0];
          if (!file) {
            fb.error(t('missingFields', { fields: t('addAttachmentPdf') }));
            return;
          }
          const label = name.value.trim() || file.name.replace(/\.pdf$/i, '');
          const r = await fb.run(button, t('uploading'), async () =>
            api('POST', `/api/outgoing/${doc.id}/attachments`, { fileId: await upload(file), name: label }),
          );
          if (r) {
            setFlash(t('attachmentAdded', { name: label }));
            reload();
          }
        },
      },
      picker.el,
      field(t('attachmentName'), name, { hint: t('attachmentNameHint') }),
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

function returnPanel(doc) {
  const comment = h('textarea', { rows: 3, required: true, name: 'comment' });
  const fb = feedback();
  const button = h('button', { type: 'submit', className: 'btn' }, t('returnDraft'));
  return card(
    t('returnTitle'),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (!comment.value.trim()) {
            fb.error(t('missingFields', { fields: t('returnComment') }));
            comment.focus();
            return;
          }
          const r = await fb.run(button, t('working'), () =>
            api('POST', `/api/outgoing/${doc.id}/return`, { comment: comment.value.trim() }),
          );
          if (r) {
            setFlash(t('draftReturned'));
            globalThis.location.hash = '#/review';
          }
        },
      },
      field(t('returnComment'), comment, { required: true }),
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

function credentialLabel(c) {
  const cn = /CN=([^,]+)/.exec(c.subject)?.[1] ?? c.label;
  return `${c.label} — ${cn} (${t('validUntil', { date: dateText(c.notAfter) })})`;
}

async function credentialsFor(ownerKind) {
  const all = await api('GET', '/api/signing/my-credentials');
  return all.filter((c) => c.ownerKind === ownerKind && c.active);
}

/** A credential choice and PIN field; the PIN lives only in this password field and the request header. */
function credentialFields(creds) {
  const select = h(
    'select',
    { name: 'credential', required: true },
    creds.map((c) => h('option', { value: c.id }, credentialLabel(c))),
  );
  const pin = h('input', {
    type: 'password',
    name: 'pin',
    autocomplete: 'off',
    required: true,
    inputmode: 'text',
  });
  const devHint = h('p', { className: 'hint dev-hint' });
  const pinField = field(t('fieldPin'), pin, { required: true, hint: t('pinHint') });
  const update = () => {
    const c = creds.find((x) => x.id === select.value);
    devHint.textContent = c?.devPin ? t('devPinHint', { pin: c.devPin }) : '';
    devHint.hidden = !c?.devPin;
    pinField.hidden = c?.kind === 'external';
    if (c?.pinLockedUntil && new Date(c.pinLockedUntil) > new Date())
      devHint.textContent = t('pinLocked', { time: dateTimeText(c.pinLockedUntil) });
  };
  select.addEventListener('change', update);
  update();
  return {
    select,
    pin,
    selected: () => creds.find((x) => x.id === select.value),
    el: [field(t('fieldCredential'), select), pinField, devHint],
  };
}

const PIN_ERRORS = new Set(['SIGNING_PIN_INCORRECT', 'PKCS11_LOGIN_FAILED', 'SIGNING_PIN_MISSING']);

async function signPanel(me, doc, reload) {
  let creds;
  try {
    creds = await credentialsFor('user');
  } catch (err) {
    return card(t('signTitle'), h('p', { className: 'alert', role: 'alert' }, errorText(err)));
  }
  if (!creds.length)
    return card(t('signTitle'), h('p', { className: 'alert alert-warn' }, t('noPersonalCredential')));
  const c = credentialFields(creds);
  const fb = feedback();
  const button = h('button', { type: 'submit', className: 'btn btn-primary' }, t('signButton'));
  const twoStep = h('div', { className: 'two-step' });
  const form = h(
    'form',
    {
      novalidate: true,
      'aria-label': t('signTitle'),
      onsubmit: async (e) => {
        e.preventDefault();
        const cred = c.selected();
        if (cred?.kind === 'external') {
          await prepareTwoStep(me, doc, cred, fb, button, twoStep, reload);
          return;
        }
        if (!c.pin.value) {
          fb.error(t('missingFields', { fields: t('fieldPin') }));
          c.pin.focus();
          return;
        }
        const r = await fb.run(button, t('signing'), () =>
          request(me, 'POST', `/api/outgoing/${doc.id}/sign`, {
            json: { credentialId: cred.id },
            headers: pinHeader(c.pin.value),
          }),
        );
        if (r) {
          c.pin.value = '';
          setFlash(t('signedResult', { subject: r.subject }));
          reload();
        } else if (PIN_ERRORS.has(fb.lastCode())) {
          c.pin.select();
        } else c.pin.focus();
      },
    },
    h('p', { className: 'hint' }, t('signExplain')),
    c.el,
    h('div', { className: 'form-actions' }, button),
    fb.el,
    twoStep,
  );
  return card(t('signTitle'), form);
}

/** Two-step signing for a key on the leader's own device: prepare, sign elsewhere, paste, complete. */
async function prepareTwoStep(me, doc, cred, fb, button, box, reload) {
  const prepared = await fb.run(button, t('preparing'), () =>
    api('POST', `/api/outgoing/${doc.id}/sign/prepare`, { credentialId: cred.id }),
  );
  if (!prepared) return;
  fb.ok(t('preparedResult', { time: dateTimeText(prepared.expiresAt) }));
  const signature = h('textarea', { rows: 4, className: 'code', required: true });
  const chain = h('textarea', { rows: 3, className: 'code' });
  const fb2 = feedback();
  const complete = h('button', { type: 'submit', className: 'btn btn-primary' }, t('completeSigning'));
  replace(
    box,
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (!signature.value.trim()) {
            fb2.error(t('missingFields', { fields: t('signatureValue') }));
            return;
          }
          const r = await fb2.run(complete, t('signing'), () =>
            api('POST', `/api/outgoing/${doc.id}/sign/complete`, {
              sessionId: prepared.sessionId,
              signature: signature.value.replace(/\s+/g, ''),
              ...(chain.value.trim() ? { certificateChain: chain.value.trim() } : {}),
            }),
          );
          if (r) {
            setFlash(t('signedResult', { subject: r.subject }));
            reload();
          }
        },
      },
      field(
        t('toBeSigned'),
        h('textarea', { rows: 4, readonly: true, className: 'code' }, prepared.toBeSigned),
        {
          hint: t('toBeSignedHint', {
            algorithm: `${prepared.signatureAlgorithm.scheme}/${prepared.signatureAlgorithm.hash}`,
          }),
        },
      ),
      field(t('digestValue'), h('input', { readonly: true, className: 'code', value: prepared.digest }), {
        hint: prepared.digestAlgorithm,
      }),
      field(t('signatureValue'), signature, { required: true }),
      field(t('certificateChain'), chain),
      h('div', { className: 'form-actions' }, complete),
      fb2.el,
    ),
  );
}

async function sealPanel(me, doc, reload) {
  let creds;
  try {
    creds = await credentialsFor('unit');
  } catch (err) {
    return card(t('sealPanelTitle'), h('p', { className: 'alert', role: 'alert' }, errorText(err)));
  }
  if (!creds.length)
    return card(t('sealPanelTitle'), h('p', { className: 'alert alert-warn' }, t('noSealCredential')));
  const c = credentialFields(creds);
  const fb = feedback();
  const perType = h('input', { type: 'checkbox', id: uid('pertype') });
  const button = h('button', { type: 'submit', className: 'btn btn-primary' }, t('numberAndSealButton'));
  return card(
    t('sealPanelTitle'),
    h(
      'form',
      {
        novalidate: true,
        'aria-label': t('sealPanelTitle'),
        onsubmit: async (e) => {
          e.preventDefault();
          const cred = c.selected();
          if (!c.pin.value) {
            fb.error(t('missingFields', { fields: t('fieldPin') }));
            c.pin.focus();
            return;
          }
          const r = await fb.run(button, t('sealing'), () =>
            request(me, 'POST', `/api/outgoing/${doc.id}/number-and-seal`, {
              json: { credentialId: cred.id, ...(perType.checked ? { perTypeRegister: true } : {}) },
              headers: pinHeader(c.pin.value),
            }),
          );
          if (r) {
            c.pin.value = '';
            setFlash(t('sealedResult', { number: r.numberAndNotation, date: dateText(r.issuedOn) }));
            reload();
          } else if (PIN_ERRORS.has(fb.lastCode())) c.pin.select();
        },
      },
      h('p', { className: 'hint' }, t('sealExplain')),
      c.el,
      h(
        'div',
        { className: 'field' },
        h('label', { for: perType.id, className: 'checkbox' }, perType, ' ', t('perTypeRegister')),
      ),
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

function sendPanel(doc, recipients, reload) {
  const fb = feedback();
  const again = doc.status === 'issued';
  const button = h(
    'button',
    { type: 'button', className: again ? 'btn' : 'btn btn-primary' },
    again ? t('sendAgain') : t('sendButton'),
  );
  button.addEventListener('click', async () => {
    const r = await fb.run(button, t('sendingTo', { count: recipients.names.length + recipients.more }), () =>
      api('POST', `/api/outgoing/${doc.id}/send`),
    );
    if (r) {
      setFlash(
        t('sentResult', { delivered: r.delivered, already: r.alreadyDelivered }),
        r.external.length ? ` ${t('sentExternal', { count: r.external.length })}` : '',
      );
      reload();
    }
  });
  return card(
    again ? t('sendAgainTitle') : t('sendTitle'),
    h(
      'p',
      { className: 'hint' },
      again ? t('sendAgainExplain') : t('sendExplain', { count: recipients.names.length + recipients.more }),
    ),
    h('div', { className: 'form-actions' }, button),
    fb.el,
  );
}

function recallPanel(doc, reload) {
  const reason = h('textarea', { rows: 3, required: true, name: 'reason' });
  const fb = feedback();
  const button = h('button', { type: 'submit', className: 'btn btn-danger' }, t('recallButton'));
  return card(
    t('recallTitle'),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: async (e) => {
          e.preventDefault();
          if (!reason.value.trim()) {
            fb.error(t('missingFields', { fields: t('recallReason') }));
            reason.focus();
            return;
          }
          const r = await fb.run(button, t('recalling'), () =>
            api('POST', `/api/outgoing/${doc.id}/recall`, { reason: reason.value.trim() }),
          );
          if (r) {
            setFlash(t('recalledResult', { count: r.recipients }));
            reload();
          }
        },
      },
      h('p', { className: 'hint' }, t('recallExplain')),
      field(t('recallReason'), reason, { required: true }),
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

/**
 * Update of the issued document (edXML business type 2, clerk): the reason, the corrected subject and,
 * optionally, a corrected PDF (raw body of /update/pdf, the reason and subject in the query).
 */
function updatePanel(me, doc, reload) {
  const reason = h('textarea', { rows: 3, required: true, name: 'reason' });
  const subject = h('textarea', { rows: 3, name: 'subject' });
  subject.value = doc.subject;
  const pdf = pdfPicker({ label: t('updatePdf'), name: 'update-pdf' });
  const fb = feedback();
  const button = h('button', { type: 'submit', className: 'btn btn-primary' }, t('updateButton'));
  return card(
    t('updateTitle'),
    h(
      'form',
      {
        novalidate: true,
        'aria-label': t('updateTitle'),
        onsubmit: async (e) => {
          e.preventDefault();
          const missing = [];
          if (!reason.value.trim()) missing.push(t('updateReason'));
          if (!subject.value.trim()) missing.push(t('fieldSubject'));
          if (missing.length) {
            fb.error(t('missingFields', { fields: missing.join(', ') }));
            (reason.value.trim() ? subject : reason).focus();
            return;
          }
          const file = pdf.files()[0];
          const changedSubject = subject.value.trim() !== doc.subject ? subject.value.trim() : undefined;
          const r = await fb.run(button, t('updating'), () =>
            file
              ? request(
                  me,
                  'POST',
                  `/api/outgoing/${doc.id}/update/pdf${query({ reason: reason.value.trim(), subject: changedSubject })}`,
                  { body: file, contentType: 'application/pdf' },
                )
              : request(me, 'POST', `/api/outgoing/${doc.id}/update`, {
                  json: { reason: reason.value.trim(), subject: subject.value.trim() },
                }),
          );
          if (r) {
            setFlash(t('updatedResult', { revision: r.revision, count: r.recipients }));
            reload();
          }
        },
      },
      h('p', { className: 'hint' }, t('updateExplain')),
      field(t('updateReason'), reason, { required: true }),
      field(t('fieldSubject'), subject, { required: true }),
      pdf.el,
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

/**
 * Replacement (edXML business type 3, the unit's drafters): a new draft with the issued document's
 * metadata and recipients, the new PDF and the reason; it opens as a draft to submit for signature.
 */
function replacePanel(me, doc) {
  const reason = h('textarea', { rows: 3, required: true, name: 'replace-reason' });
  const subject = h('textarea', { rows: 3, name: 'replace-subject' });
  subject.value = doc.subject;
  const pdf = pdfPicker({ label: t('replacePdf'), required: true, name: 'replace-pdf' });
  const fb = feedback();
  const upload = uploadCache(me);
  const button = h('button', { type: 'submit', className: 'btn' }, t('replaceButton'));
  return card(
    t('replaceTitle'),
    h(
      'form',
      {
        novalidate: true,
        'aria-label': t('replaceTitle'),
        onsubmit: async (e) => {
          e.preventDefault();
          const file = pdf.files()[0];
          const missing = [];
          if (!reason.value.trim()) missing.push(t('replaceReason'));
          if (!subject.value.trim()) missing.push(t('fieldSubject'));
          if (!file) missing.push(t('replacePdf'));
          if (missing.length) {
            fb.error(t('missingFields', { fields: missing.join(', ') }));
            return;
          }
          const created = await fb.run(button, t('replacing'), async () => {
            // The same signer if they can still sign (an active leader of the unit).
            const signers = await signersOf();
            const signer = signers.some((x) => x.id === doc.signer?.id) ? doc.signer.id : undefined;
            return api('POST', '/api/outgoing', {
              documentType: doc.documentType,
              notation: doc.notation,
              subject: subject.value.trim(),
              urgency: doc.urgency,
              classification: doc.classification,
              ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
              ...(signer ? { signerUserId: signer } : {}),
              recipients: doc.recipients,
              fileId: await upload(file),
              replacesId: doc.id,
              replaceReason: reason.value.trim(),
            });
          });
          if (created) {
            setFlash(t('replaceDrafted', { number: doc.numberAndNotation }));
            globalThis.location.hash = `#/drafts/${created.id}`;
          }
        },
      },
      h('p', { className: 'hint' }, t('replaceExplain')),
      field(t('replaceReason'), reason, { required: true }),
      field(t('fieldSubject'), subject, { required: true }),
      pdf.el,
      h('div', { className: 'form-actions' }, button),
      fb.el,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Tracking (theo dõi nơi nhận)

const HANDLING = { early: 'handling_early', on_time: 'handling_on_time', late: 'handling_late' };

/** Per-recipient status with every event and its time; refreshed on demand. */
function trackingCard(doc) {
  const body = h('div', { className: 'tracking-body' });
  const stamp = h('span', { className: 'hint', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'button', className: 'btn' }, t('refresh'));
  const load = async () => {
    const tr = await api('GET', `/api/outgoing/${doc.id}/recipients`);
    stamp.textContent = t('refreshedAt', { time: new Date().toLocaleTimeString() });
    const codes = Object.keys(tr.summary.byStatus).sort();
    replace(
      body,
      h(
        'p',
        { className: 'summary-line' },
        t('recipientTotal', { count: tr.summary.total }),
        codes.map((code) => [
          ' ',
          h('span', { className: 'badge' }, `${code}: ${tr.summary.byStatus[code]}`),
        ]),
      ),
      tr.recipients.length
        ? dataTable(
            [
              t('recipientCol'),
              t('statusCol'),
              t('incomingNumberCol'),
              t('receivedAtCol'),
              t('historyCol'),
              t('deadlineCol'),
              t('handlingCol'),
            ],
            tr.recipients.map((r) =>
              h(
                'tr',
                { 'data-unit': r.unit.code },
                h(
                  'td',
                  {},
                  r.unit.name,
                  h('br'),
                  h('small', { className: 'code' }, r.unit.code),
                  r.addressedUnit && r.addressedUnit.id !== r.unit.id
                    ? h(
                        'small',
                        { className: 'routed' },
                        ' ',
                        t('routedFrom', { name: r.addressedUnit.name }),
                      )
                    : null,
                ),
                h(
                  'td',
                  {},
                  incomingStatusBadge(r.statusCode, r.status),
                  r.recallCode ? [h('br'), incomingStatusBadge(r.recallCode, r.recall)] : null,
                  r.refusalReason
                    ? h('p', { className: 'comment' }, t('refusalReason'), ': ', r.refusalReason)
                    : null,
                ),
                h('td', {}, r.incomingNumber !== null ? String(r.incomingNumber) : '—'),
                h('td', {}, dateTimeText(r.receivedAt)),
                h(
                  'td',
                  {},
                  h(
                    'ol',
                    { className: 'events' },
                    r.events.map((ev) =>
                      h(
                        'li',
                        { 'data-code': ev.code },
                        h('span', { className: 'code' }, ev.code),
                        ' ',
                        labelText(ev.label),
                        ' — ',
                        h('time', { datetime: ev.at }, dateTimeText(ev.at)),
                        ev.note ? h('span', { className: 'note' }, ` (${ev.note})`) : null,
                      ),
                    ),
                  ),
                ),
                h('td', {}, dateText(r.deadline)),
                h('td', {}, r.handlingResult ? t(HANDLING[r.handlingResult]) : '—'),
              ),
            ),
            { className: 'tracking' },
          )
        : h('p', { className: 'empty' }, t('noRecipientsYet')),
      tr.external.length
        ? dataTable(
            [t('externalCode'), t('externalName'), t('deliveryCol'), t('attemptsCol'), t('sentAtCol')],
            tr.external.map((x) =>
              h(
                'tr',
                {},
                h('td', { className: 'code' }, x.code),
                h('td', {}, x.name ?? '—'),
                h(
                  'td',
                  {},
                  t(`delivery_${x.delivery}`),
                  x.failure?.permanent
                    ? h(
                        'small',
                        { className: 'comment' },
                        ` ${t('deliveryRefused', { code: x.failure.peerCode ?? String(x.failure.peerStatus) })}`,
                        x.failure.peerMessage ? ` ${x.failure.peerMessage}` : '',
                      )
                    : x.lastError
                      ? h('small', { className: 'comment' }, ` ${x.lastError}`)
                      : null,
                ),
                h('td', {}, String(x.attempts)),
                h('td', {}, dateTimeText(x.deliveredAt)),
              ),
            ),
            { caption: t('externalRecipients') },
          )
        : null,
    );
  };
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    refresh.setAttribute('aria-busy', 'true');
    try {
      await load();
    } catch (err) {
      replace(body, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
    } finally {
      refresh.disabled = false;
      refresh.removeAttribute('aria-busy');
    }
  });
  const section = card(t('trackingTitle'), h('div', { className: 'toolbar' }, refresh, stamp), body);
  section.classList.add('tracking-card');
  loadInto(body, load);
  return section;
}
