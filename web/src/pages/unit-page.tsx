// One unit: breadcrumb to the root of the directory, details, subordinate units, organisational history
// (what the unit record tells: established, then merged or dissolved).
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { Unit } from '../api/types';
import { AsyncView } from '../components/async-view';
import { DataTable } from '../components/data-table';
import { useApi } from '../components/use-api';
import { formatDate } from '../format/format';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { LEVEL_LABELS } from '../labels/labels';
import { useMe } from '../session/session';
import type { PageProps } from './page-props';
import { UnitAdmin } from './unit-admin';
import { UNITS_STRINGS, useUnitColumns, ValidityBadge } from './units-page';

export const UNIT_STRINGS = defineStrings({
  vi: {
    directoryRoot: 'Danh bạ',
    unitDetails: 'Thông tin đơn vị',
    shortName: 'Tên viết tắt',
    parentUnit: 'Đơn vị cấp trên',
    validFrom: 'Hiệu lực từ',
    successor: 'Đơn vị kế thừa',
    childUnits: 'Đơn vị trực thuộc',
    noChildren: 'Không có đơn vị trực thuộc.',
    history: 'Lịch sử tổ chức',
    historyCreated: 'Thành lập',
    historyMerged: 'Sáp nhập vào đơn vị khác',
    historyDissolved: 'Giải thể',
  },
  en: {
    directoryRoot: 'Directory',
    unitDetails: 'Unit details',
    shortName: 'Short name',
    parentUnit: 'Parent unit',
    validFrom: 'Valid from',
    successor: 'Successor',
    childUnits: 'Subordinate units',
    noChildren: 'No subordinate units.',
    history: 'Organisational history',
    historyCreated: 'Established',
    historyMerged: 'Merged into another unit',
    historyDissolved: 'Dissolved',
  },
});

interface UnitView {
  readonly unit: Unit;
  readonly ancestors: Unit[];
  readonly successor: Unit | undefined;
  readonly children: Unit[];
}

async function loadUnit(id: string): Promise<UnitView> {
  const getUnit = (unitId: string) => ok(api.GET('/api/units/{id}', { params: { path: { id: unitId } } }));
  const [unit, children] = await Promise.all([
    getUnit(id),
    ok(api.GET('/api/units', { params: { query: { parent: id, limit: 500 } } })),
  ]);
  const ancestors: Unit[] = [];
  for (let parentId = unit.parentId; parentId && ancestors.length < 10;) {
    const parent = await getUnit(parentId);
    ancestors.unshift(parent);
    parentId = parent.parentId;
  }
  const successor = unit.successorId ? await getUnit(unit.successorId) : undefined;
  return { unit, ancestors, successor, children: children.items };
}

export function UnitPage({ id }: PageProps) {
  const t = useStrings(UNIT_STRINGS);
  const units = useStrings(UNITS_STRINGS);
  const { lang } = useLanguage();
  const columns = useUnitColumns();
  const view = useApi(() => loadUnit(id ?? ''), [id]);
  const isAdmin = useMe().user.roles.includes('admin');
  const [notice, setNotice] = useState<string | undefined>();
  return (
    <AsyncView state={view} onRetry={view.reload}>
      {({ unit, ancestors, successor, children }) => {
        const parent = ancestors.at(-1);
        return (
          <>
            <nav className="breadcrumb" aria-label={t('directoryRoot')}>
              <ol>
                <li>
                  <a href="#/units">{t('directoryRoot')}</a>
                </li>
                {ancestors.map((a) => (
                  <li key={a.id}>
                    <a href={`#/units/${a.id}`}>{a.name}</a>
                  </li>
                ))}
                <li aria-current="page">{unit.name}</li>
              </ol>
            </nav>
            <h1>{unit.name}</h1>
            <p className="lead code">{unit.code}</p>
            {notice ? (
              <p className="status-line done" role="status">
                {notice}
              </p>
            ) : null}
            <section className="card" aria-labelledby="unit-details">
              <h2 id="unit-details">{t('unitDetails')}</h2>
              <dl className="props">
                <dt>{units('colCode')}</dt>
                <dd className="code">{unit.code}</dd>
                <dt>{t('shortName')}</dt>
                <dd>{unit.shortName ?? '—'}</dd>
                <dt>{units('colLevel')}</dt>
                <dd>{LEVEL_LABELS[unit.level][lang]}</dd>
                <dt>{t('parentUnit')}</dt>
                <dd>{parent ? <a href={`#/units/${parent.id}`}>{parent.name}</a> : '—'}</dd>
                <dt>{t('validFrom')}</dt>
                <dd>{formatDate(unit.validFrom)}</dd>
                <dt>{units('colStatus')}</dt>
                <dd>
                  <ValidityBadge unit={unit} />
                </dd>
                {successor ? (
                  <>
                    <dt>{t('successor')}</dt>
                    <dd>
                      <a href={`#/units/${successor.id}`}>{successor.name}</a>
                    </dd>
                  </>
                ) : null}
              </dl>
            </section>
            <section className="card" aria-labelledby="unit-children">
              <h2 id="unit-children">{t('childUnits')}</h2>
              <DataTable
                caption={t('childUnits')}
                columns={columns}
                rows={children}
                rowKey={(u) => u.id}
                empty={t('noChildren')}
                pageSize={50}
              />
            </section>
            <section className="card" aria-labelledby="unit-history">
              <h2 id="unit-history">{t('history')}</h2>
              <ol className="timeline">
                <li>
                  <strong>{formatDate(unit.validFrom)}</strong> — {t('historyCreated')}
                </li>
                {unit.validTo ? (
                  <li>
                    <strong>{formatDate(unit.validTo)}</strong> —{' '}
                    {unit.successorId
                      ? `${t('historyMerged')}${successor ? `: ${successor.name}` : ''}`
                      : t('historyDissolved')}
                  </li>
                ) : null}
              </ol>
            </section>
            {isAdmin ? (
              <UnitAdmin
                key={unit.id}
                unit={unit}
                onChanged={(n) => {
                  setNotice(n);
                  view.reload();
                }}
              />
            ) : null}
          </>
        );
      }}
    </AsyncView>
  );
}
