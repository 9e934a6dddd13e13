// A chart: ECharts with the SVG renderer, loaded on first use (a separate chunk, never in the main
// bundle). The option is ECharts' own (`ChartOption`); the chart is an image for assistive technology
// with `label` as its name, so put the figures it shows in the page's text or a table as well.
// Under the CSP: zrender sets styles through the CSSOM (element.style), which `style-src 'self'` allows;
// keep `animation: false` (SVG CSS animations would need an inline <style> element).
import { useEffect, useRef, useState } from 'react';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { formatNumber } from '../format/format';
import { useLanguage, type Language } from '../i18n/i18n';
import { Loading, ErrorNotice } from './notice';

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | DatasetComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

/** A value axis whose labels are numbers as the person writes them (`33.557` in Vietnamese). */
export function numberAxis(lang: Language): NonNullable<ChartOption['yAxis']> {
  return { type: 'value', axisLabel: { formatter: (value: number) => formatNumber(value, lang) } };
}

export function Chart({
  option,
  label,
  height = 320,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  const { lang } = useLanguage();
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<unknown>();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    import('../charts/echarts-setup').then(
      ({ echarts }) => {
        if (disposed || !box.current) return;
        const chart = echarts.init(box.current, undefined, {
          renderer: 'svg',
          height,
          // A container not laid out yet (hidden, or a test's DOM) gets a default width.
          width: box.current.clientWidth || 640,
          locale: lang === 'vi' ? 'VI' : 'EN',
        });
        chart.setOption({ animation: false, ...option });
        const resize = () => chart.resize();
        globalThis.addEventListener('resize', resize);
        dispose = () => {
          globalThis.removeEventListener('resize', resize);
          chart.dispose();
        };
        setReady(true);
      },
      (err: unknown) => setFailed(err),
    );
    return () => {
      disposed = true;
      dispose();
    };
  }, [option, height, lang]);
  if (failed !== undefined) return <ErrorNotice error={failed} />;
  return (
    <div className="chart">
      {ready ? null : <Loading />}
      <div ref={box} className="chart-canvas" role="img" aria-label={label} />
    </div>
  );
}
