// The pages of the shell. Each takes the main element and the session (`me`), and fills it.
import { api, query } from './api.mjs';
import { h, replace } from './dom.mjs';
import { formatDate, formatDateTime, formatNumber, language, t } from './i18n.mjs';
import { menuFor } from './menu.mjs';

const PAGE_SIZE = 20;

function roleNames(roles) {
  return roles.map((r) => t(`role_${r}`)).join(', ');
}

function validityBadge(unit) {
  return unit.validTo
    ? h('span', { className: 'badge badge-ended' }, t('endedOn', { date: formatDate(unit.validTo) }))
    : h('span', { className: 'badge badge-ok' }, t('active'));
}

function errorText(err) {
  if (!err?.code) return t('genericError');
  return language() === 'en' ? err.message : err.messageVi;
}

export function homePage(main, me) {
  const links = menuFor(me.user.roles).filter((m) => m.hash !== '#/');
  replace(
    main,
    h('h1', {}, t('homeTitle', { name: me.user.fullName })),
    h('p', { className: 'lead' }, t('homeLead', { unit: me.user.unit.name })),
    h(
      'div',
      { className: 'cards' },
      h(
        'section',
        { className: 'card', 'aria-labelledby': 'home-unit' },
        h('h2', { id: 'home-unit' }, t('yourUnit')),
        h('p', {}, me.user.unit.name),
        h('p', { className: 'code' }, me.user.unit.code),
      ),
      h(
        'section',
        { className: 'card', 'aria-labelledby': 'home-roles' },
        h('h2', { id: 'home-roles' }, t('yourRoles')),
        h('p', {}, roleNames(me.user.roles)),
      ),
      h(
        'section',
        { className: 'card', 'aria-labelledby': 'home-links' },
        h('h2', { id: 'home-links' }, t('quickLinks')),
        h(
          'ul',
          {},
          links.map((m) => h('li', {}, h('a', { href: m.hash }, t(m.key)))),
        ),
      ),
    ),
  );
}

export function accountPage(main, me) {
  const u = me.user;
  replace(
    main,
    h('h1', {}, t('accountTitle')),
    h(
      'section',
      { className: 'card' },
      h(
        'dl',
        { className: 'props' },
        h('dt', {}, t('username')),
        h('dd', { className: 'code' }, u.username),
        h('dt', {}, t('fullName')),
        h('dd', {}, u.fullName),
        h('dt', {}, t('jobTitle')),
        h('dd', {}, u.title ?? '—'),
        h('dt', {}, t('yourUnit')),
        h('dd', {}, h('a', { href: `#/units/${u.unit.id}` }, u.unit.name)),
        h('dt', {}, t('roles')),
        h('dd', {}, roleNames(u.roles)),
        h('dt', {}, t('signedInWith')),
        h('dd', {}, me.authMethod === 'bearer' ? t('authBearer') : t('authSession')),
      ),
    ),
  );
}

/**
 * Unit directory: search by name or code (diacritics optional), level filter, keyset paging. The
 * cursors of the pages before are kept in the address (`after=c1,c2`), so Back and reload work.
 */
export function unitsPage(main, _me, params) {
  const state = {
    q: params.get('q') ?? '',
    level: params.get('level') ?? '',
    ended: params.get('ended') === '1',
    after: (params.get('after') ?? '').split(',').filter(Boolean),
  };
  const qInput = h('input', {
    id: 'unit-q',
    type: 'search',
    name: 'q',
    value: state.q,
    placeholder: t('searchPlaceholder'),
    autocomplete: 'off',
  });
  const levelSelect = h(
    'select',
    { id: 'unit-level', name: 'level' },
    h('option', { value: '' }, t('levelAll')),
    h('option', { value: 'province' }, t('levelProvince')),
    h('option', { value: 'district' }, t('levelDistrict')),
    h('option', { value: 'commune' }, t('levelCommune')),
  );
  levelSelect.value = state.level;
  const endedBox = h('input', { id: 'unit-ended', type: 'checkbox', checked: state.ended });
  const results = h('div', { id: 'unit-results', 'aria-live': 'polite' });

  const go = (after) => {
    const target = `#/units${query({
      q: qInput.value.trim(),
      level: levelSelect.value,
      ended: endedBox.checked ? '1' : '',
      after: after.join(','),
    })}`;
    if (globalThis.location.hash === target) load();
    else globalThis.location.hash = target;
  };

  const form = h(
    'form',
    {
      className: 'toolbar',
      role: 'search',
      'aria-label': t('unitsTitle'),
      onsubmit: (e) => {
        e.preventDefault();
        go([]);
      },
    },
    h('div', { className: 'field grow' }, h('label', { for: 'unit-q' }, t('searchLabel')), qInput),
    h('div', { className: 'field' }, h('label', { for: 'unit-level' }, t('levelLabel')), levelSelect),
    h(
      'div',
      { className: 'field' },
      h('label', { for: 'unit-ended', className: 'checkbox' }, endedBox, ' ', t('includeEnded')),
    ),
    h('button', { type: 'submit', className: 'btn btn-primary' }, t('search')),
  );

  async function load() {
    replace(results, h('p', { className: 'loading' }, t('loading')));
    try {
      const page = await api(
        'GET',
        `/api/units${query({
          q: state.q,
          level: state.level,
          activeAt: state.ended ? undefined : 'today',
          limit: PAGE_SIZE,
          cursor: state.after.at(-1),
        })}`,
      );
      renderResults(page);
    } catch (err) {
      replace(results, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
    }
  }

  function renderResults(page) {
    if (page.items.length === 0 && state.after.length === 0) {
      replace(results, h('p', { className: 'empty' }, t('noResults')));
      return;
    }
    const pageNo = state.after.length + 1;
    replace(
      results,
      unitTable(page.items),
      h(
        'nav',
        { className: 'pager', 'aria-label': t('pageNo', { page: pageNo }) },
        h(
          'button',
          {
            className: 'btn',
            type: 'button',
            disabled: pageNo <= 1,
            onclick: () => go(state.after.slice(0, -1)),
          },
          t('previous'),
        ),
        h('span', {}, t('pageNo', { page: pageNo })),
        h(
          'button',
          {
            className: 'btn',
            type: 'button',
            disabled: !page.nextCursor,
            onclick: () => go([...state.after, page.nextCursor]),
          },
          t('next'),
        ),
      ),
    );
  }

  replace(main, h('h1', {}, t('unitsTitle')), h('p', { className: 'lead' }, t('unitsLead')), form, results);
  load();
}

function unitTable(units) {
  return h(
    'table',
    { className: 'data' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('colCode')),
        h('th', { scope: 'col' }, t('colName')),
        h('th', { scope: 'col' }, t('colLevel')),
        h('th', { scope: 'col' }, t('colStatus')),
      ),
    ),
    h(
      'tbody',
      {},
      units.map((u) =>
        h(
          'tr',
          {},
          h('td', { className: 'code' }, u.code),
          h('td', {}, h('a', { href: `#/units/${u.id}` }, u.name)),
          h('td', {}, t(`level_${u.level}`)),
          h('td', {}, validityBadge(u)),
        ),
      ),
    ),
  );
}

function historyLine(entry, names) {
  switch (entry.kind) {
    case 'renamed':
      return t('historyRenamed', { old: entry.oldName ?? '', new: entry.newName ?? '' });
    case 'reparented':
      return t('historyReparented');
    case 'merged':
      return `${t('historyMerged')}${entry.successorId && names[entry.successorId] ? `: ${names[entry.successorId]}` : ''}`;
    case 'absorbed':
      return t('historyAbsorbed');
    case 'dissolved':
      return t('historyDissolved');
    default:
      return t('historyCreated');
  }
}

/** One unit: breadcrumb to the root, details, subordinate units (tree navigation), history. */
export async function unitPage(main, _me, _params, id) {
  replace(main, h('p', { className: 'loading' }, t('loading')));
  try {
    const [unit, children] = await Promise.all([
      api('GET', `/api/units/${encodeURIComponent(id)}`),
      api('GET', `/api/units${query({ parent: id, limit: 500 })}`),
    ]);
    const ancestors = [];
    for (let parentId = unit.parentId; parentId && ancestors.length < 10;) {
      const parent = await api('GET', `/api/units/${parentId}`);
      ancestors.unshift(parent);
      parentId = parent.parentId;
    }
    if (unit.successorId) unit.successor = await api('GET', `/api/units/${unit.successorId}`);
    // What the unit record itself tells; renames join when the directory exposes its history rows.
    unit.history = [{ kind: 'created', effectiveOn: unit.validFrom }];
    if (unit.validTo) {
      unit.history.push({
        kind: unit.successorId ? 'merged' : 'dissolved',
        effectiveOn: unit.validTo,
        successorId: unit.successorId,
      });
    }
    const names = Object.fromEntries([...ancestors, ...children.items].map((u) => [u.id, u.name]));
    if (unit.successor) names[unit.successor.id] = unit.successor.name;
    replace(
      main,
      h(
        'nav',
        { className: 'breadcrumb', 'aria-label': t('directoryRoot') },
        h(
          'ol',
          {},
          h('li', {}, h('a', { href: '#/units' }, t('directoryRoot'))),
          ancestors.map((a) => h('li', {}, h('a', { href: `#/units/${a.id}` }, a.name))),
          h('li', { 'aria-current': 'page' }, unit.name),
        ),
      ),
      h('h1', {}, unit.name),
      h('p', { className: 'lead code' }, unit.code),
      h(
        'section',
        { className: 'card', 'aria-labelledby': 'unit-details' },
        h('h2', { id: 'unit-details' }, t('unitDetails')),
        h(
          'dl',
          { className: 'props' },
          h('dt', {}, t('colCode')),
          h('dd', { className: 'code' }, unit.code),
          h('dt', {}, t('shortName')),
          h('dd', {}, unit.shortName ?? '—'),
          h('dt', {}, t('colLevel')),
          h('dd', {}, t(`level_${unit.level}`)),
          h('dt', {}, t('parentUnit')),
          h(
            'dd',
            {},
            ancestors.length
              ? h('a', { href: `#/units/${ancestors.at(-1).id}` }, ancestors.at(-1).name)
              : '—',
          ),
          h('dt', {}, t('validFrom')),
          h('dd', {}, formatDate(unit.validFrom)),
          h('dt', {}, t('colStatus')),
          h('dd', {}, validityBadge(unit)),
          unit.successor
            ? [
                h('dt', {}, t('successor')),
                h('dd', {}, h('a', { href: `#/units/${unit.successor.id}` }, unit.successor.name)),
              ]
            : null,
        ),
      ),
      h(
        'section',
        { className: 'card', 'aria-labelledby': 'unit-children' },
        h('h2', { id: 'unit-children' }, t('childUnits')),
        children.items.length ? unitTable(children.items) : h('p', { className: 'empty' }, t('noChildren')),
      ),
      h(
        'section',
        { className: 'card', 'aria-labelledby': 'unit-history' },
        h('h2', { id: 'unit-history' }, t('history')),
        unit.history?.length
          ? h(
              'ol',
              { className: 'timeline' },
              unit.history.map((e) =>
                h('li', {}, h('strong', {}, formatDate(e.effectiveOn)), ' — ', historyLine(e, names)),
              ),
            )
          : h('p', { className: 'empty' }, t('noHistory')),
      ),
    );
  } catch (err) {
    replace(
      main,
      h('h1', {}, t('unitDetails')),
      h('p', { className: 'alert', role: 'alert' }, errorText(err)),
    );
  }
}

export async function usersPage(main, _me, params) {
  const unit = params.get('unit') ?? undefined;
  replace(
    main,
    h('h1', {}, t('usersTitle')),
    h('p', { className: 'lead' }, t('usersLead')),
    h('p', { className: 'loading' }, t('loading')),
  );
  try {
    const page = await api('GET', `/api/users${query({ unit, limit: 200 })}`);
    const table = page.items.length
      ? h(
          'table',
          { className: 'data' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [t('colUsername'), t('colFullName'), t('colTitle'), t('colRoles'), t('colState')].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            page.items.map((u) =>
              h(
                'tr',
                {},
                h('td', { className: 'code' }, u.username),
                h('td', {}, u.fullName),
                h('td', {}, u.title ?? '—'),
                h('td', {}, roleNames(u.roles)),
                h(
                  'td',
                  {},
                  h(
                    'span',
                    { className: u.active ? 'badge badge-ok' : 'badge badge-ended' },
                    u.active ? t('accountActive') : t('accountDisabled'),
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { className: 'empty' }, t('noUsers'));
    replace(main, h('h1', {}, t('usersTitle')), h('p', { className: 'lead' }, t('usersLead')), table);
  } catch (err) {
    replace(
      main,
      h('h1', {}, t('usersTitle')),
      h('p', { className: 'alert', role: 'alert' }, errorText(err)),
    );
  }
}

export async function auditPage(main, me) {
  const status = h('p', { className: 'alert', role: 'status' });
  const verify = me.user.roles.includes('admin')
    ? h(
        'button',
        {
          type: 'button',
          className: 'btn',
          onclick: async () => {
            try {
              const v = await api('POST', '/api/admin/audit/verify');
              status.className = v.ok ? 'alert alert-ok' : 'alert';
              status.textContent = v.ok
                ? t('chainOk', { count: formatNumber(v.count) })
                : t('chainBroken', { seq: v.firstBrokenSeq, reason: v.reason });
            } catch (err) {
              status.className = 'alert';
              status.textContent = errorText(err);
            }
          },
        },
        t('verifyChain'),
      )
    : null;
  const body = h('div', {}, h('p', { className: 'loading' }, t('loading')));
  replace(
    main,
    h('h1', {}, t('auditTitle')),
    h('p', { className: 'lead' }, t('auditLead')),
    verify ? h('div', { className: 'toolbar' }, verify) : null,
    status,
    body,
  );
  try {
    const page = await api('GET', `/api/audit/events${query({ limit: 50 })}`);
    replace(
      body,
      page.items.length
        ? h(
            'table',
            { className: 'data' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['#', t('colTime'), t('colEvent'), t('colActor'), t('colIp')].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              page.items.map((e) =>
                h(
                  'tr',
                  {},
                  h('td', {}, String(e.seq)),
                  h('td', {}, formatDateTime(e.occurredAt)),
                  h('td', { className: 'code' }, e.type),
                  h('td', {}, e.actorUsername ?? '—'),
                  h('td', { className: 'code' }, e.ip ?? '—'),
                ),
              ),
            ),
          )
        : h('p', { className: 'empty' }, t('noEvents')),
    );
  } catch (err) {
    replace(body, h('p', { className: 'alert', role: 'alert' }, errorText(err)));
  }
}
