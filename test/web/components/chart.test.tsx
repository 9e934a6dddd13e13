import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Chart, numberAxis, type ChartOption } from '../../../web/src/components/chart';
import { renderWithLanguage } from '../support/render';

const OPTION: ChartOption = {
  xAxis: { type: 'category', data: ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã'] },
  yAxis: numberAxis('vi'),
  series: [{ type: 'bar', data: [33557, 12000, 9100] }],
};

describe('Chart', () => {
  it('loads ECharts on first use and draws SVG (no canvas) inside a labelled image', async () => {
    // jsdom has no canvas: ECharts then measures text without one (and jsdom need not say so).
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    renderWithLanguage(<Chart option={OPTION} label="Văn bản đi theo cấp, quý I/2024" height={240} />);
    const image = screen.getByRole('img', { name: 'Văn bản đi theo cấp, quý I/2024' });
    await waitFor(() => expect(image.querySelector('svg')).not.toBeNull(), { timeout: 10_000 });
    expect(image.querySelector('canvas')).toBeNull();
    const text = image.querySelector('svg')!.textContent;
    expect(text).toContain('Cấp huyện');
    // Vietnamese thousands separator on the value axis.
    expect(text).toContain('10.000');
    expect(screen.queryByText('Đang tải…')).toBeNull();
  });
});
