// The unit page's administration (issue 14 item 13), shown to admins: add a subordinate unit, rename,
// merge into another unit or dissolve with a successor (the 2025 reorganisation), and the unit's
// recipient groups. The server decides the scope (an admin acts on their unit and the units below it;
// province-wide changes only by the province's admin): its refusal shows in the form.
import { useState } from 'react';
import { api, ok } from '../api/client';
import type { Unit, UnitLevel } from '../api/types';
import { AsyncView } from '../components/async-view';
import { DataTable } from '../components/data-table';
import {
  ActionFeedback,
  CheckboxField,
  SelectField,
  TextField,
  useAction,
  useFormErrors,
} from '../components/form';
import { useApi } from '../components/use-api';
import { defineStrings, useLanguage, useStrings } from '../i18n/i18n';
import { LEVEL_LABELS } from '../labels/labels';
import { navigate } from '../router/hash-router';

export const UNIT_ADMIN_STRINGS = defineStrings({
  vi: {
    adminTitle: 'Quản trị đơn vị',
    effectiveOn: 'Ngày hiệu lực',
    createTitle: 'Thêm đơn vị trực thuộc',
    code: 'Mã định danh',
    name: 'Tên đơn vị',
    shortName: 'Tên viết tắt',
    level: 'Cấp',
    create: 'Thêm đơn vị',
    creating: 'Đang thêm đơn vị…',
    renameTitle: 'Đổi tên đơn vị',
    newName: 'Tên mới',
    rename: 'Đổi tên',
    renaming: 'Đang đổi tên…',
    renamed: 'Đã đổi tên đơn vị.',
    reorgTitle: 'Sáp nhập, giải thể',
    reorgLead:
      'Sáp nhập: đơn vị này nhập vào đơn vị nhận. Giải thể: đơn vị kế thừa nhận các đơn vị trực thuộc, tài khoản và công việc đang xử lý.',
    reorgKind: 'Hình thức',
    kindMerge: 'Sáp nhập vào đơn vị khác',
    kindDissolve: 'Giải thể, có đơn vị kế thừa',
    targetCode: 'Mã định danh của đơn vị nhận / kế thừa',
    targetNotFound: 'Không có đơn vị với mã định danh này.',
    confirmReorg: 'Tôi xác nhận thay đổi này không hoàn tác được',
    reorg: 'Thực hiện',
    reorganising: 'Đang thực hiện…',
    reorgDone: 'Đã thực hiện; {accounts} tài khoản chuyển sang {target}.',
    groupsTitle: 'Nhóm nơi nhận',
    groupName: 'Tên nhóm',
    groupMembers: 'Số đơn vị',
    groupCodes: 'Mã định danh các đơn vị (cách nhau bởi dấu phẩy hoặc xuống dòng)',
    groupAllCommunes: 'Cùng mọi đơn vị cấp xã trực thuộc trực tiếp đơn vị này',
    groupCreate: 'Tạo nhóm',
    groupCreating: 'Đang tạo nhóm…',
    groupCreated: 'Đã tạo nhóm {name}.',
    groupDelete: 'Xóa nhóm {name}',
    groupDeleted: 'Đã xóa nhóm.',
    noGroups: 'Đơn vị chưa có nhóm nơi nhận.',
    unknownCodes: 'Không tìm thấy đơn vị: {codes}',
  },
  en: {
    adminTitle: 'Unit administration',
    effectiveOn: 'Effective on',
    createTitle: 'Add a subordinate unit',
    code: 'Identifier code',
    name: 'Unit name',
    shortName: 'Short name',
    level: 'Level',
    create: 'Add unit',
    creating: 'Adding the unit…',
    renameTitle: 'Rename the unit',
    newName: 'New name',
    rename: 'Rename',
    renaming: 'Renaming…',
    renamed: 'The unit was renamed.',
    reorgTitle: 'Merge, dissolve',
    reorgLead:
      'Merge: this unit joins the receiving unit. Dissolve: the successor takes the subordinate units, accounts and pending work.',
    reorgKind: 'Kind',
    kindMerge: 'Merge into another unit',
    kindDissolve: 'Dissolve with a successor',
    targetCode: 'Identifier code of the receiving unit / successor',
    targetNotFound: 'No unit has this identifier code.',
    confirmReorg: 'I confirm this change cannot be undone',
    reorg: 'Carry out',
    reorganising: 'Carrying out…',
    reorgDone: 'Done; {accounts} accounts moved to {target}.',
    groupsTitle: 'Recipient groups',
    groupName: 'Group name',
    groupMembers: 'Units',
    groupCodes: 'Identifier codes of the units (separated by commas or new lines)',
    groupAllCommunes: 'And every commune-level unit directly under this unit',
    groupCreate: 'Create group',
    groupCreating: 'Creating the group…',
    groupCreated: 'Group {name} created.',
    groupDelete: 'Delete group {name}',
    groupDeleted: 'Group deleted.',
    noGroups: 'The unit has no recipient group.',
    unknownCodes: 'Unit not found: {codes}',
  },
});

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

const CHILD_LEVEL: Record<UnitLevel, UnitLevel[]> = {
  province: ['province', 'district', 'commune'],
  district: ['district', 'commune'],
  commune: ['commune'],
};

/** The unit with exactly this identifier code (a unit still in existence first), or undefined. */
async function unitByCode(code: string): Promise<Unit | undefined> {
  const page = await ok(api.GET('/api/units', { params: { query: { q: code.trim(), limit: 20 } } }));
  const matches = page.items.filter((u) => u.code === code.trim());
  return (matches.find((u) => !u.validTo) ?? matches[0]) as Unit | undefined;
}

class FieldError extends Error {}

export function UnitAdmin({ unit, onChanged }: { unit: Unit; onChanged: (notice: string) => void }) {
  const t = useStrings(UNIT_ADMIN_STRINGS);
  if (unit.validTo) return null;
  return (
    <section className="card" aria-labelledby="unit-admin">
      <h2 id="unit-admin">{t('adminTitle')}</h2>
      <RenameForm unit={unit} onChanged={onChanged} />
      <CreateChildForm unit={unit} />
      <ReorganiseForm unit={unit} onChanged={onChanged} />
      <GroupsPanel unit={unit} />
    </section>
  );
}

function RenameForm({ unit, onChanged }: { unit: Unit; onChanged: (notice: string) => void }) {
  const t = useStrings(UNIT_ADMIN_STRINGS);
  const [form, setForm] = useState({
    name: unit.name,
    shortName: unit.shortName ?? '',
    effectiveOn: today(),
  });
  const action = useAction(async () => {
    await ok(
      api.POST('/api/units/{id}/rename', {
        params: { path: { id: unit.id } },
        body: { name: form.name, shortName: form.shortName.trim() || null, effectiveOn: form.effectiveOn },
      }),
    );
    onChanged(t('renamed'));
  });
  const errors = useFormErrors(action.error, ['name', 'shortName', 'effectiveOn'], {
    UNIT_NAME_INVALID: 'name',
  });
  return (
    <form
      aria-label={t('renameTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <h3>{t('renameTitle')}</h3>
      <TextField
        label={t('newName')}
        value={form.name}
        error={errors.fields.name}
        onChange={(v) => setForm({ ...form, name: v })}
      />
      <TextField
        label={t('shortName')}
        value={form.shortName}
        error={errors.fields.shortName}
        onChange={(v) => setForm({ ...form, shortName: v })}
      />
      <TextField
        label={t('effectiveOn')}
        type="date"
        value={form.effectiveOn}
        error={errors.fields.effectiveOn}
        onChange={(v) => setForm({ ...form, effectiveOn: v })}
      />
      <button type="submit" className="btn btn-primary" disabled={action.busy}>
        {t('rename')}
      </button>
      <ActionFeedback action={action} busyText={t('renaming')} showError={false} />
      {errors.form ? (
        <p className="alert" role="alert">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

function CreateChildForm({ unit }: { unit: Unit }) {
  const t = useStrings(UNIT_ADMIN_STRINGS);
  const { lang } = useLanguage();
  const levels = CHILD_LEVEL[unit.level];
  const [form, setForm] = useState({
    code: '',
    name: '',
    shortName: '',
    level: levels.at(-1)!,
    validFrom: today(),
  });
  const action = useAction(async () => {
    const created = await ok(
      api.POST('/api/units', {
        body: {
          code: form.code.trim(),
          name: form.name,
          shortName: form.shortName.trim() || null,
          level: form.level,
          parentId: unit.id,
          validFrom: form.validFrom,
        },
      }),
    );
    navigate(`#/units/${created.id}`);
  });
  const errors = useFormErrors(action.error, ['code', 'name', 'shortName', 'level', 'validFrom'], {
    UNIT_CODE_DUPLICATE: 'code',
    UNIT_CODE_INVALID: 'code',
    UNIT_NAME_INVALID: 'name',
    UNIT_LEVEL_INVALID: 'level',
  });
  return (
    <form
      aria-label={t('createTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <h3>{t('createTitle')}</h3>
      <TextField
        label={t('code')}
        value={form.code}
        placeholder="000.00.00.H41"
        error={errors.fields.code}
        onChange={(v) => setForm({ ...form, code: v })}
      />
      <TextField
        label={t('name')}
        value={form.name}
        error={errors.fields.name}
        onChange={(v) => setForm({ ...form, name: v })}
      />
      <TextField
        label={t('shortName')}
        value={form.shortName}
        error={errors.fields.shortName}
        onChange={(v) => setForm({ ...form, shortName: v })}
      />
      <SelectField<UnitLevel>
        label={t('level')}
        value={form.level}
        error={errors.fields.level}
        onChange={(v) => setForm({ ...form, level: v })}
        options={levels.map((l) => ({ value: l, label: LEVEL_LABELS[l][lang] }))}
      />
      <TextField
        label={t('effectiveOn')}
        type="date"
        value={form.validFrom}
        error={errors.fields.validFrom}
        onChange={(v) => setForm({ ...form, validFrom: v })}
      />
      <button type="submit" className="btn btn-primary" disabled={action.busy}>
        {t('create')}
      </button>
      <ActionFeedback action={action} busyText={t('creating')} showError={false} />
      {errors.form ? (
        <p className="alert" role="alert">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

type ReorgKind = 'merge' | 'dissolve';

function ReorganiseForm({ unit, onChanged }: { unit: Unit; onChanged: (notice: string) => void }) {
  const t = useStrings(UNIT_ADMIN_STRINGS);
  const [form, setForm] = useState({
    kind: 'merge' as ReorgKind,
    targetCode: '',
    effectiveOn: today(),
    confirm: false,
  });
  const [targetError, setTargetError] = useState<string | undefined>();
  const action = useAction(async () => {
    setTargetError(undefined);
    const target = await unitByCode(form.targetCode);
    if (!target) {
      setTargetError(t('targetNotFound'));
      throw new FieldError('target');
    }
    const moved =
      form.kind === 'merge'
        ? (
            await ok(
              api.POST('/api/units/merge', {
                body: { sourceIds: [unit.id], into: target.id, effectiveOn: form.effectiveOn },
              }),
            )
          ).accountsMoved
        : (
            await ok(
              api.POST('/api/units/{id}/dissolve', {
                params: { path: { id: unit.id } },
                body: { successorId: target.id, effectiveOn: form.effectiveOn },
              }),
            )
          ).accountsMoved;
    onChanged(t('reorgDone', { accounts: moved, target: target.name }));
  });
  const errors = useFormErrors(
    action.error instanceof FieldError ? undefined : action.error,
    ['effectiveOn'],
    {
      UNIT_NOT_FOUND: 'targetCode',
    },
  );
  return (
    <form
      aria-label={t('reorgTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <h3>{t('reorgTitle')}</h3>
      <p className="hint">{t('reorgLead')}</p>
      <SelectField<ReorgKind>
        label={t('reorgKind')}
        value={form.kind}
        onChange={(v) => setForm({ ...form, kind: v })}
        options={[
          { value: 'merge', label: t('kindMerge') },
          { value: 'dissolve', label: t('kindDissolve') },
        ]}
      />
      <TextField
        label={t('targetCode')}
        value={form.targetCode}
        placeholder="000.00.00.H41"
        error={targetError}
        onChange={(v) => setForm({ ...form, targetCode: v })}
      />
      <TextField
        label={t('effectiveOn')}
        type="date"
        value={form.effectiveOn}
        error={errors.fields.effectiveOn}
        onChange={(v) => setForm({ ...form, effectiveOn: v })}
      />
      <CheckboxField
        label={t('confirmReorg')}
        checked={form.confirm}
        onChange={(v) => setForm({ ...form, confirm: v })}
      />
      <button type="submit" className="btn btn-danger" disabled={action.busy || !form.confirm}>
        {t('reorg')}
      </button>
      <ActionFeedback action={action} busyText={t('reorganising')} showError={false} />
      {errors.form ? (
        <p className="alert" role="alert">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}

function GroupsPanel({ unit }: { unit: Unit }) {
  const t = useStrings(UNIT_ADMIN_STRINGS);
  const groups = useApi(
    () => ok(api.GET('/api/unit-groups', { params: { query: { owner: unit.id } } })),
    [unit.id],
  );
  const [form, setForm] = useState({ name: '', codes: '', allCommunes: false });
  const [done, setDone] = useState<string | undefined>();
  const [codesError, setCodesError] = useState<string | undefined>();
  const create = useAction(async () => {
    setCodesError(undefined);
    const codes = form.codes
      .split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    const found = await Promise.all(codes.map(async (c) => [c, await unitByCode(c)] as const));
    const missing = found.filter(([, u]) => !u).map(([c]) => c);
    if (missing.length > 0) {
      setCodesError(t('unknownCodes', { codes: missing.join(', ') }));
      throw new FieldError('codes');
    }
    const group = await ok(
      api.POST('/api/unit-groups', {
        body: {
          name: form.name,
          ownerUnitId: unit.id,
          unitIds: found.map(([, u]) => u!.id),
          select: form.allCommunes ? { level: 'commune', parentId: unit.id } : undefined,
        },
      }),
    );
    setDone(t('groupCreated', { name: group.name }));
    setForm({ name: '', codes: '', allCommunes: false });
    groups.reload();
  });
  const remove = useAction(async (id: string) => {
    await ok(api.DELETE('/api/unit-groups/{id}', { params: { path: { id } } }));
    setDone(t('groupDeleted'));
    groups.reload();
  });
  const errors = useFormErrors(create.error instanceof FieldError ? undefined : create.error, ['name'], {
    UNIT_GROUP_DUPLICATE: 'name',
  });
  return (
    <div>
      <h3 id="unit-groups">{t('groupsTitle')}</h3>
      <AsyncView state={groups} onRetry={groups.reload}>
        {(data) => (
          <DataTable
            caption={t('groupsTitle')}
            columns={[
              { key: 'name', header: t('groupName'), cell: (g) => g.name },
              { key: 'members', header: t('groupMembers'), cell: (g) => String(g.memberCount) },
              {
                key: 'actions',
                header: '',
                cell: (g) => (
                  <button
                    type="button"
                    className="btn"
                    disabled={remove.busy}
                    aria-label={t('groupDelete', { name: g.name })}
                    onClick={() => {
                      setDone(undefined);
                      void remove.run(g.id);
                    }}
                  >
                    {t('groupDelete', { name: g.name })}
                  </button>
                ),
              },
            ]}
            rows={data.items}
            rowKey={(g) => g.id}
            empty={t('noGroups')}
          />
        )}
      </AsyncView>
      <form
        aria-label={t('groupCreate')}
        onSubmit={(e) => {
          e.preventDefault();
          setDone(undefined);
          void create.run();
        }}
      >
        <TextField
          label={t('groupName')}
          value={form.name}
          error={errors.fields.name}
          onChange={(v) => setForm({ ...form, name: v })}
        />
        <TextField
          label={t('groupCodes')}
          value={form.codes}
          error={codesError}
          onChange={(v) => setForm({ ...form, codes: v })}
        />
        <CheckboxField
          label={t('groupAllCommunes')}
          checked={form.allCommunes}
          onChange={(v) => setForm({ ...form, allCommunes: v })}
        />
        <button type="submit" className="btn btn-primary" disabled={create.busy}>
          {t('groupCreate')}
        </button>
        <ActionFeedback action={create} busyText={t('groupCreating')} done={done} showError={false} />
        {errors.form ? (
          <p className="alert" role="alert">
            {errors.form}
          </p>
        ) : null}
        {remove.error !== undefined ? <ActionFeedback action={remove} busyText="" /> : null}
      </form>
    </div>
  );
}
