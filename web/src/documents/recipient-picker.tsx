// Nơi nhận: units found in the directory (search with or without diacritics: "thanh loi" finds "Thạnh
// Lợi"; a level filter; the sender itself is never offered), groups of units ("Tất cả UBND xã"), and
// organisations outside this system by QCVN 102:2016 identifier code. Controlled: the page holds the
// chosen recipients (spec + label) and gets every change. Each button names its unit ("Thêm nơi nhận:
// Ủy ban nhân dân xã Thạnh Lợi"). Used by the draft and paper pages; ported from recipientPicker() of
// the old shell's document-widgets.mjs.
import { useEffect, useRef, useState } from 'react';
import { api, ok } from '../api/client';
import type { QueryOf, ResponseOf, UnitLevel } from '../api/types';
import { Field } from '../components/form';
import { useErrorText } from '../components/notice';
import { useApi } from '../components/use-api';
import { useLanguage, useStrings } from '../i18n/i18n';
import { LEVEL_LABELS } from '../labels/labels';
import { useMe } from '../session/session';
import { SHELL_STRINGS } from '../shell-strings';
import { DOCUMENT_STRINGS } from './document-strings';
import type { RecipientSpec } from './outgoing-document';

export interface ChosenRecipient {
  readonly spec: RecipientSpec;
  /** What the person reads: the unit's name, the group with its size, the organisation and code. */
  readonly label: string;
}

type UnitItem = ResponseOf<'/api/units', 'get'>['items'][number];
type Level = NonNullable<QueryOf<'/api/units', 'get'>['level']>;

/** QCVN 102:2016 identifier code of an organisation, e.g. 000.00.00.G01. */
export const EXTERNAL_CODE = /^\d{3}\.\d{2}\.\d{2}\.[GH]\d{2}$/;

const keyOf = (spec: RecipientSpec) =>
  `${spec.kind}:${spec.kind === 'unit' ? spec.unitId : spec.kind === 'group' ? spec.groupId : spec.code}`;

/** The specs POST /api/outgoing takes. */
export const recipientSpecs = (chosen: readonly ChosenRecipient[]): RecipientSpec[] =>
  chosen.map((c) => c.spec);

const LEVELS: readonly UnitLevel[] = ['province', 'district', 'commune'];

export function RecipientPicker({
  value,
  onChange,
  error,
}: {
  value: readonly ChosenRecipient[];
  onChange: (chosen: ChosenRecipient[]) => void;
  error?: string;
}) {
  const t = useStrings(DOCUMENT_STRINGS);
  const { lang } = useLanguage();
  const me = useMe();
  const shell = useStrings(SHELL_STRINGS);
  const errorText = useErrorText();
  const has = (spec: RecipientSpec) => value.some((c) => keyOf(c.spec) === keyOf(spec));
  const add = (spec: RecipientSpec, label: string) => {
    if (!has(spec)) onChange([...value, { spec, label }]);
  };
  const remove = (spec: RecipientSpec) => onChange(value.filter((c) => keyOf(c.spec) !== keyOf(spec)));

  // Directory search: typed (debounced), Enter at once, or a level chosen.
  const [q, setQ] = useState('');
  const [level, setLevel] = useState<Level | ''>('');
  const [search, setSearch] = useState<{ q: string; level: Level | '' }>({ q: '', level: '' });
  const debounce = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(debounce.current), []);
  const searchSoon = (next: string) => {
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => setSearch({ q: next.trim(), level }), 250);
  };
  const units = useApi<UnitItem[] | null>(async () => {
    if (!search.q && !search.level) return null;
    const page = await ok(
      api.GET('/api/units', {
        params: {
          query: {
            ...(search.q ? { q: search.q } : {}),
            ...(search.level ? { level: search.level } : {}),
            activeAt: 'today',
            limit: 15,
          },
        },
      }),
    );
    // The sender never sends to itself (sendDocument skips it): not offered.
    return page.items.filter((u) => u.id !== me.user.unit.id);
  }, [search.q, search.level, me.user.unit.id]);
  const groups = useApi(() => ok(api.GET('/api/unit-groups')), []);

  // External organisations by code.
  const [extCode, setExtCode] = useState('');
  const [extName, setExtName] = useState('');
  const [extProblem, setExtProblem] = useState<string>();
  const extCodeRef = useRef<HTMLInputElement>(null);
  const addExternal = () => {
    const code = extCode.trim();
    if (!EXTERNAL_CODE.test(code)) {
      setExtProblem(t('externalCodeInvalid'));
      extCodeRef.current?.focus();
      return;
    }
    setExtProblem(undefined);
    const name = extName.trim();
    add({ kind: 'external', code, ...(name ? { name } : {}) }, name ? `${name} (${code})` : code);
    setExtCode('');
    setExtName('');
  };

  const pickButton = (spec: RecipientSpec, name: string, label: string) => {
    const taken = has(spec);
    return (
      <button
        type="button"
        className="btn btn-small"
        disabled={taken}
        aria-label={t(taken ? 'recipientChosen' : 'addRecipientNamed', { name })}
        onClick={() => add(spec, label)}
      >
        {taken ? t('chosen') : t('add')}
      </button>
    );
  };

  return (
    <fieldset className="recipient-picker">
      <legend>{t('fieldRecipients')}</legend>
      <div className="chosen">
        <h3 className="sub">{t('chosenRecipients')}</h3>
        {value.length === 0 ? <p className="empty">{t('noRecipients')}</p> : null}
        <ul className="chips" aria-live="polite">
          {value.map((c) => (
            <li key={keyOf(c.spec)} className="chip">
              <span>{c.label}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={t('removeRecipient', { name: c.label })}
                onClick={() => remove(c.spec)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="picker-grid">
        <div>
          <h3 className="sub">{t('fromDirectory')}</h3>
          <div className="toolbar">
            <Field label={t('recipientSearch')} className="grow">
              {(a11y) => (
                <input
                  {...a11y}
                  type="search"
                  autoComplete="off"
                  placeholder={t('recipientSearchPlaceholder')}
                  value={q}
                  onChange={(e) => {
                    setQ(e.target.value);
                    searchSoon(e.target.value);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      clearTimeout(debounce.current);
                      setSearch({ q: q.trim(), level });
                    }
                  }}
                />
              )}
            </Field>
            <Field label={t('levelLabel')}>
              {(a11y) => (
                <select
                  {...a11y}
                  value={level}
                  onChange={(e) => {
                    const next = e.target.value as Level | '';
                    setLevel(next);
                    clearTimeout(debounce.current);
                    setSearch({ q: q.trim(), level: next });
                  }}
                >
                  <option value="">{t('levelAll')}</option>
                  {LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {LEVEL_LABELS[l][lang]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <ul className="pick-list" aria-label={t('recipientResults')}>
            {units.status === 'failed' ? (
              <li className="alert" role="alert">
                {errorText(units.error)}
              </li>
            ) : units.status === 'ready' && units.data?.length === 0 ? (
              <li className="empty">{t('noResults')}</li>
            ) : units.status === 'ready' && units.data ? (
              units.data.map((u) => (
                <li key={u.id}>
                  <span className="pick-name">
                    {u.name} <small className="code">{u.code}</small>
                  </span>
                  {pickButton({ kind: 'unit', unitId: u.id }, u.name, u.name)}
                </li>
              ))
            ) : null}
          </ul>
        </div>
        <div>
          <h3 className="sub">{t('unitGroups')}</h3>
          <ul className="pick-list" aria-label={t('unitGroups')}>
            {groups.status === 'loading' ? (
              <li className="loading-inline">{shell('loading')}</li>
            ) : groups.status === 'failed' ? (
              <li className="alert" role="alert">
                {errorText(groups.error)}
              </li>
            ) : groups.data.items.length === 0 ? (
              <li className="empty">{t('noGroups')}</li>
            ) : (
              groups.data.items.map((g) => {
                const size = t('unitCount', { count: g.memberCount });
                return (
                  <li key={g.id}>
                    <span className="pick-name">
                      {g.name}{' '}
                      <small>
                        {size} · {g.ownerUnitName}
                      </small>
                    </span>
                    {pickButton({ kind: 'group', groupId: g.id }, g.name, `${g.name} (${size})`)}
                  </li>
                );
              })
            )}
          </ul>
        </div>
      </div>
      <details className="external">
        <summary>{t('externalRecipients')}</summary>
        <div className="toolbar">
          <Field label={t('externalCode')} error={extProblem}>
            {(a11y) => (
              <input
                {...a11y}
                ref={extCodeRef}
                className="code"
                autoComplete="off"
                placeholder="000.00.00.G01"
                value={extCode}
                onChange={(e) => setExtCode(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('externalName')} className="grow">
            {(a11y) => (
              <input
                {...a11y}
                autoComplete="off"
                value={extName}
                onChange={(e) => setExtName(e.target.value)}
              />
            )}
          </Field>
          <button type="button" className="btn" onClick={addExternal}>
            {t('addExternal')}
          </button>
        </div>
      </details>
    </fieldset>
  );
}
