import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ReportsPage } from '../../../web/src/pages/reports/reports-page';
import { ME, fakeApi, renderSignedIn, status, withRoles } from '../support/render';

const LEADER = withRoles(['leader']);
const rate = (numerator: number, denominator: number, text: string, hundredths: number | null) => ({
  numerator,
  denominator,
  hundredths,
  text,
  percent: text.split(' ')[0]!,
});
const counts = (over: Record<string, number> = {}) => ({
  outTotal: 0,
  outClassified: 0,
  outElectronic: 0,
  outPaper: 0,
  outSignedSeal: 0,
  outSignedLeader: 0,
  inReceived: 0,
  inRegistered: 0,
  inRefused: 0,
  inReturned: 0,
  handledEarly: 0,
  handledOnTime: 0,
  handledLate: 0,
  handlingSeconds: 0,
  overdueOpen: 0,
  ...over,
});
const rates = (exchange = rate(0, 0, '— (0/0 văn bản đi)', null), signedSeal = exchange) => ({
  exchange,
  signedSeal,
  signedLeader: signedSeal,
  handledEarly: rate(0, 0, '— (0/0 văn bản)', null),
  handledOnTime: rate(0, 0, '— (0/0 văn bản)', null),
  handledLate: rate(0, 0, '— (0/0 văn bản)', null),
  averageHandlingHours: null,
});
const usage = {
  units: 1,
  unitsUsing: 1,
  accounts: 3,
  organisationCertificates: 1,
  leaderCertificates: 1,
  certificates: 2,
  unitsWithBothCertificates: 1,
  unitsWithBothCertificatesRate: rate(1, 1, '100% (1/1 đơn vị)', 10000),
};
const unitRow = {
  id: ME.user.unit.id,
  code: ME.user.unit.code,
  name: ME.user.unit.name,
  level: 'district',
  reportLevel: 'province_district',
  parentId: null,
  validFrom: '2020-01-01',
  validTo: null,
  successorId: null,
  dissolvedInPeriod: false,
};
const report = (over: Record<string, unknown> = {}) => ({
  measuresVersion: '1',
  source: 'rollup',
  generatedAt: '2026-12-07T03:00:00.000Z',
  period: {
    key: '2024-Q1',
    kind: 'quarter',
    window: 'calendar',
    from: '2024-01-01',
    to: '2024-04-01',
    lastDay: '2024-03-31',
    label: { vi: 'Quý I năm 2024', en: 'Q1 2024' },
    future: false,
    ongoing: false,
  },
  scope: { kind: 'subtree', unitId: ME.user.unit.id },
  asOf: '2024-03-31',
  units: [{ unit: unitRow, counts: counts(), rates: rates(), usage }],
  levels: [
    {
      level: 'province_district',
      label: { vi: 'Cấp tỉnh, huyện', en: 'Province and district' },
      counts: counts(),
      rates: rates(),
      usage,
    },
  ],
  total: { counts: counts(), rates: rates(), usage },
  trend: [],
  ranking: [],
  digitisedRecords: null,
  notes: [],
  ...over,
});

describe('ReportsPage (#/reports)', () => {
  it('asks for the period and scope in the address and shows the rates as the province writes them', async () => {
    const full = rate(33_545, 33_557, '99,96% (33.545/33.557 văn bản đi)', 9996);
    const all = rate(33_557, 33_557, '100% (33.557/33.557 văn bản đi)', 10000);
    const server = fakeApi({
      'GET /api/me': LEADER,
      'GET /api/reports': report({
        total: {
          counts: counts({ outTotal: 33_557, outSignedSeal: 33_545 }),
          rates: rates(all, full),
          usage,
        },
      }),
    });
    renderSignedIn(<ReportsPage params={new URLSearchParams('period=2024-Q1&window=decree09')} />);
    const figure = (name: string) => document.querySelector(`[data-figure="${name}"]`)?.textContent ?? '';
    await waitFor(() => expect(figure('signedSeal')).toContain('99,96% (33.545/33.557 văn bản đi)'));
    expect(figure('exchange')).toContain('100% (33.557/33.557 văn bản đi)');
    const q = new URL(server.requests.find((r) => r.url.includes('/api/reports'))!.url).searchParams;
    expect(q.get('period')).toBe('2024-Q1');
    expect(q.get('window')).toBe('decree09');
    expect(q.get('scope')).toBe('subtree');
    expect(q.get('unitId')).toBe(ME.user.unit.id);
    expect(screen.getByRole('link', { name: 'Tải PDF' }).getAttribute('href')).toContain('format=pdf');
  });

  it('the trend table shows the overdue documents still open at each month’s end', async () => {
    const month = (from: string, to: string, overdueOpen: number) => ({
      from,
      to,
      counts: counts({ outTotal: 4, overdueOpen }),
      rates: rates(),
    });
    fakeApi({
      'GET /api/me': LEADER,
      'GET /api/reports': report({
        trend: [
          month('2024-01-01', '2024-02-01', 0),
          month('2024-02-01', '2024-03-01', 1_234),
          month('2024-03-01', '2024-04-01', 7),
        ],
      }),
    });
    renderSignedIn(<ReportsPage params={new URLSearchParams('period=2024-Q1')} />);
    const table = await screen.findByRole('table', { name: 'Diễn biến theo tháng' });
    expect(table.querySelector('thead')?.textContent).toContain('Quá hạn chưa xử lý cuối tháng');
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => r.lastElementChild?.textContent);
    expect(rows).toEqual(['0', '1.234', '7']);
  });

  it('0 of 0 shows a dash, never NaN, in English too', async () => {
    fakeApi({ 'GET /api/me': LEADER, 'GET /api/reports': report() });
    renderSignedIn(<ReportsPage params={new URLSearchParams('period=2024-Q1')} />, 'en');
    expect(await screen.findByRole('heading', { level: 1, name: 'Reports' })).toBeTruthy();
    await waitFor(() =>
      expect(document.querySelector('[data-figure="exchange"]')?.textContent).toContain(
        '— (0/0 outgoing documents)',
      ),
    );
    expect(document.body.textContent).not.toContain('NaN');
  });

  it('a scope beyond the caller: "not allowed", no figures', async () => {
    fakeApi({ 'GET /api/me': LEADER, 'GET /api/reports': status(403, 'REPORT_SCOPE_FORBIDDEN') });
    renderSignedIn(<ReportsPage params={new URLSearchParams('scope=province')} />);
    // The API's own message (the fake's: 'Tiếng Việt: <code>'), no figures.
    expect((await screen.findByRole('alert')).textContent).toContain('REPORT_SCOPE_FORBIDDEN');
    expect(screen.queryByText(/văn bản đi\)/)).toBeNull();
  });
});
