import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatDayOf,
  formatNumber,
  formatPercent,
} from '../../../web/src/format/format';

describe('formatting', () => {
  it('writes calendar dates dd/mm/yyyy in both languages', () => {
    expect(formatDate('2026-12-07')).toBe('07/12/2026');
    expect(formatDate('2026-12-07T20:00:00Z')).toBe('07/12/2026');
    expect(formatDate(null)).toBe('');
  });

  it('writes instants in Asia/Ho_Chi_Minh whatever the zone the process runs in', () => {
    // 17:30 UTC on 7 December is 00:30 on 8 December in Vietnam (UTC+7).
    expect(formatDateTime('2026-12-07T17:30:05Z')).toBe('08/12/2026 00:30');
    expect(formatDateTime('2026-12-07T17:30:05Z', { seconds: true })).toBe('08/12/2026 00:30:05');
    expect(formatDayOf('2026-12-07T17:30:05Z')).toBe('08/12/2026');
    expect(formatDateTime('not a date')).toBe('');
  });

  it('writes numbers and rates as the province reports them', () => {
    expect(formatNumber(33557, 'vi')).toBe('33.557');
    expect(formatNumber(33557, 'en')).toBe('33,557');
    expect(formatPercent(33545 / 33557, 'vi')).toBe('99,96%');
    expect(formatPercent(33545 / 33557, 'en')).toBe('99.96%');
    expect(formatBytes(1536, 'vi')).toBe('1,5 KB');
  });
});
