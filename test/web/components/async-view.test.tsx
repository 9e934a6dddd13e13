import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { api, ok } from '../../../web/src/api/client';
import { AsyncView } from '../../../web/src/components/async-view';
import { useApi } from '../../../web/src/components/use-api';
import { fakeApi, renderWithLanguage, status } from '../support/render';

function UnitNames() {
  const units = useApi(() => ok(api.GET('/api/units', { params: { query: { limit: 5 } } })), []);
  return (
    <AsyncView
      state={units}
      isEmpty={(d) => d.items.length === 0}
      empty="Không tìm thấy đơn vị nào."
      onRetry={units.reload}
    >
      {(d) => (
        <ul>
          {d.items.map((u) => (
            <li key={u.id}>{u.name}</li>
          ))}
        </ul>
      )}
    </AsyncView>
  );
}

const UNIT = {
  id: '00000000-0000-4000-8000-0000000000b1',
  code: '000.00.00.H41',
  name: 'Ủy ban nhân dân tỉnh',
  shortName: null,
  level: 'province',
  parentId: null,
  validFrom: '2020-01-01',
  validTo: null,
  successorId: null,
};

describe('AsyncView with useApi', () => {
  it('shows loading until the answer, then the data', async () => {
    const server = fakeApi({ 'GET /api/units': { items: [UNIT], nextCursor: null } });
    server.hold();
    renderWithLanguage(<UnitNames />);
    expect(screen.getByRole('status').textContent).toBe('Đang tải…');
    server.release();
    expect(await screen.findByText('Ủy ban nhân dân tỉnh')).toBeTruthy();
    expect(new URL(server.requests[0]!.url).search).toBe('?limit=5');
  });

  it('shows the empty text for an empty answer', async () => {
    fakeApi({ 'GET /api/units': { items: [], nextCursor: null } });
    renderWithLanguage(<UnitNames />);
    expect(await screen.findByText('Không tìm thấy đơn vị nào.')).toBeTruthy();
  });

  it("shows the API's message on an error and asks again on retry", async () => {
    let calls = 0;
    fakeApi({
      'GET /api/units': () =>
        ++calls === 1 ? status(503, 'DATABASE_UNAVAILABLE') : { items: [UNIT], nextCursor: null },
    });
    renderWithLanguage(<UnitNames />);
    expect((await screen.findByRole('alert')).textContent).toBe('Tiếng Việt: DATABASE_UNAVAILABLE');
    await userEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByText('Ủy ban nhân dân tỉnh')).toBeTruthy();
  });

  it('says "not allowed" for a 403, never the code', async () => {
    fakeApi({ 'GET /api/units': status(403, 'FORBIDDEN') });
    renderWithLanguage(<UnitNames />, 'en');
    expect((await screen.findByRole('alert')).textContent).toBe('You are not allowed to see this.');
  });
});
