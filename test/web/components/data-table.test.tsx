import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/api/api-error';
import { DataTable, type Column } from '../../../web/src/components/data-table';
import { renderWithLanguage } from '../support/render';

interface Row {
  id: string;
  name: string;
  count: number;
}
const COLUMNS: Column<Row>[] = [
  { key: 'name', header: 'Tên', cell: (r) => r.name, sortValue: (r) => r.name },
  { key: 'count', header: 'Số văn bản', cell: (r) => String(r.count), sortValue: (r) => r.count },
];
const ROWS: Row[] = [
  { id: '1', name: 'Sở Tư pháp', count: 12 },
  { id: '2', name: 'Ủy ban nhân dân xã An Thạnh', count: 3 },
  { id: '3', name: 'Công an tỉnh', count: 40 },
];
const names = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]!.textContent);

describe('DataTable', () => {
  it('shows the loading state while rows are undefined', () => {
    renderWithLanguage(<DataTable columns={COLUMNS} rows={undefined} rowKey={(r) => r.id} empty="Trống" />);
    expect(screen.getByRole('status').textContent).toBe('Đang tải…');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows its empty text when there are no rows', () => {
    renderWithLanguage(
      <DataTable columns={COLUMNS} rows={[]} rowKey={(r) => r.id} empty="Không có đơn vị nào." />,
    );
    expect(screen.getByText('Không có đơn vị nào.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows the API's error in the person's language, and a forbidden answer as not allowed", () => {
    const failed = new ApiError(503, {
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database is unavailable',
      messageVi: 'Cơ sở dữ liệu không sẵn sàng',
    });
    const { unmount } = renderWithLanguage(
      <DataTable columns={COLUMNS} rows={undefined} error={failed} rowKey={(r) => r.id} empty="" />,
      'en',
    );
    expect(screen.getByRole('alert').textContent).toBe('The database is unavailable');
    unmount();
    const forbidden = new ApiError(403, {
      code: 'FORBIDDEN',
      message: 'Forbidden',
      messageVi: 'Không có quyền',
    });
    renderWithLanguage(
      <DataTable columns={COLUMNS} rows={undefined} error={forbidden} rowKey={(r) => r.id} empty="" />,
    );
    expect(screen.getByRole('alert').textContent).toBe('Bạn không có quyền xem nội dung này.');
  });

  it('sorts by a column (Vietnamese collation, numbers as numbers) and says so with aria-sort', async () => {
    renderWithLanguage(<DataTable columns={COLUMNS} rows={ROWS} rowKey={(r) => r.id} empty="" />);
    expect(names()).toEqual(['Sở Tư pháp', 'Ủy ban nhân dân xã An Thạnh', 'Công an tỉnh']);
    await userEvent.click(screen.getByRole('button', { name: /Tên/ }));
    expect(names()).toEqual(['Công an tỉnh', 'Sở Tư pháp', 'Ủy ban nhân dân xã An Thạnh']);
    expect(screen.getAllByRole('columnheader')[0]!.getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(screen.getByRole('button', { name: /Số văn bản/ }));
    await userEvent.click(screen.getByRole('button', { name: /Số văn bản/ }));
    expect(names()).toEqual(['Công an tỉnh', 'Sở Tư pháp', 'Ủy ban nhân dân xã An Thạnh']);
    expect(screen.getAllByRole('columnheader')[1]!.getAttribute('aria-sort')).toBe('descending');
  });

  it('pages the rows it was given', async () => {
    renderWithLanguage(
      <DataTable columns={COLUMNS} rows={ROWS} rowKey={(r) => r.id} empty="" pageSize={2} />,
    );
    expect(names()).toHaveLength(2);
    expect(screen.getByText('Trang 1/2')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Trang trước' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Trang sau' }));
    expect(names()).toEqual(['Công an tỉnh']);
    expect((screen.getByRole('button', { name: 'Trang sau' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("follows the server's cursor pages through its pager", async () => {
    let asked = '';
    renderWithLanguage(
      <DataTable
        columns={COLUMNS}
        rows={ROWS}
        rowKey={(r) => r.id}
        empty=""
        pager={{ page: 2, onPrevious: () => (asked = 'previous'), onNext: undefined }}
      />,
    );
    expect(screen.getByText('Trang 2')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Trang sau' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Trang trước' }));
    expect(asked).toBe('previous');
  });
});
