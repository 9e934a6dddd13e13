// @vitest-environment node
// The same ECharts option the Chart block draws in the page renders on the server, with no DOM, as an
// SVG string (the PDF reports of issue 13 embed it): ECharts' server-side rendering with the SVG renderer.
import { describe, expect, it } from 'vitest';
import { numberAxis, type ChartOption } from '../../../web/src/components/chart';
import { echarts } from '../../../web/src/charts/echarts-setup';

const OPTION: ChartOption = {
  animation: false,
  title: { text: 'Văn bản đi theo cấp, quý I/2024' },
  xAxis: { type: 'category', data: ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã'] },
  yAxis: numberAxis('vi'),
  series: [{ type: 'bar', data: [33557, 12000, 9100] }],
};

describe('Chart on the server', () => {
  it('renders the page’s option to an SVG string without a DOM, with Vietnamese text and numbers', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: 640, height: 320 });
    try {
      chart.setOption(OPTION);
      const svg = chart.renderToSVGString();
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('Văn bản đi theo cấp, quý I/2024');
      expect(svg).toContain('Cấp huyện');
      // The value axis writes numbers as the province does (thousands with a dot).
      expect(svg).toMatch(/\d{1,2}\.000/);
      // Three bars, one per level.
      expect(svg.match(/<path d="M\S+ \S+L/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    } finally {
      chart.dispose();
    }
  });
});
